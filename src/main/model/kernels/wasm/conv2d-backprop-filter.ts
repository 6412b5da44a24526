/**
 * Conv2DBackpropFilter for the 'wasm' backend.
 *
 * Why it exists: @tensorflow/tfjs-backend-wasm 4.22 registers Conv2D and Conv2DBackpropInput but
 * not Conv2DBackpropFilter, so the gradient of every convolution's weights throws
 * "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'" and no tf.layers model with a
 * convolution can train there. The stock kernel wins if a later tfjs-backend-wasm ships one (see
 * ./index.ts).
 *
 * dW[r, c, i, o] = Σ_p in[b, y·sH + r − padTop, x·sW + c − padLeft, i] · dy[b, y, x, o] over the
 * output positions p = (b, y, x) (dilation 1: the kernel's attributes carry none). That is one
 * matrix product, dW = colsᵀ · dy, with colsᵀ[(r, c, i), p] the input values each tap sees
 * ("im2col") and dy read as [positions, outChannels]. JavaScript lays out colsᵀ (zeros where a
 * tap falls in the padding) and copies dy; the product runs in the backend's own BatchMatMul
 * (XNNPACK, SIMD), about ten times faster here than the same sum in JavaScript loops. Positions
 * are taken in chunks so colsᵀ stays a few MB whatever the input; chunk products are summed in
 * double precision. Its result [fH·fW·in, out] is the filter's own layout.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Floats of colsᵀ per chunk (16 MB). */
const CHUNK_FLOATS = 1 << 22;
/** Positions laid out together in the im2col copy, so their input rows stay in cache. */
const TILE = 256;

type TensorInfo = tf.TensorInfo;

function conv2DBackpropFilter(args: { inputs: tf.NamedTensorInfoMap; backend: object; attrs?: tf.NamedAttrMap }): TensorInfo {
  const backend = args.backend as BackendWasm;
  const x = args.inputs.x!;
  const dy = args.inputs.dy!;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    tf.backend_util.convertConv2DDataFormat(dataFormat),
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const channelsLast = info.dataFormat === 'channelsLast';
  // Element strides of (batch, row, column, channel) in either layout.
  const [xsB, xsR, xsC, xsD] = channelsLast
    ? [inHeight * inWidth * inChannels, inWidth * inChannels, inChannels, 1]
    : [inChannels * inHeight * inWidth, inWidth, 1, inHeight * inWidth];
  const [dsB, dsR, dsC, dsD] = channelsLast
    ? [outHeight * outWidth * outChannels, outWidth * outChannels, outChannels, 1]
    : [outChannels * outHeight * outWidth, outWidth, 1, outHeight * outWidth];

  const taps = filterHeight * filterWidth * inChannels; // rows of colsᵀ
  const positions = batchSize * outHeight * outWidth;
  const chunk = Math.max(TILE, Math.floor(CHUNK_FLOATS / taps / TILE) * TILE);
  const matMul = tf.getKernel(tf.BatchMatMul, 'wasm')!.kernelFunc;
  const heap = (t: TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
  const acc = new Float64Array(taps * outChannels);
  const source = new Int32Array(TILE); // input offset of each position of a tile for one tap, −1 in the padding
  const rowOf = new Int32Array(TILE);
  const colOf = new Int32Array(TILE);
  const batchOf = new Int32Array(TILE);

  for (let p0 = 0; p0 < positions; p0 += chunk) {
    const count = Math.min(chunk, positions - p0);
    const a = backend.makeOutput([1, taps, count], 'float32');
    const b = backend.makeOutput([1, count, outChannels], 'float32');
    // Views only now: any allocation (including the two above) may grow wasm memory and detach
    // the views taken before it.
    const cols = heap(a);
    const dyChunk = heap(b);
    const xv = heap(x);
    const dyv = heap(dy);

    if (channelsLast) {
      dyChunk.set(dyv.subarray(p0 * outChannels, (p0 + count) * outChannels));
    } else {
      for (let p = 0; p < count; p++) {
        const q = p0 + p;
        const col = q % outWidth;
        const row = Math.floor(q / outWidth) % outHeight;
        const bat = Math.floor(q / (outWidth * outHeight));
        const from = bat * dsB + row * dsR + col * dsC;
        for (let o = 0; o < outChannels; o++) dyChunk[p * outChannels + o] = dyv[from + o * dsD]!;
      }
    }

    for (let t0 = 0; t0 < count; t0 += TILE) {
      const tile = Math.min(TILE, count - t0);
      for (let p = 0; p < tile; p++) {
        const q = p0 + t0 + p;
        colOf[p] = q % outWidth;
        rowOf[p] = Math.floor(q / outWidth) % outHeight;
        batchOf[p] = Math.floor(q / (outWidth * outHeight));
      }
      for (let wR = 0; wR < filterHeight; wR++) {
        for (let wC = 0; wC < filterWidth; wC++) {
          for (let p = 0; p < tile; p++) {
            const xR = rowOf[p]! * strideHeight + wR - top;
            const xC = colOf[p]! * strideWidth + wC - left;
            source[p] = xR < 0 || xR >= inHeight || xC < 0 || xC >= inWidth ? -1 : batchOf[p]! * xsB + xR * xsR + xC * xsC;
          }
          const firstRow = (wR * filterWidth + wC) * inChannels;
          for (let i = 0; i < inChannels; i++) {
            const to = (firstRow + i) * count + t0;
            const channel = i * xsD;
            for (let p = 0; p < tile; p++) {
              const from = source[p]!;
              cols[to + p] = from < 0 ? 0 : xv[from + channel]!;
            }
          }
        }
      }
    }

    // [1, taps, count] × [1, count, out] in XNNPACK (no transposes and batch 1 select its path).
    const product = matMul({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
    const values = heap(product);
    for (let k = 0; k < acc.length; k++) acc[k] += values[k]!;
    backend.disposeData(a.dataId);
    backend.disposeData(b.dataId);
    backend.disposeData(product.dataId);
  }

  const out = backend.makeOutput(info.filterShape, 'float32');
  heap(out).set(acc);
  return out;
}

export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as tf.KernelFunc,
};
