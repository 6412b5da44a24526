/**
 * The fused inference path (kernels/simd/fused-inference.ts) gives the same softmax outputs as
 * model.predict on the cpu backend, for both presets, 'same' and 'valid' pooling, odd lengths,
 * batch 1 and batches split into parts; batch-norm statistics and scales (negative ones included)
 * are made non-trivial so every constant matters. Models of another shape get no plan.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel, loadSpec, withInputLength } from '../../../../src/main/model';
import { selectEngine } from '../../../../src/main/model/engine';
import { fusedPredict, planFusedInference } from '../../../../src/main/model/kernels/simd/fused-inference';
import { simdRuntime } from '../../../../src/main/model/kernels/simd/runtime';
import { createPredictor } from '../../../../src/main/model/predictor';
import type { ModelSpec } from '../../../../src/main/model/spec';
import { normalValues, relativeError } from '../helpers';

beforeAll(async () => {
  await selectEngine('wasm-simd');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Moving statistics and scales away from their initial 0/1 (and some scales negative). */
function perturbBatchNorm(model: tf.LayersModel, seed: number): void {
  let k = 0;
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const [gamma] = layer.getWeights();
    const n = gamma!.shape[0]!;
    const r = (offset: number): Float32Array => normalValues([n], seed + 10 * k + offset);
    layer.setWeights([tf.tensor1d(r(1).map((v) => v * 1.5)), tf.tensor1d(r(2).map((v) => 0.3 * v)), tf.tensor1d(r(3).map((v) => 0.2 * v)), tf.tensor1d(r(4).map((v) => 0.5 + v * v))]);
    k++;
  }
}

async function onCpu<T>(fn: () => T): Promise<T> {
  const engine = tf.getBackend();
  await tf.setBackend('cpu');
  try {
    return fn();
  } finally {
    await tf.setBackend(engine);
  }
}

function predictOn(model: tf.LayersModel, x: Float32Array, n: number, length: number): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor3d(x, [n, length, 3])) as tf.Tensor).dataSync() as Float32Array);
}

const cases: { preset: 'compact' | 'paper'; length: number; batch: number; pool?: 'valid' }[] = [
  { preset: 'compact', length: 256, batch: 4 },
  { preset: 'compact', length: 301, batch: 1 },
  { preset: 'compact', length: 300, batch: 3, pool: 'valid' },
  { preset: 'paper', length: 160, batch: 2 },
];

describe('fused inference on wasm-simd', () => {
  for (const c of cases) {
    it(`matches model.predict on cpu: ${c.preset}, L = ${c.length}, batch ${c.batch}${c.pool ? `, pool '${c.pool}'` : ''}`, async () => {
      const base = withInputLength(loadSpec(c.preset), c.length);
      const spec: ModelSpec = c.pool ? { ...base, pool: { ...base.pool, padding: c.pool } } : base;
      const model = buildModel(spec, { seed: 5 });
      perturbBatchNorm(model, c.length);
      const x = normalValues([c.batch, c.length, 3], c.length + c.batch);
      const expected = await onCpu(() => predictOn(model, x, c.batch, c.length));
      const plan = planFusedInference(model);
      expect(plan).not.toBeNull();
      const got = fusedPredict(simdRuntime(), plan!, x, c.batch);
      // not a constant output, so the comparison means something
      expect(Math.max(...expected) - Math.min(...expected)).toBeGreaterThan(1e-3);
      expect(relativeError(got, expected)).toBeLessThan(1e-4);
      // the predictor takes this path on wasm-simd and agrees with the layer-by-layer one there too
      expect(relativeError(createPredictor(model)(x, c.batch), predictOn(model, x, c.batch, c.length))).toBeLessThan(1e-4);
      model.dispose();
    });
  }

  it('splits a batch larger than its buffers into parts with the same answers', async () => {
    const model = buildModel(withInputLength(loadSpec('compact'), 4096), { seed: 9 });
    perturbBatchNorm(model, 3);
    const x = normalValues([40, 4096, 3], 77);
    const expected = await onCpu(() => predictOn(model, x, 40, 4096));
    // block 1's conv output is 4096 × 8 floats per example: 3 examples per part, 14 parts
    expect(relativeError(fusedPredict(simdRuntime(), planFusedInference(model)!, x, 40, 3 * 4096 * 8 + 100), expected)).toBeLessThan(1e-4);
    model.dispose();
  });

  it('declines a model of another shape (model.predict is used then)', () => {
    const input = tf.input({ shape: [64, 3] });
    const y = tf.layers.dense({ units: 2, activation: 'softmax' }).apply(tf.layers.globalAveragePooling1d().apply(input)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: y });
    expect(planFusedInference(model)).toBeNull();
    const x = normalValues([2, 64, 3], 1);
    expect(createPredictor(model)(x, 2)).toEqual(predictOn(model, x, 2, 64));
    model.dispose();
  });
});
