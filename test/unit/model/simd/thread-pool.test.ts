/**
 * The threaded KernelRunner against the one-thread InlineRunner: the convolution kernels give the
 * same bits on both (every part writes what it owns; the filter gradient's partials do not depend
 * on the thread count), memory grown after the threads started is visible to them, a kernel that
 * traps in a thread is reported to the caller, and a closed pool still runs (on the caller's
 * thread).
 */
import { describe, expect, it } from 'vitest';
import {
  type Conv1DShape,
  conv1dBackpropFilter,
  conv1dBackpropInput,
  conv1dForward,
  conv1dGeometry,
} from '../../../../src/main/model/kernels/simd/conv1d';
import { InlineRunner } from '../../../../src/main/model/kernels/simd/inline-runner';
import type { KernelRunner } from '../../../../src/main/model/kernels/simd/kernel-runner';
import { defaultThreadCount, ThreadPool } from '../../../../src/main/model/kernels/simd/thread-pool';
import { normalValues, relativeError } from '../helpers';

function runAll(runner: KernelRunner, s: Conv1DShape, x: Float32Array, w: Float32Array, dy: Float32Array) {
  const g = conv1dGeometry(s);
  const y = new Float32Array(s.batch * g.outLength * s.outChannels);
  const dx = new Float32Array(x.length);
  const dw = new Float32Array(w.length);
  conv1dForward(runner, x, w, s, y);
  conv1dBackpropInput(runner, dy, w, s, dx);
  conv1dBackpropFilter(runner, x, dy, s, dw);
  return { y, dx, dw };
}

const shapes: Conv1DShape[] = [
  { batch: 3, length: 1001, inChannels: 13, outChannels: 64, kernelSize: 3, dilation: 8, padding: 'same' },
  { batch: 2, length: 4099, inChannels: 3, outChannels: 8, kernelSize: 7, dilation: 1, padding: 'valid' },
  { batch: 1, length: 37, inChannels: 64, outChannels: 13, kernelSize: 5, dilation: 4, padding: 'same' },
];

describe('ThreadPool', () => {
  it('gives the inline runner’s bits on the convolution kernels, with 3 threads', async () => {
    const inline = new InlineRunner(['conv1d']);
    const pool = new ThreadPool(['conv1d'], { threads: 3 });
    try {
      expect(pool.threads).toBe(3);
      for (const s of shapes) {
        const g = conv1dGeometry(s);
        const x = normalValues([s.batch, s.length, s.inChannels], 1);
        const w = normalValues([s.kernelSize, s.inChannels, s.outChannels], 2);
        const dy = normalValues([s.batch, g.outLength, s.outChannels], 3);
        const a = runAll(inline, s, x, w, dy);
        // several rounds: the first may run before the threads are up (the caller then takes every part)
        for (let round = 0; round < 3; round++) {
          const b = runAll(pool, s, x, w, dy);
          expect(Buffer.from(b.y.buffer).equals(Buffer.from(a.y.buffer))).toBe(true);
          expect(Buffer.from(b.dx.buffer).equals(Buffer.from(a.dx.buffer))).toBe(true);
          expect(Buffer.from(b.dw.buffer).equals(Buffer.from(a.dw.buffer))).toBe(true);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    } finally {
      await pool.close();
    }
  });

  it('gives the same answers when a batch goes through the kernel memory in chunks', async () => {
    const pool = new ThreadPool(['conv1d'], { threads: 2 });
    try {
      const s: Conv1DShape = { batch: 5, length: 301, inChannels: 13, outChannels: 8, kernelSize: 5, dilation: 4, padding: 'same' };
      const g = conv1dGeometry(s);
      const x = normalValues([s.batch, s.length, s.inChannels], 4);
      const w = normalValues([s.kernelSize, s.inChannels, s.outChannels], 5);
      const dy = normalValues([s.batch, g.outLength, s.outChannels], 6);
      const whole = runAll(pool, s, x, w, dy);
      // 1 byte per chunk: one batch row at a time
      const y = new Float32Array(whole.y.length);
      const dx = new Float32Array(whole.dx.length);
      const dw = new Float32Array(whole.dw.length);
      conv1dForward(pool, x, w, s, y, 1);
      conv1dBackpropInput(pool, dy, w, s, dx, 1);
      conv1dBackpropFilter(pool, x, dy, s, dw, 1);
      expect(y).toEqual(whole.y);
      expect(dx).toEqual(whole.dx);
      expect(relativeError(dw, whole.dw)).toBeLessThan(1e-6); // the partial sums group the rows differently
    } finally {
      await pool.close();
    }
  });

  it('lets its threads see memory grown after they started, and reports a kernel that traps in a thread', async () => {
    const pool = new ThreadPool(['selftest'], { threads: 2 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300)); // the thread is up and sleeping
      const before = pool.buffer().byteLength;
      const n = 4_000_000; // 32 MB: grows the memory well past its initial size
      const mark = pool.mark();
      const y = pool.alloc(n * 4);
      const x = pool.alloc(n * 4);
      expect(pool.buffer().byteLength).toBeGreaterThan(before);
      const heap = new Float32Array(pool.buffer());
      heap.fill(1, x / 4, x / 4 + n);
      heap.fill(2, y / 4, y / 4 + n);
      pool.parallelFor('selftest', 'axpy', [y, x, 3], n, 4);
      const out = new Float32Array(pool.buffer(), y, n);
      expect(out[0]).toBe(5);
      expect(out[n - 1]).toBe(5);
      expect(out.every((v) => v === 5)).toBe(true);
      pool.release(mark);
      // A range beyond the memory's end traps (out of bounds) in whichever thread runs it.
      const end = pool.buffer().byteLength;
      expect(() => pool.parallelFor('selftest', 'axpy', [end, end, 1], 1024, 4)).toThrow();
      // and the pool still works afterwards
      const z = pool.alloc(64 * 4);
      new Float32Array(pool.buffer(), z, 64).fill(1);
      pool.parallelFor('selftest', 'axpy', [z, z, 1], 64, 4);
      expect(new Float32Array(pool.buffer(), z, 64).every((v) => v === 2)).toBe(true);
    } finally {
      await pool.close();
    }
    // closed: runs on the caller's thread
    const at = pool.alloc(16 * 4);
    new Float32Array(pool.buffer(), at, 16).fill(1);
    pool.parallelFor('selftest', 'axpy', [at, at, 1], 16, 4);
    expect(new Float32Array(pool.buffer(), at, 16).every((v) => v === 2)).toBe(true);
  });

  it('takes its thread count from FORESEIS_THREADS, else the cores', () => {
    expect(defaultThreadCount({ FORESEIS_THREADS: '3' })).toBe(3);
    expect(defaultThreadCount({})).toBeGreaterThanOrEqual(1);
    expect(() => defaultThreadCount({ FORESEIS_THREADS: 'two' })).toThrow(/FORESEIS_THREADS/);
    expect(() => new ThreadPool(['selftest'], { threads: 0 })).toThrow(/threads/);
  });
});
