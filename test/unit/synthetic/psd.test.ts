/**
 * welchPsd against scipy.signal.welch (test/fixtures/synthetic/make_psd_reference.py writes the
 * reference; tolerance 1e-6 relative to the largest value of each spectrum), plus edge cases.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { welchPsd } from '../../../src/main/dsp/psd';

interface Case {
  name: string;
  segmentSamples: number;
  overlapSamples: number | null;
  scaling: 'density' | 'spectrum';
  detrend: 'constant' | false;
  frequenciesHz: number[];
  psd: number[];
}
const ref = JSON.parse(readFileSync(new URL('../../fixtures/synthetic/psd_reference.json', import.meta.url), 'utf8')) as {
  sampleRateHz: number;
  x: number[];
  cases: Case[];
};

describe('welchPsd matches scipy.signal.welch', () => {
  it.each(ref.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = welchPsd(Float64Array.from(ref.x), ref.sampleRateHz, {
      segmentSamples: c.segmentSamples,
      overlapSamples: c.overlapSamples ?? undefined,
      window: 'hann',
      detrend: c.detrend,
      scaling: c.scaling,
    });
    expect(r.psd.length).toBe(c.psd.length);
    const peak = Math.max(...c.psd);
    for (let k = 0; k < c.psd.length; k++) {
      expect(r.frequenciesHz[k]).toBeCloseTo(c.frequenciesHz[k], 12);
      expect(Math.abs(r.psd[k] - c.psd[k])).toBeLessThanOrEqual(1e-6 * peak);
      // and bin by bin, relative to the bin itself, wherever the bin is not tiny
      if (c.psd[k] > 1e-6 * peak) expect(Math.abs(r.psd[k] / c.psd[k] - 1)).toBeLessThan(1e-6);
    }
  });
});

describe('welchPsd', () => {
  it("integrates to the variance of white noise (Parseval, density scaling) and doesn't double DC or Nyquist", () => {
    const n = 1 << 14;
    const x = new Float64Array(n);
    let s = 1;
    for (let i = 0; i < n; i++) {
      s = (s * 16807) % 2147483647;
      x[i] = (s / 2147483647 - 0.5) * Math.sqrt(12); // unit variance
    }
    const r = welchPsd(x, 10, { segmentSamples: 256 });
    let area = 0;
    for (let k = 0; k < r.psd.length; k++) area += r.psd[k] * (10 / 256);
    expect(area).toBeGreaterThan(0.95);
    expect(area).toBeLessThan(1.05);
    // a pure Nyquist-frequency signal lands in the last bin, which is not doubled
    const alt = Float64Array.from({ length: 256 }, (_, i) => (i % 2 === 0 ? 1 : -1));
    const q = welchPsd(alt, 1, { segmentSamples: 256, detrend: false, scaling: 'spectrum' });
    // X[N/2] = sum w, so the Nyquist bin holds |X|^2 / (sum w)^2 = 1 (scipy: 1.0; doubled would be 2)
    expect(q.psd[128]).toBeCloseTo(1, 12);
    expect(q.psd[127]).toBeCloseTo(0.5, 12); // the Hann window's leakage, one-sided so doubled: 2 * 0.25
  });

  it('uses whole segments only, with the default half overlap', () => {
    const r = welchPsd(new Float64Array(1000), 1, { segmentSamples: 256 });
    expect(r.segments).toBe(Math.floor((1000 - 128) / 128));
    expect(r.frequenciesHz.length).toBe(129);
  });

  it('propagates NaN and rejects bad arguments', () => {
    const x = new Float64Array(512);
    x[3] = Number.NaN;
    const r = welchPsd(x, 1, { segmentSamples: 256, overlapSamples: 0 });
    expect(Number.isNaN(r.psd[5])).toBe(true);
    expect(() => welchPsd(new Float64Array(0), 1, { segmentSamples: 256 })).toThrow(RangeError);
    expect(() => welchPsd(new Float64Array(100), 1, { segmentSamples: 256 })).toThrow(/fewer than one segment/);
    expect(() => welchPsd(new Float64Array(512), 1, { segmentSamples: 256, overlapSamples: 256 })).toThrow(RangeError);
    expect(() => welchPsd(new Float64Array(512), 0, { segmentSamples: 256 })).toThrow(RangeError);
  });
});
