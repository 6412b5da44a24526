/**
 * What a SIMD kernel needs from the CPU engine's runtime, and nothing more: one WebAssembly memory
 * shared by every thread, a scratch allocator for the current call, and a parallel-for that runs
 * one exported C function over contiguous parts of a range on every thread.
 *
 * The C side follows one ABI (src/main/model/kernels/simd/csrc/*.c): every parallel function takes
 * its pointers and sizes first and the part of the range it owns last, `fn(..., start, end)`, and
 * writes only what that part owns (or into a per-part scratch slot), so parts never race.
 *
 * Two implementations: `InlineRunner` (one thread, the reference and the fallback) and the threaded
 * runtime (worker_threads over the same shared memory).
 */
export interface KernelRunner {
  /** how many threads a parallelFor spreads over (1 for the inline runner) */
  readonly threads: number;
  /** the shared memory's current bytes; take a fresh view after alloc(), the memory may have grown */
  buffer(): ArrayBufferLike;
  /** reserve `bytes` (16-byte aligned) for the current call; returns the byte offset */
  alloc(bytes: number): number;
  /** the allocator's position, to free everything allocated after it with release() */
  mark(): number;
  release(mark: number): void;
  /**
   * Run `module`'s export `fn(...args, start, end)` over [0, total) split into at most `threads`
   * contiguous parts whose sizes are multiples of `grain` (except the last), and wait for all.
   */
  parallelFor(module: string, fn: string, args: readonly number[], total: number, grain?: number): void;
  /** Run `module`'s export `fn(...args)` once on the calling thread. */
  call(module: string, fn: string, args: readonly number[]): number;
}

/** Split [0, total) into at most `parts` contiguous ranges whose lengths are multiples of grain. */
export function splitRange(total: number, parts: number, grain = 1): [number, number][] {
  if (total <= 0) return [];
  const units = Math.ceil(total / grain);
  const n = Math.max(1, Math.min(parts, units));
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const start = Math.min(total, Math.floor((units * i) / n) * grain);
    const end = Math.min(total, Math.floor((units * (i + 1)) / n) * grain);
    if (end > start) out.push([start, end]);
  }
  return out;
}
