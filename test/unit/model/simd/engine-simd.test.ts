/**
 * The 'wasm-simd' engine in the ladder: a seeded training run of the compact preset gives the same
 * losses and accuracies as on 'wasm-stock' (within float tolerance), the same saved weights predict
 * the same on both, its FMA kernels run where relaxed SIMD does and agree with the plain ones, the
 * thread count is part of its description, and with its kernels not built the ladder passes it
 * over with the reason and lands on 'wasm-stock'.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { ForeseisError } from '../../../../src/shared/errors';
import { buildModel, compileModel } from '../../../../src/main/model/builder';
import { selectEngine } from '../../../../src/main/model/engine';
import { type Conv1DShape, conv1dBackpropFilter, conv1dBackpropInput, conv1dForward } from '../../../../src/main/model/kernels/simd/conv1d';
import { closeSimdRuntime, setSimdKernelDir, simdActive, simdThreads, simdUsesFma } from '../../../../src/main/model/kernels/simd/runtime';
import { defaultThreadCount, ThreadPool } from '../../../../src/main/model/kernels/simd/thread-pool';
import { withInputLength } from '../../../../src/main/model/spec';
import { loadSpec } from '../../../../src/main/model/spec-file';
import { normalValues, relativeError } from '../helpers';

const LENGTH = 512;
const BATCH = 8;
const STEPS = 4;

afterAll(async () => {
  await tf.setBackend('cpu');
  await closeSimdRuntime();
});

/** Seeded training on a toy problem (class 1 = noise + a sine); losses, accuracies and the predictions after it. */
async function train(engine: 'wasm-simd' | 'wasm-stock') {
  await selectEngine(engine);
  const spec = withInputLength(loadSpec('compact'), LENGTH);
  const model = buildModel(spec, { seed: 17 });
  compileModel(model, spec);
  const x = normalValues([BATCH, LENGTH, 3], 8);
  const labels = Array.from({ length: BATCH }, (_, i) => i % 2);
  for (let b = 1; b < BATCH; b += 2) {
    for (let t = 0; t < LENGTH; t++) for (let c = 0; c < 3; c++) x[(b * LENGTH + t) * 3 + c]! += Math.sin(0.3 * t + c);
  }
  const xs = tf.tensor3d(x, [BATCH, LENGTH, 3]);
  const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 2);
  const losses: number[] = [];
  const accuracies: number[] = [];
  for (let step = 0; step < STEPS; step++) {
    const [loss, accuracy] = (await model.trainOnBatch(xs, ys)) as number[];
    losses.push(loss!);
    accuracies.push(accuracy!);
  }
  const predicted = tf.tidy(() => (model.predict(xs) as tf.Tensor).dataSync() as Float32Array).slice();
  tf.dispose([xs, ys]);
  model.dispose();
  return { losses, accuracies, predicted };
}

describe('wasm-simd vs wasm-stock', () => {
  it('a seeded training run of the compact preset gives the same losses, accuracies and predictions', async () => {
    const fast = await train('wasm-simd');
    const stock = await train('wasm-stock');
    console.log(`losses wasm-simd ${fast.losses.map((l) => l.toFixed(9)).join(' ')}; wasm-stock ${stock.losses.map((l) => l.toFixed(9)).join(' ')}`);
    expect(fast.losses.every(Number.isFinite)).toBe(true);
    for (let i = 0; i < STEPS; i++) expect(Math.abs(fast.losses[i]! - stock.losses[i]!)).toBeLessThan(1e-3);
    expect(fast.accuracies).toEqual(stock.accuracies);
    expect(relativeError(fast.predicted, stock.predicted)).toBeLessThan(1e-3);
  });
});

