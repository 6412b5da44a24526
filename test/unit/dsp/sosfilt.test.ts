import { describe, expect, it } from 'vitest';
import { butter } from '../../../src/main/dsp/butter';
import { sosFromRows, sosToRows } from '../../../src/main/dsp/sos';
import { sosfilt, sosfiltZi } from '../../../src/main/dsp/sosfilt';
import { defaultPadlen, sosfiltfilt } from '../../../src/main/dsp/sosfiltfilt';
import { expectClose, expectCoefficientsClose, reference, sosOf, TOL } from './reference';

const ref = reference();
const x = ref.filter_input_short;
const sosByName = { butter4: sosOf(ref.sosfilt.sos), butter5: sosOf(ref.sosfilt.sos5), butter8: sosOf(ref.sos8) };

describe('sosfilt matches scipy.signal.sosfilt', () => {
  it('from rest', () => {
    const { y } = sosfilt(sosByName.butter4, x);
    expectClose(y, ref.sosfilt.rest, TOL, 'sosfilt from rest');
  });

  it('with zi = sosfilt_zi * x[0], returning the final state', () => {
    const zi = sosfiltZi(sosByName.butter4).map((v) => v * x[0]);
    const { y, zf } = sosfilt(sosByName.butter4, x, zi);
    expectClose(y, ref.sosfilt.with_zi, TOL, 'sosfilt with zi');
    expectClose(zf, ref.sosfilt.zf, TOL, 'sosfilt zf');
  });

  it('continues across chunks: filtering in two pieces with the carried state equals one piece', () => {
    const whole = sosfilt(sosByName.butter4, x).y;
    const a = sosfilt(sosByName.butter4, x.slice(0, 217));
    const b = sosfilt(sosByName.butter4, x.slice(217), a.zf);
    expectClose([...a.y, ...b.y], whole, 1e-14, 'chunked sosfilt');
  });

  it('runs more than four sections (several sweeps) like scipy', () => {
    // 10th-order band-pass: 10 sections.
    const sos = butter(10, [0.5, 5], 'bandpass', 40);
    expect(sos.nSections).toBe(10);
    const c = ref.butter.find((d) => d.order === 10 && d.btype === 'bandpass' && JSON.stringify(d.cutoff) === '[0.5,5]');
    expectClose(sosfiltfilt(sos, x), c!.filtfilt!, TOL, '10-section filtfilt');
  });

  it('empty input gives empty output; wrong zi length throws', () => {
    expect(sosfilt(sosByName.butter4, []).y.length).toBe(0);
    expect(() => sosfilt(sosByName.butter4, x, [0, 0])).toThrow(RangeError);
  });

  it('NaN input throws a RangeError naming the index (no silent NaN output)', () => {
    const bad = Float64Array.from(x);
    bad[123] = Number.NaN;
    expect(() => sosfilt(sosByName.butter4, bad)).toThrow(/index 123/);
    bad[123] = Number.POSITIVE_INFINITY;
    expect(() => sosfilt(sosByName.butter4, bad)).toThrow(RangeError);
  });
});

describe('sosfiltZi matches scipy.signal.sosfilt_zi', () => {
  it('even and odd orders (odd has a first-order section)', () => {
    expectCoefficientsClose(sosfiltZi(sosByName.butter4), ref.sosfilt.zi, 1e-10, 'zi butter4');
    expectCoefficientsClose(sosfiltZi(sosByName.butter5), ref.sosfilt.zi5, 1e-10, 'zi butter5');
  });

  it('a step through the filter started at zi stays at its steady state', () => {
    const zi = sosfiltZi(sosByName.butter4);
    const { y } = sosfilt(sosByName.butter4, new Float64Array(50).fill(1), zi);
    for (const v of y) expect(v).toBeCloseTo(1, 12);
  });
});

