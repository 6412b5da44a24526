/**
 * Batch norm (training mode) and max-pool gradient on the 'wasm' backend, run by the C SIMD kernels
 * of csrc/bnpool.c through a KernelRunner (issue 6 item 2).
 *
 * Why these ops: `bench/train.ts --profile` (compact, L = 4096, batch 16, stock wasm, one thread)
 * spends ~150 ms a step in batch norm's forward, ~240 ms in its gradient and ~250 ms in MaxPoolGrad,
 * against ~120 ms in the convolutions' forward pass; ReLU and MaxPool forward cost ~10 and ~40 ms.
 *
 * Why a fused op rather than faster stock kernels (choice (b) of the issue): tfjs-layers computes
 * batch norm in training from moments (Mean, SquaredDifference, Mean), FusedBatchNorm and the
 * moving-average updates, and its gradient from ~30 ops (Sum, Multiply, Tile, Sub, … each a full
 * pass over [batch, length, channels], plus their tape bookkeeping and saved intermediates). A
 * faster Sum or Multiply would still leave ~15 passes over memory and the tape's copies, and our
 * kernels run on their own shared memory, so every replaced stock kernel would add a copy in and
 * out. One op — `ForeseisBatchNormTrain` (x, γ, β → y, batch mean, batch variance) — with its
 * own gradient kernel (`ForeseisBatchNormTrainGrad`) needs 2 passes forward and 2 backward and
 * saves only x, γ and the statistics for the gradient. layers/batch-normalization.ts calls it from
 * a BatchNormalization layer with the stock class name, weights and config (checkpoints load
 * unchanged) whenever these kernels are registered for the active backend, and the stock
 * composite otherwise. MaxPoolGrad is a stock kernel name, so it is simply replaced (for pools
 * of two along one axis, as MaxPooling1D makes; other pools go to the kernel it replaced).
 *
 * Data: tfjs' tensors live in the wasm backend's own memory and the kernels run on the runner's
 * shared memory, so each pass copies its inputs in and its outputs out, chunk by chunk (see
 * chunkRows; memcpy speed, and the chunk is still in cache when the kernel reads it).
 *
 * Same-dtype Cast is replaced too (it shares the data like the wasm-simd engine's Identity,
 * tfjs-identity.ts): not a SIMD kernel, but a copy of every mask ReLU's gradient makes.
 *
 * Registering also installs ../tape-release.ts (backpropagation frees each node's output gradients
 * and saved tensors once used) and ReLU's gradient from its output (`reluGradFromOutput`): the
 * memory half of the same issue.
 *
 * Switch: registerBnPoolKernels(runner) registers everything, unregisterBnPoolKernels() restores
 * exactly what was registered before (the 'wasm-stock' engine runs without them).
 */
import { shareData } from './tfjs-identity';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { installTapeRelease } from '../tape-release';
import type { KernelRunner } from './kernel-runner';

export const BN_TRAIN = 'ForeseisBatchNormTrain';
export const BN_TRAIN_GRAD = 'ForeseisBatchNormTrainGrad';
const MODULE = 'bnpool';
const BACKEND = 'wasm';

export interface BatchNormTrainAttrs {
  epsilon: number;
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: object; attrs?: tf.NamedAttrMap };

/** Rows per reduction block: the block (rows × C floats) stays within ~32 KiB, at least 16 rows. */
export function rowsPerBlock(channels: number): number {
  return Math.max(16, Math.min(1024, Math.floor(8192 / Math.max(1, channels))));
}

/** Copies between tfjs' wasm heap and the runner's memory; allocate everything before taking views. */
class Scratch {
  private readonly mark: number;
  constructor(private readonly runner: KernelRunner) {
    this.mark = runner.mark();
  }
  floats(n: number): number {
    return this.runner.alloc(Math.max(1, n) * 4);
  }
  doubles(n: number): number {
    return this.runner.alloc(Math.max(1, n) * 8);
  }
  f32(at: number, n: number): Float32Array {
    return new Float32Array(this.runner.buffer(), at, n);
  }
  f64(at: number, n: number): Float64Array {
    return new Float64Array(this.runner.buffer(), at, n);
  }
  done(): void {
    this.runner.release(this.mark);
  }
}

