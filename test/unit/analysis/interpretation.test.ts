import { describe, expect, it } from 'vitest';
import { applyMask, crossEntropy, cutoffSweep, dropBelowHz, isSignificantDrop, largestRise, maskStarts, regionsBelow } from '../../../src/main/analysis/occlusion';
import { binsUpTo, commonPeaks, relativeDifferenceCurve, robustSigma, savgolWindowBins } from '../../../src/main/analysis/spectral';
import { relativeDifferenceSettingsSchema, type SpectralPeak } from '../../../src/shared/analysis';
import { gaussian } from '../../../src/shared/random';

const peak = (frequencyHz: number): SpectralPeak => ({ frequencyHz, relativeDifferencePercent: 1, prominencePercent: 1, prominenceSigmas: 1, excessSigmas: 1, consistencySigmas: 1 });

describe('spectral helpers', () => {
  it('turns a width in Hz into an odd Savitzky-Golay window longer than the polynomial order', () => {
    expect(savgolWindowBins(0.062, 0.001, 2)).toBe(63);
    expect(savgolWindowBins(0.062, 0.002, 2)).toBe(31);
    expect(savgolWindowBins(0.062, 40 / 2048, 2)).toBe(3);
    expect(savgolWindowBins(0.001, 0.01, 3)).toBe(5);
  });

  it('keeps bins up to a frequency', () => {
    expect(binsUpTo(40000, 40, 20)).toBe(20001);
    expect(binsUpTo(40000, 40, 5)).toBe(5001);
    expect(binsUpTo(1000, 40, 1)).toBe(26);
  });

  it('measures a robust sigma that ignores a few outliers', () => {
    const g = gaussian(3);
    const xs = Array.from({ length: 4000 }, () => 2 * g());
    xs.push(1e6, -1e6, 5e5);
    expect(robustSigma(xs).sigma).toBeGreaterThan(1.9);
    expect(robustSigma(xs).sigma).toBeLessThan(2.1);
  });

  it('pairs train and test peaks nearest first, each once, within the tolerance', () => {
    const r = commonPeaks([peak(0.16), peak(0.21), peak(0.5)], [peak(0.205), peak(0.165), peak(0.9)], 0.02);
    expect(r.map((p) => [p.trainFrequencyHz, p.testFrequencyHz])).toEqual([
      [0.16, 0.165],
      [0.21, 0.205],
    ]);
    expect(r[0].frequencyHz).toBeCloseTo(0.1625, 12);
    expect(commonPeaks([peak(0.16)], [peak(0.19)], 0.02)).toEqual([]);
  });

  it('finds a line that every event carries, and not a bump that one event makes', () => {
    const bins = 2001;
    const f = Array.from({ length: bins }, (_, k) => k * 0.001);
    const g = gaussian(11);
    const unit = (lineHz: number | null, lineGain: number): { noise: number[]; precursor: number[] } => ({
      noise: f.map(() => 10 * (1 + 0.3 * g())),
      precursor: f.map((x) => 10 * (1 + 0.3 * g()) * (lineHz !== null && Math.abs(x - lineHz) <= 0.005 ? lineGain : 1)),
    });
    const s = relativeDifferenceSettingsSchema.parse({});
    // Six events, each with a line at 0.3 Hz; one event with a strong bump at 1.2 Hz.
    const units = Array.from({ length: 6 }, () => unit(0.3, 4));
    units[2].precursor = units[2].precursor.map((v, k) => (Math.abs(f[k] - 1.2) <= 0.005 ? v * 40 : v));
    const curve = relativeDifferenceCurve(f, units.map((u) => u.noise), units.map((u) => u.precursor), 63, s);
    expect(curve.peaks).toHaveLength(1);
    expect(Math.abs(curve.peaks[0].frequencyHz - 0.3)).toBeLessThan(0.005);
    // The same data without lines: nothing.
    const quiet = Array.from({ length: 6 }, () => unit(null, 1));
    expect(relativeDifferenceCurve(f, quiet.map((u) => u.noise), quiet.map((u) => u.precursor), 63, s).peaks).toEqual([]);
  });
});

