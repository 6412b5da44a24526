/**
 * Sliding-window amplitude spectrogram, the paper's Fig. 9: the plain |rfft| of each window of
 * `windowSamples` samples, windows every `strideSamples` samples, no taper unless asked for.
 * Only whole windows are used (a trailing partial window is dropped).
 */
import { realFftPlan, rfftFrequencies } from './fft';

export type Taper = 'none' | 'hann';

export interface SpectrogramOptions {
  /** Samples per window (default 1000, e.g. 25 s at 40 Hz). Any length >= 2. */
  windowSamples?: number;
  /** Samples between window starts (default 500: half overlap). */
  strideSamples?: number;
  /** 'none' (default, the paper's definition) or 'hann' (periodic Hann, scipy.signal.get_window('hann', n)). */
  taper?: Taper;
}

/** The settings a spectrogram was made with, stored beside it (STYLE.md habit 6). */
export interface SpectrogramSettings {
  sampleRateHz: number;
  windowSamples: number;
  strideSamples: number;
  taper: Taper;
}

export interface Spectrogram {
  /** Bin frequencies in Hz (nFrequencies). */
  frequencyHz: Float64Array;
  /** Centre of each window in seconds from the first sample: (start + windowSamples / 2) / sampleRateHz, as scipy. */
  timeS: Float64Array;
  /** Row-major [nWindows][nFrequencies]: amplitude[w * nFrequencies + k]. */
  amplitude: Float64Array;
  nWindows: number;
  nFrequencies: number;
  settings: SpectrogramSettings;
}

/** Periodic Hann window of length n (the DFT-even form used for spectral analysis). */
export function hannPeriodic(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let j = 0; j < n; j++) w[j] = 0.5 - 0.5 * Math.cos((2 * Math.PI * j) / n);
  return w;
}

/**
 * Throws RangeError when the signal is shorter than one window, for bad options, or for
 * NaN/Infinity in `x` (naming the index).
 */
export function spectrogram(x: ArrayLike<number>, sampleRateHz: number, options: SpectrogramOptions = {}): Spectrogram {
  const windowSamples = options.windowSamples ?? 1000;
  const strideSamples = options.strideSamples ?? 500;
  const taper = options.taper ?? 'none';
  if (!Number.isInteger(windowSamples) || windowSamples < 2) {
    throw new RangeError(`spectrogram: windowSamples must be an integer >= 2, got ${windowSamples}`);
  }
  if (!Number.isInteger(strideSamples) || strideSamples < 1) {
    throw new RangeError(`spectrogram: strideSamples must be an integer >= 1, got ${strideSamples}`);
  }
  if (taper !== 'none' && taper !== 'hann') throw new RangeError(`spectrogram: unknown taper '${String(taper)}'`);
  if (x.length < windowSamples) {
    throw new RangeError(`spectrogram: signal of ${x.length} samples is shorter than one window (${windowSamples})`);
  }
  const frequencyHz = rfftFrequencies(windowSamples, sampleRateHz);
  const plan = realFftPlan(windowSamples);
  const nFrequencies = plan.bins;
  const nWindows = Math.floor((x.length - windowSamples) / strideSamples) + 1;
  const amplitude = new Float64Array(nWindows * nFrequencies);
  const timeS = new Float64Array(nWindows);
  const taperValues = taper === 'hann' ? hannPeriodic(windowSamples) : undefined;
  const frame = new Float64Array(windowSamples);
  for (let w = 0; w < nWindows; w++) {
    const start = w * strideSamples;
    if (taperValues) for (let j = 0; j < windowSamples; j++) frame[j] = x[start + j] * taperValues[j];
    else for (let j = 0; j < windowSamples; j++) frame[j] = x[start + j];
    try {
      plan.amplitude(frame, amplitude.subarray(w * nFrequencies, (w + 1) * nFrequencies));
    } catch (e) {
      if (e instanceof RangeError) {
        throw new RangeError(`spectrogram: window ${w} (samples ${start}..${start + windowSamples - 1}): ${e.message}`);
      }
      throw e;
    }
    timeS[w] = (start + windowSamples / 2) / sampleRateHz;
  }
  return {
    frequencyHz,
    timeS,
    amplitude,
    nWindows,
    nFrequencies,
    settings: { sampleRateHz, windowSamples, strideSamples, taper },
  };
}
