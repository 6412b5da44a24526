/**
 * The float32 batch engine (PFFFT WebAssembly SIMD, fft.ts) behind amplitudeSpectra for
 * Float32Array windows.
 *
 * Tolerance TOL_FFT32 = 1e-5 under the DSP tests' criterion (max |err| / max |ref|): a float32 FFT
 * of length n has a relative error of order eps32 * log2(n) (eps32 = 1.19e-7; log2(16384) = 14,
 * ~1.7e-6), and the numpy references are of the float64 values, so the float32 rounding of the
 * input (~6e-8 relative per sample) adds to it. Measured: ~2e-7 at n = 16384. 1e-5 leaves ~6x
 * over the a-priori bound while still catching any real bug (a wrong bin or twiddle gives O(1)).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fastFftReady, float32AmplitudePlan, initFastFft, realFftPlan } from '../../../src/main/dsp/fft';
import { amplitudeSpectra, amplitudeSpectrum } from '../../../src/main/dsp/spectrum';
import { expectClose, maxAbsRel, reference } from './reference';
import { gaussian } from '../../../src/shared/random';

const TOL_FFT32 = 1e-5;
const ref = reference();

function inputOf(s: (typeof ref.spectra)[number]): Float64Array {
  if (s.x) return Float64Array.from(s.x);
  return Float64Array.from({ length: s.n }, (_, i) => Math.sin(0.37 * i) + 0.5 * Math.cos(1.7 * i + 0.2) + ((i * 7919) % 101) / 101);
}

/** Seeded float32 standard-normal windows (the generator bench/dsp.ts uses). */
function gaussianWindows(count: number, n: number, seed: number): Float32Array[] {
  const next = gaussian(seed);
  return Array.from({ length: count }, () => Float32Array.from({ length: n }, next));
}

describe('before initFastFft(), amplitudeSpectra stays on fft.js', () => {
  it('Float32Array windows give the float64 result', () => {
    expect(fastFftReady()).toBe(false);
    expect(float32AmplitudePlan(1024)).toBeUndefined();
    const w = gaussianWindows(2, 1024, 7);
    const r = amplitudeSpectra(w, 40);
    expect(r.engine).toBe('fft.js-float64');
    expectClose(r.amplitudes[1], amplitudeSpectrum(w[1], 40).amplitude, 1e-13, 'f64 path');
  });
});

describe('float32 engine (PFFFT wasm SIMD) for Float32Array batches', () => {
  beforeAll(async () => {
    // Node 20 has WebAssembly SIMD: the engine must load here (false would mean the fallback).
    expect(await initFastFft()).toBe(true);
    expect(await initFastFft()).toBe(true);
  });

  const fitting = ref.spectra.filter((s) => s.n % 32 === 0);
  it('the reference set has lengths the engine takes', () => expect(fitting.map((s) => s.n)).toEqual([1024, 4096, 16384]));

  it.each(fitting.map((s) => [s.n, s] as const))('n = %i: |numpy.fft.rfft| within %s', (n, s) => {
    const x32 = Float32Array.from(inputOf(s));
    const r = amplitudeSpectra([x32, x32, x32], ref.fs);
    expect(r.engine).toBe('pffft-float32');
    expect(r.frequencyHz.length).toBe(n / 2 + 1);
    for (const a of r.amplitudes) expectClose(a, s.amplitude, TOL_FFT32, `pffft n=${n}`);
  });

  it('seeded random float32 batch vs fft.js float64 on the same values', () => {
    let worst = 0;
    for (const n of [16384, 32, 96, 480, 2048, 3840]) {
      const windows = gaussianWindows(n === 16384 ? 12 : 4, n, n);
      const r = amplitudeSpectra(windows, 40);
      expect(r.engine, `n=${n}`).toBe('pffft-float32');
      windows.forEach((w, i) => {
        const exact = realFftPlan(n).amplitude(w, new Float64Array(n / 2 + 1));
        expectClose(r.amplitudes[i], exact, TOL_FFT32, `n=${n} window ${i}`);
        worst = Math.max(worst, maxAbsRel(r.amplitudes[i], exact));
      });
    }
    // Far below the tolerance in practice (about 2e-7): a regression to float32-level noise shows here.
    expect(worst).toBeLessThan(2e-6);
  });

  it('lengths the engine does not take, and float64 windows, stay on fft.js', () => {
    for (const n of [1000, 10000, 16, 224]) {
      // 224 = 32 * 7: a multiple of 32 with a factor 7, which PFFFT refuses.
      const w = gaussianWindows(2, n, 3);
      const r = amplitudeSpectra(w, 40);
      expect(r.engine, `n=${n}`).toBe('fft.js-float64');
      expectClose(r.amplitudes[0], amplitudeSpectrum(w[0], 40).amplitude, 1e-13, `n=${n}`);
    }
    const w = gaussianWindows(2, 1024, 5);
    expect(amplitudeSpectra([Float64Array.from(w[0]), Float64Array.from(w[1])], 40).engine).toBe('fft.js-float64');
    expect(amplitudeSpectra([w[0], Float64Array.from(w[1])], 40).engine).toBe('fft.js-float64');
  });

  it('single spectra keep the exact float64 path', () => {
    const s = fitting[0];
    expectClose(amplitudeSpectrum(Float32Array.from(inputOf(s)), ref.fs).amplitude, s.amplitude, 1e-6, 'single');
  });

  it('NaN or Infinity in a window throws naming the index', () => {
    const w = gaussianWindows(3, 512, 9);
    w[2][301] = Number.NaN;
    expect(() => amplitudeSpectra(w, 40)).toThrow(/index 301/);
    w[2][301] = 0;
    w[1][5] = Number.POSITIVE_INFINITY;
    expect(() => amplitudeSpectra(w, 40)).toThrow(/index 5/);
  });

  it('finite windows whose spectrum overflows float32 are redone in float64', () => {
    const n = 1024;
    const big = new Float32Array(n).fill(3e38);
    const r = amplitudeSpectra([big], 40);
    expect(r.amplitudes[0][0] / (n * Math.fround(3e38))).toBeCloseTo(1, 12);
    expect(r.amplitudes[0].every(Number.isFinite)).toBe(true);
  });
});