function heapOf(backend: BackendWasm, t: tf.TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

/**
 * Rows per chunk: a whole number of reduction blocks, about CHUNK_FLOATS floats. Each pass copies
 * one chunk of its inputs into the kernels' memory, runs on it while it is still in cache, and
 * copies the chunk's output back, so the kernels' memory holds a few MB whatever the tensor size
 * (at L = 16384 a whole-tensor copy would keep up to 3 × 128 MB for `paper`).
 */
export const CHUNK_FLOATS = 1 << 18;
let chunkFloats = CHUNK_FLOATS;
export function chunkRows(channels: number, rowsPerBlockCount: number): number {
  return rowsPerBlockCount * Math.max(1, Math.floor(chunkFloats / (rowsPerBlockCount * channels)));
}

/** The blocks' two per-channel sums added in double precision, block by block (in memory order). */
function sumBlocks(partial: Float64Array, blocks: number, C: number): [Float64Array, Float64Array] {
  const a = new Float64Array(C);
  const q = new Float64Array(C);
  for (let b = 0; b < blocks; b++) {
    const at = b * 2 * C;
    for (let c = 0; c < C; c++) {
      a[c] += partial[at + c]!;
      q[c] += partial[at + C + c]!;
    }
  }
  return [a, q];
}

function makeBatchNormTrain(runner: KernelRunner): tf.KernelFunc {
  return (args: KernelArgs) => {
    const backend = args.backend as BackendWasm;
    const { x, gamma, beta } = args.inputs as { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo };
    const { epsilon } = args.attrs as unknown as BatchNormTrainAttrs;
    const C = x.shape[x.shape.length - 1]!;
    const size = tf.util.sizeFromShape(x.shape);
    const rows = size / C;
    // tfjs outputs first: an allocation may grow (and detach views of) the wasm heap.
    const y = backend.makeOutput(x.shape, 'float32');
    const mean = backend.makeOutput([C], 'float32');
    const variance = backend.makeOutput([C], 'float32');
    if (rows === 0) return [y, mean, variance];
    const R = rowsPerBlock(C);
    const blocks = Math.ceil(rows / R);
    const chunk = chunkRows(C, R);
    const bufRows = Math.min(rows, chunk);
    const s = new Scratch(runner);
    try {
      const px = s.floats(bufRows * C);
      const py = s.floats(bufRows * C);
      const pShift = s.floats(C);
      const pMean = s.floats(C);
      const pScale = s.floats(C);
      const pBeta = s.floats(C);
      const pPartial = s.doubles(blocks * 2 * C);
      const xs = heapOf(backend, x);
      // Shift the sums by the first row: near the mean, so one pass keeps the variance's precision.
      s.f32(pShift, C).set(xs.subarray(0, C));
      for (let r0 = 0; r0 < rows; r0 += chunk) {
        const n = Math.min(chunk, rows - r0);
        s.f32(px, n * C).set(xs.subarray(r0 * C, (r0 + n) * C));
        runner.parallelFor(MODULE, 'bn_partial_stats', [px, n, C, R, pShift, pPartial + (r0 / R) * 2 * C * 8], Math.ceil(n / R));
      }
      const partial = s.f64(pPartial, blocks * 2 * C);
      const shift = s.f32(pShift, C);
      const g = heapOf(backend, gamma);
      const meanOut = s.f32(pMean, C);
      const scale = s.f32(pScale, C);
      const varOut = new Float32Array(C);
      const [sum1, sum2] = sumBlocks(partial, blocks, C);
      for (let c = 0; c < C; c++) {
        const s1 = sum1[c]!;
        const s2 = sum2[c]!;
        const m1 = s1 / rows;
        const v = Math.max(0, s2 / rows - m1 * m1);
        meanOut[c] = shift[c]! + m1;
        varOut[c] = v;
        scale[c] = g[c]! / Math.sqrt(v + epsilon);
      }
      s.f32(pBeta, C).set(heapOf(backend, beta));
      const ys = heapOf(backend, y);
      for (let r0 = 0; r0 < rows; r0 += chunk) {
        const n = Math.min(chunk, rows - r0);
        s.f32(px, n * C).set(xs.subarray(r0 * C, (r0 + n) * C));
        runner.parallelFor(MODULE, 'bn_apply', [px, py, C, pMean, pScale, pBeta], n);
        ys.set(s.f32(py, n * C), r0 * C);
      }
      heapOf(backend, mean).set(meanOut);
      heapOf(backend, variance).set(varOut);
    } finally {
      s.done();
    }
    return [y, mean, variance];
  };
}

function makeBatchNormTrainGrad(runner: KernelRunner): tf.KernelFunc {
  return (args: KernelArgs) => {
    const backend = args.backend as BackendWasm;
    const inputs = args.inputs as Record<string, tf.TensorInfo | undefined>;
    const { dy, x, gamma, mean, variance } = inputs as Record<'dy' | 'x' | 'gamma' | 'mean' | 'variance', tf.TensorInfo>;
    const { epsilon } = args.attrs as unknown as BatchNormTrainAttrs;
    const C = x.shape[x.shape.length - 1]!;
    const size = tf.util.sizeFromShape(x.shape);
    const rows = size / C;
    const dx = backend.makeOutput(x.shape, 'float32');
    const dgamma = backend.makeOutput([C], 'float32');
    const dbeta = backend.makeOutput([C], 'float32');
    if (rows === 0) {
      heapOf(backend, dgamma).fill(0);
      heapOf(backend, dbeta).fill(0);
      return [dx, dgamma, dbeta];
    }
    const R = rowsPerBlock(C);
    const blocks = Math.ceil(rows / R);
    const chunk = chunkRows(C, R);
    const bufRows = Math.min(rows, chunk);
    const s = new Scratch(runner);
    try {
      const px = s.floats(bufRows * C);
      const pdy = s.floats(bufRows * C);
      const pdx = s.floats(bufRows * C);
      const pMean = s.floats(C);
      const pa = s.floats(C);
      const pb = s.floats(C);
      const pc = s.floats(C);
      const pPartial = s.doubles(blocks * 2 * C);
      const xs = heapOf(backend, x);
      const dys = heapOf(backend, dy);
      s.f32(pMean, C).set(heapOf(backend, mean));
      for (let r0 = 0; r0 < rows; r0 += chunk) {
        const n = Math.min(chunk, rows - r0);
        s.f32(px, n * C).set(xs.subarray(r0 * C, (r0 + n) * C));
        s.f32(pdy, n * C).set(dys.subarray(r0 * C, (r0 + n) * C));
        runner.parallelFor(MODULE, 'bn_partial_grad', [px, pdy, n, C, R, pMean, pPartial + (r0 / R) * 2 * C * 8], Math.ceil(n / R));
      }
      const partial = s.f64(pPartial, blocks * 2 * C);
      const g = heapOf(backend, gamma);
      const v = heapOf(backend, variance);
      const dmean = inputs.dmean ? heapOf(backend, inputs.dmean) : undefined;
      const dvar = inputs.dvariance ? heapOf(backend, inputs.dvariance) : undefined;
      const ka = s.f32(pa, C);
      const kb = s.f32(pb, C);
      const kc = s.f32(pc, C);
      const dg = new Float32Array(C);
      const db = new Float32Array(C);
      const [sums, sumsXm] = sumBlocks(partial, blocks, C);
      for (let c = 0; c < C; c++) {
        const sumDy = sums[c]!;
        const sumDyXm = sumsXm[c]!;
        const inv = 1 / Math.sqrt(v[c]! + epsilon);
        const dGamma = sumDyXm * inv;
        dg[c] = dGamma;
        db[c] = sumDy;
        // dx = γ/σ·(dy − Σdy/M − x̂·Σ(dy·x̂)/M) + dmean/M + dvar·2(x − μ)/M
        ka[c] = g[c]! * inv;
        kb[c] = (-g[c]! * inv * inv * dGamma + 2 * (dvar?.[c] ?? 0)) / rows;
        kc[c] = (-g[c]! * inv * sumDy + (dmean?.[c] ?? 0)) / rows;
      }
      const dxs = heapOf(backend, dx);
      for (let r0 = 0; r0 < rows; r0 += chunk) {
        const n = Math.min(chunk, rows - r0);
        s.f32(px, n * C).set(xs.subarray(r0 * C, (r0 + n) * C));
        s.f32(pdy, n * C).set(dys.subarray(r0 * C, (r0 + n) * C));
        runner.parallelFor(MODULE, 'bn_apply_grad', [px, pdy, pdx, C, pMean, pa, pb, pc], n);
        dxs.set(s.f32(pdx, n * C), r0 * C);
      }
      heapOf(backend, dgamma).set(dg);
      heapOf(backend, dbeta).set(db);
    } finally {
      s.done();
    }
    return [dx, dgamma, dbeta];
  };
}

/** Gradient of the fused op: one kernel gives dx, dγ and dβ. */
const batchNormTrainGradConfig: tf.GradConfig = {
  kernelName: BN_TRAIN,
  inputsToSave: ['x', 'gamma'],
  outputsToSave: [false, true, true],
  gradFunc: (dys: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: tf.NamedAttrMap) => {
    const [dy, dmean, dvariance] = dys as tf.Tensor[];
    const [x, gamma, mean, variance] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const inputs: tf.NamedTensorMap = { dy: dy!, x, gamma, mean, variance };
    if (dmean) inputs.dmean = dmean;
    if (dvariance) inputs.dvariance = dvariance;
    const [dx, dgamma, dbeta] = tf.engine().runKernel(BN_TRAIN_GRAD, inputs, attrs) as tf.Tensor[];
    return { x: () => dx!, gamma: () => dgamma!, beta: () => dbeta! };
  },
};

/** A 4-D pool of two along one axis (MaxPool1D(2) as tfjs runs it), or null for any other pool. */
interface PoolOfTwo {
  N: number;
  L: number;
  Lout: number;
  C: number;
  stride: number;
  padBefore: number;
}

function poolOfTwo(shape: number[], attrs: { filterSize: number | [number, number]; strides: number | [number, number]; pad: tf.MaxPoolAttrs['pad']; dimRoundingMode?: tf.MaxPoolAttrs['dimRoundingMode'] }): PoolOfTwo | null {
  if (shape.length !== 4) return null;
  const info = tf.backend_util.computePool2DInfo(shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const alongHeight = info.inWidth === 1 && info.outWidth === 1 && info.effectiveFilterWidth === 1 && info.effectiveFilterHeight === 2 && info.padInfo.left === 0;
  const alongWidth = info.inHeight === 1 && info.outHeight === 1 && info.effectiveFilterHeight === 1 && info.effectiveFilterWidth === 2 && info.padInfo.top === 0;
  if (!alongHeight && !alongWidth) return null;
  return {
    N: info.batchSize,
    L: alongHeight ? info.inHeight : info.inWidth,
    Lout: alongHeight ? info.outHeight : info.outWidth,
    C: info.inChannels,
    stride: alongHeight ? info.strideHeight : info.strideWidth,
    padBefore: alongHeight ? info.padInfo.top : info.padInfo.left,
  };
}

/**
 * MaxPoolGrad: pools of two along one axis of a 4-D NHWC tensor whose other spatial axis is 1 (what
 * MaxPooling1D runs) go to the C kernel (parts are input rows); anything else to `fallback`.
 */
function makeMaxPoolGrad(runner: KernelRunner, fallback: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args: KernelArgs) => {
    const backend = args.backend as BackendWasm;
    const dy = args.inputs.dy!;
    const input = args.inputs.input!;
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolGradAttrs;
    const pool = poolOfTwo(input.shape, { filterSize, strides, pad, dimRoundingMode });
    if (!pool) {
      if (!fallback) throw new Error('MaxPoolGrad (wasm): only pools of two along one axis are implemented here');
      return fallback.kernelFunc(args);
    }
    const { N, L, Lout, C, stride, padBefore } = pool;
    const dx = backend.makeOutput(input.shape, 'float32');
    if (N * L * C === 0) return dx;
    // Whole examples per chunk (a window never spans two examples); the kernel's parts are rows.
    const perChunk = Math.max(1, Math.floor(chunkFloats / (L * C)));
    const bufN = Math.min(N, perChunk);
    const s = new Scratch(runner);
    try {
      const px = s.floats(bufN * L * C);
      const pdy = s.floats(bufN * Lout * C);
      const pdx = s.floats(bufN * L * C);
      const xs = heapOf(backend, input);
      const dys = heapOf(backend, dy);
      const dxs = heapOf(backend, dx);
      for (let n0 = 0; n0 < N; n0 += perChunk) {
        const n = Math.min(perChunk, N - n0);
        s.f32(px, n * L * C).set(xs.subarray(n0 * L * C, (n0 + n) * L * C));
        s.f32(pdy, n * Lout * C).set(dys.subarray(n0 * Lout * C, (n0 + n) * Lout * C));
        runner.parallelFor(MODULE, 'max_pool2_grad', [px, pdy, pdx, L, Lout, C, stride, padBefore], n * L);
        dxs.set(s.f32(pdx, n * L * C), n0 * L * C);
      }
    } finally {
      s.done();
    }
    return dx;
  };
}

/**
 * MaxPool forward, windows of two along one axis (MaxPool1D(2, stride 1 or 2)). Why: the stock
 * wasm kernel is the largest inference cost after the convolutions once batch norm is fast
 * (measured, compact at L = 16384, batch 16: 64 ms of a 321 ms predict), on one thread. Here one
 * SIMD pass per chunk of whole examples, on every thread. Other pools go to the stock kernel.
 */
function makeMaxPool(runner: KernelRunner, fallback: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args: KernelArgs) => {
    const backend = args.backend as BackendWasm;
    const x = args.inputs.x!;
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolAttrs;
    const pool = x.dtype === 'float32' ? poolOfTwo(x.shape, { filterSize, strides, pad, dimRoundingMode }) : null;
    if (!pool) {
      if (!fallback) throw new Error('MaxPool (wasm): only pools of two along one axis are implemented here');
      return fallback.kernelFunc(args);
    }
    const { N, L, Lout, C, stride, padBefore } = pool;
    const outShape = x.shape[1] === 1 ? [N, 1, Lout, C] : [N, Lout, 1, C];
    const y = backend.makeOutput(outShape, 'float32');
    if (N * Lout * C === 0) return y;
    const perChunk = Math.max(1, Math.floor(chunkFloats / (L * C)));
    const bufN = Math.min(N, perChunk);
    const s = new Scratch(runner);
    try {
      const px = s.floats(bufN * L * C);
      const py = s.floats(bufN * Lout * C);
      const xs = heapOf(backend, x);
      const ys = heapOf(backend, y);
      for (let n0 = 0; n0 < N; n0 += perChunk) {
        const n = Math.min(perChunk, N - n0);
        s.f32(px, n * L * C).set(xs.subarray(n0 * L * C, (n0 + n) * L * C));
        runner.parallelFor(MODULE, 'max_pool2', [px, py, L, Lout, C, stride, padBefore], n * Lout);
        ys.set(s.f32(py, n * Lout * C), n0 * Lout * C);
      }
    } finally {
      s.done();
    }
    return y;
  };
}

