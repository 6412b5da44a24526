import { describe, expect, it } from 'vitest';
import { butter, butterLowpass } from '../../../src/main/dsp/butter';
import { cheby1 } from '../../../src/main/dsp/cheby1';
import { sosfiltfilt } from '../../../src/main/dsp/sosfiltfilt';
import { expectClose, expectCoefficientsClose, reference, TOL } from './reference';

const ref = reference();
const fs = ref.fs;

describe('butter: second-order sections match scipy.signal.butter(..., output="sos") section by section', () => {
  it.each(ref.lowpass8.map((c) => [c.cutoff, c] as const))('8th-order low-pass at %s Hz (fs = 40 Hz)', (_, c) => {
    const sos = butter(8, c.cutoff, 'lowpass', fs);
    expect(sos.nSections).toBe(4);
    expectCoefficientsClose(sos.coefficients, c.sos, 1e-12, `lowpass ${c.cutoff} Hz sos`);
    // and the zero-phase output of a seeded signal
    expectClose(sosfiltfilt(sos, ref.filter_input), c.filtfilt, TOL, `sosfiltfilt lowpass ${c.cutoff} Hz`);
  });

  it.each(ref.butter.map((c) => [c.order, c.btype, JSON.stringify(c.cutoff), c] as const))(
    'order %i %s %s Hz',
    (order, btype, _, c) => {
      const sos = butter(order, c.cutoff, btype, fs);
      expectCoefficientsClose(sos.coefficients, c.sos, 1e-12, `${btype} order ${order} sos`);
      if (c.filtfilt) expectClose(sosfiltfilt(sos, ref.filter_input_short), c.filtfilt, TOL, `${btype} order ${order} filtfilt`);
    },
  );

  it('butterLowpass is butter(..., "lowpass", ...)', () => {
    expect(Array.from(butterLowpass(6, 3, 40).coefficients)).toEqual(Array.from(butter(6, 3, 'lowpass', 40).coefficients));
  });

  it('cheby1 matches scipy.signal.cheby1 (decimate anti-alias filters and others)', () => {
    for (const c of ref.cheby1) {
      const sos = cheby1(c.order, c.rp, c.wn, c.btype);
      expectCoefficientsClose(sos.coefficients, c.sos, 1e-12, `cheby1 ${c.order} ${c.rp} ${JSON.stringify(c.wn)} ${c.btype}`);
    }
  });

  it('the Nyquist corner: a cutoff just below fs/2 designs, at or above it throws RangeError', () => {
    expect(() => butter(8, 19.9999, 'lowpass', fs)).not.toThrow();
    expect(() => butter(8, 20, 'lowpass', fs)).toThrow(RangeError);
    expect(() => butter(8, 20, 'lowpass', fs)).toThrow(/Nyquist frequency 20 Hz/);
    expect(() => butter(8, 25, 'highpass', fs)).toThrow(RangeError);
    expect(() => butter(4, [1, 20], 'bandpass', fs)).toThrow(RangeError);
  });

  it('rejects cutoffs <= 0, NaN, wrong band order and orders outside 1..10', () => {
    expect(() => butter(8, 0, 'lowpass', fs)).toThrow(/must be > 0/);
    expect(() => butter(8, -1, 'lowpass', fs)).toThrow(RangeError);
    expect(() => butter(8, Number.NaN, 'lowpass', fs)).toThrow(RangeError);
    expect(() => butter(4, [5, 1], 'bandpass', fs)).toThrow(/low < high/);
    expect(() => butter(4, 5, 'bandpass', fs)).toThrow(/two cutoffs/);
    expect(() => butter(4, [1, 5], 'lowpass', fs)).toThrow(/single cutoff/);
    expect(() => butter(0, 5, 'lowpass', fs)).toThrow(/order/);
    expect(() => butter(11, 5, 'lowpass', fs)).toThrow(/order/);
    expect(() => butter(2.5, 5, 'lowpass', fs)).toThrow(/order/);
    expect(() => butter(4, 5, 'lowpass', 0)).toThrow(/sampleRateHz/);
  });

  it('the low-pass passes DC with unit gain and stops Nyquist', () => {
    const { coefficients: c, nSections } = butter(8, 3.5, 'lowpass', fs);
    let dc = 1;
    let nyq = 1;
    for (let s = 0; s < nSections; s++) {
      const o = 6 * s;
      dc *= (c[o] + c[o + 1] + c[o + 2]) / (1 + c[o + 4] + c[o + 5]);
      nyq *= (c[o] - c[o + 1] + c[o + 2]) / (1 - c[o + 4] + c[o + 5]);
    }
    expect(dc).toBeCloseTo(1, 12);
    expect(Math.abs(nyq)).toBeLessThan(1e-12);
  });
});
