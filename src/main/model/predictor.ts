/**
 * Inference of a built model on plain arrays, the fastest way the active engine can: on
 * 'wasm-simd' the whole network runs fused in the kernels' memory (kernels/simd/fused-inference.ts)
 * when the model has the builder's shape; everywhere else (and for any other model) model.predict.
 * Both give the same softmax outputs within float tolerance (test/unit/model/simd/fused-inference.test.ts).
 *
 * A predictor reads the weights when it is made: make a new one after the weights change.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedPredict, planFusedInference } from './kernels/simd/fused-inference';
import { simdActive, simdRuntime } from './kernels/simd/runtime';

/** Softmax outputs [n, units] for x [n, length, channels]. */
export type Predictor = (x: Float32Array, n: number) => Float32Array;

export function createPredictor(model: tf.LayersModel, options: { fused?: boolean } = {}): Predictor {
  const shape = model.inputs[0]!.shape;
  const length = shape[1] as number;
  const channels = shape[2] as number;
  const plan = options.fused !== false && simdActive() && tf.getBackend() === 'wasm' ? planFusedInference(model) : null;
  if (plan) {
    const runner = simdRuntime();
    return (x, n) => fusedPredict(runner, plan, x.subarray(0, n * length * channels), n);
  }
  return (x, n) => {
    const out = tf.tidy(() => model.predict(tf.tensor3d(x.subarray(0, n * length * channels), [n, length, channels])) as tf.Tensor);
    const values = out.dataSync() as Float32Array;
    out.dispose();
    return values;
  };
}
