/**
 * The paper's random input layer (§3; MODEL.md): during training the input plus a random filter
 * of itself, x + s·conv1d(x, K), with K [kernelSize, C, C] ~ N(0, 1) re-drawn at the start of
 * every epoch, 'same' padding, and s chosen per window (one example of the batch, all channels
 * and samples together) so that RMS(s·conv1d(x, K)) = rmsRatio × RMS(x). At inference it is the
 * identity. K is state, not a weight: it is not trained and not saved.
 *
 * Seeded runs repeat: `redraw(seed)` draws K with tf's seeded generator, and the callback of
 * `redrawRandomInputEachEpoch` passes seed + epoch.
 */
import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface RandomInputArgs extends LayerArgs {
  /** taps of the random kernel K */
  kernelSize: number;
  /** RMS of the added noise over RMS of the window */
  rmsRatio: number;
  /** seed of the first K when training starts before any redraw (unseeded if absent) */
  seed?: number;
}

/** A window whose RMS is below this adds no noise (all-zero windows stay zero). */
const TINY_RMS = 1e-12;

export class RandomInput extends tf.layers.Layer {
  static className = 'RandomInput';
  readonly kernelSize: number;
  readonly rmsRatio: number;
  readonly seed: number | undefined;
  private channels: number | null = null;
  private noiseKernel: tf.Tensor3D | null = null;

  constructor(args: RandomInputArgs) {
    super(args);
    if (!Number.isInteger(args.kernelSize) || args.kernelSize < 1) throw new Error(`RandomInput: kernelSize must be a positive integer, got ${args.kernelSize}`);
    if (!(args.rmsRatio >= 0)) throw new Error(`RandomInput: rmsRatio must be ≥ 0, got ${args.rmsRatio}`);
    this.kernelSize = args.kernelSize;
    this.rmsRatio = args.rmsRatio;
    this.seed = args.seed;
    this.trainable = false;
    this.inputSpec = [{ ndim: 3 }];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[shape.length - 1];
    if (channels == null) throw new Error('RandomInput: the channel dimension of the input must be known');
    this.channels = channels;
    this.built = true;
  }

  /** Draw a new K ~ N(0, 1) (seeded if `seed` is given). Called at the start of every epoch. */
  redraw(seed?: number): void {
    if (this.channels === null) throw new Error('RandomInput: redraw() before the layer is built');
    const next = tf.keep(tf.randomNormal([this.kernelSize, this.channels, this.channels], 0, 1, 'float32', seed) as tf.Tensor3D);
    this.noiseKernel?.dispose();
    this.noiseKernel = next;
  }

  /** The current K (a copy), or null before the first draw. */
  currentKernel(): tf.Tensor3D | null {
    return this.noiseKernel === null ? null : this.noiseKernel.clone();
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor3D;
    if (kwargs['training'] !== true || this.rmsRatio === 0) return tf.clone(x);
    if (this.noiseKernel === null) this.redraw(this.seed);
    return tf.tidy(() => addScaledNoise(x, this.noiseKernel!, this.rmsRatio));
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { ...super.getConfig(), kernelSize: this.kernelSize, rmsRatio: this.rmsRatio };
    if (this.seed !== undefined) config['seed'] = this.seed;
    return config;
  }

  override dispose(): ReturnType<tf.layers.Layer['dispose']> {
    const result = super.dispose();
    if (result.refCountAfterDispose === 0) {
      this.noiseKernel?.dispose();
      this.noiseKernel = null;
    }
    return result;
  }
}

/** x + s·conv1d(x, K) with s per window so that RMS of the added term = ratio × RMS(x). */
export function addScaledNoise(x: tf.Tensor3D, kernel: tf.Tensor3D, ratio: number): tf.Tensor3D {
  return tf.tidy(() => {
    const noise = tf.conv1d(x, kernel, 1, 'same');
    const rmsX = tf.sqrt(tf.mean(tf.square(x), [1, 2], true));
    const rmsNoise = tf.sqrt(tf.mean(tf.square(noise), [1, 2], true));
    const scale = tf.div(tf.mul(rmsX, ratio), tf.maximum(rmsNoise, TINY_RMS));
    return tf.add(x, tf.mul(noise, scale));
  });
}

/** The RandomInput layers of a model. */
export function randomInputLayers(model: tf.LayersModel): RandomInput[] {
  return model.layers.filter((layer): layer is RandomInput => layer instanceof RandomInput);
}

/**
 * A callback that re-draws every RandomInput's kernel at the start of each epoch: with a seed,
 * epoch e uses seed + e (repeatable); without one, fresh random kernels.
 */
export function redrawRandomInputEachEpoch(model: tf.LayersModel, seed?: number): tf.CustomCallback {
  const layers = randomInputLayers(model);
  return new tf.CustomCallback({
    onEpochBegin: async (epoch: number) => {
      for (const [index, layer] of layers.entries()) layer.redraw(seed === undefined ? undefined : seed + epoch + index * 1_000_003);
    },
  });
}

tf.serialization.registerClass(RandomInput);
