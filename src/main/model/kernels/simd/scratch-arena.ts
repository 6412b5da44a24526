/**
 * The kernels' shared WebAssembly memory and its scratch allocator, the part every KernelRunner has
 * in common: a bump allocator above the threads' stacks whose mark/release frees a call's scratch
 * at once, growing the memory on demand up to the wasm32 limit.
 */
export const PAGE = 65536;
/** 4 GiB: the wasm32 address space */
export const MAX_PAGES = 65536;

export function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** A new shared memory for the kernel modules (they import env.memory). */
export function sharedKernelMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES, shared: true });
}

export class ScratchArena {
  private top: number;

  /** @param base first byte the allocator may hand out (above the stacks) */
  constructor(
    readonly memory: WebAssembly.Memory,
    private readonly base: number,
  ) {
    this.top = base;
    this.ensure(base);
  }

  buffer(): ArrayBufferLike {
    return this.memory.buffer;
  }

  /** Reserve `bytes` (16-byte aligned); returns the byte offset. */
  alloc(bytes: number): number {
    const at = align(this.top, 16);
    const end = at + Math.max(0, bytes);
    this.ensure(end);
    this.top = end;
    return at;
  }

  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    this.top = Math.max(this.base, mark);
  }

  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    const pages = Math.ceil((end - have) / PAGE);
    if (have / PAGE + pages > MAX_PAGES) throw new RangeError(`kernel memory: ${end} bytes exceed the 4 GiB wasm32 limit`);
    this.memory.grow(pages);
  }
}

/** The allocator half of a KernelRunner, delegated to the runner's arena (set in its constructor). */
export abstract class ArenaBackedRunner {
  protected arena!: ScratchArena;

  buffer(): ArrayBufferLike {
    return this.arena.buffer();
  }

  alloc(bytes: number): number {
    return this.arena.alloc(bytes);
  }

  mark(): number {
    return this.arena.mark();
  }

  release(mark: number): void {
    this.arena.release(mark);
  }
}
