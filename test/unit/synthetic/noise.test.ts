/**
 * The background noise is realistic (Peterson 1993 envelope, microseism peaks where real stations
 * have them, coherent horizontals), deterministic, and carries the small local earthquakes its
 * ground truth reports.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  generateSegment,
  generateSyntheticProject,
  nhnmDb,
  nlnmDb,
  nominalSensitivityCountsPerMps,
  type SegmentTruth,
  type SyntheticSegment,
} from '../../../src/main/synthetic/index';
import { accelerationDb, bandMean, psdOf, sameBytes } from './helpers';

const quiet = { noise: { localEventsPer10Hours: 0 }, precursor: { relativeStrength: 0 } };
let background: SyntheticSegment;
let withEvents: SyntheticSegment;
let truth: SegmentTruth;
let generationMs: number;

beforeAll(() => {
  generateSegment(quiet, { kind: 'noise-b', index: 0 }); // warm the JIT before timing
  const t0 = performance.now();
  background = generateSegment(quiet, { kind: 'event', eventIndex: 5 });
  generationMs = performance.now() - t0;
  withEvents = generateSegment({ precursor: { relativeStrength: 0 } }, { kind: 'event', eventIndex: 5 });
  truth = generateSyntheticProject().truth[5];
});

describe('one 10 h event segment', () => {
  it('has 3 channels of 1 440 000 integer counts at 40 Hz, in order BH1, BH2, BHZ', () => {
    expect(background.channelCodes).toEqual(['BH1', 'BH2', 'BHZ']);
    expect(background.sampleRateHz).toBe(40);
    expect(background.channels.map((c) => c.length)).toEqual([1_440_000, 1_440_000, 1_440_000]);
    for (const c of background.channels) for (let i = 0; i < c.length; i += 9973) expect(Number.isInteger(c[i])).toBe(true);
    console.info(`synthetic: one 10 h x 3-channel segment generated in ${generationMs.toFixed(0)} ms`);
    expect(generationMs).toBeLessThan(10_000); // ~0.5 s here; a guard against pathological slowdowns only
  });

  it('lies between NLNM and NHNM from 0.05 to 10 Hz on every channel (acceleration PSD via the declared sensitivity)', () => {
    for (const [c, x] of background.channels.entries()) {
      const r = psdOf(x);
      let worstLow = Infinity;
      let worstHigh = Infinity;
      for (let k = 0; k < r.psd.length; k++) {
        const f = r.frequenciesHz[k];
        if (f < 0.05 || f > 10) continue;
        const db = accelerationDb(r.psd[k], f, nominalSensitivityCountsPerMps);
        worstLow = Math.min(worstLow, db - nlnmDb(f));
        worstHigh = Math.min(worstHigh, nhnmDb(f) - db);
      }
      expect(worstLow, `channel ${c} above NLNM`).toBeGreaterThan(3);
      expect(worstHigh, `channel ${c} below NHNM`).toBeGreaterThan(3);
    }
  });

  it('has its secondary microseism peak in 0.1-0.3 Hz and a primary bump in 0.05-0.1 Hz', () => {
    for (const x of background.channels) {
      const r = psdOf(x);
      const acc = (f: number, half = 0.004): number => accelerationDb(bandMean(r, f, half), f, nominalSensitivityCountsPerMps);
      let peakF = 0;
      let peakDb = -Infinity;
      for (let k = 0; k < r.psd.length; k++) {
        const f = r.frequenciesHz[k];
        if (f < 0.03 || f > 2) continue;
        const db = accelerationDb(r.psd[k], f, nominalSensitivityCountsPerMps);
        if (db > peakDb) [peakDb, peakF] = [db, f];
      }
      expect(peakF).toBeGreaterThan(0.1);
      expect(peakF).toBeLessThan(0.3);
      // primary: a local maximum near 0.07 Hz, above 0.05 Hz and above the dip near 0.088 Hz
      expect(acc(0.068)).toBeGreaterThan(acc(0.05) + 3);
      expect(acc(0.068)).toBeGreaterThan(acc(0.088) + 1.5);
      // the secondary peak dominates the primary
      expect(peakDb).toBeGreaterThan(acc(0.068) + 15);
    }
  });

  it('has horizontals noisier than the vertical at long periods and partly coherent with each other', () => {
    const lp = background.channels.map((x) => bandMean(psdOf(x, 0, x.length, 16384), 0.025, 0.012));
    expect(lp[0]).toBeGreaterThan(2 * lp[2]);
    expect(lp[1]).toBeGreaterThan(2 * lp[2]);
    const corr = (a: Float32Array, b: Float32Array): number => {
      let ma = 0, mb = 0;
      for (let i = 0; i < a.length; i++) { ma += a[i]; mb += b[i]; }
      ma /= a.length; mb /= b.length;
      let sab = 0, saa = 0, sbb = 0;
      for (let i = 0; i < a.length; i++) {
        const u = a[i] - ma, v = b[i] - mb;
        sab += u * v; saa += u * u; sbb += v * v;
      }
      return sab / Math.sqrt(saa * sbb);
    };
    const [b1, b2, bz] = background.channels;
    expect(corr(b1, b2)).toBeGreaterThan(0.25);
    expect(corr(b1, b2)).toBeLessThan(0.7);
    expect(Math.abs(corr(b1, bz))).toBeLessThan(0.1);
  });

  it('is louder above 1 Hz by day (local time, UTC+9) than by night', () => {
    // 1-s windows of first differences (a high-pass) over the segment, by local hour
    const x = background.channels[2];
    const byHour = new Map<number, number[]>();
    for (let w = 0; w + 2400 <= x.length; w += 2400) {
      let e = 0;
      for (let i = w + 1; i < w + 2400; i++) e += (x[i] - x[i - 1]) ** 2;
      const hourLocal = Math.floor(((background.startTimeMs + (w / 40) * 1000) / 3_600_000 + 9) % 24);
      byHour.set(hourLocal, [...(byHour.get(hourLocal) ?? []), e]);
    }
    const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
    const levels = [...byHour.entries()].map(([h, v]) => [h, median(v)] as const);
    // event 5 (origin 2017-11-09T07:42:11Z = 16:42 local): the segment spans 06:42-16:42 local;
    // the cultural level at 14:00 is ~6 dB above that at 07:00
    const at = (h: number): number => levels.find(([hh]) => hh === h)?.[1] ?? Number.NaN;
    expect(background.startTimeMs).toBe(Date.parse('2017-11-08T21:42:11Z'));
    expect(at(14)).toBeGreaterThan(at(7) * 1.5);
  });
});

describe('determinism', () => {
  it('gives the same bytes for the same seed and different bytes for another seed', () => {
    const again = generateSegment(quiet, { kind: 'event', eventIndex: 5 });
    const other = generateSegment({ ...quiet, seed: 2 }, { kind: 'event', eventIndex: 5 });
    for (let c = 0; c < 3; c++) {
      expect(sameBytes(again.channels[c], background.channels[c])).toBe(true);
      expect(sameBytes(other.channels[c], background.channels[c])).toBe(false);
    }
  });

  it('adds local events on top of the same background noise', () => {
    // outside the reported events the two generations are identical
    const inside = (tMs: number): boolean => truth.localEvents.some((q) => tMs >= q.pOnsetTimeMs - 100 && tMs <= q.pOnsetTimeMs + q.durationSeconds * 1000 + 100);
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < 1_440_000; i += 101) {
        if (!inside(withEvents.startTimeMs + i * 25)) expect(withEvents.channels[c][i]).toBe(background.channels[c][i]);
      }
    }
  });
});

describe('local earthquakes', () => {
  it('are where the ground truth says, and nowhere else', () => {
    expect(truth.localEvents.length).toBeGreaterThan(0);
    // energy of first differences in 1-s windows, summed over channels
    const n = Math.floor((withEvents.sampleCount - 1) / 40);
    const e = new Float64Array(n);
    for (const x of withEvents.channels) for (let w = 0; w < n; w++) for (let i = w * 40 + 1; i <= w * 40 + 40; i++) e[w] += (x[i] - x[i - 1]) ** 2;
    const median = [...e].sort((a, b) => a - b)[Math.floor(n / 2)];
    const sec = (tMs: number): number => Math.floor((tMs - withEvents.startTimeMs) / 1000);
    for (const q of truth.localEvents) {
      let peak = 0;
      for (let w = sec(q.pOnsetTimeMs); w <= sec(q.pOnsetTimeMs) + q.durationSeconds; w++) peak = Math.max(peak, e[w]);
      expect(peak / median, `event at ${new Date(q.pOnsetTimeMs).toISOString()}`).toBeGreaterThan(30);
      // quiet just before the onset
      let before = 0;
      for (let w = sec(q.pOnsetTimeMs) - 20; w < sec(q.pOnsetTimeMs) - 1; w++) before = Math.max(before, e[w]);
      expect(before / median).toBeLessThan(10);
    }
    for (let w = 0; w < n; w++) {
      if (e[w] > 30 * median) {
        const t = withEvents.startTimeMs + w * 1000;
        const explained = truth.localEvents.some((q) => t >= q.pOnsetTimeMs - 1000 && t <= q.pOnsetTimeMs + q.durationSeconds * 1000);
        expect(explained, `unexplained burst at ${new Date(t).toISOString()}`).toBe(true);
      }
    }
  });
});
