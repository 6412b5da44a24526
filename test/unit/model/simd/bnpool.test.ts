/**
 * The bnpool kernels (fused training batch norm and its gradient, MaxPoolGrad for pools of two)
 * on the wasm backend against tfjs' stock ops on the cpu backend: forward values and gradients,
 * relative error (max |Δ| / max |cpu|) < 1e-4, over batch 1, odd lengths, channel counts 3 to 256,
 * pool strides 1 and 2 with 'same' and 'valid' padding, NaN and negative-only windows; then one
 * seeded Adam step of a conv → BN → ReLU → pool block with and without the kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel, compileModel } from '../../../../src/main/model/builder';
import { selectEngine } from '../../../../src/main/model/engine';
import { BN_TRAIN, BN_TRAIN_GRAD, fusedBatchNormAvailable, registerBnPoolKernels, unregisterBnPoolKernels } from '../../../../src/main/model/kernels/simd/bnpool';
import { InlineRunner } from '../../../../src/main/model/kernels/simd/inline-runner';
import { splitRange } from '../../../../src/main/model/kernels/simd/kernel-runner';
import { loadSpec } from '../../../../src/main/model/spec-file';
import { withInputLength } from '../../../../src/main/model/spec';
import { BatchNormalization } from '../../../../src/main/model/layers/batch-normalization';
import { normalValues, relativeError } from '../helpers';

const TOLERANCE = 1e-4;
/**
 * One thread, but every parallelFor split into three parts run one after another: what a threaded
 * runner does, so a kernel that writes outside its part of the range (or needs the whole range in
 * one call) fails here.
 */
class SplitRunner extends InlineRunner {
  override parallelFor(module: string, fn: string, args: readonly number[], total: number, grain = 1): void {
    for (const [start, end] of splitRange(total, 3, grain)) this.call(module, fn, [...args, start, end]);
  }
}
const runner = new SplitRunner(['bnpool']);
/** Small chunks (the default is 2^18 floats), so modest shapes run over several chunks. */
const options = { chunkFloats: 1 << 14 };

/** The wasm engine, with or without the kernels (selectEngine re-registers the stock fills, so register after it). */
async function useWasm(withKernels: boolean): Promise<void> {
  await selectEngine('wasm');
  if (withKernels) registerBnPoolKernels(runner, options);
  else unregisterBnPoolKernels();
}

beforeAll(async () => {
  await useWasm(true);
});
afterAll(() => {
  unregisterBnPoolKernels();
});

interface Values {
  [name: string]: Float32Array;
}

const EPSILON = 1e-3;

/**
 * loss = Σ w·y + Σ u·mean + Σ v·variance for batch norm in training, so the gradient reaches x
 * through the normalization and through both statistics; returns y, mean, variance and the
 * gradients of x, γ, β.
 */
