/**
 * The SIMD convolution kernels as TensorFlow.js kernels, so the same tf.layers model, weights and
 * checkpoints run on them unchanged:
 *
 * - a custom op FsConv1D (dilated conv1d, channels last, stride 1, 'same'/'valid', no bias) with
 *   its gradient kernels FsConv1DBackpropInput and FsConv1DBackpropFilter and a registered
 *   gradient. Why a custom op: tfjs-core refuses the gradient of any convolution with dilation > 1,
 *   so the dilated layers (DilatedConv1D) otherwise go through space-to-batch transposes; this op
 *   takes the dilation directly. Registered for 'wasm' (the SIMD kernels) and 'cpu' (plain
 *   JavaScript, the reference), nowhere else: other backends keep DilatedConv1D's stock path.
 * - wrappers of the wasm backend's Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter that send
 *   the 1-D case (height 1, stride 1, NHWC: every tf.layers.conv1d of this network, and the random
 *   input layer's convolution) to the same SIMD kernels while the 'wasm-simd' engine is active,
 *   and everything else (and everything on 'wasm-stock') to the kernel they wrap.
 *
 * Data move between the tfjs wasm heap and the kernels' shared memory by copies (see conv1d.ts):
 * the tfjs heap is not shared memory, so other threads cannot read it. Outputs are allocated on
 * the tfjs heap before any view of it is taken (an allocation may grow it and detach the views).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  type Conv1DPadding,
  type Conv1DShape,
  conv1dBackpropFilter,
  conv1dBackpropFilterReference,
  conv1dBackpropInput,
  conv1dBackpropInputReference,
  conv1dForward,
  conv1dForwardReference,
  conv1dGeometry,
} from './conv1d';
import { simdActive, simdRuntime } from './runtime';
import { isIdentityWrapper, registerSharedIdentity } from './tfjs-identity';

export const FsConv1D = 'FsConv1D';
export const FsConv1DBackpropInput = 'FsConv1DBackpropInput';
export const FsConv1DBackpropFilter = 'FsConv1DBackpropFilter';

export interface FsConv1DAttrs {
  dilation: number;
  padding: Conv1DPadding;
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: object; attrs?: tf.NamedAttrMap };

/** The kernel's side of a tensor: its shape and its float32 values, read or written in place. */
interface Io {
  read(t: tf.TensorInfo): Float32Array;
  /** a new float32 output; read() views of inputs must be taken after all outputs are made */
  make(shape: number[]): tf.TensorInfo;
}

function wasmIo(backend: object): Io {
  const b = backend as BackendWasm;
  return {
    read: (t) => b.typedArrayFromHeap(t) as Float32Array,
    make: (shape) => b.makeOutput(shape, 'float32'),
  };
}

type CpuBackend = { readSync(id: object): unknown; makeTensorInfo(shape: number[], dtype: 'float32', values?: Float32Array): tf.TensorInfo; data: { get(id: object): { values: unknown } } };

function cpuIo(backend: object): Io {
  const b = backend as CpuBackend;
  return {
    read: (t) => {
      const values = b.readSync(t.dataId);
      return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
    },
    make: (shape) => b.makeTensorInfo(shape, 'float32', new Float32Array(shape.reduce((a, n) => a * n, 1))),
  };
}

function shapeOf(xShape: number[], filterShape: number[], attrs: FsConv1DAttrs): Conv1DShape {
  return {
    batch: xShape[0]!,
    length: xShape[1]!,
    inChannels: xShape[2]!,
    outChannels: filterShape[2]!,
    kernelSize: filterShape[0]!,
    dilation: attrs.dilation,
    padding: attrs.padding,
  };
}

function requireFloat32(kernel: string, ...tensors: tf.TensorInfo[]): void {
  for (const t of tensors) if (t.dtype !== 'float32') throw new Error(`${kernel}: float32 tensors only, got ${t.dtype}`);
}

type Flavor = 'wasm' | 'cpu';

function forwardKernel(flavor: Flavor) {
  return (args: KernelArgs): tf.TensorInfo => {
    const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    requireFloat32(FsConv1D, x, filter);
    const s = shapeOf(x.shape, filter.shape, args.attrs as unknown as FsConv1DAttrs);
    const io = flavor === 'wasm' ? wasmIo(args.backend) : cpuIo(args.backend);
    const out = io.make([s.batch, conv1dGeometry(s).outLength, s.outChannels]);
    if (flavor === 'wasm') conv1dForward(simdRuntime(), io.read(x), io.read(filter), s, io.read(out));
    else conv1dForwardReference(io.read(x), io.read(filter), s, io.read(out));
    return out;
  };
}

