/**
 * The spectral analyses of §6 as pure functions of sample arrays: cumulative amplitude spectra
 * (Fig. 10), their relative difference with Savitzky-Golay smoothing and significant peaks
 * (Fig. 11), and per-channel spectrograms (Fig. 9). The DSP core does the transforms; this file
 * only sums, divides, smooths and decides what counts as a peak.
 */
import { amplitudeSpectra } from '../dsp/spectrum';
import { findPeaks } from '../dsp/peaks';
import { savgolFilter, savgolWeights } from '../dsp/savgol';
import { spectrogram } from '../dsp/spectrogram';
import type { RelativeDifferenceCurve, RelativeDifferenceResult, RelativeDifferenceSettings, SpectralPeak } from '../../shared/analysis';

/** One channel of an interleaved [n, channels] window, as its own array. */
export function channelOf(interleaved: Float32Array, channels: number, channel: number): Float32Array {
  const n = interleaved.length / channels;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = interleaved[i * channels + channel];
  return out;
}

/** Number of rfft bins of an n-sample segment at or below maxFrequencyHz. */
export function binsUpTo(n: number, sampleRateHz: number, maxFrequencyHz: number): number {
  const bins = Math.floor(n / 2) + 1;
  return Math.min(bins, Math.floor((maxFrequencyHz * n) / sampleRateHz + 1e-9) + 1);
}

/**
 * Running sum of amplitude spectra of equal-length single-channel segments, kept up to
 * maxFrequencyHz. Segments are added a batch at a time so a data set never sits in memory whole.
 */
export class SpectrumSum {
  readonly sum: Float64Array;
  readonly frequencyHz: Float64Array;
  count = 0;
  constructor(
    readonly segmentSamples: number,
    readonly sampleRateHz: number,
    maxFrequencyHz: number,
  ) {
    const bins = binsUpTo(segmentSamples, sampleRateHz, maxFrequencyHz);
    this.sum = new Float64Array(bins);
    this.frequencyHz = Float64Array.from({ length: bins }, (_, k) => (k * sampleRateHz) / segmentSamples);
  }

  add(segments: readonly Float32Array[]): void {
    if (segments.length === 0) return;
    const { amplitudes } = amplitudeSpectra(segments, this.sampleRateHz);
    for (const a of amplitudes) for (let k = 0; k < this.sum.length; k++) this.sum[k] += a[k];
    this.count += segments.length;
  }
}

