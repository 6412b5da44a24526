/**
 * The kernels src/main/model/kernels/wasm fills in or replaces for the wasm backend, against
 * tfjs' cpu backend on random inputs (relative error = max |Δ| / max |cpu| < 1e-4), including the
 * cases a replacement hands back to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectEngine } from '../../../src/main/model/engine';
import { filledWasmKernels, registerWasmKernels } from '../../../src/main/model/kernels/wasm';
import { normalValues, onBackend, relativeError } from './helpers';

const TOLERANCE = 1e-4;

// 'wasm-stock': these are the kernels of the stock engine ('wasm-simd' sends the 1-D convolutions to its own).
beforeAll(async () => {
  await selectEngine('wasm-stock');
});

/** Run one kernel by name on a backend with fresh inputs; returns its output values and shape. */
async function runKernel(
  backend: 'cpu' | 'wasm',
  kernelName: string,
  inputs: Record<string, { shape: number[]; values: Float32Array }>,
  attrs: Record<string, unknown>,
): Promise<{ shape: number[]; values: Float32Array }> {
  return onBackend(backend === 'wasm' ? 'wasm-stock' : backend, () =>
    tf.tidy(() => {
      const tensors: Record<string, tf.Tensor> = {};
      for (const [name, { shape, values }] of Object.entries(inputs)) tensors[name] = tf.tensor(values, shape);
      const out = tf.engine().runKernel(kernelName, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
      return { shape: out.shape, values: out.dataSync() as Float32Array };
    }),
  );
}

describe('registration', () => {
  it('fills Conv2DBackpropFilter (missing in tfjs-backend-wasm 4.22), replaces the others, and is idempotent', () => {
    expect(filledWasmKernels).toEqual(['Conv2DBackpropFilter', 'MaxPoolGrad', 'Conv2DBackpropInput', 'Tile']);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(registerWasmKernels()).toEqual([]);
  });
});

interface FilterCase {
  label: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | number;
  dataFormat?: 'NHWC' | 'NCHW';
}

function outShape(c: FilterCase): [number, number, number, number] {
  const nchw = c.dataFormat === 'NCHW';
  const xShape: [number, number, number, number] = nchw ? [c.x[0], c.x[2], c.x[3], c.x[1]] : c.x;
  const info = tf.backend_util.computeConv2DInfo(xShape, c.filter, c.strides, 1, c.pad);
  return nchw ? [info.batchSize, info.outChannels, info.outHeight, info.outWidth] : info.outShape;
}

describe('Conv2DBackpropFilter on wasm', () => {
  // conv1d reaches conv2d as [batch, 1, length, channels] with a [1, k, in, out] filter.
  const cases: FilterCase[] = [
    { label: '1-D same, odd length, batch 1', x: [1, 1, 37, 3], filter: [1, 7, 3, 8], strides: 1, pad: 'same' },
    { label: '1-D valid, odd channels (remainder paths)', x: [2, 1, 101, 5], filter: [1, 3, 5, 7], strides: 1, pad: 'valid' },
    { label: '1-D same, even kernel', x: [3, 1, 64, 4], filter: [1, 4, 4, 6], strides: 1, pad: 'same' },
    { label: '1-D stride 2 same', x: [2, 1, 99, 3], filter: [1, 5, 3, 4], strides: 2, pad: 'same' },
    { label: '1-D stride 3 valid', x: [2, 1, 100, 2], filter: [1, 4, 2, 9], strides: 3, pad: 'valid' },
    { label: '1-D kernel 1', x: [2, 1, 33, 16], filter: [1, 1, 16, 16], strides: 1, pad: 'valid' },
    { label: '1-D longer than one pass (2500 columns)', x: [2, 1, 2500, 3], filter: [1, 5, 3, 8], strides: 1, pad: 'same' },
    { label: '1-D long, stride 2', x: [1, 1, 3001, 2], filter: [1, 7, 2, 4], strides: 2, pad: 'valid' },
    { label: 'many short rows (a dilation folded into the batch)', x: [96, 1, 18, 8], filter: [1, 3, 8, 12], strides: 1, pad: 'valid' },
    { label: '2-D same, strides [2, 1]', x: [2, 9, 11, 3], filter: [3, 2, 3, 5], strides: [2, 1], pad: 'same' },
    { label: '2-D valid, stride 2', x: [1, 10, 7, 4], filter: [3, 3, 4, 4], strides: 2, pad: 'valid' },
    { label: '2-D explicit pad 1', x: [2, 6, 8, 2], filter: [3, 3, 2, 3], strides: 1, pad: 1 },
    { label: '2-D NCHW', x: [2, 3, 7, 9], filter: [2, 3, 3, 4], strides: [1, 2], pad: 'same', dataFormat: 'NCHW' },
  ];
  for (const [index, c] of cases.entries()) {
    it(`${c.label}: matches cpu`, async () => {
      const dyShape = outShape(c);
      const inputs = {
        x: { shape: c.x, values: normalValues(c.x, 100 + index) },
        dy: { shape: dyShape, values: normalValues(dyShape, 200 + index) },
      };
      const attrs = { strides: c.strides, pad: c.pad, dataFormat: c.dataFormat ?? 'NHWC', filterShape: c.filter };
      const expected = await runKernel('cpu', 'Conv2DBackpropFilter', inputs, attrs);
      const actual = await runKernel('wasm', 'Conv2DBackpropFilter', inputs, attrs);
      expect(actual.shape).toEqual(c.filter);
      expect(relativeError(actual.values, expected.values)).toBeLessThan(TOLERANCE);
    });
  }

  it('propagates NaN like the cpu backend', async () => {
    const x = normalValues([1, 1, 20, 2], 7);
    x[5] = Number.NaN;
    const inputs = { x: { shape: [1, 1, 20, 2], values: x }, dy: { shape: [1, 1, 20, 3], values: normalValues([1, 1, 20, 3], 8) } };
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [1, 3, 2, 3] };
    const expected = await runKernel('cpu', 'Conv2DBackpropFilter', inputs, attrs);
    const actual = await runKernel('wasm', 'Conv2DBackpropFilter', inputs, attrs);
    expect(Array.from(actual.values, Number.isNaN)).toEqual(Array.from(expected.values, Number.isNaN));
  });

  it('gives the filter gradient of tf.conv1d that tf.grad computes on cpu', async () => {
    const xv = normalValues([2, 45, 3], 11);
    const wv = normalValues([5, 3, 4], 12);
    const gradient = () =>
      tf.tidy(() => {
        const x = tf.tensor3d(xv, [2, 45, 3]);
        const w = tf.tensor3d(wv, [5, 3, 4]);
        const dw = tf.grad((filter: tf.Tensor) => tf.sum(tf.square(tf.conv1d(x, filter as tf.Tensor3D, 1, 'same'))))(w);
        return dw.dataSync() as Float32Array;
      });
    const expected = await onBackend('cpu', gradient);
    const actual = await onBackend('wasm-stock', gradient);
    expect(relativeError(actual, expected)).toBeLessThan(TOLERANCE);
  });
});

