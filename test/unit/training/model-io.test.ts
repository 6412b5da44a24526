/** A model saved through the custom tf.io handler loads back as the same network. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel, withInputLength, loadSpec } from '../../../src/main/model';
import { decodeTensors, encodeTensors, modelFromBytes, modelToBytes } from '../../../src/main/training/model-io';

describe('model bytes', () => {
  it('round-trips topology and weights, custom layers included, and predicts the same', async () => {
    await tf.setBackend('cpu');
    const spec = withInputLength(loadSpec('compact'), 160);
    const model = buildModel(spec, { seed: 3 });
    const saved = await modelToBytes(model);
    const loaded = await modelFromBytes(saved.modelJson, saved.weights);
    expect(loaded.layers.map((l) => l.getClassName())).toEqual(model.layers.map((l) => l.getClassName()));
    const x = tf.randomNormal([2, 160, 3], 0, 1, 'float32', 1);
    const a = (model.predict(x) as tf.Tensor).dataSync();
    const b = (loaded.predict(x) as tf.Tensor).dataSync();
    expect([...b]).toEqual([...a]);
    const again = await modelToBytes(loaded);
    expect(Buffer.from(again.weights).equals(Buffer.from(saved.weights))).toBe(true);
  });

  it('refuses weights that do not match the checksum in the model JSON', async () => {
    await tf.setBackend('cpu');
    const model = buildModel(withInputLength(loadSpec('compact'), 160), { seed: 3 });
    const saved = await modelToBytes(model);
    const tampered = saved.weights.slice();
    tampered[10] ^= 1;
    await expect(modelFromBytes(saved.modelJson, tampered)).rejects.toThrow(/checksum/);
  });

  it('encodes named tensors into one buffer and back', async () => {
    const t = tf.tensor2d([[1, 2], [3, 4]]);
    const { bytes, specs } = await encodeTensors([{ name: 'a/0', tensor: t }, { name: 'b/0', tensor: tf.scalar(5) }]);
    const map = decodeTensors(bytes, specs);
    expect([...map['a/0'].dataSync()]).toEqual([1, 2, 3, 4]);
    expect(map['b/0'].dataSync()[0]).toBe(5);
  });
});
