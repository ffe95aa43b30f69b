/** Vite turns `?worker&url` imports into the URL of the bundled worker script. */
declare module '*?worker&url' {
  const url: string;
  export default url;
}