/**
 * Mean over a contiguous run of axes that leaves the innermost axis ([A, B, C] → [A, C]): what
 * GlobalAveragePooling1D (mean over the length of [N, L, C]) and batch norm's moments (over
 * [N, L]) run. Why: the stock wasm Mean first transposes the reduced axes innermost, a full copy
 * of the tensor, then reduces (the profile's next non-convolution cost: ~150 ms a step for the
 * head at L = 16384). Here the rows are summed where they are, with bn_partial_stats (shift 0;
 * its squares are the price of one kernel less), in blocks added in double precision. Other
 * reductions and dtypes go to the kernel this one replaces.
 */
function makeMean(runner: KernelRunner, fallback: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args: KernelArgs) => {
    const backend = args.backend as BackendWasm;
    const x = args.inputs.x!;
    const { axis, keepDims } = args.attrs as unknown as tf.MeanAttrs;
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const first = axes[0];
    const last = axes[axes.length - 1];
    const contiguous = first !== undefined && last !== undefined && last - first === axes.length - 1;
    if (x.dtype !== 'float32' || !contiguous || last >= rank - 1) {
      if (!fallback) throw new Error('Mean (wasm): only float32 means over middle axes are implemented here');
      return fallback.kernelFunc(args);
    }
    const A = tf.util.sizeFromShape(x.shape.slice(0, first));
    const B = tf.util.sizeFromShape(x.shape.slice(first, last + 1));
    const C = tf.util.sizeFromShape(x.shape.slice(last + 1));
    const outShape = keepDims ? x.shape.map((d, i) => (i >= first && i <= last ? 1 : d)) : x.shape.filter((_, i) => i < first || i > last);
    const out = backend.makeOutput(outShape, 'float32');
    const result = heapOf(backend, out);
    if (A * C === 0) return out;
    if (B === 0) {
      result.fill(NaN);
      return out;
    }
    const R = rowsPerBlock(C);
    const blocks = Math.ceil(B / R);
    const chunk = chunkRows(C, R);
    const s = new Scratch(runner);
    try {
      const px = s.floats(Math.min(B, chunk) * C);
      const pZero = s.floats(C);
      const pPartial = s.doubles(blocks * 2 * C);
      s.f32(pZero, C).fill(0);
      const xs = heapOf(backend, x);
      for (let a = 0; a < A; a++) {
        const base = a * B * C;
        for (let r0 = 0; r0 < B; r0 += chunk) {
          const n = Math.min(chunk, B - r0);
          s.f32(px, n * C).set(xs.subarray(base + r0 * C, base + (r0 + n) * C));
          runner.parallelFor(MODULE, 'bn_partial_stats', [px, n, C, R, pZero, pPartial + (r0 / R) * 2 * C * 8], Math.ceil(n / R));
        }
        const [sums] = sumBlocks(s.f64(pPartial, blocks * 2 * C), blocks, C);
        for (let c = 0; c < C; c++) result[a * C + c] = sums[c]! / B;
      }
    } finally {
      s.done();
    }
    return out;
  };
}

