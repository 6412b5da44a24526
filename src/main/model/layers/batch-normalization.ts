/**
 * BatchNormalization that runs the CPU engine's fused batch-norm op in training when it is
 * registered for the active backend (kernels/simd/bnpool.ts explains why a fused op), and is
 * tfjs-layers' own BatchNormalization in every other respect: same class name, weights, config
 * and inference path, so checkpoints saved with either load into the other unchanged.
 *
 * The fused path is taken only where it computes exactly what the stock layer does: training,
 * the last axis normalized, scale and center on (the builder's layers); otherwise — and on any
 * backend without the kernel, e.g. 'cpu' or the stock 'wasm' engine — the stock call runs.
 *
 * Registered under the stock class name, so models loaded from JSON (tf.loadLayersModel,
 * tf.models.modelFromJSON) get this class too.
 */
import * as tf from '@tensorflow/tfjs';
import { BN_TRAIN, fusedBatchNormAvailable } from '../kernels/simd/bnpool';

type StockArgs = NonNullable<Parameters<typeof tf.layers.batchNormalization>[0]>;
type StockLayer = ReturnType<typeof tf.layers.batchNormalization>;
type StockClass = (new (args?: StockArgs) => StockLayer) & Pick<typeof tf.layers.Layer, 'fromConfig'> & { className: string };

/** The fields of the stock layer this one reads (private in its declarations). */
interface StockFields {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tf.LayerVariable;
  beta: tf.LayerVariable;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

/** tfjs-layers' class, from the serialization registry (the package does not export it by name). */
function stockClass(): StockClass {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap['BatchNormalization'];
  if (entry === undefined) throw new Error('tfjs-layers has not registered BatchNormalization');
  // Once this module has run, the registry holds this class: go to its stock parent.
  const registered = entry[0] as unknown as StockClass & { isForeseis?: boolean };
  return registered.isForeseis ? (Object.getPrototypeOf(registered) as StockClass) : registered;
}

export class BatchNormalization extends stockClass() {
  static override className = 'BatchNormalization';
  static readonly isForeseis = true;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const training = kwargs['training'] === true;
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    const f = this as unknown as StockFields;
    const lastAxis = input !== undefined && (f.axis === -1 || f.axis === input.rank - 1);
    if (!training || !lastAxis || !f.center || !f.scale || input.rank < 2 || !fusedBatchNormAvailable()) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const [normed, mean, variance] = tf.engine().runKernel(BN_TRAIN, { x: input, gamma: f.gamma.read(), beta: f.beta.read() }, { epsilon: f.epsilon }) as tf.Tensor[];
      // The moving averages as the stock layer updates them: v ← v − (v − batch value)·(1 − momentum).
      for (const [variable, value] of [
        [f.movingMean, mean!],
        [f.movingVariance, variance!],
      ] as const) {
        tf.tidy(() => {
          const current = variable.read();
          variable.write(tf.sub(current, tf.mul(tf.sub(current, value), 1 - f.momentum)));
        });
      }
      return normed!;
    });
  }
}

tf.serialization.registerClass(BatchNormalization);