function backpropInputKernel(flavor: Flavor) {
  return (args: KernelArgs): tf.TensorInfo => {
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    requireFloat32(FsConv1DBackpropInput, dy, filter);
    const attrs = args.attrs as unknown as FsConv1DAttrs & { inputShape: number[] };
    const s = shapeOf(attrs.inputShape, filter.shape, attrs);
    const io = flavor === 'wasm' ? wasmIo(args.backend) : cpuIo(args.backend);
    const out = io.make([s.batch, s.length, s.inChannels]);
    if (flavor === 'wasm') conv1dBackpropInput(simdRuntime(), io.read(dy), io.read(filter), s, io.read(out));
    else conv1dBackpropInputReference(io.read(dy), io.read(filter), s, io.read(out));
    return out;
  };
}

function backpropFilterKernel(flavor: Flavor) {
  return (args: KernelArgs): tf.TensorInfo => {
    const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    requireFloat32(FsConv1DBackpropFilter, x, dy);
    const attrs = args.attrs as unknown as FsConv1DAttrs & { filterShape: number[] };
    const s = shapeOf(x.shape, attrs.filterShape, attrs);
    const io = flavor === 'wasm' ? wasmIo(args.backend) : cpuIo(args.backend);
    const out = io.make([s.kernelSize, s.inChannels, s.outChannels]);
    if (flavor === 'wasm') conv1dBackpropFilter(simdRuntime(), io.read(x), io.read(dy), s, io.read(out));
    else conv1dBackpropFilterReference(io.read(x), io.read(dy), s, io.read(out));
    return out;
  };
}

/**
 * y = conv1d(x, filter) with the given dilation and padding, stride 1, on the custom kernels
 * (wasm: SIMD; cpu: JavaScript), differentiable w.r.t. x and filter.
 */
export function fsConv1d(x: tf.Tensor3D, filter: tf.Tensor3D, dilation: number, padding: Conv1DPadding): tf.Tensor3D {
  registerFsConv1D();
  if (x.shape[2] !== filter.shape[1]) throw new Error(`fsConv1d: input has ${x.shape[2]} channels, the filter expects ${filter.shape[1]}`);
  const attrs: FsConv1DAttrs = { dilation, padding };
  return tf.engine().runKernel(FsConv1D, { x, filter }, attrs as unknown as tf.NamedAttrMap);
}

let fsRegistered = false;

/** Register the custom op's kernels (wasm and cpu) and its gradient; idempotent. */
export function registerFsConv1D(): void {
  if (fsRegistered) return;
  fsRegistered = true;
  for (const flavor of ['wasm', 'cpu'] as const) {
    tf.registerKernel({ kernelName: FsConv1D, backendName: flavor, kernelFunc: forwardKernel(flavor) as tf.KernelFunc });
    tf.registerKernel({ kernelName: FsConv1DBackpropInput, backendName: flavor, kernelFunc: backpropInputKernel(flavor) as tf.KernelFunc });
    tf.registerKernel({ kernelName: FsConv1DBackpropFilter, backendName: flavor, kernelFunc: backpropFilterKernel(flavor) as tf.KernelFunc });
  }
  tf.registerGradient({
    kernelName: FsConv1D,
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter] = saved as [tf.Tensor3D, tf.Tensor3D];
      const { dilation, padding } = attrs as unknown as FsConv1DAttrs;
      return {
        x: () => tf.engine().runKernel(FsConv1DBackpropInput, { dy: dy as tf.Tensor, filter }, { dilation, padding, inputShape: x.shape } as unknown as tf.NamedAttrMap),
        filter: () => tf.engine().runKernel(FsConv1DBackpropFilter, { x, dy: dy as tf.Tensor }, { dilation, padding, filterShape: filter.shape } as unknown as tf.NamedAttrMap),
      };
    },
  });
}

// ---------------------------------------------------------------------------------------------
// The wasm backend's 2-D convolution kernels, 1-D case to SIMD.

