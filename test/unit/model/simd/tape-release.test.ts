/**
 * installTapeRelease: the same gradients, no tensor of the caller disposed, nothing leaked, and a
 * lower peak of live tensor bytes during a conv → BN → ReLU → pool training step (cpu backend: the
 * release is engine-wide).
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installTapeRelease } from '../../../../src/main/model/kernels/tape-release';
import { normalValues } from '../helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

let remove: (() => void) | null = null;
afterEach(() => {
  remove?.();
  remove = null;
});

function block(): { model: tf.Sequential; x: tf.Tensor; y: tf.Tensor } {
  const model = tf.sequential({
    layers: [
      tf.layers.conv1d({ inputShape: [256, 3], filters: 16, kernelSize: 5, padding: 'same', useBias: false, kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.3, seed: 1 }) }),
      tf.layers.batchNormalization(),
      tf.layers.reLU(),
      tf.layers.maxPooling1d({ poolSize: 2, strides: 1, padding: 'same' }),
      tf.layers.conv1d({ filters: 16, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.3, seed: 2 }) }),
      tf.layers.batchNormalization(),
      tf.layers.reLU(),
      tf.layers.maxPooling1d({ poolSize: 2, strides: 2, padding: 'same' }),
      tf.layers.globalAveragePooling1d(),
      tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.3, seed: 3 }) }),
    ],
  });
  const x = tf.tensor3d(normalValues([4, 256, 3], 5), [4, 256, 3]);
  const y = tf.oneHot(tf.tensor1d([0, 1, 1, 0], 'int32'), 2);
  return { model, x, y };
}

/** Gradients of the block's loss for its trainable weights, and the profile's peak bytes. */
async function gradientsAndPeak(): Promise<{ grads: Float32Array[]; peakBytes: number; leaked: number }> {
  const { model, x, y } = block();
  const before = tf.memory().numTensors;
  let grads: Float32Array[] = [];
  const info = await tf.profile(() => {
    const { grads: g } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
    grads = Object.keys(g)
      .sort()
      .map((k) => g[k]!.dataSync().slice() as Float32Array);
    tf.dispose(Object.values(g));
  });
  const leaked = tf.memory().numTensors - before;
  tf.dispose([x, y]);
  model.dispose();
  return { grads, peakBytes: info.peakBytes, leaked };
}

describe('installTapeRelease', () => {
  it('gives the same gradients with a lower peak of live bytes and leaks nothing', async () => {
    const stock = await gradientsAndPeak();
    remove = installTapeRelease();
    const released = await gradientsAndPeak();
    expect(released.grads.length).toBe(stock.grads.length);
    for (let i = 0; i < stock.grads.length; i++) expect(Array.from(released.grads[i]!)).toEqual(Array.from(stock.grads[i]!));
    expect(released.leaked).toBe(stock.leaked);
    expect(released.peakBytes).toBeLessThan(stock.peakBytes * 0.8);
  });

  it('leaves the caller’s dy and inputs alive', () => {
    remove = installTapeRelease();
    const x = tf.tensor2d(normalValues([3, 4], 8), [3, 4]);
    const dy = tf.tensor2d(normalValues([3, 4], 9), [3, 4]);
    const g = tf.grad((a: tf.Tensor) => tf.relu(tf.mul(a, 2)))(x, dy);
    expect(dy.isDisposed).toBe(false);
    expect(x.isDisposed).toBe(false);
    const xs = x.dataSync();
    const dys = dy.dataSync();
    const expected = Array.from(xs, (v, i) => (v > 0 ? 2 * dys[i]! : 0));
    // (+ 0 turns −0, which relu′·dy gives for negative dy, into 0)
    expect(Array.from(g.dataSync(), (v) => v + 0)).toEqual(expected.map((v) => Math.fround(v) + 0));
    tf.dispose([x, dy, g]);
  });

  it('is removed by the function it returns', () => {
    const engine = tf.engine() as unknown as { addTapeNode: unknown; gradients: unknown };
    const original = [engine.addTapeNode, engine.gradients];
    remove = installTapeRelease();
    expect(installTapeRelease()).toBe(remove);
    expect(engine.addTapeNode).not.toBe(original[0]);
    remove();
    remove = null;
    expect([engine.addTapeNode, engine.gradients]).toEqual(original);
  });
});
