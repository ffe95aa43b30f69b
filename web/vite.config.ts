import { defineConfig, type Plugin } from 'vite';
import { resolve } from 'node:path';
// @ts-expect-error plain ES module without types
import { pin } from './scripts/pin.mjs';

/**
 * Two builds of the same commit produce byte-identical files (docs/SECURITY.md, "Trusting the web
 * client"): fixed file names (no content hashes: the relay sends `Cache-Control: no-store`, and
 * the manifest and SRI attributes carry the hashes), one main script (dynamic imports inlined, so
 * no chunk loads without integrity), no source maps served, then scripts/pin.mjs pins workers and
 * worklets in the main script, adds SRI to index.html and writes conclave-manifest.json.
 *
 * Modes: the default (production) bundle goes where Maven packages it, classpath `web/` of the
 * conclave-web jar, which the relay serves by default. `--mode e2e` is the test build, with the
 * test hooks (`window.conclave`, the frame canary), into target/test-web, which only the e2e tests
 * serve. CONCLAVE_WEB_OUT overrides the output directory (the reproducibility check).
 */
function pinPlugin(): Plugin {
  let outDir = '';
  return {
    name: 'conclave-pin',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle(error?: Error) {
      if (error !== undefined) return;
      const { identity } = pin(outDir) as { identity: string };
      this.info?.(`identity ${identity}`);
      console.log(`conclave web client identity: ${identity} (${outDir})`);
    },
  };
}

export default defineConfig(({ mode }) => {
  const testHooks = mode === 'e2e';
  // `--mode unpinned`: only to measure what pinning costs (bench/pinning-bench.mjs); never shipped.
  const unpinned = mode === 'unpinned';
  return {
    define: { __CONCLAVE_TEST_HOOKS__: JSON.stringify(testHooks), __CONCLAVE_UNPINNED__: JSON.stringify(unpinned) },
    build: {
      outDir: process.env['CONCLAVE_WEB_OUT'] ?? (testHooks ? 'target/test-web' : unpinned ? 'target/unpinned-web' : 'target/classes/web'),
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      modulePreload: false,
      reportCompressedSize: false,
      rollupOptions: {
        output: {
          entryFileNames: 'assets/[name].js',
          chunkFileNames: 'assets/[name].js',
          assetFileNames: 'assets/[name][extname]',
          codeSplitting: false,
        },
      },
    },
    worker: {
      format: 'es',
      rollupOptions: { output: { entryFileNames: 'assets/[name].js', chunkFileNames: 'assets/[name].js', codeSplitting: false } },
    },
    plugins: [pinPlugin()],
  };
});
