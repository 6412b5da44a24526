import { describe, expect, it } from 'vitest';
import { findPeaks, localMaxima } from '../../../src/main/dsp/peaks';
import { expectClose, reference, TOL } from './reference';

const ref = reference();
const x = ref.peaks_input;

describe('findPeaks matches scipy.signal.find_peaks', () => {
  it.each(ref.find_peaks.map((c) => [JSON.stringify(c.options), c] as const))('options %s', (_, c) => {
    const got = findPeaks(x, c.options);
    expect(Array.from(got.peaks)).toEqual(c.peaks);
    expect(c.peaks.length).toBeGreaterThan(0);
    expectClose(got.prominences, c.prominences, TOL, 'prominences');
    expect(Array.from(got.leftBases)).toEqual(c.leftBases);
    expect(Array.from(got.rightBases)).toEqual(c.rightBases);
    expect(Array.from(got.peakHeights)).toEqual(c.peaks.map((p) => x[p]));
  });

  it('plateaus count once, at their middle rounded down', () => {
    expect(localMaxima([0, 1, 1, 1, 1, 0])).toEqual([2]);
    expect(localMaxima([0, 2, 2, 2, 0])).toEqual([2]);
    // a plateau that runs into the end is not a peak; nor are the end samples
    expect(localMaxima([0, 1, 1])).toEqual([]);
    expect(localMaxima([5, 1, 5])).toEqual([]);
    expect(Array.from(findPeaks(x).peaks)).toContain(101);
    expect(Array.from(findPeaks(x).peaks)).toContain(301);
  });

  it('edge cases: empty and tiny signals have no peaks; NaN and distance < 1 throw', () => {
    expect(findPeaks([]).peaks.length).toBe(0);
    expect(findPeaks([1, 2]).peaks.length).toBe(0);
    expect(Array.from(findPeaks([0, 1, 0]).peaks)).toEqual([1]);
    expect(() => findPeaks([0, Number.NaN, 0])).toThrow(/index 1/);
    expect(() => findPeaks(x, { distance: 0.5 })).toThrow(/distance/);
    expect(() => findPeaks(x, { wlen: 1 })).toThrow(/wlen/);
  });
});
