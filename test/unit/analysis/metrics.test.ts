import { describe, expect, it } from 'vitest';
import { meanStd, perEventAccuracy, rocAuc, scoreClassification, type WindowPrediction } from '../../../src/main/analysis/metrics';
import { precursorFractions, temporalCurve } from '../../../src/main/analysis/temporal-curve';

const p = (label: 0 | 1, score: number, eventId: number | null = 1): WindowPrediction => ({ label, score, eventId });

describe('classification scores', () => {
  it("reproduces the paper's noise-A test accuracy from its confusion counts (467/518 = 90 %)", () => {
    // 259 precursor and 259 noise windows; 26 precursor and 25 noise windows misclassified.
    const preds = [
      ...Array.from({ length: 233 }, () => p(1, 0.9)),
      ...Array.from({ length: 26 }, () => p(1, 0.1)),
      ...Array.from({ length: 234 }, () => p(0, 0.2)),
      ...Array.from({ length: 25 }, () => p(0, 0.8)),
    ];
    const s = scoreClassification(preds);
    expect(s.windows).toBe(518);
    expect(s.accuracyPercent).toBeCloseTo((100 * 467) / 518, 10);
    expect(s.confusion).toEqual({ trueNoise: { predictedNoise: 234, predictedPrecursor: 25 }, truePrecursor: { predictedNoise: 26, predictedPrecursor: 233 } });
    expect(s.truePositiveRate).toBeCloseTo(233 / 259, 12);
    expect(s.falsePositiveRate).toBeCloseTo(25 / 259, 12);
    expect(s.skill).toBeCloseTo(208 / 259, 12);
  });

  it('gives a constant classifier no skill even when its accuracy looks fine on unbalanced data', () => {
    const preds = [...Array.from({ length: 90 }, () => p(0, 0.1)), ...Array.from({ length: 10 }, () => p(1, 0.1))];
    const s = scoreClassification(preds);
    expect(s.accuracyPercent).toBe(90);
    expect(s.skill).toBe(0);
    expect(s.rocAuc).toBe(0.5);
  });

  it('computes ROC AUC as the Mann–Whitney probability, ties counting one half', () => {
    expect(rocAuc([p(0, 0.1), p(0, 0.2), p(1, 0.3), p(1, 0.4)])).toBe(1);
    expect(rocAuc([p(1, 0.1), p(1, 0.2), p(0, 0.3), p(0, 0.4)])).toBe(0);
    // pairs (pos, neg): (0.35 vs 0.1 ✓, 0.35 vs 0.4 ✗, 0.8 vs 0.1 ✓, 0.8 vs 0.4 ✓) → 3/4
    expect(rocAuc([p(0, 0.1), p(1, 0.35), p(0, 0.4), p(1, 0.8)])).toBe(0.75);
    expect(rocAuc([p(0, 0.5), p(1, 0.5)])).toBe(0.5);
    expect(rocAuc([p(1, 0.5)])).toBeNull();
  });

  it('scores each event over its own windows (Table 2), leaving noise-B windows out', () => {
    const rows = perEventAccuracy([p(1, 0.9, 7), p(1, 0.2, 7), p(0, 0.1, 7), p(0, 0.3, 7), p(1, 0.9, 3), p(0, 0.9, null)]);
    expect(rows).toEqual([
      { eventId: 3, windows: 1, correct: 1, accuracy: 1 },
      { eventId: 7, windows: 4, correct: 3, accuracy: 0.75 },
    ]);
  });

  it('reports mean ± sample std over repeats', () => {
    expect(meanStd([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, std: Math.sqrt(32 / 7), n: 8 });
    expect(meanStd([3])).toEqual({ mean: 3, std: 0, n: 1 });
  });
});

describe('temporal curve', () => {
  it('counts the fraction of sub-windows called precursor per interval', () => {
    expect(precursorFractions([{ interval: 1, scores: [0.1, 0.7, 0.2, 0.9] }, { interval: 2, scores: [0.6] }])).toEqual([0.5, 1]);
  });

  it('finds the onset where the mean leaves the band of the early intervals and stays out', () => {
    // 36 intervals: flat ~0.1 with small wiggles, then rising over the last 10 intervals.
    const base = (k: number): number => 0.1 + 0.01 * Math.sin(k * 1.7);
    const run = (shift: number): number[] => Array.from({ length: 36 }, (_, k) => (k < 26 ? base(k) + shift : Math.min(1, 0.2 + 0.08 * (k - 26) + shift)));
    const c = temporalCurve([run(0), run(0.005), run(-0.005)], 1000);
    expect(c.points).toHaveLength(36);
    expect(c.points[35]).toMatchObject({ interval: 36, startSecondsBeforeOrigin: 1000, endSecondsBeforeOrigin: 0 });
    expect(c.points[0].startSecondsBeforeOrigin).toBe(36000);
    expect(c.onsetInterval).toBe(27);
    expect(c.onsetSecondsBeforeOrigin).toBe(10000);
    expect(c.points[30].std).toBeCloseTo(0.005, 10);
  });

  it('finds no onset in a flat curve', () => {
    const flat = Array.from({ length: 36 }, (_, k) => 0.5 + 0.02 * Math.cos(k));
    expect(temporalCurve([flat], 1000).onsetInterval).toBeNull();
  });
});