describe('occlusion helpers', () => {
  it('slides a mask over the whole window (the paper: 41 positions of 400 over 16384)', () => {
    expect(maskStarts(16384, 400, 400)).toHaveLength(41);
    expect(maskStarts(2048, 400, 400)).toEqual([0, 400, 800, 1200, 1600, 2000]);
    expect(maskStarts(10, 4, 2)).toEqual([0, 2, 4, 6, 8]);
  });

  it('zeroes one channel or all of them, clipped at the end', () => {
    const w = Float32Array.from({ length: 12 }, (_, i) => i + 1); // 4 samples × 3 channels
    const one = w.slice();
    applyMask(one, 3, 2, 5, 1);
    expect(Array.from(one)).toEqual([1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 0, 12]);
    const all = w.slice();
    applyMask(all, 3, 1, 2, -1);
    expect(Array.from(all)).toEqual([1, 2, 3, 0, 0, 0, 0, 0, 0, 10, 11, 12]);
  });

  it('merges consecutive positions below the threshold into regions spanning their masks', () => {
    const r = regionsBelow([0.9, 0.4, 0.2, 0.8, 0.1], [0, 400, 800, 1200, 1600], 400, 2000, 0.5, 40);
    expect(r).toEqual([
      { startSample: 400, endSample: 1200, startS: 10, endS: 30, minScore: 0.2 },
      { startSample: 1600, endSample: 2000, startS: 40, endS: 50, minScore: 0.1 },
    ]);
    expect(regionsBelow([0.9, 0.7], [0, 400], 400, 800, 0.5, 40)).toEqual([]);
  });

  it('sweeps cutoffs from 20 Hz to 0.1 Hz in 0.1 Hz steps: 200 of them, exact to the step', () => {
    const c = cutoffSweep(20, 0.1, 0.1);
    expect(c).toHaveLength(200);
    expect(c[0]).toBe(20);
    expect(c[199]).toBe(0.1);
    expect(c[165]).toBe(3.5);
    expect(() => cutoffSweep(0.1, 20, 0.1)).toThrow(RangeError);
  });

  it('calls a drop significant beyond k standard errors and the minimum drop, and finds where it starts', () => {
    expect(isSignificantDrop(0.95, 0.9, 500, 3, 5)).toBe(false); // 5 points but under 3 SE
    expect(isSignificantDrop(0.95, 0.6, 100, 3, 5)).toBe(true);
    expect(isSignificantDrop(1, 0.97, 10000, 3, 5)).toBe(false); // many SE but under 5 points
    const cut = (cutoffHz: number, significantDrop: boolean) => ({ cutoffHz, accuracyPercent: 0, loss: 0, significantDrop });
    expect(dropBelowHz([cut(1, false), cut(0.5, true), cut(0.4, false), cut(0.3, true), cut(0.2, true)])).toBe(0.4);
    expect(dropBelowHz([cut(1, false), cut(0.5, false)])).toBeNull();
    expect(dropBelowHz([cut(1, true), cut(0.5, true)])).toBe(1);
  });

  it('finds the largest rise between consecutive scores', () => {
    expect(largestRise([0.1, 0.2, 0.15, 0.9, 0.95])).toEqual({ fromIndex: 2, toIndex: 3, fromScore: 0.15, toScore: 0.9, rise: 0.9 - 0.15 });
    expect(largestRise([0.5])).toBeNull();
  });

  it('computes the mean cross-entropy of precursor scores', () => {
    expect(crossEntropy([0.9, 0.2], [1, 0])).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2, 12);
  });
});

describe('the cache key of an analysis', () => {
  it('ignores the engine, batch size and threads and the order of keys, and follows every other setting, the data and the weights', async () => {
    const { settingsChecksum } = await import('../../../src/main/interpret/run');
    const { analysisRequestSchema } = await import('../../../src/shared/analysis');
    const a = analysisRequestSchema.parse({ what: 'frequency-occlusion', settings: { startHz: 2, stepHz: 0.1 } });
    const b = analysisRequestSchema.parse({ what: 'frequency-occlusion', settings: { stepHz: 0.1, startHz: 2, engine: 'cpu', batchSize: 8, threads: 2 } });
    const c = analysisRequestSchema.parse({ what: 'frequency-occlusion', settings: { startHz: 2, stepHz: 0.2 } });
    expect(settingsChecksum(a, 'data', 'w')).toBe(settingsChecksum(b, 'data', 'w'));
    expect(settingsChecksum(a, 'data', 'w')).not.toBe(settingsChecksum(c, 'data', 'w'));
    expect(settingsChecksum(a, 'data', 'w')).not.toBe(settingsChecksum(a, 'other data', 'w'));
    expect(settingsChecksum(a, 'data', 'w')).not.toBe(settingsChecksum(a, 'data', 'other weights'));
  });
});
