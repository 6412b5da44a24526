/** Batch-norm recalibration: inference mode afterwards normalizes as training mode does. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, compileModel, loadSpec, type ModelSpec, parseSpec } from '../../../src/main/model';
import { type ExampleSource, recalibrateBatchNorm, spreadIndices } from '../../../src/main/training/batch-norm';
import { modelFromBytes, modelToBytes } from '../../../src/main/training/model-io';

const L = 64;
const C = 3;

/**
 * Three small blocks of the compact layout (one dilated) at a short length, without the random
 * input layer and the dropout (so training mode is deterministic): fast on the cpu backend.
 */
function toySpec(): ModelSpec {
  const spec = loadSpec('compact');
  return parseSpec({
    ...spec,
    name: 'toy',
    input: { ...spec.input, length: L },
    randomLayer: null,
    blocks: [
      { filters: 4, kernelSize: 5, dilation: 1, poolStride: 1 },
      { filters: 4, kernelSize: 5, dilation: 1, poolStride: 2 },
      { filters: 8, kernelSize: 3, dilation: 2, poolStride: 1 },
    ],
    head: { ...spec.head, dropout: 0 },
  });
}

/** Examples in memory: a deterministic pseudo-random source whose class 1 carries a sine of growing amplitude. */
function toySource(count: number, seed: number): ExampleSource & { labels: (0 | 1)[]; data: Float32Array } {
  let state = seed >>> 0;
  const random = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const data = new Float32Array(count * L * C);
  const labels: (0 | 1)[] = [];
  for (let k = 0; k < count; k++) {
    const label = (k % 2) as 0 | 1;
    labels.push(label);
    const phase = random() * 2 * Math.PI;
    for (let t = 0; t < L; t++) {
      for (let c = 0; c < C; c++) {
        // an offset and a scale far from BN's initial 0 / 1, and a class-1 tone at 1/8 of the sample rate
        data[(k * L + t) * C + c] = 3 + 2 * gauss() + (label === 1 ? 1.5 * Math.sin((2 * Math.PI * t) / 8 + phase) : 0);
      }
    }
  }
  const size = L * C;
  return {
    count,
    subWindowSamples: L,
    channels: C,
    labels,
    data,
    fill(indices, out) {
      for (let i = 0; i < indices.length; i++) out.set(data.subarray(indices[i] * size, (indices[i] + 1) * size), i * size);
      return out.subarray(0, indices.length * size);
    },
  };
}

function allInputs(source: ReturnType<typeof toySource>): tf.Tensor3D {
  return tf.tensor3d(source.data, [source.count, L, C]);
}

function accuracy(probabilities: Float32Array | Int32Array | Uint8Array, labels: readonly (0 | 1)[]): number {
  let correct = 0;
  labels.forEach((label, i) => {
    if ((probabilities[2 * i + 1] > probabilities[2 * i] ? 1 : 0) === label) correct++;
  });
  return correct / labels.length;
}

/** Each batch-norm layer's moving statistics, in layer order. */
function movingStats(model: tf.LayersModel): { mean: number[]; variance: number[] }[] {
  return model.layers
    .filter((l) => l.getClassName() === 'BatchNormalization')
    .map((l) => {
      const byName = (part: string): number[] => [...(l.weights.find((w) => w.originalName.endsWith(part))?.read().dataSync() ?? [])];
      return { mean: byName('/moving_mean'), variance: byName('/moving_variance') };
    });
}