describe('Conv2DBackpropInput on wasm (replaces the stock kernel for stride 1)', () => {
  const cases: FilterCase[] = [
    { label: '1-D same, odd length, batch 1', x: [1, 1, 53, 6], filter: [1, 5, 6, 4], strides: 1, pad: 'same' },
    { label: '1-D valid, odd channels', x: [2, 1, 101, 5], filter: [1, 3, 5, 7], strides: 1, pad: 'valid' },
    { label: '1-D same, even kernel', x: [3, 1, 64, 4], filter: [1, 4, 4, 6], strides: 1, pad: 'same' },
    { label: 'many short rows (a dilation folded into the batch)', x: [96, 1, 18, 8], filter: [1, 3, 8, 12], strides: 1, pad: 'valid' },
    { label: '2-D same', x: [2, 9, 11, 3], filter: [3, 2, 3, 5], strides: 1, pad: 'same' },
    { label: '2-D explicit pad 1', x: [2, 6, 8, 2], filter: [3, 3, 2, 3], strides: 1, pad: 1 },
    { label: '1-D stride 2 (the stock kernel serves it)', x: [2, 1, 99, 3], filter: [1, 5, 3, 4], strides: 2, pad: 'same' },
    { label: '2-D strides [2, 1] valid (the stock kernel serves it)', x: [1, 10, 7, 4], filter: [3, 3, 4, 4], strides: [2, 1], pad: 'valid' },
  ];
  for (const [index, c] of cases.entries()) {
    it(`${c.label}: matches cpu`, async () => {
      const dyShape = outShape(c);
      const inputs = { dy: { shape: dyShape, values: normalValues(dyShape, 300 + index) }, filter: { shape: c.filter, values: normalValues(c.filter, 310 + index) } };
      const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x };
      const expected = await runKernel('cpu', 'Conv2DBackpropInput', inputs, attrs);
      const actual = await runKernel('wasm', 'Conv2DBackpropInput', inputs, attrs);
      expect(actual.shape).toEqual(c.x);
      expect(relativeError(actual.values, expected.values)).toBeLessThan(TOLERANCE);
    });
  }

  it('gives the input gradient of tf.conv1d that tf.grad computes on cpu', async () => {
    const xv = normalValues([2, 45, 3], 13);
    const wv = normalValues([4, 3, 5], 14);
    const gradient = () =>
      tf.tidy(() => {
        const w = tf.tensor3d(wv, [4, 3, 5]);
        const dx = tf.grad((x: tf.Tensor) => tf.sum(tf.square(tf.conv1d(x as tf.Tensor3D, w, 1, 'same'))))(tf.tensor3d(xv, [2, 45, 3]));
        return dx.dataSync() as Float32Array;
      });
    expect(relativeError(await onBackend('wasm-stock', gradient), await onBackend('cpu', gradient))).toBeLessThan(TOLERANCE);
  });
});

