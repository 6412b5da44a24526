/**
 * What every quality check reads: one recording (an event's 10 h, a noise-B span, an imported file)
 * as it is stored — per channel, its continuous pieces in time order, gaps left as gaps — plus the
 * span that was asked for and the origin time the findings are measured back from.
 */
import type { QcCheckName, QcFinding, QcSeverity } from '../../../shared/qc';
import type { Trace } from '../mergeTraces';

export interface QcPiece {
  /** first sample, µs since epoch */
  startTimeUs: number;
  data: ArrayLike<number>;
}

export interface QcChannel {
  code: string;
  sampleRateHz: number;
  /** continuous pieces in time order */
  pieces: QcPiece[];
}

export interface QcRecording {
  /** the span the recording should cover, µs (first sample due, end exclusive) */
  spanStartUs: number;
  spanEndUs: number;
  /** the event's origin time, µs; null for a recording not tied to an event */
  originTimeUs: number | null;
  channels: QcChannel[];
}

/** Time of sample `index` of a piece, µs (rounded to the microsecond, miniSEED's precision). */
export function sampleTimeUs(piece: QcPiece, index: number, sampleRateHz: number): number {
  return piece.startTimeUs + Math.round((index * 1e6) / sampleRateHz);
}

/** Time just after the last sample of a piece (last sample + one period), µs. */
export function pieceEndUs(piece: QcPiece, sampleRateHz: number): number {
  return sampleTimeUs(piece, piece.data.length, sampleRateHz);
}

/** NaN or ±Infinity anywhere (a float-encoded record can carry them): the filters refuse such a piece. */
export function hasNonFinite(data: ArrayLike<number>): boolean {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return true;
  return false;
}

export function secondsBeforeOrigin(rec: QcRecording, timeUs: number): number | null {
  return rec.originTimeUs === null ? null : (rec.originTimeUs - timeUs) / 1e6;
}

/** "2.31 h before origin" or the UTC time when there is no origin. */
export function describeWhen(rec: QcRecording, timeUs: number): string {
  const s = secondsBeforeOrigin(rec, timeUs);
  if (s === null) return `at ${new Date(timeUs / 1000).toISOString()}`;
  return s >= 0 ? `at ${(s / 3600).toFixed(2)} h before origin` : `at ${(-s / 3600).toFixed(2)} h after origin`;
}

export interface FindingInput {
  kind: string;
  channel: string | null;
  startTimeUs: number;
  durationSeconds: number;
  score: number;
  scoreUnit: string;
  severity: QcSeverity;
  reason: string;
  detail?: QcFinding['detail'];
}

export function finding(rec: QcRecording, check: QcCheckName, f: FindingInput): QcFinding {
  return { check, ...f, secondsBeforeOrigin: secondsBeforeOrigin(rec, f.startTimeUs), detail: f.detail ?? {} };
}

/**
 * A recording from merged miniSEED traces (mergeTraces), one channel per channel code: how an
 * imported or downloaded file is checked before (or without) storing it.
 */
export function recordingFromTraces(traces: readonly Trace[], span: { startUs: number; endUs: number }, originTimeUs: number | null = null): QcRecording {
  const byCode = new Map<string, QcChannel>();
  for (const t of [...traces].sort((a, b) => a.startTimeUs - b.startTimeUs)) {
    let c = byCode.get(t.channel);
    if (!c) {
      c = { code: t.channel, sampleRateHz: t.sampleRateHz, pieces: [] };
      byCode.set(t.channel, c);
    }
    c.pieces.push({ startTimeUs: t.startTimeUs, data: t.samples });
  }
  return { spanStartUs: span.startUs, spanEndUs: span.endUs, originTimeUs, channels: [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code)) };
}
