/**
 * Inference of this network family in one go on the wasm-simd engine: every block's convolution,
 * batch norm (moving statistics), ReLU and max-pool run in the kernels' own memory, block after
 * block, and only the pooled features of the last block come back for the head.
 *
 * Why: run layer by layer, each op copies its input from the tfjs heap into the kernels' memory and
 * its output back (the tfjs wasm heap cannot be shared with our threads), and batch norm, ReLU and
 * pool each make their own pass: at L = 16384 those passes and copies were half of an inference
 * batch (bench/infer-profile.ts). Fused, a block is one convolution plus one pass
 * (bn_relu_pool2) writing straight into the next convolution's padded input.
 *
 * The model API does not change: `planFusedInference` reads a built tf.layers model and returns
 * null unless it is exactly the builder's shape (optional random input layer, blocks of conv1d /
 * DilatedConv1D → BatchNormalization → ReLU → MaxPooling1D(2), global average pooling, dense,
 * dropout, softmax), and callers then use model.predict. Weights are read once per plan; a plan
 * belongs to one set of weights (make a new one after training).
 */
import * as tf from '@tensorflow/tfjs';
import { conv1dGeometry, CONV1D_MODULE } from './conv1d';
import type { KernelRunner } from './kernel-runner';

const BNPOOL_MODULE = 'bnpool';
/** Output rows a parallel part covers at least (a register tile of the conv kernel). */
const ROW_GRAIN = 4;
/** Floats of the largest activation buffer per sub-batch: larger batches go through in parts. */
const MAX_BUFFER_FLOATS = 16 * 2 ** 20;

interface FusedBlock {
  inChannels: number;
  filters: number;
  kernelSize: number;
  dilation: number;
  padding: 'same' | 'valid';
  /** [K, Cin, F] */
  kernel: Float32Array;
  mean: Float32Array;
  scale: Float32Array;
  beta: Float32Array;
  poolStride: number;
  poolPadding: 'same' | 'valid';
}

export interface FusedInferencePlan {
  length: number;
  channels: number;
  blocks: FusedBlock[];
  /** [C, units] and [units] */
  denseKernel: Float32Array;
  denseBias: Float32Array;
  units: number;
}

function className(layer: tf.layers.Layer): string {
  return layer.getClassName();
}

function values(t: tf.Tensor): Float32Array {
  return t.dataSync() as Float32Array;
}

