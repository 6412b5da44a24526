/**
 * A dilated 1-D convolution that trains on every backend.
 *
 * Why: tfjs-core 4.22 refuses the gradient of a convolution with dilation > 1 on every backend
 * ("Error in gradient of conv2D: dilation rates greater than 1 are not yet supported in
 * gradients"), so tf.layers.conv1d({dilationRate}) cannot be trained. Here the dilated convolution
 * is rewritten as an ordinary one (space-to-batch): the d phases of the signal (samples r, r + d,
 * r + 2d, … for r = 0..d−1) are folded into the batch, convolved with dilation 1, and unfolded
 * again. Every step is a stock op (pad, reshape, transpose, conv1d, slice) with a stock gradient.
 * On the 'wasm-simd' engine the layer uses the custom op FsConv1D instead (kernels/simd), whose
 * kernels take the dilation directly; the weights are the same either way.
 *
 * Derivation. With the signal padded by `left` zeros before and enough after, 'same' and 'valid'
 * both read y[t] = Σ_j w[j]·xp[t + j·d] (j = 0..k−1; left = ⌊(k−1)·d/2⌋ for 'same' as in
 * TensorFlow, 0 for 'valid'). Writing t = q·d + r and z_r[m] = xp[m·d + r] gives
 * y[q·d + r] = Σ_j w[j]·z_r[q + j]: a 'valid' convolution of each phase z_r with dilation 1.
 * Q = ⌈L_out/d⌉ outputs per phase need M = Q + k − 1 samples per phase, so the padded signal has
 * M·d samples; the last Q·d − L_out outputs are cut off.
 */
import * as tf from '@tensorflow/tfjs';
import { simdActive } from '../kernels/simd/runtime';
import { fsConv1d } from '../kernels/simd/tfjs-conv1d';

export type ConvPadding = 'same' | 'valid';

/** Output length of a stride-1 convolution with kernel k and dilation d over L samples. */
export function convOutputLength(length: number, kernelSize: number, dilation: number, padding: ConvPadding): number {
  return padding === 'same' ? length : length - (kernelSize - 1) * dilation;
}

/**
 * y = conv1d(x, filter, stride 1, padding, 'NWC', dilation), differentiable w.r.t. x and filter.
 * @param x [batch, length, inChannels]
 * @param filter [kernelSize, inChannels, outChannels]
 * @returns [batch, outLength, outChannels]
 */
export function dilatedConv1d(x: tf.Tensor3D, filter: tf.Tensor3D, dilation: number, padding: ConvPadding): tf.Tensor3D {
  if (!Number.isInteger(dilation) || dilation < 1) throw new Error(`dilatedConv1d: dilation must be a positive integer, got ${dilation}`);
  if (dilation === 1) return tf.conv1d(x, filter, 1, padding);
  return tf.tidy(() => {
    const [batch, length, channels] = x.shape;
    const [kernelSize, , outChannels] = filter.shape;
    const outLength = convOutputLength(length, kernelSize, dilation, padding);
    if (outLength < 1) {
      throw new Error(`dilatedConv1d: kernel ${kernelSize} at dilation ${dilation} spans more than the ${length} input samples`);
    }
    const left = padding === 'same' ? Math.floor(((kernelSize - 1) * dilation) / 2) : 0;
    const perPhaseOut = Math.ceil(outLength / dilation); // Q
    const perPhaseIn = perPhaseOut + kernelSize - 1; // M
    const right = perPhaseIn * dilation - length - left;
    const padded = tf.pad(x, [
      [0, 0],
      [left, right],
      [0, 0],
    ]);
    // [B, M·d, C] → [B, M, d, C] → [B, d, M, C] → [B·d, M, C]
    const phases = padded.reshape([batch, perPhaseIn, dilation, channels]).transpose([0, 2, 1, 3]).reshape([batch * dilation, perPhaseIn, channels]) as tf.Tensor3D;
    const convolved = tf.conv1d(phases, filter, 1, 'valid'); // [B·d, Q, F]
    // [B·d, Q, F] → [B, d, Q, F] → [B, Q, d, F] → [B, Q·d, F]
    const unfolded = convolved.reshape([batch, dilation, perPhaseOut, outChannels]).transpose([0, 2, 1, 3]).reshape([batch, perPhaseOut * dilation, outChannels]) as tf.Tensor3D;
    return perPhaseOut * dilation === outLength ? unfolded : unfolded.slice([0, 0, 0], [batch, outLength, outChannels]);
  });
}

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Initializer = ReturnType<typeof tf.initializers.randomNormal>;

/** An initializer as a layer config stores it: Keras' {className, config}. */
export interface SerializedInitializer {
  className: string;
  config: tf.serialization.ConfigDict;
}

export function serializeInitializer(initializer: Initializer): SerializedInitializer {
  return { className: initializer.getClassName(), config: initializer.getConfig() };
}

export function deserializeInitializer(value: Initializer | SerializedInitializer): Initializer {
  if (!('className' in value) || typeof value.className !== 'string' || !('config' in value)) return value as Initializer;
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[value.className];
  if (entry === undefined) throw new Error(`unknown initializer class '${value.className}'`);
  const [cls, fromConfig] = entry;
  return fromConfig(cls, value.config) as Initializer;
}

export interface DilatedConv1DArgs extends LayerArgs {
  filters: number;
  kernelSize: number;
  dilationRate: number;
  padding?: ConvPadding;
  useBias?: boolean;
  kernelInitializer?: Initializer | SerializedInitializer;
}

/**
 * tf.layers.conv1d with stride 1 and a dilation that trains. Same weights as Conv1D
 * (kernel [kernelSize, inChannels, filters], optional bias [filters]), so weights can move
 * between the two.
 */
export class DilatedConv1D extends tf.layers.Layer {
  static className = 'DilatedConv1D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly dilationRate: number;
  readonly padding: ConvPadding;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: DilatedConv1DArgs) {
    super(args);
    for (const key of ['filters', 'kernelSize', 'dilationRate'] as const) {
      if (!Number.isInteger(args[key]) || args[key] < 1) throw new Error(`DilatedConv1D: ${key} must be a positive integer, got ${args[key]}`);
    }
    this.filters = args.filters;
    this.kernelSize = args.kernelSize;
    this.dilationRate = args.dilationRate;
    this.padding = args.padding ?? 'same';
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = deserializeInitializer(args.kernelInitializer ?? tf.initializers.glorotUniform({}));
    this.inputSpec = [{ ndim: 3 }];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[shape.length - 1];
    if (channels == null) throw new Error('DilatedConv1D: the channel dimension of the input must be known');
    this.kernel = this.addWeight('kernel', [this.kernelSize, channels, this.filters], 'float32', this.kernelInitializer);
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.inputSpec = [{ ndim: 3, axes: { [-1]: channels } }];
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const length = shape[1];
    return [shape[0] ?? null, length == null ? null : convOutputLength(length, this.kernelSize, this.dilationRate, this.padding), this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor3D;
      const kernel = this.kernel!.read() as tf.Tensor3D;
      // The 'wasm-simd' engine takes the dilation directly (one SIMD kernel, no transposes);
      // every other engine the space-to-batch path of stock ops.
      let y: tf.Tensor3D = simdActive() ? fsConv1d(x, kernel, this.dilationRate, this.padding) : dilatedConv1d(x, kernel, this.dilationRate, this.padding);
      if (this.bias !== null) y = tf.add(y, this.bias.read());
      return y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      dilationRate: this.dilationRate,
      padding: this.padding,
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer) as unknown as tf.serialization.ConfigDictValue,
    };
  }
}

tf.serialization.registerClass(DilatedConv1D);
