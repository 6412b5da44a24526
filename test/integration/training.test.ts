/**
 * Training runs end to end on a small synthetic project (6 events, L = 1024, n = 5, the compact
 * preset, wasm): determinism, a worker killed mid-epoch and resumed, the saved model, evaluation
 * against its stored predictions, repeats, the temporal curve, and bad input.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { handle } from '../../src/main/api';
import { silentContext } from '../../src/main/api/context';
import { scoreClassification } from '../../src/main/analysis/metrics';
import { selectEngine } from '../../src/main/model';
import { openProject, requireRunRow, runPredictions } from '../../src/main/store';
import { labelled, loadDataset, materializeExamples } from '../../src/main/training/data';
import { loadRunModel } from '../../src/main/training/inference';
import { predictExamples } from '../../src/main/training/trainer';
import { listRuns, resume, train, type WorkerHandle } from '../../src/main/training';
import { tempDir } from '../helpers/tmp';

const root = tempDir('foreseis-training-');
const dir = path.join(root, 'project');
let datasetId = 0;
const settings = { spec: 'compact', engine: 'wasm' as const, epochs: 3, seed: 7, validationFraction: 0.15, repeats: 1, recalibrateBatchNorm: true };

beforeAll(async () => {
  await handle('synth.generate', { dir, settings: { events: 6, seed: 1, precursorStrength: 3, hoursBeforeEvent: 10 } }, silentContext);
  const w = await handle('windows.build', { dir, settings: { subWindowSamples: 1024, subWindowsPerWindow: 5, split: { kind: 'random', seed: 1, testFraction: 0.34 } } }, silentContext);
  datasetId = w.datasetId;
}, 120_000);

describe('training runs', () => {
  let reference: Awaited<ReturnType<typeof train>>;

  it('the same seed on the same engine gives identical metrics twice, and a complete run record', async () => {
    reference = await train(dir, datasetId, settings);
    const again = await train(dir, datasetId, settings);
    const [a, b] = [reference.runs[0], again.runs[0]];
    expect(a.status).toBe('done');
    expect(a.epochs).toHaveLength(3);
    expect(b.epochs).toEqual(a.epochs.map((e, i) => ({ ...e, seconds: b.epochs[i].seconds })));
    expect(a.engine).toBe('wasm-simd'); // 'wasm' is the best wasm engine
    expect(a.engineDescription).toMatch(/^wasm-simd ×\d+: .*tfjs-backend-wasm/);
    expect(a.seed).toBe(7);
    expect(a.datasetId).toBe(datasetId);
    expect(a.dataChecksum).toMatch(/^[0-9a-f]{64}$/);
    expect(a.specName).toBe('compact');
    expect(a.inputLength).toBe(1024);
    expect(a.hasModel).toBe(true);
    expect(a.hasCheckpoint).toBe(false);
    expect(a.bestEpoch).toBeGreaterThanOrEqual(1);
    expect(a.settings).toMatchObject({ epochs: 3, batchSize: 16, seed: 7, validationSeed: 7 });
    for (const e of a.epochs) for (const v of [e.trainLoss, e.trainAccuracy, e.valLoss, e.valAccuracy]) expect(Number.isFinite(v)).toBe(true);
  }, 120_000);

  it('a worker killed mid-epoch resumes from its checkpoint and ends exactly as the uninterrupted run', async () => {
    let killed = false;
    let handle: WorkerHandle | null = null;
    const interrupted = train(dir, datasetId, settings, {
      onWorker: (h) => (handle = h),
      onEvent: (event) => {
        if (event.type === 'batch' && event.epoch === 2 && !killed) {
          killed = true;
          void handle?.kill();
        }
      },
    });
    await expect(interrupted).rejects.toThrow(/exited/);
    const [run] = (await listRuns(dir)).slice(-1);
    expect(run.status).toBe('failed');
    expect(run.hasCheckpoint).toBe(true);
    expect(run.epochs).toHaveLength(1);
    expect(run.hasModel).toBe(false);

    const resumed = await resume(dir, run.id);
    const done = resumed.runs.find((r) => r.id === run.id)!;
    expect(done.status).toBe('done');
    expect(done.hasModel).toBe(true);
    expect(done.hasCheckpoint).toBe(false);
    // Within float tolerance, not bit for bit: tfjs' Adam rebuilds beta^t as pow(beta, t) on restore
    // where the uninterrupted run multiplied it step by step (a difference in the 7th digit).
    expect(done.epochs).toHaveLength(3);
    for (const [i, e] of done.epochs.entries()) {
      const r = reference.runs[0].epochs[i];
      for (const key of ['trainLoss', 'trainAccuracy', 'valLoss', 'valAccuracy'] as const) expect(Math.abs(e[key] - r[key])).toBeLessThan(1e-5 * Math.max(1, Math.abs(r[key])));
    }
    await expect(resume(dir, run.id)).rejects.toThrow(/already finished/);
  }, 180_000);

  it('evaluation scores the stored predictions, and the saved model loads back and scores identically', async () => {
    const runId = reference.runs[0].id;
    const r = await handle('evaluate.run', { dir, run: runId }, silentContext);
    expect(r.runs).toHaveLength(1);
    const scores = r.runs[0].scores;
    const p = openProject(dir);
    try {
      const stored = runPredictions(p, runId);
      expect(stored).toHaveLength(scores.windows);
      const eventOf = new Map(loadDataset(p, datasetId).windows.map((w) => [w.id, w.eventId]));
      expect(scoreClassification(stored.map((x) => ({ label: x.label, score: x.score, eventId: eventOf.get(x.windowId) ?? null })))).toEqual(scores);
      expect(r.summary.accuracyPercent.mean).toBe(scores.accuracyPercent);
      expect(r.runs[0].events.length).toBeGreaterThan(0);
      for (const e of r.runs[0].events) expect(e.originTimeMs).toBeGreaterThan(0);

      await selectEngine('wasm');
      const model = await loadRunModel(p, requireRunRow(p, runId));
      const dataset = loadDataset(p, datasetId);
      const examples = materializeExamples(p, dataset, labelled(dataset.windows, 'test'));
      const probabilities = await predictExamples(model, examples, 64);
      model.dispose();
      const again = stored.map((_, k) => probabilities[2 * k + 1]);
      expect(again).toEqual(stored.map((x) => Math.fround(x.score)));
    } finally {
      p.close();
      tf.disposeVariables();
    }
  }, 120_000);

  it('repeats train a group from seeds S, S + 1, and evaluation and the curve summarize it', async () => {
    const group = await handle('train.run', { dir, datasetId, settings: { ...settings, epochs: 1, seed: 20, repeats: 2 } }, silentContext);
    expect(group.runs.map((r) => [r.seed, r.status, r.group])).toEqual([
      [20, 'done', group.group],
      [21, 'done', group.group],
    ]);
    const evaluation = await handle('evaluate.run', { dir, run: group.runs[1].id }, silentContext);
    expect(evaluation.runs.map((r) => r.runId)).toEqual(group.runs.map((r) => r.id));
    expect(evaluation.summary.accuracyPercent.n).toBe(2);

    const csv = path.join(root, 'curve.csv');
    const curve = await handle('curve.run', { dir, run: group.group, csv }, silentContext);
    expect(curve.points).toHaveLength(36);
    expect(curve.perRun).toHaveLength(2);
    for (const p of curve.points) {
      expect(p.n).toBe(2);
      expect(p.mean).toBeGreaterThanOrEqual(0);
      expect(p.mean).toBeLessThanOrEqual(1);
    }
    expect(curve.points[35].startSecondsBeforeOrigin).toBe(1000);
    const lines = fs.readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines.filter((l) => !l.startsWith('#'))).toHaveLength(37);
    expect(lines[2]).toBe(`interval,start_seconds_before_origin,end_seconds_before_origin,mean_fraction,std_fraction,runs,run_${group.runs[0].id},run_${group.runs[1].id}`);
  }, 180_000);
});

describe('bad input is answered in one line, and leaves no run behind', () => {
  it('a project with no labelled windows', async () => {
    const empty = path.join(root, 'empty');
    await handle('synth.generate', { dir: empty, settings: { events: 2, seed: 2, hoursBeforeEvent: 10 } }, silentContext);
    await expect(handle('train.run', { dir: empty, settings: {} }, silentContext)).rejects.toThrow(/has no labelled windows: run 'foreseis windows/);
  }, 60_000);

  it('a spec whose layers do not fit the input length', async () => {
    const spec = JSON.parse(fs.readFileSync(path.resolve('resources/models/compact.json'), 'utf8')) as { blocks: { dilation: number }[] };
    spec.blocks[6].dilation = 1024;
    const file = path.join(root, 'too-dilated.json');
    fs.writeFileSync(file, JSON.stringify(spec));
    const before = (await listRuns(dir)).length;
    await expect(handle('train.run', { dir, datasetId, settings: { spec: file } }, silentContext)).rejects.toThrow(/layers do not fit an input of 1024 samples: blocks\[6\]/);
    expect(await listRuns(dir)).toHaveLength(before);
  });

  it('an engine that is not installed names the package to install', async () => {
    const before = (await listRuns(dir)).length;
    const error = await handle('train.run', { dir, datasetId, settings: { engine: 'tensorflow', epochs: 1 } }, silentContext).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'not-found' });
    expect((error as Error).message).toMatch(/@tensorflow\/tfjs-node/);
    expect((error as Error).message).not.toContain('\n');
    expect(await listRuns(dir)).toHaveLength(before);
  }, 60_000);
});
