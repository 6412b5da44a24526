/** Types for @echogarden/pffft-wasm, which ships none: an Emscripten ES-module factory. */
declare module '@echogarden/pffft-wasm/simd' {
  const createModule: (moduleArg?: Record<string, unknown>) => Promise<unknown>;
  export default createModule;
}
