/**
 * Fourier amplitude spectrum of a real signal: |numpy.fft.rfft(x)| with its frequency axis
 * numpy.fft.rfftfreq(n, 1 / sampleRateHz). Unnormalized (no 1/n, no one-sided doubling, no taper):
 * the quantity of the paper's spectral figures. Any length.
 */
import { isPowerOfTwo, realFftPlan, rfftFrequencies } from './fft';

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
}

/**
 * Spectra of many windows of one length (e.g. every sub-window of a data set): one plan, one
 * frequency axis. Throws RangeError if the windows differ in length.
 */
export function amplitudeSpectra(windows: readonly ArrayLike<number>[], sampleRateHz: number): AmplitudeSpectra {
  if (windows.length === 0) throw new RangeError('amplitudeSpectra: no windows');
  const n = windows[0].length;
  if (n === 0) throw new RangeError('amplitudeSpectra: empty windows');
  const frequencyHz = rfftFrequencies(n, sampleRateHz);
  const plan = realFftPlan(n);
  windows.forEach((w, i) => {
    if (w.length !== n) throw new RangeError(`amplitudeSpectra: window ${i} has ${w.length} samples, expected ${n}`);
  });
  const amplitudes = windows.map(() => new Float64Array(plan.bins));
  // Power-of-two windows go two per complex FFT (see RealFftPlan.amplitudePair); the last odd one alone.
  const paired = isPowerOfTwo(n);
  let i = 0;
  for (; paired && i + 1 < windows.length; i += 2) {
    plan.amplitudePair(windows[i], windows[i + 1], amplitudes[i], amplitudes[i + 1]);
  }
  for (; i < windows.length; i++) plan.amplitude(windows[i], amplitudes[i]);
  return { frequencyHz, amplitudes };
}
