/**
 * The DSP core of Foreseis: a pure module (no node:, electron, sqlite or DOM imports) so the same
 * code runs in workers, the renderer and tests. Every function is checked against scipy/numpy
 * (test/unit/dsp, reference data from test/fixtures/dsp/make_reference.py).
 *
 * Conventions shared by all functions:
 *   - float64 arithmetic; Float32Array, Float64Array or plain arrays accepted as input (one
 *     exception: amplitudeSpectra of Float32Array batches after `await initFastFft()` runs in
 *     float32, max |err| / max |ref| <= 1e-5; see fft.ts);
 *   - NaN/Infinity input THROWS a RangeError naming the index (see finite.ts for why);
 *   - empty input throws a RangeError, except sosfilt (empty in, empty out) and findPeaks (no peaks);
 *   - frequencies in Hz with an explicit sampling rate; times in seconds.
 */
export { butter, butterLowpass, type BandType } from './butter';
export { cheby1 } from './cheby1';
export { MAX_FILTER_ORDER, MIN_FILTER_ORDER } from './iirfilter';
export { sosFromRows, sosToRows, validateSos, type SecondOrderSections } from './sos';
export { sosfilt, sosfiltZi, type SosfiltResult } from './sosfilt';
export { defaultPadlen, sosfiltfilt, type PadType, type SosfiltfiltOptions } from './sosfiltfilt';
export { decimate, decimationFilter } from './decimate';
export {
  fastFftReady,
  initFastFft,
  irfft,
  isPowerOfTwo,
  nextPowerOfTwo,
  realFftPlan,
  RealFftPlan,
  rfft,
  rfftFrequencies,
  type ComplexSpectrum,
} from './fft';
export { amplitudeSpectra, amplitudeSpectrum, type AmplitudeSpectra, type AmplitudeSpectrum } from './spectrum';
export {
  hannPeriodic,
  spectrogram,
  type Spectrogram,
  type SpectrogramOptions,
  type SpectrogramSettings,
  type Taper,
} from './spectrogram';
export { savgolFilter, savgolWeights, type SavgolMode, type SavgolOptions } from './savgol';
export {
  jointMoments,
  standardizeJoint,
  standardizeJointFlat,
  standardizeJointInterleaved,
  type JointMoments,
} from './standardize';
export { findPeaks, localMaxima, type FindPeaksOptions, type PeakBound, type Peaks } from './peaks';
export { welchPsd, type WelchOptions, type WelchResult } from './psd';
