// Vite's ?inline import: a stylesheet's text, bundled into the JS.
declare module '*.css?inline' {
  const css: string;
  export default css;
}
