/**
 * DilatedConv1D (space-to-batch) against tf.conv1d with the same dilation on the cpu backend
 * (forward), and its gradients w.r.t. input and filter on wasm against the same computation on
 * cpu and against a direct double-precision sum. Relative error = max |Δ| / max |reference|.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectEngine } from '../../../src/main/model/engine';
import { convOutputLength, DilatedConv1D, dilatedConv1d, type ConvPadding } from '../../../src/main/model/layers/dilated-conv1d';
import { normalValues, onBackend, relativeError } from './helpers';

const TOLERANCE = 1e-4;

beforeAll(async () => {
  await selectEngine('wasm');
});

interface Case {
  batch: number;
  length: number;
  inChannels: number;
  outChannels: number;
  kernelSize: number;
  dilation: number;
  padding: ConvPadding;
}

const label = (c: Case) => `d=${c.dilation} k=${c.kernelSize} ${c.padding} L=${c.length} batch ${c.batch} ${c.inChannels}→${c.outChannels}`;

const cases: Case[] = [];
for (const dilation of [1, 2, 4, 8, 32]) {
  for (const padding of ['same', 'valid'] as const) {
    cases.push({ batch: 1, length: 37, inChannels: 3, outChannels: 5, kernelSize: 3, dilation, padding }); // odd length, batch 1
    cases.push({ batch: 2, length: 129, inChannels: 4, outChannels: 6, kernelSize: 4, dilation, padding }); // even kernel
    cases.push({ batch: 2, length: 256, inChannels: 2, outChannels: 3, kernelSize: 5, dilation, padding }); // length a multiple of d
  }
}
const fits = (c: Case) => convOutputLength(c.length, c.kernelSize, c.dilation, c.padding) >= 1;

/** y, dL/dx and dL/dw for L = Σ y·r, by direct sums in double precision. */
function reference(c: Case, x: Float32Array, w: Float32Array, r: Float32Array) {
  const { batch, length, inChannels: ci, outChannels: co, kernelSize: k, dilation: d, padding } = c;
  const outLength = convOutputLength(length, k, d, padding);
  const left = padding === 'same' ? Math.floor(((k - 1) * d) / 2) : 0;
  const y = new Float64Array(batch * outLength * co);
  const dx = new Float64Array(batch * length * ci);
  const dw = new Float64Array(k * ci * co);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < outLength; t++) {
      for (let j = 0; j < k; j++) {
        const s = t - left + j * d;
        if (s < 0 || s >= length) continue;
        for (let i = 0; i < ci; i++) {
          const xv = x[(b * length + s) * ci + i]!;
          for (let o = 0; o < co; o++) {
            const wv = w[(j * ci + i) * co + o]!;
            const rv = r[(b * outLength + t) * co + o]!;
            y[(b * outLength + t) * co + o] += wv * xv;
            dx[(b * length + s) * ci + i] += wv * rv;
            dw[(j * ci + i) * co + o] += xv * rv;
          }
        }
      }
    }
  }
  return { y, dx, dw, outLength };
}

/** Forward and both gradients of DilatedConv1D's op on the active backend. */
function dilatedWithGradients(c: Case, x: Float32Array, w: Float32Array, r: Float32Array) {
  return tf.tidy(() => {
    const xt = tf.tensor3d(x, [c.batch, c.length, c.inChannels]);
    const wt = tf.tensor3d(w, [c.kernelSize, c.inChannels, c.outChannels]);
    const outLength = convOutputLength(c.length, c.kernelSize, c.dilation, c.padding);
    const rt = tf.tensor3d(r, [c.batch, outLength, c.outChannels]);
    const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(dilatedConv1d(a as tf.Tensor3D, b as tf.Tensor3D, c.dilation, c.padding), rt));
    const y = dilatedConv1d(xt, wt, c.dilation, c.padding);
    const [dx, dw] = tf.grads(f)([xt, wt]);
    return { shape: y.shape, y: y.dataSync() as Float32Array, dx: dx!.dataSync() as Float32Array, dw: dw!.dataSync() as Float32Array };
  });
}

describe('dilatedConv1d forward', () => {
  for (const [index, c] of cases.entries()) {
    if (!fits(c)) continue;
    it(`${label(c)}: equals tf.conv1d(x, w, 1, padding, 'NWC', d) on cpu`, async () => {
      const x = normalValues([c.batch, c.length, c.inChannels], 1000 + index);
      const w = normalValues([c.kernelSize, c.inChannels, c.outChannels], 2000 + index);
      const stock = await onBackend('cpu', () =>
        tf.tidy(() => {
          const y = tf.conv1d(tf.tensor3d(x, [c.batch, c.length, c.inChannels]), tf.tensor3d(w, [c.kernelSize, c.inChannels, c.outChannels]), 1, c.padding, 'NWC', c.dilation);
          return { shape: y.shape, values: y.dataSync() as Float32Array };
        }),
      );
      const ours = await onBackend('wasm', () =>
        tf.tidy(() => {
          const y = dilatedConv1d(tf.tensor3d(x, [c.batch, c.length, c.inChannels]), tf.tensor3d(w, [c.kernelSize, c.inChannels, c.outChannels]), c.dilation, c.padding);
          return { shape: y.shape, values: y.dataSync() as Float32Array };
        }),
      );
      expect(ours.shape).toEqual(stock.shape);
      expect(relativeError(ours.values, stock.values)).toBeLessThan(TOLERANCE);
    });
  }
});