describe('Tile on wasm (replaces the stock kernel)', () => {
  const cases: { shape: number[]; reps: number[]; dtype: 'float32' | 'int32' | 'bool' }[] = [
    { shape: [1, 1, 1, 8], reps: [1, 16, 37, 1], dtype: 'float32' }, // batch norm's gradient
    { shape: [3], reps: [4], dtype: 'float32' },
    { shape: [2, 3], reps: [2, 1], dtype: 'int32' },
    { shape: [2, 3], reps: [1, 3], dtype: 'float32' },
    { shape: [2, 1, 3], reps: [3, 4, 2], dtype: 'float32' },
    { shape: [2, 2, 1, 2, 3], reps: [1, 2, 5, 1, 2], dtype: 'bool' },
    { shape: [4, 5], reps: [1, 1], dtype: 'int32' },
    { shape: [0, 3], reps: [2, 2], dtype: 'float32' },
  ];
  for (const [index, c] of cases.entries()) {
    it(`${c.dtype} [${c.shape}] × [${c.reps}] matches cpu`, async () => {
      const size = c.shape.reduce((a, b) => a * b, 1);
      const values = Array.from(normalValues([Math.max(size, 1)], 600 + index).slice(0, size), (v) => (c.dtype === 'float32' ? v : c.dtype === 'int32' ? Math.round(v * 100) : Number(v > 0)));
      const run = () =>
        tf.tidy(() => {
          const y = tf.tile(tf.tensor(values, c.shape, c.dtype), c.reps);
          return { shape: y.shape, dtype: y.dtype, values: Array.from(y.dataSync() as ArrayLike<number>) };
        });
      const expected = await onBackend('cpu', run);
      expect(await onBackend('wasm', run)).toEqual(expected);
    });
  }
});

describe('MaxPoolGrad on wasm (replaces the stock kernel)', () => {
  interface PoolCase {
    label: string;
    x: [number, number, number, number];
    filterSize: [number, number];
    strides: [number, number];
    pad: 'same' | 'valid';
  }
  const cases: PoolCase[] = [
    { label: "pool 2 stride 1 'same', odd length, batch 1", x: [1, 1, 37, 5], filterSize: [1, 2], strides: [1, 1], pad: 'same' },
    { label: "pool 2 stride 2 'same', odd length", x: [2, 1, 37, 3], filterSize: [1, 2], strides: [1, 2], pad: 'same' },
    { label: "pool 3 stride 2 'valid'", x: [2, 1, 40, 4], filterSize: [1, 3], strides: [1, 2], pad: 'valid' },
    { label: "2-D pool 3×2 strides [2, 1] 'same'", x: [2, 7, 9, 3], filterSize: [3, 2], strides: [2, 1], pad: 'same' },
  ];
  for (const [index, c] of cases.entries()) {
    it(`${c.label}: matches cpu on signed inputs`, async () => {
      const x = normalValues(c.x, 500 + index);
      const grad = (backend: 'cpu' | 'wasm') =>
        onBackend(backend, () =>
          tf.tidy(() => {
            const dx = tf.grad((t: tf.Tensor) => {
              const pooled = tf.maxPool(t as tf.Tensor4D, c.filterSize, c.strides, c.pad);
              return tf.sum(tf.mul(pooled, tf.range(1, pooled.size + 1).reshape(pooled.shape)));
            })(tf.tensor4d(x, c.x));
            return dx.dataSync() as Float32Array;
          }),
        );
      expect(relativeError(await grad('wasm'), await grad('cpu'))).toBeLessThan(TOLERANCE);
    });
  }

  it('regression: a window whose values are all negative keeps its gradient (the stock kernel dropped it)', async () => {
    // Windows [-3, -1], [-1, -2], [-2, -5], [-5, pad]: maxima at 1, 1, 2, 3 (the stock kernel returned all zeros but x[0]).
    const grad = () =>
      tf.tidy(() =>
        Array.from(tf.grad((t: tf.Tensor) => tf.sum(tf.maxPool(t as tf.Tensor4D, [1, 2], [1, 1], 'same')))(tf.tensor4d([-3, -1, -2, -5], [1, 1, 4, 1])).dataSync()),
      );
    expect(await onBackend('wasm', grad)).toEqual([0, 2, 1, 1]);
    expect(await onBackend('cpu', grad)).toEqual([0, 2, 1, 1]);
  });

  it('routes ties, NaN, −∞ and infinite gradients exactly as the cpu backend does', async () => {
    const x = [1, 1, Number.NaN, 2, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, 3, 5, Number.NaN, 4, 4];
    const weights = [1, 2, 3, 4, 5, Number.POSITIVE_INFINITY];
    for (const [stride, pad] of [[2, 'valid'], [1, 'same']] as const) {
      const grad = () =>
        tf.tidy(() => {
          const dx = tf.grad((t: tf.Tensor) => {
            const pooled = tf.maxPool(t as tf.Tensor4D, [1, 2], [1, stride], pad);
            const w = tf.tensor(Array.from({ length: pooled.size }, (_, i) => weights[i % weights.length]!), pooled.shape);
            return tf.sum(tf.mul(pooled, w));
          })(tf.tensor4d(x, [1, 1, 12, 1]));
          return Array.from(dx.dataSync());
        });
      expect(await onBackend('wasm', grad)).toEqual(await onBackend('cpu', grad));
    }
  });
});