/**
 * Batch norm at inference (tf.batchNorm with the moving statistics → FusedBatchNorm). Why: the
 * stock wasm kernel is the largest inference cost after the convolutions (measured, compact at
 * L = 16384, batch 16: 169 ms of a 442 ms predict), one scalar pass with an index modulo per
 * element. Here: per-channel scale and shift folded once, then one SIMD pass (bn_apply) per chunk
 * on both threads. Shapes other than per-last-channel statistics go to the stock kernel.
 */
function makeFusedBatchNorm(runner: KernelRunner, fallback: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args: KernelArgs) => {
    const backend = args.backend as BackendWasm;
    const { x, mean, variance, offset, scale } = args.inputs as { x: tf.TensorInfo; mean: tf.TensorInfo; variance: tf.TensorInfo; offset?: tf.TensorInfo; scale?: tf.TensorInfo };
    const { varianceEpsilon } = args.attrs as unknown as { varianceEpsilon: number };
    const C = x.shape[x.shape.length - 1] ?? 0;
    const perChannel = (t: tf.TensorInfo | undefined): boolean => t === undefined || (t.dtype === 'float32' && tf.util.sizeFromShape(t.shape) === C && t.shape[t.shape.length - 1] === C);
    const fits = x.dtype === 'float32' && C > 0 && perChannel(mean) && perChannel(variance) && perChannel(offset) && perChannel(scale);
    if (!fits) {
      if (!fallback) throw new Error('FusedBatchNorm (wasm): no kernel for these shapes');
      return fallback.kernelFunc(args);
    }
    const y = backend.makeOutput(x.shape, 'float32');
    const rows = tf.util.sizeFromShape(x.shape) / C;
    if (rows === 0) return y;
    const chunk = chunkRows(C, 1);
    const bufRows = Math.min(rows, chunk);
    const s = new Scratch(runner);
    try {
      const px = s.floats(bufRows * C);
      const py = s.floats(bufRows * C);
      const pMean = s.floats(C);
      const pScale = s.floats(C);
      const pBeta = s.floats(C);
      const m = heapOf(backend, mean);
      const v = heapOf(backend, variance);
      const g = scale ? heapOf(backend, scale) : undefined;
      const b = offset ? heapOf(backend, offset) : undefined;
      const meanK = s.f32(pMean, C);
      const scaleK = s.f32(pScale, C);
      const betaK = s.f32(pBeta, C);
      for (let c = 0; c < C; c++) {
        meanK[c] = m[c]!;
        scaleK[c] = (g ? g[c]! : 1) / Math.sqrt(v[c]! + varianceEpsilon);
        betaK[c] = b ? b[c]! : 0;
      }
      const xs = heapOf(backend, x);
      const ys = heapOf(backend, y);
      for (let r0 = 0; r0 < rows; r0 += chunk) {
        const n = Math.min(chunk, rows - r0);
        s.f32(px, n * C).set(xs.subarray(r0 * C, (r0 + n) * C));
        runner.parallelFor(MODULE, 'bn_apply', [px, py, C, pMean, pScale, pBeta], n);
        ys.set(s.f32(py, n * C), r0 * C);
      }
    } finally {
      s.done();
    }
    return y;
  };
}

