/**
 * The dilated 1-D convolution kernels of csrc/conv1d.c, called on plain Float32Arrays through a
 * KernelRunner: copy the operands into the runner's shared memory (with the convolution's zero
 * padding written around each batch row, so the C loops never test bounds), run the kernel over
 * every thread, copy the result out. The copies are a few percent of the convolution's time.
 *
 * Channels last: x [batch, length, inChannels], filter [kernelSize, inChannels, outChannels],
 * y [batch, outLength, outChannels]; stride 1, no bias; TensorFlow's 'same' padding puts
 * ⌊(k−1)·d/2⌋ zeros before the signal and the rest after it.
 *
 * The arrays passed in may be views of another WebAssembly memory (the tfjs wasm heap): only the
 * runner's memory grows here, so they stay valid; views of the runner's memory are taken after
 * its last allocation.
 */
import type { KernelRunner } from './kernel-runner';

export const CONV1D_MODULE = 'conv1d';

export type Conv1DPadding = 'same' | 'valid';

export interface Conv1DShape {
  batch: number;
  length: number;
  inChannels: number;
  outChannels: number;
  kernelSize: number;
  dilation: number;
  padding: Conv1DPadding;
}

export interface Conv1DGeometry {
  /** zeros before / after each batch row of the input */
  left: number;
  right: number;
  outLength: number;
}

/** Rows a parallel part of the forward kernels covers at least (one register tile of rows). */
const ROW_GRAIN = 4;
/**
 * Parts of the filter gradient's reduction over (batch × time): each part sums into its own
 * partial gradient. Fixed, not the thread count, so the result is the same on any thread count;
 * it also caps how many threads the filter gradient can use.
 */
const FILTER_PARTS = 8;
/** Rows per filter-gradient part at least: below that the partials cost more than they save. */
const FILTER_PART_ROWS = 1024;
/**
 * Bytes of operands copied into the kernel memory at once: a larger batch goes through in chunks
 * of whole batch rows. The kernel memory never shrinks (WebAssembly memory cannot), so this bounds
 * what the engine adds to the process (the paper preset's last block would otherwise copy ~270 MB
 * per call at L = 16384, batch 16) at no measurable cost: a chunk is still millions of
 * multiply-adds per thread.
 */
const CHUNK_BYTES = 48 * 2 ** 20;

/** Batch rows per chunk when one batch row copies `bytesPerRow` bytes (at least one). */
function batchChunk(batch: number, bytesPerRow: number, chunkBytes: number): number {
  return Math.max(1, Math.min(batch, Math.floor(chunkBytes / bytesPerRow)));
}

export function conv1dGeometry(s: Conv1DShape): Conv1DGeometry {
  const span = (s.kernelSize - 1) * s.dilation;
  if (s.padding === 'same') {
    const left = Math.floor(span / 2);
    return { left, right: span - left, outLength: s.length };
  }
  return { left: 0, right: 0, outLength: s.length - span };
}

function check(s: Conv1DShape): Conv1DGeometry {
  for (const key of ['batch', 'length', 'inChannels', 'outChannels', 'kernelSize', 'dilation'] as const) {
    if (!Number.isInteger(s[key]) || s[key] < 1) throw new Error(`conv1d: ${key} must be a positive integer, got ${s[key]}`);
  }
  const g = conv1dGeometry(s);
  if (g.outLength < 1) throw new Error(`conv1d: kernel ${s.kernelSize} at dilation ${s.dilation} spans more than the ${s.length} input samples`);
  return g;
}

function expectLength(name: string, a: Float32Array, n: number): void {
  if (a.length !== n) throw new Error(`conv1d: ${name} has ${a.length} values, expected ${n}`);
}

const align4 = (n: number): number => (n + 3) & ~3;

/**
 * Write src [batch, rows, channels] into the runner's memory at byte offset `at` as
 * [batch, before + rows + after, channels] with zeros around each batch row.
 */
function copyPadded(runner: KernelRunner, at: number, src: Float32Array, batch: number, rows: number, channels: number, before: number, after: number): void {
  const heap = new Float32Array(runner.buffer());
  const rowFloats = rows * channels;
  const paddedFloats = (before + rows + after) * channels;
  let to = at / 4;
  for (let b = 0; b < batch; b++) {
    if (before > 0) heap.fill(0, to, to + before * channels);
    heap.set(src.subarray(b * rowFloats, (b + 1) * rowFloats), to + before * channels);
    if (after > 0) heap.fill(0, to + before * channels + rowFloats, to + paddedFloats);
    to += paddedFloats;
  }
}

