/**
 * Welch's power spectral density estimate, matching scipy.signal.welch (average='mean',
 * return_onesided=True) for window='hann', detrend='constant' | false, scaling='density' |
 * 'spectrum':
 *
 * - segments of segmentSamples start every segmentSamples - overlapSamples samples (default
 *   overlap: half a segment, scipy's noverlap = nperseg // 2); only whole segments are used, so
 *   trailing samples that do not fill a segment are ignored, as in scipy;
 * - each segment has its mean removed (detrend 'constant'), is multiplied by a periodic Hann window
 *   (scipy.signal.get_window('hann', n), i.e. w[j] = 0.5 - 0.5 cos(2 pi j / n)) and transformed;
 * - density: |X_k|^2 / (fs * sum w^2), spectrum: |X_k|^2 / (sum w)^2; one-sided: bins other than
 *   DC and (even n) Nyquist are doubled; the segments' periodograms are averaged.
 *
 * Units: for x in counts and fs in Hz, density is counts^2/Hz. NaN in the input propagates to the
 * result (every bin of a segment containing it). Throws RangeError on an empty input, a segment
 * longer than the input (scipy would shrink the segment and warn; here the caller decides) or a bad
 * overlap.
 */
import { hannPeriodic } from './spectrogram';
import { rfft } from './fft';

export interface WelchOptions {
  /** samples per segment (nperseg) */
  segmentSamples: number;
  /** samples shared by consecutive segments (noverlap); default floor(segmentSamples / 2) */
  overlapSamples?: number;
  /** only 'hann' (periodic) */
  window?: 'hann';
  /** 'constant' (default) removes each segment's mean; false leaves it */
  detrend?: 'constant' | false;
  /** 'density' (default): units^2/Hz; 'spectrum': units^2 */
  scaling?: 'density' | 'spectrum';
}

export interface WelchResult {
  /** bin frequencies k * fs / segmentSamples, k = 0..floor(segmentSamples/2) */
  frequenciesHz: Float64Array;
  /** one-sided PSD (density) or power spectrum, per bin */
  psd: Float64Array;
  /** number of segments averaged */
  segments: number;
}

export function welchPsd(x: ArrayLike<number>, sampleRateHz: number, options: WelchOptions): WelchResult {
  const nper = options.segmentSamples;
  const noverlap = options.overlapSamples ?? Math.floor(nper / 2);
  const detrend = options.detrend ?? 'constant';
  const scaling = options.scaling ?? 'density';
  if ((options.window ?? 'hann') !== 'hann') throw new RangeError(`welchPsd: unsupported window ${String(options.window)}`);
  if (!(sampleRateHz > 0)) throw new RangeError(`welchPsd: sample rate must be > 0, got ${sampleRateHz}`);
  if (!Number.isInteger(nper) || nper < 2) throw new RangeError(`welchPsd: segmentSamples must be an integer >= 2, got ${nper}`);
  if (!Number.isInteger(noverlap) || noverlap < 0 || noverlap >= nper) {
    throw new RangeError(`welchPsd: overlapSamples must be an integer in [0, ${nper}), got ${noverlap}`);
  }
  if (x.length === 0) throw new RangeError('welchPsd: empty input');
  if (x.length < nper) throw new RangeError(`welchPsd: ${x.length} samples are fewer than one segment of ${nper}`);

  const step = nper - noverlap;
  const segments = Math.floor((x.length - noverlap) / step);
  const w = hannPeriodic(nper);
  let sumW = 0;
  let sumW2 = 0;
  for (let j = 0; j < nper; j++) {
    sumW += w[j];
    sumW2 += w[j] * w[j];
  }
  const scale = scaling === 'density' ? 1 / (sampleRateHz * sumW2) : 1 / (sumW * sumW);
  const bins = Math.floor(nper / 2) + 1;
  const acc = new Float64Array(bins);
  const seg = new Float64Array(nper);
  for (let s = 0; s < segments; s++) {
    const off = s * step;
    let mean = 0;
    if (detrend === 'constant') {
      for (let j = 0; j < nper; j++) mean += x[off + j];
      mean /= nper;
    }
    for (let j = 0; j < nper; j++) seg[j] = (x[off + j] - mean) * w[j];
    const { re, im } = rfft(seg);
    for (let k = 0; k < bins; k++) acc[k] += re[k] * re[k] + im[k] * im[k];
  }
  const psd = new Float64Array(bins);
  const nyquistBin = nper % 2 === 0 ? bins - 1 : -1;
  for (let k = 0; k < bins; k++) {
    const twoSided = k === 0 || k === nyquistBin ? 1 : 2;
    psd[k] = (acc[k] / segments) * scale * twoSided;
  }
  const frequenciesHz = new Float64Array(bins);
  for (let k = 0; k < bins; k++) frequenciesHz[k] = (k * sampleRateHz) / nper;
  return { frequenciesHz, psd, segments };
}
