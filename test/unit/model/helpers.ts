/**
 * Shared helpers of the model tests: backend switching and the error measure every numeric
 * comparison uses.
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { selectEngine } from '../../../src/main/model/engine';

/**
 * Relative error of `actual` against `expected`: max |actual − expected| / max |expected| (a
 * normalized max-norm, so a few near-zero entries do not blow it up). Throws on a length mismatch.
 */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i]! - expected[i]!);
    diff = Number.isNaN(d) ? Infinity : Math.max(diff, d);
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Seeded N(0, 1) values (tf's seeded generator, so the same on every backend). */
export function normalValues(shape: number[], seed: number): Float32Array {
  return tf.tidy(() => tf.randomNormal(shape, 0, 1, 'float32', seed).dataSync() as Float32Array);
}

/** Run `fn` with the named backend (or wasm engine: 'wasm' is the best one) active and return what it returns (plain data, not tensors). */
export async function onBackend<T>(backend: 'cpu' | 'wasm' | 'wasm-simd' | 'wasm-stock', fn: () => T | Promise<T>): Promise<T> {
  if (backend !== 'cpu') await selectEngine(backend);
  else await tf.setBackend('cpu');
  return fn();
}

/** Whether an npm package resolves here (the native TensorFlow packages are optional and absent on CI). */
export function installed(pkg: string): boolean {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return true;
  } catch {
    return false;
  }
}
