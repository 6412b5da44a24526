/**
 * Gaps, overlaps and missing ends, read from the stored piece structure (no samples needed): the
 * paper's "discontinuous data". Between consecutive pieces of a channel the step from the last
 * sample to the next first sample should be one period; more (beyond the tolerance) is a gap of
 * round(excess · rate) missing samples, less is an overlap. Data that start after the span's start
 * or end before its end are reported as missing-start / missing-end.
 */
import type { GapSettings, QcCheckResult, QcFinding } from '../../../shared/qc';
import { describeWhen, finding, pieceEndUs, type QcRecording } from './recording';

export function checkGaps(rec: QcRecording, settings: GapSettings): QcCheckResult {
  const findings: QcFinding[] = [];
  for (const ch of rec.channels) {
    const periodUs = 1e6 / ch.sampleRateHz;
    const tolUs = settings.toleranceSamples * periodUs;
    const pieces = ch.pieces.filter((p) => p.data.length > 0);
    const push = (kind: string, startTimeUs: number, lengthUs: number, severity: QcFinding['severity'], text: string): void => {
      const samples = Math.round(lengthUs / periodUs);
      findings.push(
        finding(rec, 'gaps', {
          kind,
          channel: ch.code,
          startTimeUs,
          durationSeconds: lengthUs / 1e6,
          score: samples,
          scoreUnit: 'samples',
          severity,
          reason: `${text}: ${ch.code} ${kind === 'overlap' ? 'overlaps by' : 'misses'} ${samples} sample${samples === 1 ? '' : 's'} (${(lengthUs / 1e6).toFixed(3)} s) ${describeWhen(rec, startTimeUs)}`,
          detail: { samples },
        }),
      );
    };
    if (pieces.length === 0) continue; // a channel without data is the channel-length check's finding
    const first = pieces[0];
    if (first.startTimeUs - rec.spanStartUs > tolUs) push('missing-start', rec.spanStartUs, first.startTimeUs - rec.spanStartUs, 'exclude', 'data missing at the start');
    for (let i = 1; i < pieces.length; i++) {
      const dueUs = pieceEndUs(pieces[i - 1], ch.sampleRateHz);
      const deltaUs = pieces[i].startTimeUs - dueUs;
      if (deltaUs > tolUs) push('gap', dueUs, deltaUs, 'exclude', 'discontinuous data');
      else if (deltaUs < -tolUs) push('overlap', pieces[i].startTimeUs, -deltaUs, 'warning', 'overlapping data');
    }
    const endUs = pieceEndUs(pieces[pieces.length - 1], ch.sampleRateHz);
    if (rec.spanEndUs - endUs > tolUs) push('missing-end', endUs, rec.spanEndUs - endUs, 'exclude', 'data missing at the end');
  }
  return { check: 'gaps', settings: { ...settings }, findings };
}
