/**
 * Clipping: the digitizer saturates and the trace sits at its largest (or smallest) value for
 * several samples. Per channel, runs of at least `minRunSamples` consecutive samples equal to the
 * channel's maximum or minimum over the whole recording; and, when the full scale is known, every
 * sample at or beyond it. A channel whose maximum equals its minimum is a flat line, not a clip.
 */
import type { ClippingSettings, QcCheckResult, QcFinding } from '../../../shared/qc';
import { describeWhen, finding, type QcRecording, sampleTimeUs } from './recording';

export function checkClipping(rec: QcRecording, settings: ClippingSettings): QcCheckResult {
  const findings: QcFinding[] = [];
  for (const ch of rec.channels) {
    let max = -Infinity;
    let min = Infinity;
    for (const p of ch.pieces) {
      for (let i = 0; i < p.data.length; i++) {
        const v = p.data[i];
        if (!Number.isFinite(v)) continue; // corrupt samples are the flat-line check's finding
        if (v > max) max = v;
        if (v < min) min = v;
      }
    }
    if (!(max > min)) continue;
    const full = settings.fullScaleCounts;
    const clipped = (v: number): 'max' | 'min' | null =>
      !Number.isFinite(v) ? null : v === max || (full !== null && v >= full) ? 'max' : v === min || (full !== null && v <= -full) ? 'min' : null;
    for (const p of ch.pieces) {
      let i = 0;
      while (i < p.data.length) {
        const side = clipped(p.data[i]);
        if (side === null) {
          i++;
          continue;
        }
        let j = i + 1;
        while (j < p.data.length && clipped(p.data[j]) === side) j++;
        const run = j - i;
        const beyondFullScale = full !== null && Math.abs(p.data[i]) >= full;
        if (run >= settings.minRunSamples || beyondFullScale) {
          const startTimeUs = sampleTimeUs(p, i, ch.sampleRateHz);
          findings.push(
            finding(rec, 'clipping', {
              kind: 'clip',
              channel: ch.code,
              startTimeUs,
              durationSeconds: run / ch.sampleRateHz,
              score: run,
              scoreUnit: 'samples',
              severity: 'exclude',
              reason: `clipped data on ${ch.code}: ${run} samples at its ${side === 'max' ? 'maximum' : 'minimum'} (${p.data[i]} counts) ${describeWhen(rec, startTimeUs)}`,
              detail: { valueCounts: p.data[i], side, beyondFullScale },
            }),
          );
        }
        i = j;
      }
    }
  }
  return { check: 'clipping', settings: { ...settings }, findings };
}
