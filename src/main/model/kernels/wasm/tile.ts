/**
 * Tile for the 'wasm' backend, replacing the stock kernel for numeric tensors.
 *
 * Why it exists: the gradient of batch normalization (tfjs-core's FusedBatchNorm gradient) tiles
 * the per-channel 1/√(variance + ε) to the full [batch, length, channels] shape at every
 * training step, and the stock wasm Tile computes every output element's source index
 * separately: about 120 ns per element here, the largest single cost of a training step of the
 * compact preset (a third of it at L = 4096). Tiling is copying: each source block is written
 * once and then doubled in place with copyWithin until it is repeated as often as asked, so the
 * cost is that of a memcpy of the output. Other dtypes go to the stock kernel (which, like this
 * one, has no string support on wasm).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type Numeric = Float32Array | Int32Array | Uint8Array;
type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: object; attrs?: tf.NamedAttrMap };

/**
 * Write the tiling of the source slice at `from` (dimensions `dim`… of the source) into `out` at
 * `to`. `outBlock[d]`/`inBlock[d]` are the sizes of one slice of dimensions d… in output and
 * source; from `tail` on, every repetition is 1, so the slice is copied as one block.
 */
function tileInto(out: Numeric, to: number, source: Numeric, from: number, dim: number, tail: number, shape: readonly number[], reps: readonly number[], inBlock: readonly number[], outBlock: readonly number[]): void {
  if (dim === tail) {
    out.set(source.subarray(from, from + inBlock[dim]!), to);
    return;
  }
  const count = shape[dim]!;
  for (let k = 0; k < count; k++) tileInto(out, to + k * outBlock[dim + 1]!, source, from + k * inBlock[dim + 1]!, dim + 1, tail, shape, reps, inBlock, outBlock);
  // The slice, once written, is repeated reps[dim] times by doubling.
  const once = count * outBlock[dim + 1]!;
  const total = once * reps[dim]!;
  for (let filled = once; filled < total; filled *= 2) out.copyWithin(to + filled, to, to + Math.min(filled, total - filled));
}

export function makeTileConfig(stock: tf.KernelConfig | undefined): tf.KernelConfig {
  function tile(args: KernelArgs): tf.TensorInfo {
    const backend = args.backend as BackendWasm;
    const x = args.inputs.x!;
    const { reps } = args.attrs as unknown as tf.TileAttrs;
    if (x.dtype === 'string' || x.dtype === 'complex64') {
      if (stock === undefined) throw new Error(`Tile (wasm): ${x.dtype} tensors need the stock kernel, which is missing`);
      return stock.kernelFunc(args) as tf.TensorInfo;
    }
    const shape = x.shape;
    const rank = shape.length;
    const outShape = shape.map((size, d) => size * reps[d]!);
    // Output first: views of wasm memory taken before an allocation may be detached by it.
    const out = backend.makeOutput(outShape, x.dtype);
    if (tf.util.sizeFromShape(outShape) === 0) return out;
    const source = backend.typedArrayFromHeap(x) as Numeric;
    const target = backend.typedArrayFromHeap(out) as Numeric;
    const inBlock = new Array<number>(rank + 1).fill(1);
    const outBlock = new Array<number>(rank + 1).fill(1);
    for (let d = rank - 1; d >= 0; d--) {
      inBlock[d] = inBlock[d + 1]! * shape[d]!;
      outBlock[d] = outBlock[d + 1]! * outShape[d]!;
    }
    let tail = rank;
    while (tail > 0 && reps[tail - 1] === 1) tail--;
    tileInto(target, 0, source, 0, 0, tail, shape, reps, inBlock, outBlock);
    return out;
  }

  return {
    kernelName: tf.Tile,
    backendName: 'wasm',
    kernelFunc: tile as tf.KernelFunc,
    ...(stock?.setupFunc ? { setupFunc: stock.setupFunc } : {}),
    ...(stock?.disposeFunc ? { disposeFunc: stock.disposeFunc } : {}),
  };
}