function copyIn(runner: KernelRunner, at: number, src: Float32Array): void {
  new Float32Array(runner.buffer(), at, src.length).set(src);
}

function copyOut(runner: KernelRunner, at: number, dst: Float32Array): void {
  dst.set(new Float32Array(runner.buffer(), at, dst.length));
}

/** y = conv1d(x, filter): y [batch, outLength, outChannels] must be allocated by the caller. `chunkBytes`: see CHUNK_BYTES. */
export function conv1dForward(runner: KernelRunner, x: Float32Array, filter: Float32Array, s: Conv1DShape, y: Float32Array, chunkBytes = CHUNK_BYTES): void {
  const g = check(s);
  const { batch: B, length: L, inChannels: C, outChannels: F, kernelSize: K, dilation: d } = s;
  expectLength('x', x, B * L * C);
  expectLength('filter', filter, K * C * F);
  expectLength('y', y, B * g.outLength * F);
  const mark = runner.mark();
  try {
    const Lp = g.left + L + g.right;
    const nb = batchChunk(B, (Lp * C + g.outLength * F) * 4, chunkBytes);
    const xp = runner.alloc(nb * Lp * C * 4);
    const w = runner.alloc(K * C * F * 4);
    const wp = runner.alloc(K * C * align4(F) * 4);
    const out = runner.alloc(nb * g.outLength * F * 4);
    copyIn(runner, w, filter);
    runner.call(CONV1D_MODULE, 'conv1d_pad_filter', [w, wp, K, C, F]);
    for (let b0 = 0; b0 < B; b0 += nb) {
      const n = Math.min(nb, B - b0);
      copyPadded(runner, xp, x.subarray(b0 * L * C, (b0 + n) * L * C), n, L, C, g.left, g.right);
      runner.parallelFor(CONV1D_MODULE, 'conv1d_forward', [xp, wp, out, Lp, C, K, d, g.outLength, F], n * g.outLength, ROW_GRAIN);
      copyOut(runner, out, y.subarray(b0 * g.outLength * F, (b0 + n) * g.outLength * F));
    }
  } finally {
    runner.release(mark);
  }
}

/**
 * dx = ∂(Σ dy·conv1d(x, filter))/∂x: dx [batch, length, inChannels] must be allocated by the
 * caller. The input gradient is a forward convolution of dy, padded by (k−1)·d − left zeros
 * before and left after, with the filter turned round (wt[j, f, c] = w[k−1−j, c, f]).
 */
export function conv1dBackpropInput(runner: KernelRunner, dy: Float32Array, filter: Float32Array, s: Conv1DShape, dx: Float32Array, chunkBytes = CHUNK_BYTES): void {
  const g = check(s);
  const { batch: B, length: L, inChannels: C, outChannels: F, kernelSize: K, dilation: d } = s;
  expectLength('dy', dy, B * g.outLength * F);
  expectLength('filter', filter, K * C * F);
  expectLength('dx', dx, B * L * C);
  const before = (K - 1) * d - g.left;
  const after = L + (K - 1) * d - before - g.outLength;
  const mark = runner.mark();
  try {
    const Lp = before + g.outLength + after;
    const nb = batchChunk(B, (Lp * F + L * C) * 4, chunkBytes);
    const dyp = runner.alloc(nb * Lp * F * 4);
    const w = runner.alloc(K * C * F * 4);
    const wt = runner.alloc(K * F * align4(C) * 4);
    const out = runner.alloc(nb * L * C * 4);
    copyIn(runner, w, filter);
    runner.call(CONV1D_MODULE, 'conv1d_turn_filter', [w, wt, K, C, F]);
    for (let b0 = 0; b0 < B; b0 += nb) {
      const n = Math.min(nb, B - b0);
      copyPadded(runner, dyp, dy.subarray(b0 * g.outLength * F, (b0 + n) * g.outLength * F), n, g.outLength, F, before, after);
      runner.parallelFor(CONV1D_MODULE, 'conv1d_forward', [dyp, wt, out, Lp, F, K, d, L, C], n * L, ROW_GRAIN);
      copyOut(runner, out, dx.subarray(b0 * L * C, (b0 + n) * L * C));
    }
  } finally {
    runner.release(mark);
  }
}

