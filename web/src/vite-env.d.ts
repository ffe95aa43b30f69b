/** Vite turns `?worker&url` imports into the URL of the bundled worker script. */
declare module '*?worker&url' {
  const url: string;
  export default url;
}

/** True only in the test build (`vite build --mode e2e`): `window.conclave` and the frame canary. */
declare const __CONCLAVE_TEST_HOOKS__: boolean;

interface ImportMeta {
  readonly env: { readonly DEV: boolean; readonly MODE: string };
}

/** True only in the measurement build (`vite build --mode unpinned`): workers start from their URLs, unchecked. */
declare const __CONCLAVE_UNPINNED__: boolean;
