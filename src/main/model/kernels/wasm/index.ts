/**
 * Kernels the 'wasm' backend needs for training this network family, registered from one explicit
 * list. Found by training the compact preset on wasm, listing the kernels a training step runs
 * (tf.profile), checking each gradient kernel against the cpu backend and timing the step:
 *
 * - Conv2DBackpropFilter is missing from tfjs-backend-wasm 4.22 (the weight gradient of every
 *   convolution): filled.
 * - MaxPoolGrad exists but drops the gradient of windows whose values are all ≤ 0: replaced.
 * - Conv2DBackpropInput exists but is a plain C loop, ten times slower than Conv2D: replaced for
 *   stride 1 NHWC (the stock kernel still serves the other cases).
 * - Tile exists but computes each element's source index (~120 ns an element), and batch norm's
 *   gradient tiles a full-size tensor every step: replaced for numeric tensors.
 *
 * Everything else training uses has a stock wasm kernel that matches cpu: Conv2D, MaxPool,
 * FusedBatchNorm (its gradient is composed of ordinary ops), Relu (gradient via Step), Transpose,
 * PadV2, Slice, Softmax, BatchMatMul, Sum, Mean, the Adam update ops. test/unit/model/wasm-kernels.test.ts
 * checks every kernel here, and the stock gradient kernels the network relies on, against cpu.
 */
import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter';
import { makeConv2DBackpropInputConfig } from './conv2d-backprop-input';
import { maxPoolGradConfig } from './max-pool-grad';
import { makeTileConfig } from './tile';
import { isSimdWrapper } from '../simd/tfjs-conv1d';

interface WasmKernel {
  kernelName: string;
  /** 'missing': registered only where the backend has none; 'replace': takes the stock kernel's place */
  mode: 'missing' | 'replace';
  /** the config to register, given the stock kernel it replaces (if any) */
  make: (stock: tf.KernelConfig | undefined) => tf.KernelConfig;
}

const wasmKernels: readonly WasmKernel[] = [
  { kernelName: tf.Conv2DBackpropFilter, mode: 'missing', make: () => conv2DBackpropFilterConfig },
  { kernelName: tf.MaxPoolGrad, mode: 'replace', make: (stock) => ({ ...maxPoolGradConfig, ...(stock?.setupFunc ? { setupFunc: stock.setupFunc } : {}) }) },
  { kernelName: tf.Conv2DBackpropInput, mode: 'replace', make: makeConv2DBackpropInputConfig },
  { kernelName: tf.Tile, mode: 'replace', make: makeTileConfig },
];

/** Kernel functions this module registered, to recognise them on a second call. */
const ours = new Set<tf.KernelFunc>();

/**
 * Register the kernels of the list: a 'missing' one only if the wasm backend has none (a stock
 * kernel of a later tfjs-backend-wasm takes precedence), a 'replace' one in place of the stock
 * kernel (keeping the stock setup, so the stock kernel can still serve as a fallback). Call
 * after importing @tensorflow/tfjs-backend-wasm, before the backend initializes or after, any
 * number of times; returns the names registered by this call.
 */
export function registerWasmKernels(): string[] {
  // Importing tfjs-backend-wasm registers its kernels; done after ours, it would overwrite them.
  if (tf.getKernel(tf.Conv2D, 'wasm') === undefined) {
    // (The message avoids the text "import '…'": electron-vite's ESM shim plugin mistakes it for an import statement.)
    throw new Error('registerWasmKernels: load @tensorflow/tfjs-backend-wasm first (selectEngine("wasm") does both, in order)');
  }
  const registered: string[] = [];
  for (const { kernelName, mode, make } of wasmKernels) {
    const current = tf.getKernel(kernelName, 'wasm');
    // The 'wasm-simd' engine's wrappers (kernels/simd/tfjs-conv1d.ts) already wrap our kernels.
    if (current !== undefined && (mode === 'missing' || ours.has(current.kernelFunc) || isSimdWrapper(current.kernelFunc))) continue;
    if (current !== undefined) tf.unregisterKernel(kernelName, 'wasm');
    const config = make(current);
    tf.registerKernel(config);
    ours.add(config.kernelFunc);
    registered.push(kernelName);
  }
  return registered;
}

/** Names of the kernels this module provides, whether or not they are registered yet. */
export const filledWasmKernels: readonly string[] = wasmKernels.map(({ kernelName }) => kernelName);
