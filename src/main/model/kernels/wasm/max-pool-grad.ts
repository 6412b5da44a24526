/**
 * MaxPoolGrad for the 'wasm' backend, replacing the stock kernel.
 *
 * Why it exists: the stock wasm MaxPoolGrad (tfjs-backend-wasm 4.22, src/cc/kernels/MaxPoolGrad.cc)
 * starts each window's running maximum at std::numeric_limits<float>::min(), the smallest
 * *positive* float, not the lowest one. A window whose values are all ≤ 0 therefore never records
 * its maximum and its gradient is dropped (test/unit/model/wasm-kernels.test.ts shows it against
 * the cpu backend). After a ReLU that happens to be harmless, but any pooling of signed values
 * trains wrongly; the stock kernel is also slow (it allocates per call and walks every window
 * twice). This one follows the cpu backend exactly: the first strict maximum of each window
 * (NaN never wins) receives the window's gradient.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

let scratchMax = new Float64Array(0);
let scratchArg = new Int32Array(0);

function maxPoolGrad(args: { inputs: tf.NamedTensorInfoMap; backend: object; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const dy = args.inputs.dy!;
  const input = args.inputs.input!;
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;

  // Allocate the output before taking any view of wasm memory: an allocation may grow the memory,
  // which detaches every view taken before it.
  const dx = backend.makeOutput(input.shape, 'float32');
  const xHeap = backend.typedArrayFromHeap(input) as Float32Array;
  const dyHeap = backend.typedArrayFromHeap(dy) as Float32Array;
  const dxHeap = backend.typedArrayFromHeap(dx) as Float32Array;
  dxHeap.fill(0);

  if (scratchMax.length < channels) {
    scratchMax = new Float64Array(channels);
    scratchArg = new Int32Array(channels);
  }
  const best = scratchMax;
  const arg = scratchArg;
  const pairs = effectiveFilterHeight === 1 && effectiveFilterWidth === 2;

  for (let b = 0; b < batchSize; b++) {
    const xBatch = b * inHeight * inWidth * channels;
    for (let yR = 0; yR < outHeight; yR++) {
      const rCorner = yR * strideHeight - top;
      const rMin = Math.max(0, rCorner);
      const rMax = Math.min(inHeight, rCorner + effectiveFilterHeight);
      for (let yC = 0; yC < outWidth; yC++) {
        const cCorner = yC * strideWidth - left;
        const cMin = Math.max(0, cCorner);
        const cMax = Math.min(inWidth, cCorner + effectiveFilterWidth);
        const dyAt = ((b * outHeight + yR) * outWidth + yC) * channels;
        if (pairs && cMax - cMin === 2 && rMax - rMin === 1) {
          // A window of two columns (pool 2 of a 1-D signal): the gradient goes to the second
          // where it is strictly larger, else to the first unless it is −∞. Written without a
          // data-dependent branch or index, which costs ~10 ns an element in V8 on random data.
          const at0 = xBatch + (rMin * inWidth + cMin) * channels;
          const at1 = at0 + channels;
          for (let c = 0; c < channels; c++) {
            const v0 = xHeap[at0 + c]!;
            const v1 = xHeap[at1 + c]!;
            const g = dyHeap[dyAt + c]!;
            if (v0 === v0 && v1 === v1 && g - g === 0) {
              const second = +(v1 > v0);
              dxHeap[at0 + c] += g * (1 - second) * +(v0 > Number.NEGATIVE_INFINITY);
              dxHeap[at1 + c] += g * second;
            } else {
              // NaN or an infinite gradient: the exact rule (and no 0 × ∞ in the other cell).
              const winner = v0 > Number.NEGATIVE_INFINITY ? (v1 > v0 ? at1 : at0) : v1 > Number.NEGATIVE_INFINITY ? at1 : -1;
              if (winner >= 0) dxHeap[winner + c] += g;
            }
          }
          continue;
        }
        // Row-major window walk, so the first strict maximum wins as on the cpu backend; the
        // first position of the window initializes (a NaN or −∞ there records no maximum).
        let first = true;
        for (let xR = rMin; xR < rMax; xR++) {
          for (let xC = cMin; xC < cMax; xC++) {
            const at = xBatch + (xR * inWidth + xC) * channels;
            if (first) {
              for (let c = 0; c < channels; c++) {
                const v = xHeap[at + c]!;
                const found = v > Number.NEGATIVE_INFINITY;
                best[c] = found ? v : Number.NEGATIVE_INFINITY;
                arg[c] = found ? at + c : -1;
              }
              first = false;
            } else {
              for (let c = 0; c < channels; c++) {
                const v = xHeap[at + c]!;
                if (v > best[c]!) {
                  best[c] = v;
                  arg[c] = at + c;
                }
              }
            }
          }
        }
        if (first) continue; // an empty window (all padding) has no maximum
        for (let c = 0; c < channels; c++) {
          const position = arg[c]!;
          if (position >= 0) dxHeap[position] += dyHeap[dyAt + c]!;
        }
      }
    }
  }
  return dx;
}

export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as tf.KernelFunc,
};
