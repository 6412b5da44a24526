import { describe, expect, it } from 'vitest';
import { countWindows, macroWindowStartUs, type PlanEvent, planDataset } from '../../../src/main/dataset/plan';
import { datasetSettingsSchema } from '../../../src/main/dataset/settings';
import { subWindowOffsets, subWindowStride, subWindowViews } from '../../../src/main/dataset/subwindows';
import { ForeseisError } from '../../../src/shared/errors';
import { mulberry32 } from '../../../src/shared/random';

const H = 3600e6;
const defaults = datasetSettingsSchema.parse({});

function events(n: number, testCount: number): PlanEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const origin = Date.UTC(2013, 0, 1) * 1000 + i * 30 * 24 * H;
    return { eventId: i + 1, segmentId: 100 + i, originTimeUs: origin, segmentStartUs: origin - 10 * H, segmentEndUs: origin, split: i < n - testCount ? 'train' : 'test', excluded: false };
  });
}

describe('sub-windows', () => {
  it("uses the paper's 37 windows of 16384 in 40000 samples with stride 656", () => {
    expect(subWindowStride(40000, 16384, 37)).toBe(656);
    const offsets = subWindowOffsets(40000, 16384, 37);
    expect(offsets[36] + 16384).toBeLessThanOrEqual(40000);
    expect(offsets[36]).toBe(36 * 656);
  });

  it('rejects impossible layouts with a reason', () => {
    expect(() => subWindowStride(1000, 2000, 3)).toThrow(/exceeds/);
    expect(() => subWindowStride(1000, 999, 5)).toThrow(/stride of at least 1/);
    expect(subWindowStride(1000, 1000, 1)).toBe(0);
  });

  it('returns views into the macro-window, not copies', () => {
    const macro = Float32Array.from({ length: 40000 * 3 }, (_, i) => i);
    const views = subWindowViews(macro, 3, 16384, 37);
    expect(views).toHaveLength(37);
    for (const v of views) {
      expect(v.buffer).toBe(macro.buffer);
      expect(v.length).toBe(16384 * 3);
    }
    // The 2nd view starts at time step 656: element 656*3 of the interleaved array.
    expect(views[1][0]).toBe(656 * 3);
    expect(views[36][views[36].length - 1]).toBe((36 * 656 + 16384) * 3 - 1);
  });
});

describe('window plan', () => {
  it('reproduces the counts of the paper for 24 train and 7 test events (noise A)', () => {
    const plan = planDataset(events(31, 7), [], [], defaults, mulberry32(1));
    const counts = countWindows(plan.windows, defaults);
    expect(counts).toEqual([
      { split: 'train', label: 'precursor', macroWindows: 24, subWindows: 888 },
      { split: 'train', label: 'noise-a', macroWindows: 24, subWindows: 888 },
      { split: 'test', label: 'precursor', macroWindows: 7, subWindows: 259 },
      { split: 'test', label: 'noise-a', macroWindows: 7, subWindows: 259 },
    ]);
    const e = events(1, 0)[0];
    const precursor = plan.windows.find((w) => w.eventId === 1 && w.label === 'precursor');
    const noiseA = plan.windows.find((w) => w.eventId === 1 && w.label === 'noise-a');
    // Window 36 ends at origin time; window 1 starts 10 h before it.
    expect(precursor?.startTimeUs).toBe(e.originTimeUs - 1000e6);
    expect(noiseA?.startTimeUs).toBe(e.originTimeUs - 36000e6);
    expect(macroWindowStartUs(e.originTimeUs, 1, defaults)).toBe(e.originTimeUs - 10 * H);
  });

  it('places noise-B windows at least 48 h from every event, one per event, seeded', () => {
    const evs = events(10, 3);
    const origins = evs.map((e) => e.originTimeUs);
    // Noise segments midway between consecutive events (15 days away), plus one too close to an event.
    const noise = evs.slice(0, -1).map((e, i) => ({ segmentId: 500 + i, startTimeUs: e.originTimeUs + 15 * 24 * H, endTimeUs: e.originTimeUs + 15 * 24 * H + 1200e6 }));
    const s = datasetSettingsSchema.parse({ noise: 'B' });
    const a = planDataset(evs, noise, origins, s, mulberry32(7));
    const b = planDataset(evs, noise, origins, s, mulberry32(7));
    expect(a.windows).toEqual(b.windows);
    const nb = a.windows.filter((w) => w.label === 'noise-b');
    expect(nb).toHaveLength(10);
    for (const w of nb) {
      for (const o of origins) expect(Math.min(Math.abs(w.startTimeUs - o), Math.abs(w.startTimeUs + 1000e6 - o))).toBeGreaterThanOrEqual(48 * H);
    }
    const tooClose = [{ segmentId: 900, startTimeUs: origins[0] + 3600e6, endTimeUs: origins[0] + 3600e6 + 1200e6 }];
    expect(() => planDataset(evs, tooClose, origins, s, mulberry32(7))).toThrow(/48 h/);
  });

  it('leaves excluded events out and says which', () => {
    const evs = events(5, 1);
    evs[2].excluded = true;
    const plan = planDataset(evs, [], [], defaults, mulberry32(1));
    expect(plan.skippedExcluded).toEqual([3]);
    expect(plan.windows.some((w) => w.eventId === 3)).toBe(false);
    expect(plan.windows).toHaveLength(8);
  });

  it('splits by event with a seed when asked', () => {
    const evs = events(31, 7).map((e) => ({ ...e, split: null }));
    const s = datasetSettingsSchema.parse({ split: { kind: 'random', seed: 3, testFraction: 7 / 31 } });
    const a = planDataset(evs, [], [], s, mulberry32(3));
    const testEvents = [...a.splits].filter(([, v]) => v === 'test');
    expect(testEvents).toHaveLength(7);
    // A window never crosses splits: both windows of an event share its split.
    for (const w of a.windows) expect(w.split).toBe(a.splits.get(w.eventId as number));
    const c = planDataset(evs, [], [], s, mulberry32(4));
    expect([...c.splits]).not.toEqual([...a.splits]);
    expect(() => planDataset(evs, [], [], defaults, mulberry32(1))).toThrow(/no train\/test split/);
  });

  it('refuses an event whose windows run past its data', () => {
    const evs = events(3, 1);
    evs[1].segmentStartUs = evs[1].originTimeUs - 5 * H; // only 5 h recorded
    try {
      planDataset(evs, [], [], defaults, mulberry32(1));
      throw new Error('expected an error');
    } catch (err) {
      expect(err).toBeInstanceOf(ForeseisError);
      expect((err as ForeseisError).code).toBe('data-out-of-range');
      expect((err as Error).message).toMatch(/event 2 .*runs past its data/);
    }
  });
});
