/**
 * Impulsive signals of smaller earthquakes (the paper's first exclusion criterion): the classic
 * STA/LTA of each channel's band-passed samples (the characteristic function is the squared
 * band-passed trace, as in ObsPy's classic_sta_lta), triggered on/off with trigger_onset. The band
 * keeps a local quake's few-Hz energy and drops the microseisms whose slow swings would otherwise
 * dominate both averages. Each continuous piece is processed alone; a piece shorter than the LTA
 * window, or holding non-finite samples, is skipped (counted in the result's settings echo as
 * `skippedPieces`).
 */
import type { ImpulsiveSettings, QcCheckResult, QcFinding } from '../../../shared/qc';
import { butterSos, filterFromFirstSample } from './filter';
import { describeWhen, finding, hasNonFinite, type QcRecording, sampleTimeUs } from './recording';
import { classicStaLta, triggerOnset } from './sta-lta';

export function checkImpulsive(rec: QcRecording, settings: ImpulsiveSettings): QcCheckResult {
  if (settings.offRatio > settings.onRatio) throw new RangeError('impulsive: offRatio must not exceed onRatio');
  const [lowHz, highHz] = settings.bandHz;
  if (!(lowHz < highHz)) throw new RangeError(`impulsive: band ${lowHz}–${highHz} Hz is empty`);
  const findings: QcFinding[] = [];
  let skippedPieces = 0;
  for (const ch of rec.channels) {
    const fs = ch.sampleRateHz;
    // A band reaching Nyquist is not a filter (butter refuses it): cap it just below.
    const top = Math.min(highHz, 0.45 * fs);
    if (!(lowHz < top)) {
      skippedPieces += ch.pieces.length;
      continue;
    }
    const sos = butterSos(settings.filterOrder, [lowHz, top], 'bandpass', fs);
    const nsta = Math.max(1, Math.round(settings.staSeconds * fs));
    const nlta = Math.max(nsta, Math.round(settings.ltaSeconds * fs));
    const maxLen = Math.round(settings.maxTriggerSeconds * fs);
    for (const piece of ch.pieces) {
      if (piece.data.length < nlta || hasNonFinite(piece.data)) {
        skippedPieces++;
        continue;
      }
      const cf = classicStaLta(filterFromFirstSample(sos, piece.data), nsta, nlta);
      for (const [on, off] of triggerOnset(cf, settings.onRatio, settings.offRatio, maxLen)) {
        let peak = on;
        for (let i = on; i <= off; i++) if (cf[i] > cf[peak]) peak = i;
        const startTimeUs = sampleTimeUs(piece, on, fs);
        const offTimeUs = sampleTimeUs(piece, off, fs);
        // groupSeconds travels with each finding so that stored findings alone can be grouped into signals (suggestion, CLI)
        findings.push(
          finding(rec, 'impulsive', {
            kind: 'trigger',
            channel: ch.code,
            startTimeUs,
            durationSeconds: (off - on + 1) / fs,
            score: cf[peak],
            scoreUnit: 'STA/LTA',
            severity: 'exclude',
            reason: `impulsive signal on ${ch.code}: STA/LTA ${cf[peak].toFixed(1)} ${describeWhen(rec, startTimeUs)}`,
            detail: { onTimeUs: startTimeUs, offTimeUs, peakTimeUs: sampleTimeUs(piece, peak, fs), groupSeconds: settings.groupSeconds },
          }),
        );
      }
    }
  }
  return { check: 'impulsive', settings: { ...settings, bandHz: [lowHz, highHz], skippedPieces }, findings };
}

/**
 * Triggers of any channel that overlap or follow each other within `groupSeconds` are one signal (a
 * quake shows on all three channels, its S phase after its P): groups of findings in time order.
 */
export function groupSignals(triggers: readonly QcFinding[], groupSeconds: number): QcFinding[][] {
  const sorted = [...triggers].sort((a, b) => a.startTimeUs - b.startTimeUs);
  const groups: QcFinding[][] = [];
  let endUs = -Infinity;
  for (const t of sorted) {
    const tEnd = t.startTimeUs + t.durationSeconds * 1e6;
    if (groups.length > 0 && t.startTimeUs <= endUs + groupSeconds * 1e6) {
      groups[groups.length - 1].push(t);
      endUs = Math.max(endUs, tEnd);
    } else {
      groups.push([t]);
      endUs = tEnd;
    }
  }
  return groups;
}