describe('Identity on wasm-simd', () => {
  it('shares the data (no copy of every tensor saved for the gradient), and a clone outlives its source', async () => {
    await selectEngine('wasm-simd');
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.clone(x);
    expect(y.dataId).toBe(x.dataId);
    x.dispose();
    expect(Array.from(await y.data())).toEqual([1, 2, 3]);
    y.dispose();
    await selectEngine('wasm-stock');
    const a = tf.tensor1d([4, 5]);
    const b = tf.clone(a);
    expect(b.dataId).not.toBe(a.dataId); // the stock kernel copies
    tf.dispose([a, b]);
  });

  it('leaks nothing over training steps', async () => {
    await selectEngine('wasm-simd');
    const spec = withInputLength(loadSpec('compact'), 256);
    const model = buildModel(spec, { seed: 3 });
    compileModel(model, spec);
    const xs = tf.tensor3d(normalValues([4, 256, 3], 5), [4, 256, 3]);
    const ys = tf.oneHot(tf.tensor1d([0, 1, 0, 1], 'int32'), 2);
    const counts: number[] = [];
    const bytes: number[] = [];
    for (let i = 0; i < 3; i++) {
      await model.trainOnBatch(xs, ys);
      counts.push(tf.memory().numTensors);
      bytes.push(tf.memory().numBytes);
    }
    expect(counts[2]).toBe(counts[1]);
    expect(bytes[2]).toBe(bytes[1]);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});

describe('the FMA kernels', () => {
  it('run where relaxed SIMD validates (Node 20 with the flag turned on, current V8 as is) and agree with the plain SIMD ones', async () => {
    await selectEngine('wasm-simd');
    expect(simdUsesFma()).toBe(process.env.FORESEIS_FMA !== '0');
    const s: Conv1DShape = { batch: 2, length: 999, inChannels: 13, outChannels: 64, kernelSize: 5, dilation: 8, padding: 'same' };
    const x = normalValues([s.batch, s.length, s.inChannels], 1);
    const w = normalValues([s.kernelSize, s.inChannels, s.outChannels], 2);
    const dy = normalValues([s.batch, s.length, s.outChannels], 3);
    const plain = new ThreadPool(['conv1d'], { threads: 2 });
    const fma = new ThreadPool(['conv1d'], { threads: 2, files: { conv1d: 'conv1d_fma' } });
    try {
      const run = (runner: ThreadPool) => {
        const y = new Float32Array(s.batch * s.length * s.outChannels);
        const dx = new Float32Array(x.length);
        const dw = new Float32Array(w.length);
        conv1dForward(runner, x, w, s, y);
        conv1dBackpropInput(runner, dy, w, s, dx);
        conv1dBackpropFilter(runner, x, dy, s, dw);
        return [y, dx, dw];
      };
      const a = run(plain);
      const b = run(fma);
      for (let i = 0; i < 3; i++) expect(relativeError(b[i]!, a[i]!)).toBeLessThan(1e-5);
    } finally {
      await Promise.all([plain.close(), fma.close()]);
    }
  });
});

describe('the engine ladder', () => {
  it("describes wasm-simd with its thread count and turns the SIMD kernels on only for it", async () => {
    const engine = await selectEngine('wasm-simd', { threads: 2 });
    expect(engine).toMatchObject({ name: 'wasm-simd', backend: 'wasm', threads: 2 });
    expect(engine.description).toMatch(/^wasm-simd ×2: /);
    expect(simdActive()).toBe(true);
    await selectEngine('wasm-stock');
    expect(simdActive()).toBe(false);
    await selectEngine('cpu');
    expect(simdActive()).toBe(false);
    const again = await selectEngine('wasm');
    expect(again.name).toBe('wasm-simd');
    expect(simdThreads()).toBe(defaultThreadCount()); // no threads option: the default again
  });

  it('passes wasm-simd over, with the reason, when its kernels are not built', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'foreseis-kernels-'));
    await closeSimdRuntime();
    setSimdKernelDir(empty);
    try {
      const auto = await selectEngine('auto');
      if (auto.name !== 'tensorflow' && auto.name !== 'tensorflow-gpu') {
        expect(auto.name).toBe('wasm-stock');
        const skipped = auto.skipped.find((s) => s.name === 'wasm-simd');
        expect(skipped?.reason).toContain('conv1d.wasm');
        expect(skipped?.reason).toContain('npm run build:kernels');
      }
      const alias = await selectEngine('wasm');
      expect(alias.name).toBe('wasm-stock');
      expect(alias.skipped[0]?.name).toBe('wasm-simd');
      await expect(selectEngine('wasm-simd')).rejects.toBeInstanceOf(ForeseisError);
      expect(simdActive()).toBe(false);
    } finally {
      setSimdKernelDir(undefined);
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
