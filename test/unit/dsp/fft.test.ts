import { describe, expect, it } from 'vitest';
import { irfft, realFftPlan, rfft, rfftFrequencies } from '../../../src/main/dsp/fft';
import { amplitudeSpectra, amplitudeSpectrum } from '../../../src/main/dsp/spectrum';
import { expectClose, reference, TOL } from './reference';

const ref = reference();

/** The long inputs of make_reference.py are a formula, recomputed here. */
function inputOf(s: (typeof ref.spectra)[number]): Float64Array {
  if (s.x) return Float64Array.from(s.x);
  return Float64Array.from({ length: s.n }, (_, i) => Math.sin(0.37 * i) + 0.5 * Math.cos(1.7 * i + 0.2) + ((i * 7919) % 101) / 101);
}

describe('amplitudeSpectrum = |numpy.fft.rfft(x)| with numpy.fft.rfftfreq(n, 1/fs)', () => {
  it.each(ref.spectra.map((s) => [s.n, s] as const))('n = %i', (n, s) => {
    const { frequencyHz, amplitude } = amplitudeSpectrum(inputOf(s), ref.fs);
    expect(amplitude.length).toBe(Math.floor(n / 2) + 1);
    expectClose(amplitude, s.amplitude, TOL, `amplitude n=${n}`);
    if (s.frequencyHz) expectClose(frequencyHz, s.frequencyHz, 1e-15, `frequencies n=${n}`);
    else expect(frequencyHz[frequencyHz.length - 1]).toBeCloseTo(s.frequencyHzLast!, 12);
  });

  it('Float32Array input gives the spectrum of its (float32) values', () => {
    const s = ref.spectra.find((v) => v.n === 1000)!;
    const x32 = Float32Array.from(s.x!);
    expectClose(amplitudeSpectrum(x32, ref.fs).amplitude, amplitudeSpectrum(Float64Array.from(x32), ref.fs).amplitude, 0, 'f32');
  });

  it('amplitudeSpectra: one axis for many windows, equal to one-by-one', () => {
    const s = ref.spectra.find((v) => v.n === 1024)!;
    const w = inputOf(s);
    const many = amplitudeSpectra([w, w.map((v) => 2 * v)], ref.fs);
    expectClose(many.amplitudes[0], s.amplitude, TOL, 'first window');
    expectClose(many.amplitudes[1], s.amplitude.map((v) => 2 * v), TOL, 'second window');
    expect(() => amplitudeSpectra([w, w.subarray(1)], ref.fs)).toThrow(/window 1/);
  });

  it('amplitudePair (two real windows in one complex FFT) equals two single transforms', () => {
    for (const n of [16, 1000, 1024, 999]) {
      const a = Float64Array.from({ length: n }, (_, i) => Math.sin(0.3 * i) + (i % 5));
      const b = Float64Array.from({ length: n }, (_, i) => Math.cos(0.011 * i * i) - 2);
      const plan = realFftPlan(n);
      const outA = new Float64Array(plan.bins);
      const outB = new Float64Array(plan.bins);
      plan.amplitudePair(a, b, outA, outB);
      expectClose(outA, amplitudeSpectrum(a, 40).amplitude, 1e-13, `pair a n=${n}`);
      expectClose(outB, amplitudeSpectrum(b, 40).amplitude, 1e-13, `pair b n=${n}`);
      b[n - 1] = Number.NaN;
      expect(() => plan.amplitudePair(a, b, outA, outB)).toThrow(new RegExp(`index ${n - 1}`));
    }
  });

  it('amplitudeSpectra pairs power-of-two windows, odd count included', () => {
    const s = ref.spectra.find((v) => v.n === 4096)!;
    const w = inputOf(s);
    const many = amplitudeSpectra([w, w, w], ref.fs);
    for (const a of many.amplitudes) expectClose(a, s.amplitude, TOL, '4096 x3');
  });

  it('edge cases: empty input and bad sampling rate throw; NaN throws naming the index', () => {
    expect(() => amplitudeSpectrum([], 40)).toThrow(/empty/);
    expect(() => amplitudeSpectrum([1, 2, 3], 0)).toThrow(/sampleRateHz/);
    const x = new Float64Array(1000).fill(1);
    x[777] = Number.NaN;
    expect(() => amplitudeSpectrum(x, 40)).toThrow(/index 777/);
    const y = new Float64Array(16).fill(1);
    y[3] = Number.NEGATIVE_INFINITY;
    expect(() => amplitudeSpectrum(y, 40)).toThrow(/index 3/);
  });
});

describe('rfft / irfft keep the numpy contract for any length', () => {
  const small = ref.spectra.filter((s) => s.re);
  it.each(small.map((s) => [s.n, s] as const))('n = %i: rfft = numpy.fft.rfft, irfft = numpy.fft.irfft', (n, s) => {
    const { re, im } = rfft(s.x!);
    expectClose(re, s.re!, TOL, `re n=${n}`);
    // im is ~0 for n <= 2; compare against the spectrum's scale instead of its own.
    const scale = Math.max(...s.amplitude);
    for (let k = 0; k < im.length; k++) expect(Math.abs(im[k] - s.im![k]) / scale).toBeLessThanOrEqual(TOL);
    expectClose(irfft(Float64Array.from(s.re!), Float64Array.from(s.im!), n), s.irfft_n!, TOL, `irfft n=${n}`);
  });

  it('round trip for assorted lengths (pow2, even, odd, prime)', () => {
    for (const n of [2, 5, 6, 9, 64, 97, 250, 1000, 1001, 4096]) {
      const x = Float64Array.from({ length: n }, (_, i) => Math.cos(0.1 * i * i) + i / n);
      const { re, im } = rfft(x);
      expectClose(irfft(re, im, n), x, 1e-13, `round trip n=${n}`);
    }
  });

  it('a pure tone lands in its bin with amplitude n/2', () => {
    const n = 1000;
    const x = Float64Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * 37 * i) / n));
    const { amplitude } = amplitudeSpectrum(x, 40);
    expect(amplitude[37]).toBeCloseTo(n / 2, 9);
    expect(Math.max(...amplitude.filter((_, k) => k !== 37))).toBeLessThan(1e-9);
  });

  it('rejects bad lengths and mismatched buffers', () => {
    expect(() => rfft([])).toThrow(RangeError);
    expect(() => irfft(new Float64Array(3), new Float64Array(3), 8)).toThrow(/5 bins/);
    expect(() => irfft(new Float64Array(1), new Float64Array(1), 0)).toThrow(RangeError);
    expect(() => realFftPlan(8).amplitude(new Float64Array(7), new Float64Array(5))).toThrow(RangeError);
    expect(() => rfftFrequencies(0, 40)).toThrow(RangeError);
  });
});
