/**
 * The injected precursor: where it is (last hour, not first), at which frequencies, how strong,
 * and that strength 0 leaves no trace (the null control is bit-identical to no precursor).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSegment, generateSyntheticProject, type SyntheticSegment } from '../../../src/main/synthetic/index';
import { bandMean, lineExcess, psdOf, sameBytes } from './helpers';

const ev = { kind: 'event', eventIndex: 0 } as const;
const W = 40_000; // one 1000-s macro-window at 40 Hz
const N = 1_440_000;
const lines = [0.16, 0.21];
const moved = [0.3, 0.45];
const all = [...lines, ...moved];

let withDefault: SyntheticSegment; // strength 1 (the default)
let nullControl: SyntheticSegment; // strength 0
let strong: SyntheticSegment; // strength 3
let strongMoved: SyntheticSegment; // strength 3 at [0.3, 0.45]

beforeAll(() => {
  // Strength 1 (+3 dB in each line band): the subtle case these properties are stated for.
  withDefault = generateSegment({ precursor: { relativeStrength: 1 } }, ev);
  nullControl = generateSegment({ precursor: { relativeStrength: 0 } }, ev);
  strong = generateSegment({ precursor: { relativeStrength: 3 } }, ev);
  strongMoved = generateSegment({ precursor: { relativeStrength: 3, frequenciesHz: moved } }, ev);
});

/**
 * Mean over channels of lineExcess (in-band PSD over neighbouring bands) in the first and in the
 * last 1000 s. Without a precursor it scatters between ~0.6 and ~1.8 (one 1000-s window holds few
 * degrees of freedom in a 0.01-Hz band); at strength 3 the last window gives ~4-15.
 */
function excess(seg: SyntheticSegment, f0: number): { first: number; last: number } {
  let first = 0;
  let last = 0;
  for (const x of seg.channels) {
    first += lineExcess(psdOf(x, 0, W), f0, all) / 3;
    last += lineExcess(psdOf(x, N - W, N), f0, all) / 3;
  }
  return { first, last };
}

function difference(a: SyntheticSegment, b: SyntheticSegment, c: number): Float32Array {
  const d = new Float32Array(N);
  for (let i = 0; i < N; i++) d[i] = a.channels[c][i] - b.channels[c][i];
  return d;
}

function rms(x: Float32Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return Math.sqrt(s / (to - from));
}

