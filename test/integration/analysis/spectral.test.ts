import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cumulativeSpectra, relativeDifference, intervalSpectrogram, type Steps } from '../../../src/main/interpret/spectral';
import type { Project } from '../../../src/main/store';
import type { DatasetRecord } from '../../../src/main/training/data';
import { relativeDifferenceSettingsSchema, spectraSettingsSchema, spectrogramSettingsSchema, type RelativeDifferenceResult } from '../../../src/shared/analysis';
import { tempDir } from '../../helpers/tmp';
import { openDataContext, syntheticDataset } from './fixture';

const steps: Steps = { progress: () => {}, check: () => {} };

interface Case {
  name: string;
  strength: number;
  frequenciesHz: number[];
  seed: number;
}

const cases: Case[] = [
  { name: 'default lines', strength: 10, frequenciesHz: [0.16, 0.21], seed: 1 },
  { name: 'other lines', strength: 10, frequenciesHz: [0.3, 0.45], seed: 2 },
  { name: 'no precursor', strength: 0, frequenciesHz: [0.16, 0.21], seed: 1 },
];

describe('spectral analyses on synthetic projects', () => {
  const root = tempDir();
  const contexts = new Map<string, { project: Project; dataset: DatasetRecord }>();
  const results = new Map<string, RelativeDifferenceResult>();

  beforeAll(async () => {
    for (const c of cases) {
      const dir = path.join(root, c.name.replace(/ /g, '-'));
      const datasetId = await syntheticDataset(dir, { strength: c.strength, frequenciesHz: c.frequenciesHz, seed: c.seed });
      const ctx = openDataContext(dir, datasetId);
      contexts.set(c.name, ctx);
      results.set(c.name, relativeDifference(ctx, relativeDifferenceSettingsSchema.parse({}), steps));
    }
  }, 240_000);

  afterAll(() => {
    for (const c of contexts.values()) c.project.close();
  });

  for (const c of cases.filter((x) => x.strength > 0)) {
    it(`finds each injected line (${c.frequenciesHz.join(', ')} Hz) within 0.02 Hz in train and in test, and as common peaks`, () => {
      const r = results.get(c.name) as RelativeDifferenceResult;
      for (const split of [r.train, r.test]) {
        for (const f of c.frequenciesHz) {
          const nearest = Math.min(...split.peaks.map((p) => Math.abs(p.frequencyHz - f)));
          expect(nearest).toBeLessThan(0.02);
        }
        // Every significant peak is one of the injected lines: nothing else stands out.
        for (const p of split.peaks) expect(Math.min(...c.frequenciesHz.map((f) => Math.abs(p.frequencyHz - f)))).toBeLessThan(0.02);
      }
      expect(r.commonPeaks).toHaveLength(c.frequenciesHz.length);
      r.commonPeaks.forEach((p, i) => expect(Math.abs(p.frequencyHz - c.frequenciesHz[i])).toBeLessThan(0.02));
    });
  }

  it('finds no significant peak without a precursor, whose noise level is small next to a real line', () => {
    const none = results.get('no precursor') as RelativeDifferenceResult;
    expect(none.train.peaks).toEqual([]);
    expect(none.test.peaks).toEqual([]);
    expect(none.commonPeaks).toEqual([]);
    const line = results.get('default lines') as RelativeDifferenceResult;
    // Each line stands out of the null project's noise level by far more than the significance bar.
    for (const p of line.test.peaks) expect(p.relativeDifferencePercent - line.test.medianPercent).toBeGreaterThan(8 * none.test.noiseLevelPercent);
    expect(none.test.noiseLevelPercent).toBeGreaterThan(0);
  });

  it('sums one spectrum per channel and labelled window, on a 0.001 Hz grid up to Nyquist', () => {
    const ctx = contexts.get('default lines') as { project: Project; dataset: DatasetRecord };
    const s = cumulativeSpectra(ctx, spectraSettingsSchema.parse({ maxFrequencyHz: 5 }), steps);
    const testEvents = new Set(ctx.dataset.windows.filter((w) => w.split === 'test').map((w) => w.eventId)).size;
    const trainEvents = new Set(ctx.dataset.windows.filter((w) => w.split === 'train').map((w) => w.eventId)).size;
    expect(s.test.precursorSpectra).toBe(3 * testEvents);
    expect(s.train.noiseSpectra).toBe(3 * trainEvents);
    expect(s.frequencyHz[1]).toBeCloseTo(0.001, 12);
    expect(s.frequencyHz[s.frequencyHz.length - 1]).toBeCloseTo(5, 9);
    // Sub-windows: 9 per window and channel, on the 2048-sample grid.
    const sub = cumulativeSpectra(ctx, spectraSettingsSchema.parse({ segment: 'sub-windows', maxFrequencyHz: 5 }), steps);
    expect(sub.test.precursorSpectra).toBe(27 * testEvents);
    expect(sub.frequencyHz[1]).toBeCloseTo(40 / 2048, 12);
  });

  it('draws a per-channel spectrogram of one interval with 1000-sample windows every 500 samples', () => {
    const ctx = contexts.get('default lines') as { project: Project; dataset: DatasetRecord };
    const r = intervalSpectrogram(ctx, spectrogramSettingsSchema.parse({ maxFrequencyHz: 1 }), steps);
    expect(r.channels.map((c) => c.channel)).toEqual(['BH1', 'BH2', 'BHZ']);
    expect(r.timeS).toHaveLength(Math.floor((40000 - 1000) / 500) + 1);
    expect(r.timeS[0]).toBeCloseTo(12.5, 9);
    expect(r.frequencyHz).toHaveLength(26);
    expect(r.window.label).toBe('precursor');
    expect(r.window.secondsBeforeOrigin).toBe(1000);
    expect(r.settings.interval).toBe(3);
    for (const c of r.channels) expect(c.amplitude).toHaveLength(r.timeS.length);
  });
});