/**
 * Cast to the dtype the tensor already has shares the data too (the stock wasm Cast copies
 * whatever the dtypes): ReLU's gradient casts its float32 step mask to float32, and the gradient
 * of every clone is such a Cast. Other casts go to the kernel this one replaces.
 */
function makeCast(fallback: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args: KernelArgs) => {
    const x = args.inputs.x!;
    const { dtype } = args.attrs as unknown as tf.CastAttrs;
    if (dtype === x.dtype && dtype !== 'string' && dtype !== 'complex64') return shareData(args.backend, x);
    if (!fallback) throw new Error(`Cast (wasm): no kernel for ${x.dtype} → ${dtype}`);
    return fallback.kernelFunc(args);
  };
}

/**
 * ReLU's gradient from its output instead of its input (relu′(x) = step(x) = step(relu(x))). Why:
 * the stock gradient saves the input, the batch norm's output, which nothing else needs after the
 * forward pass, while the output is saved anyway (it is the max-pool's input). One activation
 * tensor per block — a quarter of what a training step holds — is then freed after the forward
 * pass. The gradient registry is global, and these are stock ops, so this holds on every backend.
 */
const reluGradFromOutput: tf.GradConfig = {
  kernelName: tf.Relu,
  outputsToSave: [true],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
    const [y] = saved as [tf.Tensor];
    return { x: () => tf.mul(dy as tf.Tensor, tf.cast(tf.step(y), 'float32')) };
  },
};