describe('dilatedConv1d gradients', () => {
  for (const [index, c] of cases.entries()) {
    if (!fits(c)) continue;
    it(`${label(c)}: d/dx and d/dw on wasm match cpu and a direct sum`, async () => {
      const outLength = convOutputLength(c.length, c.kernelSize, c.dilation, c.padding);
      const x = normalValues([c.batch, c.length, c.inChannels], 3000 + index);
      const w = normalValues([c.kernelSize, c.inChannels, c.outChannels], 4000 + index);
      const r = normalValues([c.batch, outLength, c.outChannels], 5000 + index);
      const cpu = await onBackend('cpu', () => dilatedWithGradients(c, x, w, r));
      const wasm = await onBackend('wasm', () => dilatedWithGradients(c, x, w, r));
      const exact = reference(c, x, w, r);
      expect(relativeError(wasm.dx, cpu.dx)).toBeLessThan(TOLERANCE);
      expect(relativeError(wasm.dw, cpu.dw)).toBeLessThan(TOLERANCE);
      expect(relativeError(wasm.y, exact.y)).toBeLessThan(TOLERANCE);
      expect(relativeError(wasm.dx, exact.dx)).toBeLessThan(TOLERANCE);
      expect(relativeError(wasm.dw, exact.dw)).toBeLessThan(TOLERANCE);
    });
  }

  it('tf.conv1d itself still refuses the gradient of a dilated convolution (why DilatedConv1D exists)', async () => {
    await onBackend('cpu', () => {
      const w = tf.randomNormal([3, 2, 2]);
      expect(() => tf.grad((t: tf.Tensor) => tf.sum(tf.conv1d(tf.ones([1, 16, 2]) as tf.Tensor3D, t as tf.Tensor3D, 1, 'same', 'NWC', 2)))(w)).toThrow(
        /dilation rates greater than 1 are not yet supported in gradients/,
      );
    });
  });
});

describe('DilatedConv1D layer', () => {
  it('has Conv1D weight shapes, adds its bias, and reports its output shape', async () => {
    await onBackend('wasm', () => {
      const layer = new DilatedConv1D({ filters: 4, kernelSize: 3, dilationRate: 8, padding: 'valid', useBias: true, kernelInitializer: tf.initializers.randomNormal({ seed: 1 }) });
      const x = tf.randomNormal([2, 40, 3], 0, 1, 'float32', 9) as tf.Tensor3D;
      const y = layer.apply(x) as tf.Tensor;
      const [kernel, bias] = layer.getWeights();
      expect(kernel!.shape).toEqual([3, 3, 4]);
      expect(bias!.shape).toEqual([4]);
      expect(layer.computeOutputShape([null, 40, 3])).toEqual([null, 24, 4]);
      expect(y.shape).toEqual([2, 24, 4]);
      layer.setWeights([kernel!, tf.tensor1d([1, 2, 3, 4])]);
      const withBias = (layer.apply(x) as tf.Tensor).dataSync();
      const expected = tf.add(dilatedConv1d(x, kernel as tf.Tensor3D, 8, 'valid'), tf.tensor1d([1, 2, 3, 4])).dataSync();
      expect(relativeError(withBias, expected)).toBeLessThan(TOLERANCE);
    });
  });

  it('round-trips its config through tf.serialization', () => {
    const layer = new DilatedConv1D({ name: 'dc', filters: 5, kernelSize: 2, dilationRate: 4, padding: 'same', useBias: false, kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.05, seed: 3 }) });
    const config = layer.getConfig();
    const copy = tf.serialization.SerializationMap.getMap().classNameMap['DilatedConv1D']![1](DilatedConv1D, config) as DilatedConv1D;
    expect(copy.getConfig()).toEqual(config);
    expect(config['kernelInitializer']).toEqual({ className: 'RandomNormal', config: { mean: 0, stddev: 0.05, seed: 3 } });
  });

  it('rejects a dilation that is not a positive integer', () => {
    expect(() => new DilatedConv1D({ filters: 1, kernelSize: 3, dilationRate: 0 })).toThrow(/dilationRate must be a positive integer/);
    expect(() => dilatedConv1d(tf.zeros([1, 8, 1]) as tf.Tensor3D, tf.zeros([3, 1, 1]) as tf.Tensor3D, 1.5, 'same')).toThrow(/positive integer/);
  });
});
