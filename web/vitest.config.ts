import { defineConfig } from 'vitest/config';

// The Java interop test only runs when SFrameInteropTest (JUnit) points it at its frames;
// without that directory it is left out entirely rather than reported as skipped.
const interop = process.env['CONCLAVE_INTEROP_DIR'] !== undefined;

export default defineConfig({
  define: { __CONCLAVE_TEST_HOOKS__: 'true', __CONCLAVE_UNPINNED__: 'false' },
  test: {
    include: ['src/**/*.test.ts'],
    exclude: interop ? ['**/node_modules/**'] : ['**/node_modules/**', 'src/**/*.interop.test.ts'],
    // A machine shared with other builds runs the multi-client session tests slowly:
    // CONCLAVE_VITEST_TIMEOUT_MS raises vitest's per-test limit (default 5 s).
    testTimeout: Number(process.env['CONCLAVE_VITEST_TIMEOUT_MS'] ?? 5000),
  },
});
