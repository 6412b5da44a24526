/**
 * The 'wasm-simd' engine's convolution kernels against tfjs' cpu backend: forward and both
 * gradients (tf.grads of Σ y·r), relative error max |Δ| / max |cpu| < 1e-4, over dilations
 * 1–32, kernels 3/5/7, 'same'/'valid', odd lengths, batch 1 and channel counts 3, 8, 13, 64.
 * The reference for d = 1 is tf.conv1d; for d > 1 the space-to-batch DilatedConv1D path (tfjs
 * refuses dilated gradients). Ours runs as the custom op FsConv1D (the dilated layers' path) and,
 * for d = 1, also as tf.conv1d through the wrapped Conv2D kernels (the stock Conv1D layers' path).
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectEngine } from '../../../../src/main/model/engine';
import { closeSimdRuntime, simdActive } from '../../../../src/main/model/kernels/simd/runtime';
import { FsConv1D, fsConv1d, registerFsConv1D } from '../../../../src/main/model/kernels/simd/tfjs-conv1d';
import { type ConvPadding, convOutputLength, DilatedConv1D, dilatedConv1d } from '../../../../src/main/model/layers/dilated-conv1d';
import { normalValues, relativeError } from '../helpers';

const TOLERANCE = 1e-4;

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

const channelPairs: [number, number][] = [
  [3, 8],
  [8, 13],
  [13, 64],
  [64, 8],
  [8, 3],
];
const cases: Case[] = [];
let n = 0;
for (const dilation of [1, 2, 4, 8, 16, 32]) {
  for (const kernelSize of [3, 5, 7]) {
    for (const padding of ['same', 'valid'] as const) {
      const [inChannels, outChannels] = channelPairs[n % channelPairs.length]!;
      // odd lengths, a few shorter than the kernel's span ('same' only), batch 1 every other case
      const length = padding === 'same' && n % 4 === 0 ? 9 : (n % 3 === 0 ? 1 : 2) * (kernelSize - 1) * dilation + 2 * (n % 7) + 11;
      cases.push({ batch: 1 + (n % 2), length, inChannels, outChannels, kernelSize, dilation, padding });
      n++;
    }
  }
}

type Path = 'reference' | 'fs' | 'conv1d';

/** y, dL/dx, dL/dw for L = Σ y·r on the active backend, by the given path. */
function convWithGradients(c: Case, path: Path, x: Float32Array, w: Float32Array, r: Float32Array) {
  return tf.tidy(() => {
    const xt = tf.tensor3d(x, [c.batch, c.length, c.inChannels]);
    const wt = tf.tensor3d(w, [c.kernelSize, c.inChannels, c.outChannels]);
    const outLength = convOutputLength(c.length, c.kernelSize, c.dilation, c.padding);
    const rt = tf.tensor3d(r, [c.batch, outLength, c.outChannels]);
    const conv = (a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D =>
      path === 'fs' ? fsConv1d(a, b, c.dilation, c.padding) : path === 'conv1d' ? tf.conv1d(a, b, 1, c.padding, 'NWC', c.dilation) : dilatedConv1d(a, b, c.dilation, c.padding);
    const y = conv(xt, wt);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor3D, b as tf.Tensor3D), rt)))([xt, wt]);
    return { shape: y.shape, y: y.dataSync() as Float32Array, dx: dx!.dataSync() as Float32Array, dw: dw!.dataSync() as Float32Array };
  });
}

beforeAll(async () => {
  registerFsConv1D();
  await selectEngine('wasm-simd');
});

afterAll(async () => {
  await tf.setBackend('cpu');
  await closeSimdRuntime();
});

describe('FsConv1D and the wrapped Conv2D kernels on wasm-simd vs the cpu backend', () => {
  it.each(cases.map((c) => [label(c), c] as const))('%s', async (_, c) => {
    const outLength = convOutputLength(c.length, c.kernelSize, c.dilation, c.padding);
    expect(outLength).toBeGreaterThanOrEqual(1);
    const x = normalValues([c.batch, c.length, c.inChannels], 1);
    const w = normalValues([c.kernelSize, c.inChannels, c.outChannels], 2);
    const r = normalValues([c.batch, outLength, c.outChannels], 3);
    await tf.setBackend('cpu');
    const expected = convWithGradients(c, 'reference', x, w, r);
    await selectEngine('wasm-simd');
    expect(simdActive()).toBe(true);
    const paths: Path[] = c.dilation === 1 ? ['fs', 'conv1d'] : ['fs'];
    for (const path of paths) {
      const got = convWithGradients(c, path, x, w, r);
      expect(got.shape).toEqual(expected.shape);
      expect(relativeError(got.y, expected.y), `${path} y`).toBeLessThan(TOLERANCE);
      expect(relativeError(got.dx, expected.dx), `${path} dx`).toBeLessThan(TOLERANCE);
      expect(relativeError(got.dw, expected.dw), `${path} dw`).toBeLessThan(TOLERANCE);
    }
    // The same op on the cpu backend (its JavaScript kernels) agrees too.
    await tf.setBackend('cpu');
    const cpuFs = convWithGradients(c, 'fs', x, w, r);
    expect(relativeError(cpuFs.y, expected.y)).toBeLessThan(TOLERANCE);
    expect(relativeError(cpuFs.dx, expected.dx)).toBeLessThan(TOLERANCE);
    expect(relativeError(cpuFs.dw, expected.dw)).toBeLessThan(TOLERANCE);
  });
});

describe('DilatedConv1D picks its path by engine', () => {
  it('runs FsConv1D on wasm-simd and the space-to-batch ops on wasm-stock, with the same weights and outputs', async () => {
    const layer = new DilatedConv1D({ filters: 8, kernelSize: 3, dilationRate: 4, padding: 'same', useBias: false, kernelInitializer: tf.initializers.randomNormal({ seed: 3 }) });
    const x = normalValues([2, 41, 5], 4);
    const run = async (engine: 'wasm-simd' | 'wasm-stock') => {
      await selectEngine(engine);
      const input = tf.tensor3d(x, [2, 41, 5]);
      let y: Float32Array = new Float32Array();
      const profile = await tf.profile(() => {
        const out = layer.apply(input) as tf.Tensor;
        y = out.dataSync() as Float32Array;
        return out;
      });
      input.dispose();
      return { y, kernels: profile.kernelNames };
    };
    const fast = await run('wasm-simd');
    const weights = layer.getWeights().map((t) => t.shape);
    const stock = await run('wasm-stock');
    expect(fast.kernels).toContain(FsConv1D);
    expect(stock.kernels).not.toContain(FsConv1D);
    expect(layer.getWeights().map((t) => t.shape)).toEqual(weights);
    expect(layer.weights.map((v) => v.name)).toEqual([expect.stringMatching(/kernel$/)]);
    expect(relativeError(fast.y, stock.y)).toBeLessThan(TOLERANCE);
  });
});
