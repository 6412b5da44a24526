/**
 * The builder: both presets give the network of MODEL.md (parameter counts worked out by hand from
 * the table, output shapes, which layer does what), the random input layer behaves (identity at
 * inference, noise at 0.25 × RMS in training, seeded redraws), seeded builds repeat, and a saved
 * model loads back and predicts identically.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, compileModel, trainingCallbacks } from '../../../src/main/model/builder';
import { selectEngine } from '../../../src/main/model/engine';
import { DilatedConv1D } from '../../../src/main/model/layers/dilated-conv1d';
import { RandomInput, randomInputLayers, redrawRandomInputEachEpoch } from '../../../src/main/model/layers/random-input';
import { SeededDropout } from '../../../src/main/model/layers/seeded-dropout';
import { withInputLength } from '../../../src/main/model/spec';
import { loadSpec } from '../../../src/main/model/spec-file';
import { normalValues, relativeError } from './helpers';

beforeAll(async () => {
  await selectEngine('wasm');
});

function count(weights: tf.LayerVariable[]): number {
  return weights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
}

describe('both presets', () => {
  // By hand from MODEL.md's table: conv k·in·out (no bias), batch norm γ, β trainable and moving
  // mean, variance not, dense in·2 + 2.
  const expected = {
    paper: {
      // 7·3·32 + 7·32·32 + 5·32·64 + 5·64·64 + 3·64·128 + 3·128·256 + 3·256·256
      conv: 672 + 7168 + 10240 + 20480 + 24576 + 98304 + 196608,
      batchNorm: 2 * (32 + 32 + 64 + 64 + 128 + 256 + 256),
      dense: 256 * 2 + 2,
    },
    compact: {
      // 7·3·8 + 7·8·8 + 5·8·16 + 5·16·16 + 3·16·32 + 3·32·64 + 3·64·64
      conv: 168 + 448 + 640 + 1280 + 1536 + 6144 + 12288,
      batchNorm: 2 * (8 + 8 + 16 + 16 + 32 + 64 + 64),
      dense: 64 * 2 + 2,
    },
  };

  for (const name of ['paper', 'compact'] as const) {
    it(`${name}: parameter counts, output shape and layer kinds`, () => {
      const model = buildModel(loadSpec(name), { seed: 1 });
      const e = expected[name];
      expect(count(model.trainableWeights)).toBe(e.conv + e.batchNorm + e.dense);
      expect(count(model.nonTrainableWeights)).toBe(e.batchNorm);
      expect(model.inputs[0]!.shape).toEqual([null, 16384, 3]);
      expect(model.outputs[0]!.shape).toEqual([null, 2]);
      expect(model.getLayer('block2_pool').outputShape).toEqual([null, 8192, name === 'paper' ? 32 : 8]);
      expect(model.getLayer('block7_pool').outputShape).toEqual([null, 8192, name === 'paper' ? 256 : 64]);
      expect(model.getLayer('random_input')).toBeInstanceOf(RandomInput);
      expect(model.getLayer('dropout')).toBeInstanceOf(SeededDropout);
      const convs = [1, 2, 3, 4, 5, 6, 7].map((b) => model.getLayer(`block${b}_conv`));
      expect(convs.map((layer) => layer.getClassName())).toEqual(['Conv1D', 'Conv1D', 'DilatedConv1D', 'DilatedConv1D', 'DilatedConv1D', 'DilatedConv1D', 'DilatedConv1D']);
      expect(convs.slice(2).map((layer) => (layer as DilatedConv1D).dilationRate)).toEqual([2, 4, 8, 16, 32]);
      expect(convs.every((layer) => layer.getWeights().length === 1)).toBe(true); // no bias
      model.dispose();
    });
  }

  it('the compact preset at full length predicts one window: softmax probabilities', () => {
    const model = buildModel(loadSpec('compact'), { seed: 2 });
    const p = tf.tidy(() => (model.predict(tf.randomNormal([1, 16384, 3], 0, 1, 'float32', 3)) as tf.Tensor).dataSync());
    expect(p).toHaveLength(2);
    expect(p[0]! + p[1]!).toBeCloseTo(1, 5);
    model.dispose();
  });

  it('initializes conv kernels from N(0, 0.05)', () => {
    const model = buildModel(loadSpec('paper'), { seed: 4 });
    const values = Array.from(model.getLayer('block7_conv').getWeights()[0]!.dataSync());
    const mean = values.reduce((a, v) => a + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
    expect(Math.abs(mean)).toBeLessThan(0.002);
    expect(std).toBeGreaterThan(0.048);
    expect(std).toBeLessThan(0.052);
    model.dispose();
  });
});

describe('seeds', () => {
  const spec = withInputLength(loadSpec('compact'), 256);
  const weightsOf = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));

  it('the same seed builds the same model; another seed another one', () => {
    const a = buildModel(spec, { seed: 11 });
    const b = buildModel(spec, { seed: 11 });
    const c = buildModel(spec, { seed: 12 });
    expect(weightsOf(a)).toEqual(weightsOf(b));
    expect(weightsOf(a)).not.toEqual(weightsOf(c));
    for (const m of [a, b, c]) m.dispose();
  });

  it('seeded dropout repeats across runs yet changes from step to step', () => {
    const layer = new SeededDropout({ rate: 0.5, seed: 5 });
    const twin = new SeededDropout({ rate: 0.5, seed: 5 });
    const x = tf.ones([64]);
    const first = (layer.apply(x, { training: true }) as tf.Tensor).dataSync();
    const second = (layer.apply(x, { training: true }) as tf.Tensor).dataSync();
    expect(Array.from((twin.apply(x, { training: true }) as tf.Tensor).dataSync())).toEqual(Array.from(first));
    expect(Array.from(second)).not.toEqual(Array.from(first));
    expect(Array.from((layer.apply(x) as tf.Tensor).dataSync())).toEqual(Array.from(x.dataSync()));
  });
});

describe('random input layer', () => {
  const shape = [4, 1000, 3];

  function rms(values: ArrayLike<number>, from: number, to: number): number {
    let s = 0;
    for (let i = from; i < to; i++) s += values[i]! ** 2;
    return Math.sqrt(s / (to - from));
  }

  it('is the identity at inference', () => {
    const layer = new RandomInput({ kernelSize: 9, rmsRatio: 0.25, seed: 1 });
    const x = tf.tensor3d(normalValues(shape, 1), shape as [number, number, number]);
    expect(Array.from((layer.apply(x) as tf.Tensor).dataSync())).toEqual(Array.from(x.dataSync()));
    expect(Array.from((layer.apply(x, { training: false }) as tf.Tensor).dataSync())).toEqual(Array.from(x.dataSync()));
  });

  it('adds noise at 0.25 × the RMS of each window in training', () => {
    const layer = new RandomInput({ kernelSize: 9, rmsRatio: 0.25, seed: 1 });
    // Windows of very different amplitude: the ratio holds per window.
    const values = normalValues(shape, 2);
    for (let i = 0; i < values.length; i++) values[i]! *= [1, 10, 0.01, 3][Math.floor(i / 3000)]!;
    const x = tf.tensor3d(values, shape as [number, number, number]);
    const y = (layer.apply(x, { training: true }) as tf.Tensor).dataSync();
    const per = shape[1]! * shape[2]!;
    for (let b = 0; b < shape[0]!; b++) {
      const noise = Array.from({ length: per }, (_, i) => y[b * per + i]! - values[b * per + i]!);
      expect(rms(noise, 0, per) / rms(values, b * per, (b + 1) * per)).toBeCloseTo(0.25, 3);
    }
  });

  it('leaves an all-zero window at zero', () => {
    const layer = new RandomInput({ kernelSize: 9, rmsRatio: 0.25, seed: 1 });
    const y = (layer.apply(tf.zeros([1, 50, 3]), { training: true }) as tf.Tensor).dataSync();
    expect(y.every((v) => v === 0)).toBe(true);
  });

  it('re-draws its kernel at each epoch start, repeatably with a seed', async () => {
    const model = buildModel(withInputLength(loadSpec('compact'), 256), { seed: 3 });
    const [layer] = randomInputLayers(model);
    const callback = redrawRandomInputEachEpoch(model, 100);
    await callback.onEpochBegin(0);
    const epoch0 = Array.from(layer!.currentKernel()!.dataSync());
    await callback.onEpochBegin(1);
    const epoch1 = Array.from(layer!.currentKernel()!.dataSync());
    await callback.onEpochBegin(0);
    expect(Array.from(layer!.currentKernel()!.dataSync())).toEqual(epoch0);
    expect(epoch1).not.toEqual(epoch0);
    expect(layer!.currentKernel()!.shape).toEqual([9, 3, 3]);
    // K ~ N(0, 1)
    expect(rms(epoch0, 0, epoch0.length)).toBeGreaterThan(0.5);
    model.dispose();
  });

  it('is part of the training callbacks, with early stopping on the validation loss', () => {
    const spec = withInputLength(loadSpec('compact'), 256);
    const model = buildModel(spec);
    const callbacks = trainingCallbacks(model, spec, 1);
    expect(callbacks).toHaveLength(2);
    expect(callbacks[1]).toBeInstanceOf(tf.EarlyStopping);
    expect((callbacks[1] as unknown as { monitor: string; patience: number }).monitor).toBe('val_loss');
    expect((callbacks[1] as unknown as { patience: number }).patience).toBe(spec.training.earlyStopping.patience);
    model.dispose();
  });
});

describe('save and load', () => {
  it('a saved model (memory handler) loads back, custom layers included, and predicts identically', async () => {
    const spec = withInputLength(loadSpec('compact'), 512);
    const model = buildModel(spec, { seed: 6 });
    compileModel(model, spec);
    // One training step so the batch-norm statistics are not their initial values.
    const x = tf.tensor3d(normalValues([16, 512, 3], 7), [16, 512, 3]);
    const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1], 'int32'), 2);
    await model.trainOnBatch(x, y);

    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    expect(saved).not.toBeNull();
    const topology = JSON.stringify(saved!.modelTopology);
    expect(topology).toContain('"class_name":"DilatedConv1D"');
    expect(topology).toContain('"class_name":"RandomInput"');

    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect(loaded.getLayer('block5_conv')).toBeInstanceOf(DilatedConv1D);
    expect((loaded.getLayer('block5_conv') as DilatedConv1D).dilationRate).toBe(8);
    expect(loaded.getLayer('random_input')).toBeInstanceOf(RandomInput);
    const before = (model.predict(x) as tf.Tensor).dataSync();
    const after = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(relativeError(after, before)).toBe(0);
    model.dispose();
    loaded.dispose();
  });
});
