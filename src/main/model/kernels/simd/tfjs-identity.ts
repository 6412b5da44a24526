/**
 * Identity for the 'wasm' backend on the 'wasm-simd' engine: the output shares the input's data
 * (reference counted) instead of copying it.
 *
 * Why: tfjs-core saves every tensor a gradient needs by cloning it (engine.clone → Identity), and
 * the stock wasm Identity copies the data, so during a training step every saved activation
 * exists twice in the wasm heap: ~110 full-size copies per step of this network, hundreds of MB
 * at L = 16384 (the heap cannot shrink, and its 4 GiB cap is what stops the paper preset), and
 * ~5 % of the step's time. Sharing is what the cpu backend's Identity and the wasm backend's own
 * Reshape do (backend.incRef; the backend frees the data when its last reference is disposed);
 * no tfjs kernel writes into its inputs, so a shared buffer is never changed under a reader.
 * On 'wasm-stock' the stock kernel runs.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdActive } from './runtime';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: object; attrs?: tf.NamedAttrMap };

const wrapperFuncs = new Set<tf.KernelFunc>();

export function isIdentityWrapper(kernelFunc: tf.KernelFunc): boolean {
  return wrapperFuncs.has(kernelFunc);
}

/** A tensor that shares `x`'s data on the wasm backend (reference counted): what Identity returns here. */
export function shareData(backend: object, x: tf.TensorInfo): tf.TensorInfo {
  (backend as BackendWasm).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Wrap the wasm backend's Identity (idempotent). */
export function registerSharedIdentity(): void {
  const current = tf.getKernel(tf.Identity, 'wasm');
  if (current === undefined || wrapperFuncs.has(current.kernelFunc)) return;
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const x = args.inputs.x!;
    if (!simdActive() || x.dtype === 'string') return current.kernelFunc(args) as tf.TensorInfo;
    return shareData(args.backend, x);
  };
  tf.unregisterKernel(tf.Identity, 'wasm');
  tf.registerKernel({ ...current, kernelFunc: kernelFunc as tf.KernelFunc });
  wrapperFuncs.add(kernelFunc as tf.KernelFunc);
}