interface Registration {
  /** the configs ours replaced (undefined: there was none), to restore */
  previous: { kernelName: string; config: tf.KernelConfig | undefined }[];
  previousGradient: tf.GradConfig | undefined;
  previousReluGradient: tf.GradConfig | undefined;
  removeTapeRelease: () => void;
}

let registration: Registration | null = null;

function replace(config: tf.KernelConfig, reg: Registration): void {
  const current = tf.getKernel(config.kernelName, BACKEND);
  reg.previous.push({ kernelName: config.kernelName, config: current });
  if (current !== undefined) tf.unregisterKernel(config.kernelName, BACKEND);
  tf.registerKernel(config);
}

export interface BnPoolOptions {
  /** floats per chunk of a pass (default CHUNK_FLOATS); tests make it small to cross many chunks */
  chunkFloats?: number;
}

/**
 * Register the kernels on the 'wasm' backend, running on `runner` (which must have loaded the
 * 'bnpool' module). A second call replaces the first registration (e.g. with another runner).
 * Returns the kernel names registered.
 */
export function registerBnPoolKernels(runner: KernelRunner, options: BnPoolOptions = {}): string[] {
  if (registration) unregisterBnPoolKernels();
  chunkFloats = options.chunkFloats ?? CHUNK_FLOATS;
  const reg: Registration = { previous: [], previousGradient: tf.getGradient(BN_TRAIN), previousReluGradient: tf.getGradient(tf.Relu), removeTapeRelease: installTapeRelease() };
  const stockPoolGrad = tf.getKernel(tf.MaxPoolGrad, BACKEND);
  replace({ kernelName: BN_TRAIN, backendName: BACKEND, kernelFunc: makeBatchNormTrain(runner) }, reg);
  replace({ kernelName: BN_TRAIN_GRAD, backendName: BACKEND, kernelFunc: makeBatchNormTrainGrad(runner) }, reg);
  replace({ ...(stockPoolGrad ?? {}), kernelName: tf.MaxPoolGrad, backendName: BACKEND, kernelFunc: makeMaxPoolGrad(runner, stockPoolGrad) }, reg);
  const stockMean = tf.getKernel(tf.Mean, BACKEND);
  replace({ ...(stockMean ?? {}), kernelName: tf.Mean, backendName: BACKEND, kernelFunc: makeMean(runner, stockMean) }, reg);
  const stockPool = tf.getKernel(tf.MaxPool, BACKEND);
  replace({ ...(stockPool ?? {}), kernelName: tf.MaxPool, backendName: BACKEND, kernelFunc: makeMaxPool(runner, stockPool) }, reg);
  const stockBatchNorm = tf.getKernel(tf.FusedBatchNorm, BACKEND);
  replace({ ...(stockBatchNorm ?? {}), kernelName: tf.FusedBatchNorm, backendName: BACKEND, kernelFunc: makeFusedBatchNorm(runner, stockBatchNorm) }, reg);
  const stockCast = tf.getKernel(tf.Cast, BACKEND);
  replace({ ...(stockCast ?? {}), kernelName: tf.Cast, backendName: BACKEND, kernelFunc: makeCast(stockCast) }, reg);
  if (reg.previousGradient) tf.unregisterGradient(BN_TRAIN);
  tf.registerGradient(batchNormTrainGradConfig);
  if (reg.previousReluGradient) tf.unregisterGradient(tf.Relu);
  tf.registerGradient(reluGradFromOutput);
  registration = reg;
  return reg.previous.map((p) => p.kernelName);
}

/** Restore the kernels registered before registerBnPoolKernels (no-op when not registered). */
export function unregisterBnPoolKernels(): void {
  const reg = registration;
  if (!reg) return;
  for (const { kernelName, config } of [...reg.previous].reverse()) {
    tf.unregisterKernel(kernelName, BACKEND);
    if (config) tf.registerKernel(config);
  }
  tf.unregisterGradient(BN_TRAIN);
  if (reg.previousGradient) tf.registerGradient(reg.previousGradient);
  tf.unregisterGradient(tf.Relu);
  if (reg.previousReluGradient) tf.registerGradient(reg.previousReluGradient);
  reg.removeTapeRelease();
  registration = null;
}

/** Whether the fused batch norm runs on `backend` (layers/batch-normalization.ts asks before each call). */
export function fusedBatchNormAvailable(backend: string = tf.getBackend()): boolean {
  return tf.getKernel(BN_TRAIN, backend) !== undefined;
}

/** The kernel names this module registers. */
export const bnPoolKernelNames: readonly string[] = [BN_TRAIN, BN_TRAIN_GRAD, tf.MaxPoolGrad, tf.Mean, tf.MaxPool, tf.FusedBatchNorm, tf.Cast];
