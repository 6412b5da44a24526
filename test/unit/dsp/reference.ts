/**
 * Shared by the DSP tests: the scipy/numpy reference data (test/fixtures/dsp/reference.json, made
 * by make_reference.py) and the one comparison criterion used throughout.
 *
 * Criterion: maxAbsRel(got, want) = max_i |got_i - want_i| / max_i |want_i|, the largest error
 * relative to the reference's largest magnitude (robust where the reference crosses zero, unlike a
 * per-sample relative error). The brief asks for <= 1e-6; float64 paths are held to TOL = 1e-9
 * (references are stored to 12 significant digits, i.e. ~5e-13).
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

export const TOL = 1e-9;
/** For results that are float32 by design (standardization writes Float32Array). */
export const TOL_F32 = 1e-6;

export function maxAbsRel(got: ArrayLike<number>, want: ArrayLike<number>): number {
  expect(got.length).toBe(want.length);
  let maxErr = 0;
  let maxRef = 0;
  for (let i = 0; i < want.length; i++) {
    maxErr = Math.max(maxErr, Math.abs(got[i] - want[i]));
    maxRef = Math.max(maxRef, Math.abs(want[i]));
  }
  return maxRef === 0 ? maxErr : maxErr / maxRef;
}

/** Assert closeness under the criterion above, with a message that names the case. */
export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what: string): void {
  const err = maxAbsRel(got, want);
  expect(err, `${what}: max |error| / max |reference| = ${err.toExponential(2)} > ${tol}`).toBeLessThanOrEqual(tol);
}

/** Per-value relative error (for filter coefficients, whose magnitudes differ by many decades). */
export function expectCoefficientsClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const scale = Math.max(Math.abs(want[i]), Number.MIN_VALUE);
    const err = Math.abs(got[i] - want[i]) / scale;
    if (want[i] === 0) expect(Math.abs(got[i]), `${what}[${i}] should be 0`).toBeLessThanOrEqual(1e-15);
    else expect(err, `${what}[${i}]: got ${got[i]}, scipy ${want[i]}`).toBeLessThanOrEqual(tol);
  }
}

type Cutoff = number | [number, number];
type Bound = number | [number | null, number | null];

export interface Reference {
  numpy: string;
  scipy: string;
  fs: number;
  filter_input: number[];
  filter_input_short: number[];
  lowpass8: { order: number; cutoff: number; sos: number[]; filtfilt: number[] }[];
  butter: { order: number; btype: 'lowpass' | 'highpass' | 'bandpass' | 'bandstop'; cutoff: Cutoff; sos: number[]; filtfilt?: number[] }[];
  cheby1: { order: number; rp: number; wn: Cutoff; btype: 'lowpass' | 'highpass' | 'bandpass' | 'bandstop'; sos: number[] }[];
  sosfilt: { sos: number[]; zi: number[]; rest: number[]; with_zi: number[]; zf: number[]; sos5: number[]; zi5: number[] };
  sosfiltfilt_pads: { sos: 'butter4' | 'butter5'; padtype: 'odd' | 'even' | 'constant' | 'none'; padlen: number | null; y: number[] }[];
  shortest: { sos: 'butter8' | 'butter4' | 'butter5'; padlen: number; x: number[]; y: number[] }[];
  sos8: number[];
  float32_input: { x: number[]; y: number[] };
  decimate_input: number[];
  decimate: { q: number; y: number[] }[];
  spectra: {
    n: number;
    amplitude: number[];
    x?: number[];
    frequencyHz?: number[];
    re?: number[];
    im?: number[];
    irfft_n?: number[];
    formula?: string;
    frequencyHzLast?: number;
  }[];
  spectrogram_input: number[];
  spectrogram: {
    windowSamples: number;
    strideSamples: number;
    taper: 'none' | 'hann';
    timeS: number[];
    frequencyHz: number[];
    amplitude: number[];
  }[];
  savgol_input: number[];
  savgol_tiny_input: number[];
  savgol: {
    input: 'main' | 'tiny';
    window: number;
    polyorder: number;
    deriv: number;
    delta: number;
    mode: 'interp' | 'nearest' | 'mirror' | 'constant' | 'wrap';
    cval: number;
    y: number[];
  }[];
  savgol_coeffs: { window: number; polyorder: number; deriv: number; pos: number | null; coeffs: number[] }[];
  savgol_exact: { window: number; polyorder: number; pos: number; coeffs: number[] }[];
  standardize: { channels: number[][]; mean: number; std: number; interleaved: number[] };
  peaks_input: number[];
  find_peaks: {
    options: { height?: Bound; distance?: number; prominence?: Bound; wlen?: number };
    peaks: number[];
    prominences: number[];
    leftBases: number[];
    rightBases: number[];
  }[];
}

let cached: Reference | undefined;

export function reference(): Reference {
  cached ??= JSON.parse(
    readFileSync(new URL('../../fixtures/dsp/reference.json', import.meta.url), 'utf8'),
  ) as Reference;
  return cached;
}

/** scipy-style flat [n * 6] coefficients to the DSP core's representation. */
export function sosOf(flat: readonly number[]): { nSections: number; coefficients: Float64Array } {
  return { nSections: flat.length / 6, coefficients: Float64Array.from(flat) };
}