function batchNormCase(fused: boolean, x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, w: tf.Tensor, u: tf.Tensor, v: tf.Tensor): Values {
  return tf.tidy(() => {
    const forward = (xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor[] => {
      if (fused) return tf.engine().runKernel(BN_TRAIN, { x: xi, gamma: g, beta: b }, { epsilon: EPSILON }) as tf.Tensor[];
      // What tfjs-layers' BatchNormalization does in training (regularNormalizeBatchInTraining).
      const axes = Array.from({ length: xi.rank - 1 }, (_, i) => i);
      const { mean, variance } = tf.moments(xi, axes);
      return [tf.batchNorm(xi, mean, variance, b, g, EPSILON), mean, variance];
    };
    const [y, mean, variance] = forward(x, gamma, beta);
    const grads = tf.grads((xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const [yi, m, s] = forward(xi, g, b);
      return tf.addN([tf.sum(tf.mul(yi!, w)), tf.sum(tf.mul(m!, u)), tf.sum(tf.mul(s!, v))]);
    })([x, gamma, beta]);
    return {
      y: y!.dataSync() as Float32Array,
      mean: mean!.dataSync() as Float32Array,
      variance: variance!.dataSync() as Float32Array,
      dx: grads[0]!.dataSync() as Float32Array,
      dgamma: grads[1]!.dataSync() as Float32Array,
      dbeta: grads[2]!.dataSync() as Float32Array,
    };
  });
}

async function onCpu<T>(f: () => T): Promise<T> {
  await tf.setBackend('cpu');
  try {
    return f();
  } finally {
    await useWasm(true);
  }
}

describe('fused batch norm (training) on wasm', () => {
  const shapes: number[][] = [
    [1, 7, 3],
    [2, 13, 8],
    [3, 33, 13],
    [2, 101, 64],
    [1, 9, 256],
    [16, 1025, 8],
    [4, 5, 6, 5],
    // several chunks of rows (with the tests' small chunks), the last one partial
    [3, 1001, 8],
    [2, 150, 256],
  ];
  for (const shape of shapes) {
    it(`matches the stock ops on cpu for x ${JSON.stringify(shape)}`, async () => {
      const C = shape[shape.length - 1]!;
      const seed = shape.reduce((a, b) => a * 31 + b, 7);
      // An offset mean, so the one-pass variance's shift is exercised.
      const xValues = normalValues(shape, seed).map((value, i) => 3 * value + 5 + (i % C) * 0.5);
      const make = (): tf.Tensor[] => [
        tf.tensor(xValues, shape),
        tf.tensor(normalValues([C], seed + 1).map((g) => 1 + 0.3 * g), [C]),
        tf.tensor(normalValues([C], seed + 2), [C]),
        tf.tensor(normalValues(shape, seed + 3), shape),
        tf.tensor(normalValues([C], seed + 4), [C]),
        tf.tensor(normalValues([C], seed + 5), [C]),
      ];
      const run = (fused: boolean): Values => {
        const t = make();
        try {
          return batchNormCase(fused, t[0]!, t[1]!, t[2]!, t[3]!, t[4]!, t[5]!);
        } finally {
          tf.dispose(t);
        }
      };
      const expected = await onCpu(() => run(false));
      expect(fusedBatchNormAvailable('wasm')).toBe(true);
      const actual = run(true);
      for (const key of Object.keys(expected)) {
        const error = relativeError(actual[key]!, expected[key]!);
        expect(error, `${key}: relative error ${error}`).toBeLessThan(TOLERANCE);
      }
    });
  }
});

interface PoolCase {
  shape: [number, number, number];
  stride: number;
  pad: 'same' | 'valid';
  fill?: 'negative' | 'nan';
}

/** The gradient of MaxPooling1D's max pool (pool 2 along the length of [N, L, 1, C]) for a given dy. */
function poolGrad(c: PoolCase, xValues: Float32Array, dyValues: (outShape: number[]) => Float32Array): Float32Array {
  return tf.tidy(() => {
    const [n, l, ch] = c.shape;
    const x = tf.tensor4d(xValues, [n, l, 1, ch]);
    const outShape = tf.maxPool(x, [2, 1], [c.stride, 1], c.pad).shape;
    const dy = tf.tensor(dyValues(outShape), outShape);
    return tf.grad((xi: tf.Tensor) => tf.maxPool(xi as tf.Tensor4D, [2, 1], [c.stride, 1], c.pad))(x, dy).dataSync() as Float32Array;
  });
}

describe('MaxPool and MaxPoolGrad (pool 2 along one axis) on wasm', () => {
  const cases: PoolCase[] = [];
  for (const shape of [
    [1, 7, 3],
    [2, 16, 8],
    [3, 33, 13],
    [2, 64, 64],
    [1, 11, 256],
    [5, 201, 64], // several chunks of examples
  ] as [number, number, number][]) {
    for (const stride of [1, 2]) for (const pad of ['same', 'valid'] as const) cases.push({ shape, stride, pad });
  }
  cases.push({ shape: [2, 15, 13], stride: 1, pad: 'same', fill: 'negative' }, { shape: [2, 15, 13], stride: 2, pad: 'same', fill: 'negative' });
  cases.push({ shape: [2, 15, 13], stride: 1, pad: 'same', fill: 'nan' }, { shape: [2, 16, 8], stride: 2, pad: 'valid', fill: 'nan' });
  for (const c of cases) {
    it(`matches cpu for [N, L, C] = ${JSON.stringify(c.shape)}, stride ${c.stride}, '${c.pad}'${c.fill ? `, ${c.fill} inputs` : ''}`, async () => {
      const size = c.shape[0] * c.shape[1] * c.shape[2];
      const seed = size + c.stride;
      let xValues = normalValues([size], seed);
      if (c.fill === 'negative') xValues = xValues.map((v) => -Math.abs(v) - 0.1);
      if (c.fill === 'nan') xValues = xValues.map((v, i) => (i % 5 === 0 ? NaN : i % 7 === 0 ? -Infinity : v));
      const dy = (outShape: number[]): Float32Array => normalValues([outShape.reduce((a, b) => a * b, 1)], seed + 1);
      const forward = (): Float32Array => tf.tidy(() => tf.maxPool(tf.tensor4d(xValues, [c.shape[0], c.shape[1], 1, c.shape[2]]), [2, 1], [c.stride, 1], c.pad).dataSync() as Float32Array);
      // the forward pass (MaxPool, replaced too) first: the same values as the cpu backend, -inf included
      const forwardExpected = await onCpu(forward);
      const forwardActual = forward();
      expect(Array.from(forwardActual)).toEqual(Array.from(forwardExpected));
      const expected = await onCpu(() => poolGrad(c, xValues, dy));
      const actual = poolGrad(c, xValues, dy);
      if (c.fill === 'negative') expect(expected.some((v) => v !== 0)).toBe(true);
      const error = relativeError(actual, expected);
      expect(error, `relative error ${error}`).toBeLessThan(TOLERANCE);
    });
  }
});

describe('Cast on wasm', () => {
  it('shares the data for the same dtype and converts otherwise', () => {
    const values = normalValues([4, 6], 4).map((v) => 10 * v);
    const x = tf.tensor2d(values, [4, 6]);
    const same = tf.cast(x, 'float32');
    const ints = tf.cast(x, 'int32');
    const backend = tf.backend() as unknown as { refCount: (id: object) => number };
    expect(backend.refCount(x.dataId)).toBe(2);
    x.dispose();
    expect(Array.from(same.dataSync())).toEqual(Array.from(values));
    expect(ints.dtype).toBe('int32');
    expect(Array.from(ints.dataSync())).toEqual(Array.from(values, (v) => Math.trunc(v)));
    tf.dispose([same, ints]);
  });
});

describe('Mean over middle axes on wasm', () => {
  const cases: { shape: number[]; axis: number | number[]; keepDims?: boolean }[] = [
    { shape: [4, 301, 64], axis: 1 },
    { shape: [1, 77, 3], axis: 1, keepDims: true },
    { shape: [3, 2500, 13], axis: -2 },
    { shape: [2, 9, 1500, 8], axis: [1, 2] },
    { shape: [5, 33, 256], axis: [0, 1] },
    { shape: [3, 40, 8], axis: 2 }, // innermost: the kernel it replaced
    { shape: [3, 40, 8], axis: [0, 2] }, // not contiguous: the kernel it replaced
  ];
  for (const c of cases) {
    it(`matches cpu for ${JSON.stringify(c.shape)}, axis ${JSON.stringify(c.axis)}${c.keepDims ? ', keepDims' : ''}`, async () => {
      const values = normalValues(c.shape, c.shape.length * 101 + c.shape[1]!).map((v) => v + 2);
      const run = (): { shape: number[]; values: Float32Array } =>
        tf.tidy(() => {
          const m = tf.mean(tf.tensor(values, c.shape), c.axis, c.keepDims);
          return { shape: m.shape, values: m.dataSync() as Float32Array };
        });
      const expected = await onCpu(run);
      const actual = run();
      expect(actual.shape).toEqual(expected.shape);
      expect(relativeError(actual.values, expected.values)).toBeLessThan(TOLERANCE);
    });
  }
});

describe('batch norm at inference (FusedBatchNorm) on wasm', () => {
  const cases: { shape: number[]; withScale: boolean; withOffset: boolean }[] = [
    { shape: [1, 77, 3], withScale: true, withOffset: true },
    { shape: [4, 1001, 13], withScale: true, withOffset: true },
    { shape: [2, 3000, 64], withScale: false, withOffset: true }, // several chunks
    { shape: [3, 257, 8], withScale: true, withOffset: false },
  ];
  for (const c of cases) {
    it(`matches cpu for ${JSON.stringify(c.shape)}${c.withScale ? '' : ', no scale'}${c.withOffset ? '' : ', no offset'}`, async () => {
      const C = c.shape[c.shape.length - 1]!;
      const x = normalValues(c.shape, C * 7 + 1).map((v) => 3 * v + 1);
      const mean = normalValues([C], C + 2);
      const variance = normalValues([C], C + 3).map((v) => v * v + 0.1);
      const offset = normalValues([C], C + 4);
      const scale = normalValues([C], C + 5);
      const run = (): Float32Array =>
        tf.tidy(
          () =>
            tf
              .batchNorm(tf.tensor(x, c.shape), tf.tensor1d(mean), tf.tensor1d(variance), c.withOffset ? tf.tensor1d(offset) : undefined, c.withScale ? tf.tensor1d(scale) : undefined, EPSILON)
              .dataSync() as Float32Array,
        );
      const expected = await onCpu(run);
      expect(relativeError(run(), expected)).toBeLessThan(TOLERANCE);
    });
  }
  it('leaves statistics that are not per last channel to the stock kernel', async () => {
    const x = normalValues([2, 5, 4], 9);
    const run = (): Float32Array => tf.tidy(() => tf.batchNorm(tf.tensor(x, [2, 5, 4]), tf.scalar(0.5), tf.scalar(2), undefined, undefined, EPSILON).dataSync() as Float32Array);
    expect(relativeError(run(), await onCpu(run))).toBeLessThan(TOLERANCE);
  });
});

describe('ReLU gradient from the output', () => {
  it('matches the stock gradient on cpu, zeros and negative values included', async () => {
    const values = normalValues([5, 17, 13], 41).map((v, i) => (i % 9 === 0 ? 0 : v));
    const dyValues = normalValues([5, 17, 13], 42);
    const grad = (): Float32Array =>
      tf.tidy(() => tf.grad((x: tf.Tensor) => tf.relu(x))(tf.tensor(values, [5, 17, 13]), tf.tensor(dyValues, [5, 17, 13])).dataSync() as Float32Array);
    const expected = await onCpu(grad);
    expect(tf.getGradient(tf.Relu)?.outputsToSave).toEqual([true]);
    expect(relativeError(grad(), expected)).toBe(0);
  });
});

describe('switching the kernels', () => {
  it('unregister restores the kernels registered before, register brings them back', async () => {
    await useWasm(false);
    const stockPoolGrad = tf.getKernel(tf.MaxPoolGrad, 'wasm')!.kernelFunc;
    const stockCast = tf.getKernel(tf.Cast, 'wasm')!.kernelFunc;
    const stockMean = tf.getKernel(tf.Mean, 'wasm')!.kernelFunc;
    expect(fusedBatchNormAvailable('wasm')).toBe(false);
    expect(registerBnPoolKernels(runner, options)).toEqual([BN_TRAIN, BN_TRAIN_GRAD, 'MaxPoolGrad', 'Mean', 'MaxPool', 'FusedBatchNorm', 'Cast']);
    expect(fusedBatchNormAvailable('wasm')).toBe(true);
    expect(tf.getKernel(tf.MaxPoolGrad, 'wasm')!.kernelFunc).not.toBe(stockPoolGrad);
    unregisterBnPoolKernels();
    expect(tf.getKernel(tf.MaxPoolGrad, 'wasm')!.kernelFunc).toBe(stockPoolGrad);
    expect(tf.getKernel(tf.Cast, 'wasm')!.kernelFunc).toBe(stockCast);
    expect(tf.getKernel(tf.Mean, 'wasm')!.kernelFunc).toBe(stockMean);
    expect(tf.getGradient(tf.Relu)?.inputsToSave).toEqual(['x']);
    expect(fusedBatchNormAvailable('wasm')).toBe(false);
    await useWasm(true);
  });

  it('the layer keeps the stock class name and config, so a saved model loads into it', () => {
    const layer = new BatchNormalization({ name: 'bn', momentum: 0.9, epsilon: 0.01 });
    expect(layer.getClassName()).toBe('BatchNormalization');
    const model = tf.sequential({ layers: [tf.layers.inputLayer({ inputShape: [5, 3] }), layer] });
    const loaded = tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) } as unknown as tf.io.ModelJSON);
    return loaded.then((m) => {
      const bn = m.layers[m.layers.length - 1]!;
      expect(bn).toBeInstanceOf(BatchNormalization);
      expect(bn.getConfig()).toEqual(layer.getConfig());
      expect(bn.weights.map((w) => w.originalName)).toEqual(layer.weights.map((w) => w.originalName));
      m.dispose();
      model.dispose();
    });
  });
});