/** The plan for `model`, or null when it is not the builder's network shape. */
export function planFusedInference(model: tf.LayersModel): FusedInferencePlan | null {
  const layers = model.layers;
  const inputShape = model.inputs[0]?.shape;
  if (!inputShape || inputShape.length !== 3 || typeof inputShape[1] !== 'number' || typeof inputShape[2] !== 'number') return null;
  let i = 1; // layers[0] is the InputLayer
  if (layers[i] && className(layers[i]!) === 'RandomInput') i++; // inactive at inference
  const blocks: FusedBlock[] = [];
  let channels = inputShape[2];
  while (layers[i] && (className(layers[i]!) === 'Conv1D' || className(layers[i]!) === 'DilatedConv1D')) {
    const [conv, bn, relu, pool] = [layers[i]!, layers[i + 1], layers[i + 2], layers[i + 3]];
    if (!bn || !relu || !pool || className(bn) !== 'BatchNormalization' || className(relu) !== 'ReLU' || className(pool) !== 'MaxPooling1D') return null;
    const c = conv.getConfig() as { filters: number; kernelSize: number | number[]; dilationRate?: number | number[]; strides?: number | number[]; padding: string; useBias?: boolean; activation?: string };
    const first = (v: number | number[] | undefined, fallback: number): number => (Array.isArray(v) ? (v[0] ?? fallback) : (v ?? fallback));
    if (first(c.strides, 1) !== 1 || (c.padding !== 'same' && c.padding !== 'valid') || (c.activation !== undefined && c.activation !== 'linear')) return null;
    const b = bn.getConfig() as { axis: number | number[]; epsilon: number; center?: boolean; scale?: boolean };
    const axis = Array.isArray(b.axis) ? b.axis : [b.axis];
    if (axis.length !== 1 || (axis[0] !== -1 && axis[0] !== 2) || b.center === false || b.scale === false) return null;
    const p = pool.getConfig() as { poolSize: number | number[]; strides: number | number[]; padding: string };
    const relay = relu.getConfig() as { maxValue?: number | null; negativeSlope?: number; threshold?: number };
    if (first(p.poolSize, 0) !== 2 || (p.padding !== 'same' && p.padding !== 'valid')) return null;
    if ((relay.maxValue ?? null) !== null || (relay.negativeSlope ?? 0) !== 0 || (relay.threshold ?? 0) !== 0) return null;
    const convWeights = conv.getWeights();
    const [gamma, beta, movingMean, movingVariance] = bn.getWeights();
    if (!convWeights[0] || !gamma || !beta || !movingMean || !movingVariance) return null;
    const kernelSize = first(c.kernelSize, 0);
    const mean = values(movingMean).slice();
    // A convolution bias is a per-channel shift before batch norm: fold it into the mean.
    if (c.useBias && convWeights[1]) {
      const bias = values(convWeights[1]);
      for (let f = 0; f < mean.length; f++) mean[f]! -= bias[f]!;
    }
    const g = values(gamma);
    const v = values(movingVariance);
    const scale = new Float32Array(mean.length).map((_, f) => g[f]! / Math.sqrt(v[f]! + b.epsilon));
    blocks.push({
      inChannels: channels,
      filters: c.filters,
      kernelSize,
      dilation: first(c.dilationRate, 1),
      padding: c.padding,
      kernel: values(convWeights[0]).slice(),
      mean,
      scale,
      beta: values(beta).slice(),
      poolStride: first(p.strides, 2),
      poolPadding: p.padding,
    });
    channels = c.filters;
    i += 4;
  }
  const rest = layers.slice(i).map(className);
  const head = rest.length === 4 && rest[0] === 'GlobalAveragePooling1D' && rest[1] === 'Dense' && (rest[2] === 'SeededDropout' || rest[2] === 'Dropout') && rest[3] === 'Softmax';
  if (blocks.length === 0 || !head) return null;
  const dense = layers[i + 1]!;
  const d = dense.getConfig() as { units: number; activation?: string; useBias?: boolean };
  if (d.activation !== undefined && d.activation !== 'linear') return null;
  const [denseKernel, denseBias] = dense.getWeights();
  if (!denseKernel) return null;
  return {
    length: inputShape[1],
    channels: inputShape[2],
    blocks,
    denseKernel: values(denseKernel).slice(),
    denseBias: denseBias && d.useBias !== false ? values(denseBias).slice() : new Float32Array(d.units),
    units: d.units,
  };
}

interface Layout {
  /** padded input rows per example, its left padding, conv output rows, pooled rows, pool padding */
  paddedRows: number;
  left: number;
  convRows: number;
  pooledRows: number;
  poolPadLeft: number;
}

function layouts(plan: FusedInferencePlan): Layout[] {
  let length = plan.length;
  return plan.blocks.map((b) => {
    const g = conv1dGeometry({ batch: 1, length, inChannels: b.inChannels, outChannels: b.filters, kernelSize: b.kernelSize, dilation: b.dilation, padding: b.padding });
    const info = tf.backend_util.computePool2DInfo([1, g.outLength, 1, b.filters], [2, 1], [b.poolStride, 1], 1, b.poolPadding);
    const layout = { paddedRows: g.left + length + g.right, left: g.left, convRows: g.outLength, pooledRows: info.outHeight, poolPadLeft: info.padInfo.top };
    length = info.outHeight;
    return layout;
  });
}

/**
 * Softmax outputs [batch, units] of the plan's network for `x` [batch, length, channels], computed
 * on `runner` (which must have loaded the 'conv1d' and 'bnpool' modules). Examples go through in
 * parts whose largest activation buffer holds at most `maxBufferFloats` floats.
 */