/** Odd Savitzky-Golay window (in bins) closest to widthHz, at least polyorder + 1 (+1 if that is even). */
export function savgolWindowBins(widthHz: number, binWidthHz: number, polyorder: number): number {
  let w = Math.round(widthHz / binWidthHz);
  if (w % 2 === 0) w += 1;
  const minimum = polyorder + 1 + ((polyorder + 1) % 2 === 0 ? 1 : 0);
  return Math.max(w, minimum, 1);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Robust standard deviation of Gaussian noise: 1.4826 × median absolute deviation. */
export function robustSigma(xs: readonly number[]): { median: number; sigma: number } {
  const m = median(xs);
  return { median: m, sigma: 1.4826 * median(xs.map((x) => Math.abs(x - m))) };
}

function relativeDifferencePercent(noise: ArrayLike<number>, precursor: ArrayLike<number>): Float64Array {
  const out = new Float64Array(noise.length);
  for (let k = 0; k < noise.length; k++) out[k] = noise[k] > 0 ? (100 * (precursor[k] - noise[k])) / noise[k] : 0;
  return out;
}

function sumOf(units: readonly ArrayLike<number>[], bins: number, skip = -1): Float64Array {
  const out = new Float64Array(bins);
  units.forEach((u, i) => {
    if (i !== skip) for (let k = 0; k < bins; k++) out[k] += u[k];
  });
  return out;
}

/** Leave-one-out jackknife standard error of each value, from the n leave-one-out estimates. */
function jackknifeSe(values: readonly number[]): number {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  return Math.sqrt(((n - 1) / n) * values.reduce((a, v) => a + (v - mean) ** 2, 0));
}

/**
 * The relative difference of one split (train or test), smoothed, with its significant peaks.
 * `noiseUnits`/`precursorUnits` are the amplitude spectra summed per event (the jackknife's units);
 * their sums are the cumulative spectra.
 *
 * "Significant" (ours): a local maximum of the smoothed curve inside the peak band whose prominence
 * and whose height above the band's median both exceed significanceSigmas noise levels.
 *   - The noise level is how much the smoothed curve would change with other events: at each
 *     frequency, the leave-one-event-out jackknife standard error of the smoothed curve; its
 *     median over the band. This counts everything that varies between events (microseism level,
 *     a small local earthquake in one window, correlated spectral leakage), which a level taken
 *     from the curve's bin-to-bin scatter misses (measured on synthetic null projects: peaks of up
 *     to 9 such "sigmas" with no precursor, under 5 jackknife levels). With one event only, the
 *     raw curve's robust scatter about the smoothed one times the smoothing's noise gain is used.
 *   - The height condition rejects the rebounds next to a strong line: Savitzky-Golay smoothing
 *     (polyorder >= 2) gives a line negative side lobes, and the baseline just beyond a lobe is a
 *     local maximum with a large prominence but no excess over the median.
 * The peak frequency is refined by a parabola through the peak bin and its two neighbours.
 */
export function relativeDifferenceCurve(
  frequencyHz: ArrayLike<number>,
  noiseUnits: readonly ArrayLike<number>[],
  precursorUnits: readonly ArrayLike<number>[],
  windowBins: number,
  s: RelativeDifferenceSettings,
): RelativeDifferenceCurve {
  const n = frequencyHz.length;
  const raw = relativeDifferencePercent(sumOf(noiseUnits, n), sumOf(precursorUnits, n));
  const window = Math.min(windowBins, n % 2 ? n : n - 1);
  const smoothing = window > s.smoothingPolyorder;
  const smoothed = (x: Float64Array): Float64Array => (smoothing ? savgolFilter(x, window, s.smoothingPolyorder) : Float64Array.from(x));
  const smooth = smoothed(raw);
  const [lowHz, highHz] = s.peakBandHz;
  let first = 0;
  while (first < n && frequencyHz[first] < lowHz) first++;
  let last = n - 1;
  while (last >= 0 && frequencyHz[last] > highHz) last--;
  const peaks: SpectralPeak[] = [];
  let noiseLevel = NaN;
  let med = NaN;
  if (last - first >= 2) {
    const band = Array.from(smooth.subarray(first, last + 1));
    med = robustSigma(band).median;
    const units = noiseUnits.length;
    let se: number[] | null = null;
    if (units >= 2 && precursorUnits.length === units) {
      const leaveOneOut = Array.from({ length: units }, (_, u) => smoothed(relativeDifferencePercent(sumOf(noiseUnits, n, u), sumOf(precursorUnits, n, u))));
      se = band.map((_, i) => jackknifeSe(leaveOneOut.map((c) => c[first + i])));
      noiseLevel = robustSigma(se).median;
    } else {
      const weights = smoothing ? savgolWeights(window, s.smoothingPolyorder) : Float64Array.of(1);
      const gain = Math.sqrt(weights.reduce((a, w) => a + w * w, 0));
      noiseLevel = robustSigma(band.map((v, i) => raw[first + i] - v)).sigma * gain;
    }
    const bar = s.significanceSigmas * noiseLevel;
    const found = findPeaks(band);
    const df = n > 1 ? frequencyHz[1] - frequencyHz[0] : 0;
    for (let i = 0; i < found.peaks.length; i++) {
      const p = found.peaks[i];
      const prominence = found.prominences[i];
      const excess = band[p] - med;
      const consistency = se === null ? Infinity : excess / se[p];
      if (!(bar > 0 && prominence >= bar && excess >= bar && consistency >= s.consistencySigmas)) continue;
      const [a, b, c] = [band[p - 1], band[p], band[p + 1]];
      const curvature = a - 2 * b + c;
      const offset = curvature < 0 ? (0.5 * (a - c)) / curvature : 0;
      peaks.push({
        frequencyHz: frequencyHz[first + p] + offset * df,
        relativeDifferencePercent: band[p],
        prominencePercent: prominence,
        prominenceSigmas: prominence / noiseLevel,
        excessSigmas: excess / noiseLevel,
        consistencySigmas: consistency,
      });
    }
  }
  return { relativeDifferencePercent: Array.from(raw), smoothedPercent: Array.from(smooth), noiseLevelPercent: noiseLevel, medianPercent: med, peaks };
}

/** Pair train and test peaks closer than toleranceHz, nearest pairs first, each peak used once. */
export function commonPeaks(train: readonly SpectralPeak[], test: readonly SpectralPeak[], toleranceHz: number): RelativeDifferenceResult['commonPeaks'] {
  const pairs: { i: number; j: number; d: number }[] = [];
  train.forEach((a, i) => test.forEach((b, j) => {
    const d = Math.abs(a.frequencyHz - b.frequencyHz);
    if (d <= toleranceHz) pairs.push({ i, j, d });
  }));
  pairs.sort((x, y) => x.d - y.d);
  const usedTrain = new Set<number>();
  const usedTest = new Set<number>();
  const out: RelativeDifferenceResult['commonPeaks'] = [];
  for (const { i, j } of pairs) {
    if (usedTrain.has(i) || usedTest.has(j)) continue;
    usedTrain.add(i);
    usedTest.add(j);
    const trainFrequencyHz = train[i].frequencyHz;
    const testFrequencyHz = test[j].frequencyHz;
    out.push({ frequencyHz: (trainFrequencyHz + testFrequencyHz) / 2, trainFrequencyHz, testFrequencyHz });
  }
  return out.sort((a, b) => a.frequencyHz - b.frequencyHz);
}

/** Spectrogram of one channel, rows kept up to maxFrequencyHz: amplitude[t][f]. */
export function channelSpectrogram(
  x: Float32Array,
  sampleRateHz: number,
  windowSamples: number,
  strideSamples: number,
  maxFrequencyHz: number,
): { frequencyHz: number[]; timeS: number[]; amplitude: number[][] } {
  const sg = spectrogram(x, sampleRateHz, { windowSamples, strideSamples });
  const bins = binsUpTo(windowSamples, sampleRateHz, maxFrequencyHz);
  const amplitude: number[][] = [];
  for (let w = 0; w < sg.nWindows; w++) amplitude.push(Array.from(sg.amplitude.subarray(w * sg.nFrequencies, w * sg.nFrequencies + bins)));
  return { frequencyHz: Array.from(sg.frequencyHz.subarray(0, bins)), timeS: Array.from(sg.timeS), amplitude };
}