/** The 1-D convolution a Conv2D-family call describes, or null when it is not one the SIMD kernels take. */
function asConv1D(
  xShape: number[],
  filterShape: number[],
  attrs: { strides: number | [number, number]; pad: unknown; dataFormat?: string; dimRoundingMode?: unknown; dilations?: number | [number, number] },
): Conv1DShape | null {
  if (!simdActive() || (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC')) return null;
  if (xShape.length !== 4 || xShape[1] !== 1 || filterShape[0] !== 1) return null;
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad as 'same',
    attrs.dimRoundingMode as 'round' | undefined,
  );
  if (info.strideHeight !== 1 || info.strideWidth !== 1 || info.dilationHeight !== 1 || info.padInfo.top !== 0 || info.padInfo.bottom !== 0) return null;
  const base = { batch: xShape[0]!, length: xShape[2]!, inChannels: xShape[3]!, outChannels: filterShape[3]!, kernelSize: filterShape[1]!, dilation: info.dilationWidth };
  for (const padding of ['same', 'valid'] as const) {
    const s = { ...base, padding };
    const g = conv1dGeometry(s);
    if (g.left === info.padInfo.left && g.right === info.padInfo.right && g.outLength === info.outWidth && g.outLength >= 1) return s;
  }
  return null;
}

function wrapConv2D(inner: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const s = x.dtype === 'float32' ? asConv1D(x.shape, filter.shape, args.attrs as never) : null;
    if (s === null) return inner.kernelFunc(args) as tf.TensorInfo;
    const io = wasmIo(args.backend);
    const out = io.make([s.batch, 1, conv1dGeometry(s).outLength, s.outChannels]);
    conv1dForward(simdRuntime(), io.read(x), io.read(filter), s, io.read(out));
    return out;
  };
  return { ...inner, kernelFunc: kernelFunc as tf.KernelFunc };
}

function wrapConv2DBackpropInput(inner: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const s = dy.dtype === 'float32' ? asConv1D([...attrs.inputShape], filter.shape, attrs as never) : null;
    if (s === null) return inner.kernelFunc(args) as tf.TensorInfo;
    const io = wasmIo(args.backend);
    const out = io.make([s.batch, 1, s.length, s.inChannels]);
    conv1dBackpropInput(simdRuntime(), io.read(dy), io.read(filter), s, io.read(out));
    return out;
  };
  return { ...inner, kernelFunc: kernelFunc as tf.KernelFunc };
}

function wrapConv2DBackpropFilter(inner: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    const s = x.dtype === 'float32' ? asConv1D(x.shape, [...attrs.filterShape], attrs as never) : null;
    if (s === null) return inner.kernelFunc(args) as tf.TensorInfo;
    const io = wasmIo(args.backend);
    const out = io.make([1, s.kernelSize, s.inChannels, s.outChannels]);
    conv1dBackpropFilter(simdRuntime(), io.read(x), io.read(dy), s, io.read(out));
    return out;
  };
  return { ...inner, kernelFunc: kernelFunc as tf.KernelFunc };
}

const wrappers: readonly [string, (inner: tf.KernelConfig) => tf.KernelConfig][] = [
  [tf.Conv2D, wrapConv2D],
  [tf.Conv2DBackpropInput, wrapConv2DBackpropInput],
  [tf.Conv2DBackpropFilter, wrapConv2DBackpropFilter],
];

/** Kernel functions of our wrappers, to recognise them on a second call. */
const wrapperFuncs = new Set<tf.KernelFunc>();

/** Whether a registered kernel function is one of these wrappers (kernels/wasm must not replace them). */
export function isSimdWrapper(kernelFunc: tf.KernelFunc): boolean {
  return wrapperFuncs.has(kernelFunc) || isIdentityWrapper(kernelFunc);
}

/**
 * Wrap the wasm backend's Conv2D-family kernels (call after registerWasmKernels, which fills
 * and replaces some of them) and its Identity (tfjs-identity.ts), and register FsConv1D; idempotent. The wrappers keep the wrapped
 * kernels' setup functions, so those still run when the backend initializes.
 */
export function registerSimdKernels(): void {
  registerFsConv1D();
  registerSharedIdentity();
  for (const [name, wrap] of wrappers) {
    const current = tf.getKernel(name, 'wasm');
    if (current === undefined || wrapperFuncs.has(current.kernelFunc)) continue;
    tf.unregisterKernel(name, 'wasm');
    const config = wrap(current);
    tf.registerKernel(config);
    wrapperFuncs.add(config.kernelFunc);
  }
}