describe('batch-norm recalibration', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('spreads a capped selection evenly over the examples', () => {
    expect([...spreadIndices(5)]).toEqual([0, 1, 2, 3, 4]);
    expect([...spreadIndices(10, 4)]).toEqual([0, 2, 5, 7]);
    expect([...spreadIndices(3, 10)]).toEqual([0, 1, 2]);
  });

  it('sets the first layer to its input population statistics, and inference then matches training-mode outputs', async () => {
    const source = toySource(48, 1);
    const model = buildModel(toySpec(), { seed: 2 });
    const x = allInputs(source);
    // One batch holding every example: the recalibrated statistics are exactly the batch's at every layer.
    const result = await recalibrateBatchNorm(model, source, { batchSize: source.count });
    expect(result).toEqual({ layers: 3, examples: 48 });

    const firstConv = model.getLayer('block1_conv');
    const conv = firstConv.apply(x) as tf.Tensor;
    const { mean, variance } = tf.moments(conv, [0, 1]);
    const stats = movingStats(model);
    const expectClose = (got: number[], want: number[], tolerance: number): void => {
      want.forEach((w, i) => expect(Math.abs(got[i] - w)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(w))));
    };
    expectClose(stats[0].mean, [...mean.dataSync()], 1e-4);
    expectClose(stats[0].variance, [...variance.dataSync()], 1e-4);

    const inference = (model.predict(x) as tf.Tensor).dataSync();
    const batchMode = (model.apply(x, { training: true }) as tf.Tensor).dataSync();
    const maxDiff = Math.max(...Array.from(inference, (v, i) => Math.abs(v - batchMode[i])));
    expect(maxDiff).toBeLessThan(1e-3);

    // In smaller batches the statistics are those of the population, up to the batch-to-batch spread.
    const again = buildModel(toySpec(), { seed: 2 });
    await recalibrateBatchNorm(again, source, { batchSize: 12 });
    const againStats = movingStats(again);
    stats.forEach((s, k) => {
      expectClose(againStats[k].mean, s.mean, 0.05);
      againStats[k].variance.forEach((v, i) => expect(Math.abs(v / s.variance[i] - 1)).toBeLessThan(0.1));
    });
    const againOut = (again.predict(x) as tf.Tensor).dataSync();
    expect(Math.max(...Array.from(againOut, (v, i) => Math.abs(v - batchMode[i])))).toBeLessThan(0.02);
    tf.dispose([x, conv, mean, variance]);
    model.dispose();
    again.dispose();
  });

  it('after a short training, inference accuracy is at least what it was, and the saved model carries the statistics', async () => {
    const spec = toySpec();
    const train = toySource(96, 3);
    const test = toySource(64, 4);
    const model = buildModel(spec, { seed: 5 });
    compileModel(model, spec);
    const buffer = new Float32Array(16 * L * C);
    for (let step = 0; step < 24; step++) {
      const indices = Int32Array.from({ length: 16 }, (_, i) => (step * 16 + i * 7) % train.count);
      const xs = tf.tensor3d(train.fill(indices, buffer), [16, L, C]);
      const ys = tf.oneHot(tf.tensor1d(Array.from(indices, (k) => train.labels[k]), 'int32'), 2);
      await model.trainOnBatch(xs, ys);
      tf.dispose([xs, ys]);
    }
    const xTest = allInputs(test);
    const before = accuracy((model.predict(xTest) as tf.Tensor).dataSync(), test.labels);
    const batchMode = accuracy((model.apply(xTest, { training: true }) as tf.Tensor).dataSync(), test.labels);
    await recalibrateBatchNorm(model, train, { batchSize: 32 });
    const after = accuracy((model.predict(xTest) as tf.Tensor).dataSync(), test.labels);
    // Measured: 0.50 before (the moving statistics are still near 0 / 1), 0.94 with batch statistics, 0.94 after.
    expect(after).toBeGreaterThanOrEqual(before);
    expect(after).toBeGreaterThanOrEqual(batchMode - 0.1);
    expect(after).toBeGreaterThan(0.8);

    const saved = await modelToBytes(model);
    const loaded = await modelFromBytes(saved.modelJson, saved.weights);
    expect(movingStats(loaded)).toEqual(movingStats(model));
    expect(accuracy((loaded.predict(xTest) as tf.Tensor).dataSync(), test.labels)).toBe(after);
    xTest.dispose();
    model.dispose();
    loaded.dispose();
  });
});