describe('one training step of a conv → BN → ReLU → pool block', () => {
  /** Weights (and moving statistics) after one seeded Adam step on the active backend (the dense layer gives logits). */
  async function oneStep(): Promise<{ weights: Float32Array[]; kernels: string[] }> {
    const model = tf.sequential({
      layers: [
        tf.layers.conv1d({ inputShape: [63, 3], filters: 13, kernelSize: 5, padding: 'same', useBias: false, kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.3, seed: 11 }) }),
        new BatchNormalization({ momentum: 0.9, epsilon: 1e-3 }),
        tf.layers.reLU(),
        tf.layers.maxPooling1d({ poolSize: 2, strides: 2, padding: 'same' }),
        tf.layers.globalAveragePooling1d(),
        tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.3, seed: 12 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
    const x = tf.tensor3d(normalValues([4, 63, 3], 21), [4, 63, 3]);
    const y = tf.oneHot(tf.tensor1d([0, 1, 1, 0], 'int32'), 2);
    return trainStep(model, x, y);
  }

  /** One optimizer step through the path model.fit takes (optimizer.minimize over the loss), and the kernels it ran. */
  async function trainStep(model: tf.Sequential, x: tf.Tensor, y: tf.Tensor): Promise<{ weights: Float32Array[]; kernels: string[] }> {
    const optimizer = model.optimizer;
    const info = await tf.profile(() => {
      optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, false);
    });
    const weights = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
    tf.dispose([x, y]);
    model.dispose();
    return { weights, kernels: info.kernelNames };
  }

  it('gives the same weights after one Adam step with and without the kernels', async () => {
    await useWasm(false);
    const stock = await oneStep();
    await useWasm(true);
    const fused = await oneStep();
    expect(stock.kernels).not.toContain(BN_TRAIN);
    expect(fused.kernels).toContain(BN_TRAIN);
    expect(fused.kernels).toContain(BN_TRAIN_GRAD);
    expect(fused.weights.length).toBe(stock.weights.length);
    for (let i = 0; i < stock.weights.length; i++) {
      const error = relativeError(fused.weights[i]!, stock.weights[i]!);
      expect(error, `weight ${i}: relative error ${error}`).toBeLessThan(TOLERANCE);
    }
  });
});

describe('one training step of the compact preset (L = 256)', () => {
  /** Every weight of the seeded model after one trainOnBatch on seeded data. */
  async function trainOnce(): Promise<Float32Array[]> {
    const spec = withInputLength(loadSpec('compact'), 256);
    const model = buildModel(spec, { seed: 5 });
    compileModel(model, spec);
    const x = tf.tensor3d(normalValues([4, 256, 3], 31), [4, 256, 3]);
    const y = tf.oneHot(tf.tensor1d([1, 0, 0, 1], 'int32'), 2);
    await model.trainOnBatch(x, y);
    const weights = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
    tf.dispose([x, y]);
    model.dispose();
    return weights;
  }

  it('gives the same weights with and without the kernels (and the tape release)', async () => {
    await useWasm(false);
    const stock = await trainOnce();
    await useWasm(true);
    const fused = await trainOnce();
    expect(fused.length).toBe(stock.length);
    for (let i = 0; i < stock.length; i++) {
      const error = relativeError(fused[i]!, stock[i]!);
      expect(error, `weight ${i}: relative error ${error}`).toBeLessThan(TOLERANCE);
    }
  });
});
