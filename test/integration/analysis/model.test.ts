import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { handle } from '../../../src/main/api';
import { silentContext } from '../../../src/main/api/context';
import { runAnalysis } from '../../../src/main/interpret/run';
import { analysisRequestSchema, type AnalysisRequestInput, type FrequencyOcclusionResult, type SequentialResult, type TimeOcclusionResult } from '../../../src/shared/analysis';
import { ForeseisError } from '../../../src/shared/errors';
import { runCli } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';
import { GATED_SAMPLES, SUB_WINDOW_SAMPLES, trainedGatedRun } from './model-fixture';

const request = (r: AnalysisRequestInput) => analysisRequestSchema.parse(r);

describe('model-based analyses on a run trained with a time-gated precursor', () => {
  const dir = path.join(tempDir(), 'gated');
  let runId = 0;
  let accuracyPercent = 0;

  beforeAll(async () => {
    ({ runId, accuracyPercent } = await trainedGatedRun(dir));
  }, 400_000);

  it('has learned the precursor (the analyses below need a working model)', () => {
    expect(accuracyPercent).toBeGreaterThanOrEqual(90);
  });

  it('time occlusion marks the part of the window that holds the precursor, and only it', async () => {
    const r = (await runAnalysis(dir, runId, request({ what: 'time-occlusion', settings: { maskSamples: 512, strideSamples: 256 } }))).data as TimeOcclusionResult;
    expect(r.window.label).toBe('precursor');
    expect(r.subWindowSamples).toBe(SUB_WINDOW_SAMPLES);
    expect(r.baselineScore).toBeGreaterThan(0.5);
    const all = r.curves.find((c) => c.masked === 'all');
    expect(all).toBeDefined();
    if (!all) return;
    expect(r.curves.map((c) => c.masked)).toEqual(['all', 'BH1', 'BH2', 'BHZ']);
    const [gateStart, gateEnd] = GATED_SAMPLES;
    const overlapsGate = (start: number, end: number): boolean => start < gateEnd && end > gateStart;
    // Masks that leave the precursor whole keep the window a precursor; the region marked lies on the precursor.
    r.maskStartSamples.forEach((start, i) => {
      if (!overlapsGate(start, start + r.settings.maskSamples)) expect(all.scores[i]).toBeGreaterThan(0.5);
    });
    expect(all.regionsBelowThreshold.length).toBeGreaterThan(0);
    for (const region of all.regionsBelowThreshold) expect(overlapsGate(region.startSample, region.endSample)).toBe(true);
    // The mask that covers the precursor exactly gives the lowest score.
    const exact = r.maskStartSamples.indexOf(gateStart);
    expect(all.scores[exact]).toBe(Math.min(...all.scores));
    expect(all.scores[exact]).toBeLessThan(0.5);
  });

  it('frequency occlusion keeps the accuracy above the injected band and loses it once the cutoff falls below it', async () => {
    const r = (await runAnalysis(dir, runId, request({ what: 'frequency-occlusion', settings: { startHz: 1, stopHz: 0.05, stepHz: 0.05 } }))).data as FrequencyOcclusionResult;
    expect(r.cutoffs.map((c) => c.cutoffHz)).toEqual(Array.from({ length: 20 }, (_, k) => Math.round((1 - 0.05 * k) * 100) / 100));
    expect(r.baseline.accuracyPercent).toBeGreaterThanOrEqual(90);
    // The lines are at 0.16 and 0.21 Hz (0.155–0.215 Hz with their bandwidth).
    for (const c of r.cutoffs.filter((x) => x.cutoffHz >= 0.3)) expect(c.significantDrop).toBe(false);
    for (const c of r.cutoffs.filter((x) => x.cutoffHz <= 0.1)) {
      expect(c.significantDrop).toBe(true);
      expect(c.loss).toBeGreaterThan(r.baseline.loss);
    }
    expect(r.dropBelowHz).not.toBeNull();
    expect(r.dropBelowHz as number).toBeGreaterThanOrEqual(0.1);
    expect(r.dropBelowHz as number).toBeLessThan(0.3);
  });

  it('gives the same sweep when it is shared by worker threads', async () => {
    const settings = { startHz: 0.3, stopHz: 0.1, stepHz: 0.1 };
    const one = (await runAnalysis(dir, runId, request({ what: 'frequency-occlusion', settings: { ...settings, threads: 1 } }), { force: true })).data as FrequencyOcclusionResult;
    const two = (await runAnalysis(dir, runId, request({ what: 'frequency-occlusion', settings: { ...settings, threads: 2 } }), { force: true })).data as FrequencyOcclusionResult;
    expect([one.threads, two.threads]).toEqual([1, 2]);
    expect(two.testSubWindows).toBe(one.testSubWindows);
    expect(two.baseline.accuracyPercent).toBe(one.baseline.accuracyPercent);
    expect(two.baseline.loss).toBeCloseTo(one.baseline.loss, 4);
    two.cutoffs.forEach((c, i) => {
      expect(c.accuracyPercent).toBe(one.cutoffs[i].accuracyPercent);
      expect(c.loss).toBeCloseTo(one.cutoffs[i].loss, 4);
    });
  });

  it('sequential scores call precursor the sub-windows that contain the precursor and rarely the others; the search scans every test interval', async () => {
    const r = (await runAnalysis(dir, runId, request({ what: 'sequential', settings: { strideSamples: 512, search: true } }))).data as SequentialResult;
    expect(r.startSamples).toHaveLength(Math.floor((40000 - SUB_WINDOW_SAMPLES) / 512) + 1);
    const [gateStart, gateEnd] = GATED_SAMPLES;
    const holding = r.scores.filter((_, i) => r.startSamples[i] <= gateStart && r.startSamples[i] + SUB_WINDOW_SAMPLES >= gateEnd);
    const without = r.scores.filter((_, i) => r.startSamples[i] >= gateEnd);
    expect(holding.length).toBeGreaterThan(0);
    for (const s of holding) expect(s).toBeGreaterThan(0.5);
    expect(without.filter((s) => s > 0.5).length / without.length).toBeLessThan(0.1);
    expect(r.search).not.toBeNull();
    const testEvents = (r.search as NonNullable<SequentialResult['search']>).intervalsSearched / 3;
    expect(Number.isInteger(testEvents) && testEvents > 0).toBe(true);
    expect((r.search?.largestRise?.rise ?? -1) >= (r.largestRise?.rise ?? -1)).toBe(true);
  });

  it('stores each result with the run and re-uses it while the settings stay the same (through the operation and its worker)', async () => {
    const csv = path.join(dir, 'occlusion.csv');
    const input = { dir, run: runId, request: { what: 'time-occlusion', settings: { maskSamples: 512, strideSamples: 256 } } };
    const first = await handle('analysis.run', { ...input, csv }, silentContext);
    const again = await handle('analysis.run', { ...input, request: { ...input.request, settings: { ...input.request.settings, batchSize: 7 } } }, silentContext);
    expect(again.cached).toBe(true);
    expect(again.id).toBe(first.id);
    expect(again.data).toEqual(first.data);
    const other = await handle('analysis.run', { ...input, request: { what: 'time-occlusion', settings: { maskSamples: 512, strideSamples: 512 } } }, silentContext);
    expect(other.cached).toBe(false);
    expect(other.id).not.toBe(first.id);
    const text = fs.readFileSync(csv, 'utf8');
    expect(text).toContain('mask_start_sample,mask_start_s,score_masked_all,score_masked_BH1,score_masked_BH2,score_masked_BHZ');
    expect(text.trim().split('\n').filter((l) => !l.startsWith('#'))).toHaveLength(1 + 8);
  });

  it('stops when cancelled', async () => {
    await expect(runAnalysis(dir, runId, request({ what: 'frequency-occlusion', settings: { startHz: 1, stopHz: 0.5 } }), { cancelled: () => true, force: true })).rejects.toMatchObject({ code: 'cancelled' });
    const controller = new AbortController();
    controller.abort();
    await expect(handle('analysis.run', { dir, run: runId, request: { what: 'frequency-occlusion' } }, { ...silentContext, signal: controller.signal })).rejects.toBeInstanceOf(ForeseisError);
  });

  it('foreseis analyze prints a readable summary (the peaks; the cutoff), JSON, and refuses settings of another kind', () => {
    const rd = runCli(['analyze', dir, '--run', String(runId), '--what', 'relative-difference']);
    expect(rd.status, rd.stderr).toBe(0);
    expect(rd.stdout).toMatch(/^train: .*noise level [\d.]+ %$/m);
    expect(rd.stdout).toMatch(/^test : .*noise level [\d.]+ %$/m);
    expect(rd.stdout).toMatch(/^common: /m);
    const fo = runCli(['analyze', dir, '--run', String(runId), '--what', 'frequency-occlusion', '--start', '1', '--stop', '0.05', '--step', '0.05']);
    expect(fo.status, fo.stderr).toBe(0);
    expect(fo.stdout).toContain('re-used');
    expect(fo.stdout).toMatch(/accuracy drops significantly below 0\.[12]\d* Hz/);
    const json = runCli(['analyze', dir, '--run', String(runId), '--what', 'frequency-occlusion', '--start', '1', '--stop', '0.05', '--step', '0.05', '--json']);
    expect(json.status, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout) as { cached: boolean; data: FrequencyOcclusionResult };
    expect(parsed.cached).toBe(true);
    expect(parsed.data.cutoffs).toHaveLength(20);
    const bad = runCli(['analyze', dir, '--run', String(runId), '--what', 'spectra', '--mask', '3']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/maskSamples|unrecognized/i);
  });
});
