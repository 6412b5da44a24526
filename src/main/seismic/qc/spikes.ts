/**
 * Spikes unrelated to earthquakes (the paper's exclusion criterion): robust amplitude outliers of
 * a high-passed trace. Per continuous piece, score[i] = |y[i] − median(y)| / (1.4826 · MAD(y)),
 * y the Butterworth high-pass of the samples; outliers closer than `mergeSeconds` form one
 * excursion. An earthquake is an outlier too, but a long one: its samples above a fraction of its
 * peak score span seconds, while a spike's span a few samples. Measuring that width relative to
 * the excursion's own peak (not the threshold) keeps a huge spike a spike even though the filter's
 * ringing after it stays above the threshold for a while.
 */
import type { QcCheckResult, QcFinding, SpikeSettings } from '../../../shared/qc';
import { butterSos, filterFromFirstSample } from './filter';
import { describeWhen, finding, hasNonFinite, type QcRecording, sampleTimeUs } from './recording';
import { MAD_TO_SIGMA, median, medianAbsoluteDeviation } from './robust';

export interface Excursion {
  /** index of the largest score */
  peakIndex: number;
  peakScore: number;
  /** first and last index whose score is at least widthFraction · peakScore */
  firstIndex: number;
  lastIndex: number;
}

/** Robust z-scores of y: |y − median| / (1.4826 · MAD); null when the MAD is 0 (a flat piece). */
export function robustScores(y: ArrayLike<number>): Float64Array | null {
  const m = median(y);
  const sigma = MAD_TO_SIGMA * medianAbsoluteDeviation(y, m);
  if (!(sigma > 0)) return null;
  const z = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) z[i] = Math.abs(y[i] - m) / sigma;
  return z;
}

/** Excursions of the scores above the threshold, outliers within mergeSamples joined. */
export function findExcursions(z: ArrayLike<number>, thresholdScore: number, mergeSamples: number, widthFraction: number): Excursion[] {
  const out: Excursion[] = [];
  let i = 0;
  while (i < z.length) {
    if (!(z[i] > thresholdScore)) {
      i++;
      continue;
    }
    const start = i;
    let last = i;
    let peakIndex = i;
    for (let j = i; j < z.length && j - last <= mergeSamples; j++) {
      if (z[j] > thresholdScore) {
        last = j;
        if (z[j] > z[peakIndex]) peakIndex = j;
      }
    }
    const level = widthFraction * z[peakIndex];
    const lo = Math.max(0, start - mergeSamples);
    const hi = Math.min(z.length - 1, last + mergeSamples);
    let firstIndex = peakIndex;
    let lastIndex = peakIndex;
    for (let j = lo; j <= hi; j++) {
      if (z[j] >= level) {
        if (j < firstIndex) firstIndex = j;
        if (j > lastIndex) lastIndex = j;
      }
    }
    out.push({ peakIndex, peakScore: z[peakIndex], firstIndex, lastIndex });
    i = last + 1;
  }
  return out;
}

export function checkSpikes(rec: QcRecording, settings: SpikeSettings): QcCheckResult {
  const findings: QcFinding[] = [];
  for (const ch of rec.channels) {
    const fs = ch.sampleRateHz;
    if (!(settings.highpassHz < fs / 2)) continue; // no high-pass possible at this rate
    const sos = butterSos(settings.highpassOrder, settings.highpassHz, 'highpass', fs);
    const mergeSamples = Math.max(1, Math.round(settings.mergeSeconds * fs));
    const maxWidthSamples = Math.max(1, Math.round(settings.maxWidthSeconds * fs));
    for (const piece of ch.pieces) {
      if (piece.data.length < 3 || hasNonFinite(piece.data)) continue; // non-finite samples: the flat-line check's finding
      const z = robustScores(filterFromFirstSample(sos, piece.data));
      if (!z) continue;
      for (const e of findExcursions(z, settings.thresholdMads, mergeSamples, settings.widthFraction)) {
        const widthSamples = e.lastIndex - e.firstIndex + 1;
        if (widthSamples > maxWidthSamples) continue; // a signal, not a spike: the STA/LTA check's business
        const startTimeUs = sampleTimeUs(piece, e.firstIndex, fs);
        findings.push(
          finding(rec, 'spikes', {
            kind: 'spike',
            channel: ch.code,
            startTimeUs,
            durationSeconds: widthSamples / fs,
            score: e.peakScore,
            scoreUnit: 'MADs',
            severity: 'exclude',
            reason: `spike on ${ch.code}: ${e.peakScore.toFixed(0)} MADs ${describeWhen(rec, startTimeUs)}`,
            detail: { peakTimeUs: sampleTimeUs(piece, e.peakIndex, fs), widthSamples, rawValue: piece.data[e.peakIndex] },
          }),
        );
      }
    }
  }
  return { check: 'spikes', settings: { ...settings }, findings };
}
