/**
 * Spec → tf.LayersModel. The model takes [L, C] windows (channels last) and outputs the softmax
 * over {noise, precursor}. Layer names follow the spec's structure (`block3_conv`, `block3_bn`, …)
 * so weights can be matched one for one with the PyTorch peer.
 *
 *   random_input (training only) → 7 × [conv → bn → relu → pool] → gap → dense → dropout → softmax
 *
 * Blocks with dilation 1 use the stock Conv1D; dilated blocks use DilatedConv1D, whose gradient
 * tfjs can compute (see layers/dilated-conv1d.ts). The dropout is SeededDropout, so that a seeded
 * model repeats and still draws a new mask each step (layers/seeded-dropout.ts).
 *
 * Not here: tf's model.fit shuffles with Math.random; a repeatable run shuffles its batches itself
 * (seeded) and passes `shuffle: false`.
 */
import * as tf from '@tensorflow/tfjs';
import { BatchNormalization } from './layers/batch-normalization';
import { DilatedConv1D } from './layers/dilated-conv1d';
import { RandomInput, redrawRandomInputEachEpoch } from './layers/random-input';
import { SeededDropout } from './layers/seeded-dropout';
import { type ModelSpec, parseSpec } from './spec';

export interface BuildOptions {
  /**
   * Seed of every random draw the model makes (initial weights, dropout masks, the random input
   * layer's first kernel): the same seed builds the same model. Unseeded if absent.
   */
  seed?: number;
}

/** A distinct, stable seed per use, derived from the model's seed. */
function seedFor(seed: number | undefined, index: number): number | undefined {
  return seed === undefined ? undefined : (seed * 7919 + index * 104_729) % 2_147_483_647;
}

/**
 * Build the network a spec describes (checked again here, so a hand-made object cannot bypass
 * the schema). The model is not compiled: see `compileModel`.
 */
export function buildModel(spec: ModelSpec, options: BuildOptions = {}): tf.LayersModel {
  const checked = parseSpec(spec, `model spec '${spec.name}'`);
  const { seed } = options;
  let nextSeed = 0;
  const initializer = (init: ModelSpec['conv']['kernelInitializer']) =>
    tf.initializers.randomNormal({ mean: init.mean, stddev: init.stddev, seed: seedFor(seed, nextSeed++) });

  const input = tf.input({ shape: [checked.input.length, checked.input.channels], name: 'window' });
  let x = input as tf.SymbolicTensor;
  if (checked.randomLayer !== null) {
    x = new RandomInput({
      name: 'random_input',
      kernelSize: checked.randomLayer.kernelSize,
      rmsRatio: checked.randomLayer.rmsRatio,
      seed: seedFor(seed, nextSeed++),
    }).apply(x) as tf.SymbolicTensor;
  }
  for (const [index, block] of checked.blocks.entries()) {
    const prefix = `block${index + 1}`;
    const convArgs = {
      name: `${prefix}_conv`,
      filters: block.filters,
      kernelSize: block.kernelSize,
      padding: checked.conv.padding,
      useBias: checked.conv.useBias,
      kernelInitializer: initializer(checked.conv.kernelInitializer),
    };
    const conv =
      block.dilation === 1
        ? tf.layers.conv1d({ ...convArgs, strides: 1, dilationRate: 1 })
        : new DilatedConv1D({ ...convArgs, dilationRate: block.dilation });
    x = conv.apply(x) as tf.SymbolicTensor;
    x = new BatchNormalization({ name: `${prefix}_bn`, axis: -1, momentum: checked.batchNorm.momentum, epsilon: checked.batchNorm.epsilon }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU({ name: `${prefix}_relu` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.maxPooling1d({ name: `${prefix}_pool`, poolSize: checked.pool.size, strides: block.poolStride, padding: checked.pool.padding }).apply(x) as tf.SymbolicTensor;
  }
  x = tf.layers.globalAveragePooling1d({ name: 'gap' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers
    .dense({
      name: 'dense',
      units: checked.head.dense.units,
      useBias: checked.head.dense.useBias,
      kernelInitializer: initializer(checked.head.dense.kernelInitializer),
      biasInitializer: 'zeros',
    })
    .apply(x) as tf.SymbolicTensor;
  x = new SeededDropout({ name: 'dropout', rate: checked.head.dropout, seed: seedFor(seed, nextSeed++) }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.softmax({ name: 'softmax' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x, name: checked.name });
}

/** Compile with the spec's optimizer, learning rate and loss (accuracy as the metric). */
export function compileModel(model: tf.LayersModel, spec: ModelSpec): void {
  model.compile({
    optimizer: tf.train.adam(spec.training.learningRate),
    loss: spec.training.loss,
    metrics: ['accuracy'],
  });
}

/**
 * The callbacks every training run of a spec needs: the random input layer's kernel re-drawn at
 * each epoch's start (seeded from `seed`), and early stopping on the validation loss.
 */
export function trainingCallbacks(model: tf.LayersModel, spec: ModelSpec, seed?: number): (tf.CustomCallback | tf.EarlyStopping)[] {
  return [
    redrawRandomInputEachEpoch(model, seed),
    tf.callbacks.earlyStopping({
      monitor: spec.training.earlyStopping.monitor,
      patience: spec.training.earlyStopping.patience,
      minDelta: spec.training.earlyStopping.minDelta,
      mode: 'min',
    }),
  ];
}
