/**
 * The same saved weights score the same on every engine this machine has (issue 4: "inference on
 * tensorflow/tensorflow-gpu and on wasm of the same saved weights agrees to 1e-4 where both are
 * available"). The reference is the pure-JS cpu backend; every other engine that starts here is
 * compared with it, so where the native packages are installed they are checked too, and here
 * (no libtensorflow) wasm with our kernels is. The model is trained a little first so that batch
 * norm's moving statistics and the weights are not their trivial initial values.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel, compileModel, loadSpec, withInputLength } from '../../../src/main/model';
import { type EngineName, selectEngine } from '../../../src/main/model/engine';
import { modelFromBytes, modelToBytes } from '../../../src/main/training/model-io';
import { installed, normalValues, relativeError } from '../model/helpers';

const LENGTH = 256;
const BATCH = 8;


/** Engines to compare with the cpu reference: both wasm engines always (they ship in dependencies), the native ones when installed. */
const engines: EngineName[] = [
  ...(installed('@tensorflow/tfjs-node-gpu') ? (['tensorflow-gpu'] as const) : []),
  ...(installed('@tensorflow/tfjs-node') ? (['tensorflow'] as const) : []),
  'wasm-simd',
  'wasm-stock',
];

async function scores(engine: EngineName | 'cpu', saved: { modelJson: Uint8Array; weights: Uint8Array }, x: Float32Array): Promise<Float32Array> {
  if (engine === 'cpu') await tf.setBackend('cpu');
  else await selectEngine(engine);
  const model = await modelFromBytes(saved.modelJson, saved.weights);
  const out = tf.tidy(() => (model.predict(tf.tensor3d(x, [BATCH, LENGTH, 3])) as tf.Tensor).dataSync() as Float32Array);
  model.dispose();
  return out.slice();
}

describe('saved weights on every engine', () => {
  it('train a little on cpu, save, and score identically (< 1e-4) on each available engine', async () => {
    await tf.setBackend('cpu');
    const spec = withInputLength(loadSpec('compact'), LENGTH);
    const model = buildModel(spec, { seed: 11 });
    compileModel(model, spec);
    const xs = tf.tensor3d(normalValues([16, LENGTH, 3], 5), [16, LENGTH, 3]);
    const ys = tf.oneHot(tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 2), 'int32'), 2).toFloat();
    await model.fit(xs, ys, { epochs: 1, batchSize: 8, verbose: 0, shuffle: false });
    xs.dispose();
    ys.dispose();
    const saved = await modelToBytes(model);
    model.dispose();

    const x = normalValues([BATCH, LENGTH, 3], 9);
    const reference = await scores('cpu', saved, x);
    // not all equal: a constant output would make the comparison vacuous
    expect(Math.max(...reference) - Math.min(...reference)).toBeGreaterThan(1e-6);
    for (const engine of engines) {
      const got = await scores(engine, saved, x);
      const err = relativeError(got, reference);
      console.log(`${engine} vs cpu: relative error ${err.toExponential(2)}`);
      expect(err, engine).toBeLessThan(1e-4);
    }
    await tf.setBackend('cpu');
  }, 120_000);
});
