/**
 * Where an inference batch's time goes, per tfjs kernel (the inference counterpart of
 * `bench/train.ts --profile`): builds a preset at length L with seeded weights, warms up, times
 * model.predict of one batch and the predictor Foreseis scores with (fused on wasm-simd), then profiles one more with tf.profile and prints one JSON line per
 * kernel name (ms, share of the kernels' total) and a summary line.
 *
 * Run: npx tsx bench/infer-profile.ts [--preset compact|paper] [--length 16384] [--batch 16]
 *        [--engine wasm-simd|wasm-stock|cpu]
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel, loadSpec, withInputLength } from '../src/main/model';
import { type EngineName, selectEngine } from '../src/main/model/engine';
import { createPredictor } from '../src/main/model/predictor';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const preset = flag('--preset', 'compact');
const length = Number(flag('--length', '16384'));
const batch = Number(flag('--batch', '16'));
const engine = await selectEngine(flag('--engine', 'wasm-simd') as EngineName);
const model = buildModel(withInputLength(loadSpec(preset), length), { seed: 1 });
const x = tf.randomNormal([batch, length, 3], 0, 1, 'float32', 3);
const predict = (): void => void tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
for (let i = 0; i < 2; i++) predict();
const reps = 3;
const t0 = performance.now();
for (let i = 0; i < reps; i++) predict();
const predictMs = (performance.now() - t0) / reps;
// The fused path Foreseis scores with on wasm-simd (src/main/model/predictor.ts), timed the same way.
const fused = createPredictor(model);
const xs = x.dataSync() as Float32Array;
for (let i = 0; i < 2; i++) fused(xs, batch);
const t1 = performance.now();
for (let i = 0; i < reps; i++) fused(xs, batch);
const predictorMs = (performance.now() - t1) / reps;
const profile = await tf.profile(predict);
const byKernel = new Map<string, number>();
for (const k of profile.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
const total = [...byKernel.values()].reduce((a, b) => a + b, 0);
for (const [kernel, ms] of [...byKernel.entries()].sort((a, b) => b[1] - a[1])) {
  if (ms < 0.05) continue;
  console.log(JSON.stringify({ bench: 'infer-profile', engine: engine.name, preset, length, batch, kernel, ms: Number(ms.toFixed(2)), share: Number((ms / total).toFixed(3)) }));
}
console.log(JSON.stringify({ bench: 'infer-profile', engine: engine.name, threads: engine.threads, preset, length, batch, predict_ms: Number(predictMs.toFixed(1)), samples_per_s: Number(((batch * 1000) / predictMs).toFixed(2)), predictor_ms: Number(predictorMs.toFixed(1)), predictor_samples_per_s: Number(((batch * 1000) / predictorMs).toFixed(2)) }));
process.exit(0);
