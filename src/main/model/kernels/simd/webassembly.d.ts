/**
 * The WebAssembly JS API as Node 20 provides it. TypeScript ships these declarations only in the
 * DOM library, which the Node-side config leaves out on purpose (src/main must not touch DOM
 * globals), and @types/node 20 declares the namespace without its members.
 */
declare global {
  namespace WebAssembly {
    interface MemoryDescriptor {
      initial: number;
      maximum?: number;
      shared?: boolean;
    }
    class Memory {
      constructor(descriptor: MemoryDescriptor);
      readonly buffer: ArrayBuffer | SharedArrayBuffer;
      grow(deltaPages: number): number;
    }
    // eslint-disable-next-line @typescript-eslint/no-extraneous-class -- an opaque compiled module
    class Module {
      constructor(bytes: BufferSource);
    }
    class Global {
      value: number | bigint;
    }
    type ExportValue = ((...args: never[]) => unknown) | Global | Memory;
    type Imports = Record<string, Record<string, ExportValue | number>>;
    function validate(bytes: BufferSource): boolean;
    class Instance {
      constructor(module: Module, imports?: Imports);
      readonly exports: Record<string, ExportValue>;
    }
  }
  type BufferSource = ArrayBufferView | ArrayBuffer;
}
export {};
