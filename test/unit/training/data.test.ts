/** The pure parts of a run's data: validation events, batch order, example batches, loss. */
import { describe, expect, it } from 'vitest';
import { batchOrder, type DatasetWindow, Examples, splitValidation } from '../../../src/main/training/data';
import { lossAndAccuracy } from '../../../src/main/training/trainer';

function windows(events: number, noiseB = 0): DatasetWindow[] {
  const out: DatasetWindow[] = [];
  let id = 1;
  for (let e = 1; e <= events; e++) {
    for (const label of ['precursor', 'noise-a'] as const) out.push({ id: id++, segmentId: e, eventId: e, macroIndex: label === 'precursor' ? 36 : 1, startTimeUs: 0, nSamples: 10, label, split: 'train' });
  }
  for (let b = 0; b < noiseB; b++) out.push({ id: id++, segmentId: 100 + b, eventId: null, macroIndex: null, startTimeUs: 0, nSamples: 10, label: 'noise-b', split: 'train' });
  return out;
}

describe('splitValidation', () => {
  it('holds out whole events, at least one, seeded', () => {
    const all = windows(20);
    const a = splitValidation(all, 0.15, 3);
    expect(a.validationEvents).toHaveLength(3);
    const heldEvents = new Set(a.validation.map((w) => w.eventId));
    expect([...heldEvents].sort((x, y) => x! - y!)).toEqual(a.validationEvents);
    expect(a.fit.some((w) => heldEvents.has(w.eventId))).toBe(false);
    expect(a.fit.length + a.validation.length).toBe(all.length);
    expect(splitValidation(all, 0.15, 3)).toEqual(a);
    expect(splitValidation(all, 0.15, 4).validationEvents).not.toEqual(a.validationEvents);
  });

  it('keeps at least one event on each side', () => {
    expect(splitValidation(windows(2), 0.01, 1).validationEvents).toHaveLength(1);
    expect(splitValidation(windows(2), 0.99, 1).fit.length).toBeGreaterThan(0);
  });

  it('holds out the same fraction of noise-B windows, which belong to no event', () => {
    const s = splitValidation(windows(10, 10), 0.2, 1);
    expect(s.validation.filter((w) => w.eventId === null)).toHaveLength(2);
  });
});

describe('batchOrder', () => {
  it('is a permutation that depends on the seed and the epoch only', () => {
    const a = batchOrder(100, 7, 1);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(batchOrder(100, 7, 1)).toEqual(a);
    expect(batchOrder(100, 7, 2)).not.toEqual(a);
    expect(batchOrder(100, 8, 1)).not.toEqual(a);
  });
});

describe('Examples', () => {
  it('copies sub-window views into one [B, L, C] batch', () => {
    const macro = Float32Array.from({ length: 10 * 2 }, (_, i) => i);
    const subs = [macro.subarray(0, 8), macro.subarray(4, 12), macro.subarray(12, 20)];
    const mw = { window: windows(1)[0], samples: macro, subWindows: subs };
    const ex = new Examples([mw, mw], [1, 0], [1, 2], 4, 3, 2);
    expect(ex.count).toBe(6);
    expect(ex.label(2)).toBe(1);
    expect(ex.label(3)).toBe(0);
    const out = ex.fill([5, 1], new Float32Array(3 * 8));
    expect(out).toHaveLength(16);
    expect([...out]).toEqual([...subs[2], ...subs[1]]);
  });
});

describe('lossAndAccuracy', () => {
  it('is categorical cross-entropy and accuracy of 2-class softmax outputs', () => {
    const r = lossAndAccuracy(Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.6, 0.4]), [0, 1, 1]);
    expect(r.accuracy).toBeCloseTo(2 / 3, 12);
    expect(r.loss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4)) / 3, 6);
  });
});
