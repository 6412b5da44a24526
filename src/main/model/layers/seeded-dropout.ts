/**
 * Dropout whose masks are repeatable and differ from step to step.
 *
 * Why: tf.layers.dropout({seed}) passes the same seed to every call, so a seeded model drops the
 * same units at every training step (a fixed mask, not dropout), while an unseeded one draws from
 * Math.random and cannot be repeated. Here call n uses seed + n: a seeded run repeats exactly and
 * still sees a fresh mask each step. Identity at inference, like Keras' Dropout (inverted
 * dropout: kept units are scaled by 1 / (1 − rate) in training).
 */
import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface SeededDropoutArgs extends LayerArgs {
  /** fraction of units dropped in training, in [0, 1) */
  rate: number;
  /** seed of the first mask (unseeded if absent) */
  seed?: number;
}

export class SeededDropout extends tf.layers.Layer {
  static className = 'SeededDropout';
  readonly rate: number;
  readonly seed: number | undefined;
  /** training calls so far: the next mask's seed is seed + calls */
  private calls = 0;

  constructor(args: SeededDropoutArgs) {
    super(args);
    if (!(args.rate >= 0 && args.rate < 1)) throw new Error(`SeededDropout: rate must be in [0, 1), got ${args.rate}`);
    this.rate = args.rate;
    this.seed = args.seed;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs['training'] !== true || this.rate === 0) return tf.clone(x);
    const seed = this.seed === undefined ? undefined : this.seed + this.calls;
    this.calls++;
    return tf.dropout(x, this.rate, undefined, seed);
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { ...super.getConfig(), rate: this.rate };
    if (this.seed !== undefined) config['seed'] = this.seed;
    return config;
  }
}

tf.serialization.registerClass(SeededDropout);