export function fusedPredict(runner: KernelRunner, plan: FusedInferencePlan, x: Float32Array, batch: number, maxBufferFloats = MAX_BUFFER_FLOATS): Float32Array {
  const { length: L0, channels: C0 } = plan;
  if (x.length !== batch * L0 * C0) throw new RangeError(`fusedPredict: x has ${x.length} values, expected ${batch} × ${L0} × ${C0}`);
  const lay = layouts(plan);
  const widest = Math.max(...plan.blocks.map((b, k) => Math.max(lay[k]!.paddedRows * b.inChannels, lay[k]!.convRows * b.filters)));
  const perPart = Math.max(1, Math.min(batch, Math.floor(maxBufferFloats / widest)));
  const lastC = plan.blocks[plan.blocks.length - 1]!.filters;
  const features = new Float32Array(batch * lastC);
  const mark = runner.mark();
  try {
    // Per block: its filter (padded for the kernel), its batch-norm constants; two activation buffers.
    const weights = plan.blocks.map((b) => {
      const w = runner.alloc(b.kernel.length * 4);
      const wp = runner.alloc(b.kernelSize * b.inChannels * (Math.ceil(b.filters / 4) * 4) * 4);
      const stats = runner.alloc(3 * b.filters * 4);
      new Float32Array(runner.buffer(), w, b.kernel.length).set(b.kernel);
      runner.call(CONV1D_MODULE, 'conv1d_pad_filter', [w, wp, b.kernelSize, b.inChannels, b.filters]);
      const view = new Float32Array(runner.buffer(), stats, 3 * b.filters);
      view.set(b.mean, 0);
      view.set(b.scale, b.filters);
      view.set(b.beta, 2 * b.filters);
      return { wp, mean: stats, scale: stats + b.filters * 4, beta: stats + 2 * b.filters * 4 };
    });
    const inputs = plan.blocks.map((b, k) => runner.alloc(perPart * lay[k]!.paddedRows * b.inChannels * 4));
    const convOut = runner.alloc(perPart * Math.max(...plan.blocks.map((b, k) => lay[k]!.convRows * b.filters)) * 4);
    const lastRows = lay[lay.length - 1]!.pooledRows;
    const pooled = runner.alloc(perPart * lastRows * lastC * 4);
    const gap = runner.alloc(perPart * lastC * 4);
    for (let n0 = 0; n0 < batch; n0 += perPart) {
      const n = Math.min(perPart, batch - n0);
      // Zero every padded input (the margins must be zero; the middles are overwritten).
      plan.blocks.forEach((b, k) => new Float32Array(runner.buffer(), inputs[k]!, n * lay[k]!.paddedRows * b.inChannels).fill(0));
      const first = new Float32Array(runner.buffer(), inputs[0]!, n * lay[0]!.paddedRows * C0);
      for (let e = 0; e < n; e++) first.set(x.subarray((n0 + e) * L0 * C0, (n0 + e + 1) * L0 * C0), (e * lay[0]!.paddedRows + lay[0]!.left) * C0);
      plan.blocks.forEach((b, k) => {
        const l = lay[k]!;
        const w = weights[k]!;
        runner.parallelFor(CONV1D_MODULE, 'conv1d_forward', [inputs[k]!, w.wp, convOut, l.paddedRows, b.inChannels, b.kernelSize, b.dilation, l.convRows, b.filters], n * l.convRows, ROW_GRAIN);
        const next = k + 1 < plan.blocks.length ? { at: inputs[k + 1]!, rows: lay[k + 1]!.paddedRows, offset: lay[k + 1]!.left } : { at: pooled, rows: l.pooledRows, offset: 0 };
        runner.parallelFor(BNPOOL_MODULE, 'bn_relu_pool2', [convOut, next.at, l.convRows, l.pooledRows, b.filters, b.poolStride, l.poolPadLeft, w.mean, w.scale, w.beta, next.rows, next.offset], n * l.pooledRows, ROW_GRAIN);
      });
      runner.parallelFor(BNPOOL_MODULE, 'mean_over_length', [pooled, gap, lastRows, lastC], n, 1);
      features.set(new Float32Array(runner.buffer(), gap, n * lastC), n0 * lastC);
    }
  } finally {
    runner.release(mark);
  }
  return denseSoftmax(plan, features, batch, lastC);
}

/** The head: dense (in double precision; it is tiny) then softmax. */
function denseSoftmax(plan: FusedInferencePlan, features: Float32Array, batch: number, channels: number): Float32Array {
  const { units, denseKernel, denseBias } = plan;
  const out = new Float32Array(batch * units);
  const logits = new Float64Array(units);
  for (let n = 0; n < batch; n++) {
    for (let u = 0; u < units; u++) {
      let s = denseBias[u]!;
      for (let c = 0; c < channels; c++) s += features[n * channels + c]! * denseKernel[c * units + u]!;
      logits[u] = s;
    }
    const max = Math.max(...logits);
    let sum = 0;
    for (let u = 0; u < units; u++) sum += Math.exp(logits[u]! - max);
    for (let u = 0; u < units; u++) out[n * units + u] = Math.exp(logits[u]! - max) / sum;
  }
  return out;
}
