/**
 * Batch-norm recalibration ("precise BN", PyTorch's `update_bn`): recompute every
 * BatchNormalization layer's moving mean and variance from a pass over training examples, so
 * that inference (which normalizes with the moving statistics) sees what training saw.
 *
 * Why: Keras' moving averages (momentum 0.99) need several hundred steps to forget their initial
 * 0 / 1, and the weights move under them meanwhile. A short run (the demo trains for ~100 steps)
 * ends with moving statistics far from the activations' real ones, and the model scores at chance
 * in inference mode while it scores well with batch statistics.
 *
 * How: the model is a chain (the builder makes one). Each batch goes through it layer by layer in
 * inference mode, except that every BatchNormalization layer normalizes with the batch's own
 * statistics (as in training) and those statistics are accumulated: the population mean and
 * variance over every (example, position) the layer saw, in float64. The random input layer and
 * the dropout are inactive (inference mode), so the statistics are those of the inputs inference
 * will see. Then the moving mean / variance are replaced. Nothing else changes: the trainable
 * weights, the optimizer, the layers' other state.
 */
import * as tf from '@tensorflow/tfjs';
import { ForeseisError } from '../../shared/errors';

/** What recalibration reads: examples it can copy into a [B, L, C] buffer (data.ts Examples fits). */
export interface ExampleSource {
  count: number;
  subWindowSamples: number;
  channels: number;
  fill(indices: ArrayLike<number>, out: Float32Array): Float32Array;
}

export interface RecalibrateOptions {
  /** examples per forward batch (default 32): batch statistics normalize within the pass */
  batchSize?: number;
  /** use at most this many examples, evenly spread over the source (default: all) */
  maxExamples?: number;
}

export interface RecalibrationResult {
  layers: number;
  examples: number;
}

const isBatchNorm = (layer: tf.layers.Layer): boolean => layer.getClassName() === 'BatchNormalization';

/** The model's layers after the input, checked to form a single chain (each fed by the one before). */
function chainLayers(model: tf.LayersModel): tf.layers.Layer[] {
  const layers = model.layers;
  for (let i = 1; i < layers.length; i++) {
    const nodes = layers[i].inboundNodes;
    if (nodes.length !== 1 || nodes[0].inboundLayers.length !== 1 || nodes[0].inboundLayers[0] !== layers[i - 1]) {
      throw new ForeseisError('internal', `batch-norm recalibration needs a chain of layers; layer '${layers[i].name}' is not fed by '${layers[i - 1].name}' alone`);
    }
  }
  return layers.slice(1);
}

/** Indices of `maxExamples` examples spread evenly over `count` (all when count ≤ maxExamples). */
export function spreadIndices(count: number, maxExamples?: number): Int32Array {
  const take = maxExamples === undefined ? count : Math.min(count, maxExamples);
  return Int32Array.from({ length: take }, (_, i) => Math.floor((i * count) / take));
}

/**
 * Recompute the moving statistics of every BatchNormalization layer of `model` from `source`.
 * Returns how many layers and examples it used (0 layers: the model has no batch norm).
 */
export async function recalibrateBatchNorm(model: tf.LayersModel, source: ExampleSource, options: RecalibrateOptions = {}): Promise<RecalibrationResult> {
  const layers = chainLayers(model);
  const bnLayers = layers.filter(isBatchNorm);
  const indices = spreadIndices(source.count, options.maxExamples);
  if (bnLayers.length === 0 || indices.length === 0) return { layers: bnLayers.length, examples: 0 };
  const batchSize = Math.max(1, options.batchSize ?? 32);
  const configs = bnLayers.map((layer) => {
    const config = layer.getConfig() as { epsilon: number; center: boolean; scale: boolean; axis: number | number[] };
    const axis = Array.isArray(config.axis) ? config.axis : [config.axis];
    if (axis.length !== 1 || (axis[0] !== -1 && axis[0] !== 2)) throw new ForeseisError('internal', `batch-norm recalibration supports the channel axis only ('${layer.name}' normalizes axis ${JSON.stringify(config.axis)})`);
    const weights = layer.weights;
    const find = (part: string): number => weights.findIndex((w) => w.originalName.endsWith(`/${part}`));
    const at = { gamma: find('gamma'), beta: find('beta'), mean: find('moving_mean'), variance: find('moving_variance') };
    if (at.mean < 0 || at.variance < 0) throw new ForeseisError('internal', `batch-norm layer '${layer.name}' has no moving statistics`);
    return { epsilon: config.epsilon, at };
  });
  const sums = bnLayers.map(() => ({ mean: null as Float64Array | null, square: null as Float64Array | null, count: 0 }));
  const { subWindowSamples: length, channels } = source;
  const buffer = new Float32Array(batchSize * length * channels);

  for (let start = 0; start < indices.length; start += batchSize) {
    const batch = indices.subarray(start, Math.min(start + batchSize, indices.length));
    const data = source.fill(batch, buffer);
    const moments = tf.tidy(() => {
      let x: tf.Tensor = tf.tensor3d(data, [batch.length, length, channels]);
      const out: tf.Tensor[] = [];
      const positions: number[] = [];
      let k = 0;
      for (const layer of layers) {
        if (!isBatchNorm(layer)) {
          x = layer.apply(x, { training: false }) as tf.Tensor;
          continue;
        }
        const { epsilon, at } = configs[k++];
        const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
        const { mean, variance } = tf.moments(x, axes);
        out.push(mean, variance);
        positions.push(x.size / x.shape[x.rank - 1]);
        const weights = layer.weights;
        const gamma = at.gamma >= 0 ? weights[at.gamma].read() : undefined;
        const beta = at.beta >= 0 ? weights[at.beta].read() : undefined;
        x = tf.batchNorm(x, mean, variance, beta, gamma, epsilon);
      }
      return { tensors: out, positions };
    });
    const values = await Promise.all(moments.tensors.map((t) => t.data<'float32'>()));
    tf.dispose(moments.tensors);
    // Batch k's moments weighted by the (example, position) pairs they cover.
    bnLayers.forEach((_, k) => {
      const mean = values[2 * k];
      const variance = values[2 * k + 1];
      const positions = moments.positions[k];
      const s = sums[k];
      s.mean ??= new Float64Array(mean.length);
      s.square ??= new Float64Array(mean.length);
      for (let c = 0; c < mean.length; c++) {
        s.mean[c] += mean[c] * positions;
        s.square[c] += (variance[c] + mean[c] * mean[c]) * positions;
      }
      s.count += positions;
    });
  }

  bnLayers.forEach((layer, k) => {
    const s = sums[k];
    if (s.mean === null || s.square === null) return;
    const sumMean = s.mean;
    const mean = Float32Array.from(sumMean, (v) => v / s.count);
    const variance = Float32Array.from(s.square, (v, c) => Math.max(0, v / s.count - (sumMean[c] / s.count) ** 2));
    const { at } = configs[k];
    const weights = layer.weights;
    tf.tidy(() => {
      weights[at.mean].write(tf.tensor1d(mean));
      weights[at.variance].write(tf.tensor1d(variance));
    });
  });
  return { layers: bnLayers.length, examples: indices.length };
}
