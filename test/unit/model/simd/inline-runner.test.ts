import { describe, expect, it } from 'vitest';
import { InlineRunner } from '../../../../src/main/model/kernels/simd/inline-runner';
import { splitRange } from '../../../../src/main/model/kernels/simd/kernel-runner';

describe('splitRange', () => {
  it('covers [0, total) in contiguous parts that are multiples of grain', () => {
    expect(splitRange(10, 3, 1)).toEqual([
      [0, 3],
      [3, 6],
      [6, 10],
    ]);
    expect(splitRange(10, 2, 4)).toEqual([
      [0, 4],
      [4, 10],
    ]);
    expect(splitRange(3, 8, 1)).toHaveLength(3);
    expect(splitRange(0, 2)).toEqual([]);
  });
});

describe('InlineRunner', () => {
  it('runs a SIMD kernel over shared memory and grows it on demand', () => {
    const runner = new InlineRunner(['selftest']);
    const n = 1_000_003; // odd: the scalar tail runs too
    const mark = runner.mark();
    const y = runner.alloc(n * 4);
    const x = runner.alloc(n * 4);
    const heap = new Float32Array(runner.buffer());
    for (let i = 0; i < n; i++) {
      heap[y / 4 + i] = i;
      heap[x / 4 + i] = 1;
    }
    runner.parallelFor('selftest', 'axpy', [y, x, 0.5], n, 4);
    const out = new Float32Array(runner.buffer(), y, n);
    expect(out[0]).toBe(0.5);
    expect(out[n - 1]).toBe(n - 1 + 0.5);
    runner.release(mark);
    expect(runner.mark()).toBe(mark);
  });
});
