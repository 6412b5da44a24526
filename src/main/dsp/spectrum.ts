/**
 * Fourier amplitude spectrum of a real signal: |numpy.fft.rfft(x)| with its frequency axis
 * numpy.fft.rfftfreq(n, 1 / sampleRateHz). Unnormalized (no 1/n, no one-sided doubling, no taper):
 * the quantity of the paper's spectral figures. Any length.
 *
 * Batches of float32 windows can run on a float32 WebAssembly engine: call `await initFastFft()`
 * (from './fft') once before amplitudeSpectra; see there.
 */
import { float32AmplitudePlan, isPowerOfTwo, realFftPlan, rfftFrequencies } from './fft';

export interface AmplitudeSpectrum {
  /** Bin frequencies in Hz, 0 .. sampleRateHz / 2 (floor(n/2) + 1 values). */
  frequencyHz: Float64Array;
  /** |X[k]|, same length. */
  amplitude: Float64Array;
}

/** Throws RangeError on empty input, a bad sampling rate, or NaN/Infinity in `x`. */
export function amplitudeSpectrum(x: ArrayLike<number>, sampleRateHz: number): AmplitudeSpectrum {
  if (x.length === 0) throw new RangeError('amplitudeSpectrum: empty input');
  const frequencyHz = rfftFrequencies(x.length, sampleRateHz);
  const plan = realFftPlan(x.length);
  const amplitude = plan.amplitude(x, new Float64Array(plan.bins));
  return { frequencyHz, amplitude };
}

export interface AmplitudeSpectra {
  frequencyHz: Float64Array;
  /** One amplitude spectrum per input window, in order. */
  amplitudes: Float64Array[];
  /**
   * The transform that made them: 'fft.js-float64' (exact path) or 'pffft-float32' (float32
   * windows once initFastFft() has run; differs by float32 rounding, max |err| / max |ref| <= 1e-5).
   */
  engine: 'fft.js-float64' | 'pffft-float32';
}

/**
 * Spectra of many windows of one length (e.g. every sub-window of a data set): one plan, one
 * frequency axis. Throws RangeError if the windows differ in length.
 *
 * Float32Array windows are transformed in float32 by the WebAssembly SIMD engine when the caller
 * has awaited initFastFft() and the length suits it (a multiple of 32 with factors 2, 3, 5): the
 * input is float32 already, so only float32 rounding is added (see fft.ts for the measurements).
 * Everything else, and every single spectrum (amplitudeSpectrum), uses the float64 fft.js path.
 */
export function amplitudeSpectra(windows: readonly ArrayLike<number>[], sampleRateHz: number): AmplitudeSpectra {
  if (windows.length === 0) throw new RangeError('amplitudeSpectra: no windows');
  const n = windows[0].length;
  if (n === 0) throw new RangeError('amplitudeSpectra: empty windows');
  const frequencyHz = rfftFrequencies(n, sampleRateHz);
  windows.forEach((w, i) => {
    if (w.length !== n) throw new RangeError(`amplitudeSpectra: window ${i} has ${w.length} samples, expected ${n}`);
  });
  const allFloat32 = windows.every((w) => w instanceof Float32Array);
  const fast = allFloat32 ? float32AmplitudePlan(n) : undefined;
  if (fast) {
    const amplitudes = windows.map((w) => fast.amplitude(w as Float32Array, new Float64Array(fast.bins)));
    return { frequencyHz, amplitudes, engine: 'pffft-float32' };
  }
  const plan = realFftPlan(n);
  const amplitudes = windows.map(() => new Float64Array(plan.bins));
  // Power-of-two windows go two per complex FFT (see RealFftPlan.amplitudePair); the last odd one alone.
  const paired = isPowerOfTwo(n);
  let i = 0;
  for (; paired && i + 1 < windows.length; i += 2) {
    plan.amplitudePair(windows[i], windows[i + 1], amplitudes[i], amplitudes[i + 1]);
  }
  for (; i < windows.length; i++) plan.amplitude(windows[i], amplitudes[i]);
  return { frequencyHz, amplitudes, engine: 'fft.js-float64' };
}
