/**
 * Flat lines (the paper's "corrupted data"): runs where the samples stay within `toleranceCounts`
 * of the run's first value for at least `minDurationSeconds`. Broadband noise at 40 Hz never holds
 * one value that long; a dead channel, a stuck digitizer or zero-filled gaps do. Runs of
 * non-finite samples (NaN, ±Infinity: corrupt float records) of any length are reported here too,
 * as kind 'non-finite'.
 */
import type { FlatLineSettings, QcCheckResult, QcFinding } from '../../../shared/qc';
import { describeWhen, finding, type QcRecording, sampleTimeUs } from './recording';

export function checkFlatLines(rec: QcRecording, settings: FlatLineSettings): QcCheckResult {
  const findings: QcFinding[] = [];
  for (const ch of rec.channels) {
    const minRun = Math.max(2, Math.ceil(settings.minDurationSeconds * ch.sampleRateHz));
    for (const p of ch.pieces) {
      const x = p.data;
      let i = 0;
      while (i < x.length) {
        if (!Number.isFinite(x[i])) {
          let j = i + 1;
          while (j < x.length && !Number.isFinite(x[j])) j++;
          const startTimeUs = sampleTimeUs(p, i, ch.sampleRateHz);
          findings.push(
            finding(rec, 'flat-lines', {
              kind: 'non-finite',
              channel: ch.code,
              startTimeUs,
              durationSeconds: (j - i) / ch.sampleRateHz,
              score: j - i,
              scoreUnit: 'samples',
              severity: 'exclude',
              reason: `corrupted data on ${ch.code}: ${j - i} non-finite sample${j - i === 1 ? '' : 's'} ${describeWhen(rec, startTimeUs)}`,
              detail: { samples: j - i },
            }),
          );
          i = j;
          continue;
        }
        let j = i + 1;
        while (j < x.length && Math.abs(x[j] - x[i]) <= settings.toleranceCounts) j++;
        const run = j - i;
        if (run >= minRun) {
          const startTimeUs = sampleTimeUs(p, i, ch.sampleRateHz);
          const seconds = run / ch.sampleRateHz;
          findings.push(
            finding(rec, 'flat-lines', {
              kind: 'flat',
              channel: ch.code,
              startTimeUs,
              durationSeconds: seconds,
              score: seconds,
              scoreUnit: 's',
              severity: 'exclude',
              reason: `flat line on ${ch.code}: ${seconds.toFixed(1)} s at ${x[i]} counts ${describeWhen(rec, startTimeUs)}`,
              detail: { valueCounts: x[i], samples: run },
            }),
          );
        }
        i = j;
      }
    }
  }
  return { check: 'flat-lines', settings: { ...settings }, findings };
}
