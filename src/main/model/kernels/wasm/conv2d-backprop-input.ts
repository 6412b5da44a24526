/**
 * Conv2DBackpropInput for the 'wasm' backend, replacing the stock kernel where it can.
 *
 * Why it exists: the stock wasm Conv2DBackpropInput is a plain C loop (no XNNPACK, no SIMD) and
 * runs about ten times slower than the forward Conv2D; it was the largest single cost of a
 * training step of the compact preset. For stride 1 (every convolution of this network family,
 * dilated ones included after space-to-batch) the input gradient is itself a forward convolution:
 *
 *   dx[u, v, i] = Σ_{a, b, o} dy[u + a − (fH − 1 − padTop), v + b − (fW − 1 − padLeft), o] · w'[a, b, o, i]
 *   with w'[a, b, o, i] = w[fH − 1 − a, fW − 1 − b, i, o] (the filter turned round, in/out swapped)
 *
 * so JavaScript builds w' and the backend's own Conv2D (XNNPACK) computes dx with explicit
 * padding (top fH − 1 − padTop, bottom inH − outH + padTop, likewise for columns). Strides above
 * 1 and NCHW fall back to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: object; attrs?: tf.NamedAttrMap };

export function makeConv2DBackpropInputConfig(stock: tf.KernelConfig | undefined): tf.KernelConfig {
  function conv2DBackpropInput(args: KernelArgs): tf.TensorInfo {
    const backend = args.backend as BackendWasm;
    const dy = args.inputs.dy!;
    const filter = args.inputs.filter!;
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const info = tf.backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      tf.backend_util.convertConv2DDataFormat(dataFormat),
    );
    if (info.strideHeight !== 1 || info.strideWidth !== 1 || info.dataFormat !== 'channelsLast') {
      if (stock === undefined) throw new Error('Conv2DBackpropInput (wasm): only stride 1, NHWC is implemented here and the stock kernel is missing');
      return stock.kernelFunc(args) as tf.TensorInfo;
    }
    const { filterHeight: fH, filterWidth: fW, inChannels, outChannels, inHeight, inWidth, outHeight, outWidth } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;

    // w'[a, b, o, i] = w[fH − 1 − a, fW − 1 − b, i, o]
    const turned = backend.makeOutput([fH, fW, outChannels, inChannels], 'float32');
    const w = backend.typedArrayFromHeap(filter) as Float32Array; // views after the allocation
    const t = backend.typedArrayFromHeap(turned) as Float32Array;
    for (let a = 0; a < fH; a++) {
      for (let b = 0; b < fW; b++) {
        const from = ((fH - 1 - a) * fW + (fW - 1 - b)) * inChannels * outChannels;
        const to = (a * fW + b) * outChannels * inChannels;
        for (let i = 0; i < inChannels; i++) {
          for (let o = 0; o < outChannels; o++) t[to + o * inChannels + i] = w[from + i * outChannels + o]!;
        }
      }
    }

    const padding: tf.backend_util.ExplicitPadding = [
      [0, 0],
      [fH - 1 - top, inHeight - outHeight + top],
      [fW - 1 - left, inWidth - outWidth + left],
      [0, 0],
    ];
    const conv2d = tf.getKernel(tf.Conv2D, 'wasm')!.kernelFunc;
    const dx = conv2d({
      inputs: { x: dy, filter: turned },
      backend,
      attrs: { strides: 1, pad: padding, dataFormat: 'NHWC', dilations: 1, dimRoundingMode: undefined } as unknown as tf.NamedAttrMap,
    }) as tf.TensorInfo;
    backend.disposeData(turned.dataId);
    return dx;
  }

  return {
    kernelName: tf.Conv2DBackpropInput,
    backendName: 'wasm',
    kernelFunc: conv2DBackpropInput as tf.KernelFunc,
    // The stock kernel's setup still runs, so the fallback finds its wasm function bound.
    ...(stock?.setupFunc ? { setupFunc: stock.setupFunc } : {}),
    ...(stock?.disposeFunc ? { disposeFunc: stock.disposeFunc } : {}),
  };
}
