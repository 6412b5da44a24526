/**
 * Smoke test of training: the compact preset at a short window trains on wasm (every kernel of
 * the step available and correct enough that an easy problem is learnt), and the same seed and
 * data give the same losses on wasm and cpu within float tolerance (DESIGN.md "Training engines").
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel, compileModel } from '../../../src/main/model/builder';
import { selectEngine } from '../../../src/main/model/engine';
import { withInputLength } from '../../../src/main/model/spec';
import { loadSpec } from '../../../src/main/model/spec-file';
import { normalValues } from './helpers';

/**
 * An easy separable toy problem: class 0 is white noise, class 1 the same noise plus a sine of
 * 0.05 cycles per sample on every channel. Labels alternate.
 */
function toyBatch(batch: number, length: number, seed: number): { x: Float32Array; labels: number[] } {
  const x = normalValues([batch, length, 3], seed);
  const labels = Array.from({ length: batch }, (_, i) => i % 2);
  for (let b = 0; b < batch; b++) {
    if (labels[b] === 0) continue;
    for (let t = 0; t < length; t++) {
      for (let c = 0; c < 3; c++) x[(b * length + t) * 3 + c]! += 2 * Math.sin(2 * Math.PI * 0.05 * t + c);
    }
  }
  return { x, labels };
}

async function trainSteps(engine: 'wasm' | 'cpu', length: number, steps: number, seed: number, batch: number): Promise<number[]> {
  await selectEngine(engine);
  const spec = withInputLength(loadSpec('compact'), length);
  const model = buildModel(spec, { seed });
  compileModel(model, spec);
  const { x, labels } = toyBatch(batch, length, seed);
  const xs = tf.tensor3d(x, [batch, length, 3]);
  const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 2);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const result = await model.trainOnBatch(xs, ys);
    losses.push(Array.isArray(result) ? result[0]! : result);
  }
  tf.dispose([xs, ys]);
  model.dispose();
  return losses;
}

describe('training the compact preset', () => {
  it('on wasm at L = 1024: the loss is finite and decreases on an easy problem', async () => {
    const losses = await trainSteps('wasm', 1024, 8, 21, 16);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! * 0.8);
  });

  // Small (L = 160, batch 4): tfjs' cpu backend is slow, about 50 times slower than wasm here.
  it('the same seed and data give the same losses on wasm and cpu (L = 160, batch 4)', async () => {
    const wasm = await trainSteps('wasm', 160, 3, 5, 4);
    const cpu = await trainSteps('cpu', 160, 3, 5, 4);
    for (let i = 0; i < wasm.length; i++) expect(Math.abs(wasm[i]! - cpu[i]!) / cpu[i]!).toBeLessThan(1e-3);
  });
});
