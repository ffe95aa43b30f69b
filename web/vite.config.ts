import { defineConfig } from 'vite';

// The bundle goes where Maven packages it: classpath `web/` of the conclave-web jar, which the
// relay serves by default.
export default defineConfig({
  build: {
    outDir: 'target/classes/web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  worker: { format: 'es' },
});