describe('sosfiltfilt matches scipy.signal.sosfiltfilt', () => {
  it('default pad length is scipy\'s: 27 for 8th order, 15 for 4th, 18 for 5th (first-order section)', () => {
    expect(defaultPadlen(sosByName.butter8)).toBe(27);
    expect(defaultPadlen(sosByName.butter4)).toBe(15);
    expect(defaultPadlen(sosByName.butter5)).toBe(18);
  });

  it.each(ref.sosfiltfilt_pads.map((p) => [p.sos, p.padtype, String(p.padlen), p] as const))(
    '%s padtype %s padlen %s',
    (name, padtype, _, p) => {
      const y = sosfiltfilt(sosByName[name], x, { padtype, padlen: p.padlen ?? undefined });
      expectClose(y, p.y, TOL, `${name} ${padtype} ${p.padlen}`);
    },
  );

  it.each(ref.shortest.map((s) => [s.sos, s.padlen, s] as const))(
    'shortest legal input for %s is padlen + 1 = %i + 1 samples; padlen samples throw',
    (name, padlen, s) => {
      expect(s.x.length).toBe(padlen + 1);
      expectClose(sosfiltfilt(sosByName[name], s.x), s.y, TOL, `shortest ${name}`);
      expect(() => sosfiltfilt(sosByName[name], s.x.slice(0, padlen))).toThrow(
        new RegExp(`must be longer than padlen, which is ${padlen}`),
      );
    },
  );

  it('accepts Float32Array input and computes in float64', () => {
    const x32 = Float32Array.from(ref.float32_input.x);
    const y = sosfiltfilt(sosByName.butter8, x32);
    expect(y).toBeInstanceOf(Float64Array);
    expectClose(y, ref.float32_input.y, TOL, 'float32 input');
  });

  it('writes into `out` when given, and checks its length', () => {
    const out = new Float64Array(x.length);
    const y = sosfiltfilt(sosByName.butter8, x, { out });
    expect(y).toBe(out);
    expectClose(out, sosfiltfilt(sosByName.butter8, x), 0, 'out parameter');
    expect(() => sosfiltfilt(sosByName.butter8, x, { out: new Float64Array(3) })).toThrow(RangeError);
  });

  it('edge cases: empty input, NaN input, bad padlen', () => {
    expect(() => sosfiltfilt(sosByName.butter8, [])).toThrow(/empty/);
    expect(() => sosfiltfilt(sosByName.butter8, [], { padtype: 'none' })).toThrow(/empty/);
    const bad = Array.from(x);
    bad[5] = Number.NaN;
    expect(() => sosfiltfilt(sosByName.butter8, bad)).toThrow(/non-finite value \(NaN\) at index 5/);
    expect(() => sosfiltfilt(sosByName.butter8, x, { padlen: -1 })).toThrow(RangeError);
  });

  it('removes a tone above the cutoff and keeps one below, with zero phase', () => {
    const n = 4000;
    const fs = 40;
    const low = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 0.5 * i) / fs));
    const high = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 8 * i) / fs));
    const mix = low.map((v, i) => v + high[i]);
    const y = sosfiltfilt(butter(8, 3.5, 'lowpass', fs), mix);
    // Away from the ends the output is the low tone, in phase, to within the stop-band leakage.
    let maxErr = 0;
    for (let i = 400; i < n - 400; i++) maxErr = Math.max(maxErr, Math.abs(y[i] - low[i]));
    expect(maxErr).toBeLessThan(1e-3);
  });
});

describe('sos helpers', () => {
  it('round-trips rows and validates a0 = 1 and the row width', () => {
    const rows = sosToRows(sosByName.butter4);
    expect(sosFromRows(rows).coefficients).toEqual(sosByName.butter4.coefficients);
    expect(() => sosFromRows([[1, 0, 0, 2, 0, 0]])).toThrow(/a0/);
    expect(() => sosFromRows([[1, 0, 0, 1, 0]])).toThrow(/expected 6/);
    expect(() => sosFromRows([])).toThrow(RangeError);
  });
});
