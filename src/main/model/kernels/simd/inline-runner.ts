/**
 * The single-threaded KernelRunner: instantiates each kernel module (resources/kernels/*.wasm) on
 * one shared WebAssembly.Memory in the calling thread. It is the fallback where threads are not
 * wanted and the reference the threaded runtime is tested against.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type KernelRunner, splitRange } from './kernel-runner';
import { align, ArenaBackedRunner, ScratchArena, sharedKernelMemory } from './scratch-arena';

/** each instance's stack (C locals that spill), carved from the memory once per thread */
export const STACK_BYTES = 256 * 1024;

/** Where the built kernels are: resources/kernels beside the package root (src/main/model/kernels/simd → ../../../../../resources). */
export function defaultKernelDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const up of ['../../../../..', '../../..', '../..', '..']) {
    const dir = path.resolve(here, up, 'resources/kernels');
    try {
      readFileSync(path.join(dir, '.gitkeep'));
      return dir;
    } catch {
      // not here; try the next level (the bundled main process sits at out/main)
    }
  }
  return path.resolve(here, '../../../../../resources/kernels');
}

interface Instance {
  exports: Record<string, unknown>;
}

export class InlineRunner extends ArenaBackedRunner implements KernelRunner {
  readonly threads = 1;
  readonly memory: WebAssembly.Memory;
  private readonly instances = new Map<string, Instance>();

  /** @param modules names of resources/kernels/<name>.wasm to load */
  constructor(modules: readonly string[], kernelDir = defaultKernelDir()) {
    super();
    this.memory = sharedKernelMemory();
    let heapBase = 0;
    for (const name of modules) {
      const bytes = readFileSync(path.join(kernelDir, `${name}.wasm`));
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: this.memory } });
      this.instances.set(name, instance as Instance);
      const hb = instance.exports.__heap_base as WebAssembly.Global | undefined;
      heapBase = Math.max(heapBase, hb ? Number(hb.value) : 0);
    }
    // Every module was linked to start its data at the same low addresses; kernels keep no static
    // data, so they share that region. Our stack goes above the largest __heap_base, scratch above.
    const stackTop = align(heapBase + STACK_BYTES, 16);
    for (const instance of this.instances.values()) {
      const sp = instance.exports.__stack_pointer as WebAssembly.Global | undefined;
      if (sp) sp.value = stackTop;
    }
    this.arena = new ScratchArena(this.memory, stackTop);
  }

  parallelFor(module: string, fn: string, args: readonly number[], total: number, grain = 1): void {
    const f = this.fn(module, fn);
    for (const [start, end] of splitRange(total, 1, grain)) f(...args, start, end);
  }

  call(module: string, fn: string, args: readonly number[]): number {
    return Number(this.fn(module, fn)(...args) ?? 0);
  }

  private fn(module: string, name: string): (...a: number[]) => unknown {
    const instance = this.instances.get(module);
    if (!instance) throw new Error(`kernel module '${module}' is not loaded`);
    const f = instance.exports[name];
    if (typeof f !== 'function') throw new Error(`kernel module '${module}' has no export '${name}'`);
    return f as (...a: number[]) => unknown;
  }
}