describe('precursor', () => {
  it('shows at 0.16 and 0.21 Hz in the last 1000 s and not in the first', () => {
    for (const f0 of lines) {
      const e = excess(strong, f0);
      expect(e.last, `${f0} Hz, last 1000 s`).toBeGreaterThan(3);
      expect(e.first, `${f0} Hz, first 1000 s`).toBeLessThan(2.2);
    }
    for (const f0 of moved) expect(excess(strong, f0).last).toBeLessThan(2.2);
  });

  it('moves with its frequencies ([0.3, 0.45] Hz)', () => {
    for (const f0 of moved) {
      const e = excess(strongMoved, f0);
      expect(e.last, `${f0} Hz`).toBeGreaterThan(3);
      expect(e.first).toBeLessThan(2.2);
    }
    for (const f0 of lines) expect(excess(strongMoved, f0).last).toBeLessThan(2.2);
  });

  it('at strength 1 doubles the PSD in each line band over the last 1000 s and nothing else', () => {
    for (const f0 of [...lines, 0.1, 0.3, 1, 5]) {
      let ratio = 0;
      for (let c = 0; c < 3; c++) {
        const a = bandMean(psdOf(withDefault.channels[c], N - W, N), f0, 0.004);
        const b = bandMean(psdOf(nullControl.channels[c], N - W, N), f0, 0.004);
        ratio += a / b / 3;
      }
      if (lines.includes(f0)) {
        expect(ratio, `${f0} Hz`).toBeGreaterThan(1.5);
        expect(ratio, `${f0} Hz`).toBeLessThan(3);
      } else {
        expect(Math.abs(ratio - 1), `${f0} Hz`).toBeLessThan(0.05);
      }
    }
  });

  it('has the RMS its ground truth and definition say (strength = line RMS / background RMS in band, last 1000 s)', () => {
    const truth = generateSyntheticProject({ precursor: { relativeStrength: 1 } }).truth[0].precursor!;
    const tau = truth.timeConstantSeconds;
    const meanEnv2 = (tau / 2000) * (1 - Math.exp(-2000 / tau));
    for (let c = 0; c < 3; c++) {
      const d = difference(withDefault, nullControl, c);
      const expected = Math.sqrt(truth.lines.reduce((s, l) => s + l.amplitudeCounts[c] ** 2, 0) * meanEnv2);
      const got = rms(d, N - W, N);
      expect(got / expected).toBeGreaterThan(0.8);
      expect(got / expected).toBeLessThan(1.25);
      // in band, precursor power / background power ~ strength^2 = 1 (measured on the realization)
      for (const l of truth.lines) {
        const p = bandMean(psdOf(d, N - W, N), l.frequencyHz, 0.004);
        const b = bandMean(psdOf(nullControl.channels[c], N - W, N), l.frequencyHz, 0.004);
        expect(p / b).toBeGreaterThan(0.3);
        expect(p / b).toBeLessThan(3);
      }
    }
  });

  it('grows as exp(-(t_origin - t) / 7200 s) and is negligible 9-10 h before origin', () => {
    let w36 = 0;
    let w30 = 0;
    let w18 = 0;
    for (let c = 0; c < 3; c++) {
      const d = difference(withDefault, nullControl, c);
      w36 += rms(d, N - W, N) ** 2;
      w30 += rms(d, N - 7 * W, N - 6 * W) ** 2;
      w18 += rms(d, N - 19 * W, N - 18 * W) ** 2;
      // 10 h to 9 h before: ~1 % of the final amplitude, against the background in the same bands
      const early = psdOf(d, 0, 3600 * 40);
      const background = psdOf(nullControl.channels[c], 0, 3600 * 40);
      for (const f0 of lines) expect(bandMean(early, f0, 0.004) / bandMean(background, f0, 0.004)).toBeLessThan(1e-3);
    }
    const sixWindows = Math.sqrt(w36 / w30); // expected e^(6000/7200) = 2.30
    expect(sixWindows).toBeGreaterThan(1.8);
    expect(sixWindows).toBeLessThan(2.9);
    const eighteen = Math.sqrt(w18 / w36); // expected e^(-18000/7200) = 0.082
    expect(eighteen).toBeGreaterThan(0.05);
    expect(eighteen).toBeLessThan(0.13);
  });

  it('scales linearly with strength on the same random draws', () => {
    const double = generateSegment({ precursor: { relativeStrength: 2 } }, ev);
    for (let c = 0; c < 3; c++) {
      let worst = 0;
      for (let i = N - 2 * W; i < N; i++) {
        const one = withDefault.channels[c][i] - nullControl.channels[c][i];
        const two = double.channels[c][i] - nullControl.channels[c][i];
        worst = Math.max(worst, Math.abs(two - 2 * one));
      }
      expect(worst).toBeLessThanOrEqual(3); // rounding to whole counts only
    }
  });

  it('can be gated to a part of a window (occlusion tests): inside the gate as ungated, outside none', () => {
    const gated = generateSegment({ precursor: { relativeStrength: 1, gate: { startSecondsBeforeOrigin: 600, endSecondsBeforeOrigin: 400 } } }, ev);
    for (let c = 0; c < 3; c++) {
      for (let i = N - 2 * W; i < N; i++) {
        const before = (N - i) / 40;
        const ref = before >= 400 && before <= 600 ? withDefault : nullControl;
        if (gated.channels[c][i] !== ref.channels[c][i]) {
          throw new Error(`channel ${c}, ${before} s before origin: ${gated.channels[c][i]} vs ${ref.channels[c][i]}`);
        }
      }
    }
  });
});

describe('strength 0 (the null control)', () => {
  it('is bit-identical to a generation with any other precursor settings at strength 0', () => {
    const other = generateSegment(
      { precursor: { relativeStrength: 0, frequenciesHz: [0.3, 0.45], bandwidthHz: 0.05, timeConstantSeconds: 100, gate: { startSecondsBeforeOrigin: 500, endSecondsBeforeOrigin: 0 } } },
      ev,
    );
    for (let c = 0; c < 3; c++) expect(sameBytes(other.channels[c], nullControl.channels[c])).toBe(true);
  });

  it('leaves no excess at the line frequencies in the last 1000 s', () => {
    for (const f0 of lines) {
      const e = excess(nullControl, f0);
      expect(e.last / e.first, `${f0} Hz`).toBeLessThan(1.6);
      expect(e.last, `${f0} Hz`).toBeLessThan(2.2);
    }
  });

  it('differs from the precursor generation only by the precursor', () => {
    // (default - null) holds no energy outside the line bands: the same noise and local events
    for (let c = 0; c < 3; c++) {
      const d = psdOf(difference(withDefault, nullControl, c), N - W, N);
      const inLine = bandMean(d, 0.16, 0.004);
      for (const f0 of [0.1, 0.3, 1, 5]) expect(bandMean(d, f0, 0.004)).toBeLessThan(1e-4 * inLine);
    }
  });
});