/** dw = ∂(Σ dy·conv1d(x, filter))/∂filter: dw [kernelSize, inChannels, outChannels] must be allocated by the caller. */
export function conv1dBackpropFilter(runner: KernelRunner, x: Float32Array, dy: Float32Array, s: Conv1DShape, dw: Float32Array, chunkBytes = CHUNK_BYTES): void {
  const g = check(s);
  const { batch: B, length: L, inChannels: C, outChannels: F, kernelSize: K, dilation: d } = s;
  expectLength('x', x, B * L * C);
  expectLength('dy', dy, B * g.outLength * F);
  expectLength('dw', dw, K * C * F);
  const rows = B * g.outLength;
  const parts = Math.max(1, Math.min(FILTER_PARTS, Math.floor(rows / FILTER_PART_ROWS)));
  const mark = runner.mark();
  try {
    const Lp = g.left + L + g.right;
    const nb = batchChunk(B, (Lp * C + g.outLength * F) * 4, chunkBytes);
    const xp = runner.alloc(nb * Lp * C * 4);
    // 16 bytes of slack: the kernel's last vector of a row may read past the last channel.
    const dyAt = runner.alloc(nb * g.outLength * F * 4 + 16);
    const partials = runner.alloc(parts * K * C * align4(F) * 4);
    const out = runner.alloc(K * C * F * 4);
    for (let b0 = 0; b0 < B; b0 += nb) {
      const n = Math.min(nb, B - b0);
      copyPadded(runner, xp, x.subarray(b0 * L * C, (b0 + n) * L * C), n, L, C, g.left, g.right);
      copyIn(runner, dyAt, dy.subarray(b0 * g.outLength * F, (b0 + n) * g.outLength * F));
      new Float32Array(runner.buffer(), dyAt + n * g.outLength * F * 4, 4).fill(0);
      // Each chunk's rows split into the same `parts` partials, summed into them after the first.
      runner.parallelFor(CONV1D_MODULE, 'conv1d_filter_grad', [xp, dyAt, partials, Lp, C, K, d, g.outLength, F, n, parts, b0 === 0 ? 0 : 1], parts, 1);
    }
    runner.parallelFor(CONV1D_MODULE, 'conv1d_reduce', [partials, out, K * C, F, parts], K * C, 1);
    copyOut(runner, out, dw);
  } finally {
    runner.release(mark);
  }
}

/**
 * The same three convolutions in plain JavaScript (double-precision sums): the 'cpu' backend's
 * kernels of the custom op and a reference for the tests. Slow; never on a hot path.
 */
/** Visit every (example b, output t, tap j, input sample u) of the convolution that reads inside the signal. */
function forEachTap(s: Conv1DShape, visit: (b: number, t: number, j: number, u: number) => void): void {
  const g = check(s);
  for (let b = 0; b < s.batch; b++) {
    for (let t = 0; t < g.outLength; t++) {
      for (let j = 0; j < s.kernelSize; j++) {
        const u = t + j * s.dilation - g.left;
        if (u >= 0 && u < s.length) visit(b, t, j, u);
      }
    }
  }
}

export function conv1dForwardReference(x: Float32Array, filter: Float32Array, s: Conv1DShape, y: Float32Array): void {
  const { length: L, inChannels: C, outChannels: F } = s;
  const outLength = conv1dGeometry(s).outLength;
  const acc = new Float64Array(s.batch * outLength * F);
  forEachTap(s, (b, t, j, u) => {
    for (let c = 0; c < C; c++) {
      const xv = x[(b * L + u) * C + c]!;
      for (let f = 0; f < F; f++) acc[(b * outLength + t) * F + f] += xv * filter[(j * C + c) * F + f]!;
    }
  });
  y.set(acc);
}

export function conv1dBackpropInputReference(dy: Float32Array, filter: Float32Array, s: Conv1DShape, dx: Float32Array): void {
  const { length: L, inChannels: C, outChannels: F } = s;
  const outLength = conv1dGeometry(s).outLength;
  const acc = new Float64Array(s.batch * L * C);
  forEachTap(s, (b, t, j, u) => {
    for (let c = 0; c < C; c++) {
      let sum = 0;
      for (let f = 0; f < F; f++) sum += dy[(b * outLength + t) * F + f]! * filter[(j * C + c) * F + f]!;
      acc[(b * L + u) * C + c] += sum;
    }
  });
  dx.set(acc);
}

export function conv1dBackpropFilterReference(x: Float32Array, dy: Float32Array, s: Conv1DShape, dw: Float32Array): void {
  const { length: L, inChannels: C, outChannels: F, kernelSize: K } = s;
  const outLength = conv1dGeometry(s).outLength;
  const acc = new Float64Array(K * C * F);
  forEachTap(s, (b, t, j, u) => {
    for (let c = 0; c < C; c++) {
      const xv = x[(b * L + u) * C + c]!;
      for (let f = 0; f < F; f++) acc[(j * C + c) * F + f] += xv * dy[(b * outLength + t) * F + f]!;
    }
  });
  dw.set(acc);
}
