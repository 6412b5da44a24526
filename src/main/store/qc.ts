/**
 * Quality-check runs in the project: the recording a check reads (an event segment's pieces, read
 * whole), the checksum of those data, and the stored runs with their findings (migration 0005).
 */
import { createHash } from 'node:crypto';
import type { QcChannel, QcRecording } from '../seismic/qc';
import type { QcCheckResult, QcFinding, QcSettings, QcSuggestion } from '../../shared/qc';
import { readArrayFile } from './arrays';
import type { Project } from './project';

interface PieceRow {
  code: string;
  start_time_us: number;
  sample_rate_hz: number;
  n_samples: number;
  file: string;
  sha256: string;
  dtype: 'float32' | 'float64' | 'int32' | 'uint8';
}

export interface SegmentForQc {
  segmentId: number;
  startTimeUs: number;
  endTimeUs: number;
}

/** The (latest) recording stored before an event, or null when it has none. */
export function eventSegment(project: Project, eventId: number): SegmentForQc | null {
  const row = project.db
    .prepare("SELECT id, start_time_us, end_time_us FROM segments WHERE kind = 'event' AND event_id = ? ORDER BY id DESC LIMIT 1")
    .get(eventId) as { id: number; start_time_us: number; end_time_us: number } | undefined;
  return row ? { segmentId: row.id, startTimeUs: row.start_time_us, endTimeUs: row.end_time_us } : null;
}

function pieceRows(project: Project, segmentId: number): PieceRow[] {
  return project.db
    .prepare(
      `SELECT c.code, w.start_time_us, w.sample_rate_hz, w.n_samples, a.file, a.sha256, a.dtype
       FROM waveforms w JOIN channels c ON c.id = w.channel_id JOIN arrays a ON a.id = w.array_id
       WHERE w.segment_id = ? ORDER BY c.code, w.start_time_us`,
    )
    .all(segmentId) as PieceRow[];
}

/** What a QC run depends on besides its settings: the pieces (with their content hashes), the span and the origin. */
export function recordingChecksum(project: Project, seg: SegmentForQc, originTimeUs: number | null): string {
  const h = createHash('sha256').update(JSON.stringify({ span: [seg.startTimeUs, seg.endTimeUs], originTimeUs }));
  for (const r of pieceRows(project, seg.segmentId)) h.update(`|${r.code}:${r.start_time_us}:${r.sample_rate_hz}:${r.n_samples}:${r.sha256}`);
  return h.digest('hex');
}

/** The whole recording of a segment, per channel in code order, pieces in time order. */
export function loadRecording(project: Project, seg: SegmentForQc, originTimeUs: number | null): QcRecording {
  const channels = new Map<string, QcChannel>();
  for (const r of pieceRows(project, seg.segmentId)) {
    let ch = channels.get(r.code);
    if (!ch) {
      ch = { code: r.code, sampleRateHz: r.sample_rate_hz, pieces: [] };
      channels.set(r.code, ch);
    }
    ch.pieces.push({ startTimeUs: r.start_time_us, data: readArrayFile(project.dir, { file: r.file, dtype: r.dtype, length: r.n_samples }) });
  }
  return { spanStartUs: seg.startTimeUs, spanEndUs: seg.endTimeUs, originTimeUs, channels: [...channels.values()] };
}

export interface StoredQcRun {
  runId: number;
  eventId: number;
  segmentId: number;
  checks: QcCheckResult[];
  findings: QcFinding[];
  suggestion: QcSuggestion;
  createdAtMs: number;
}

interface FindingRow {
  check_name: QcFinding['check'];
  kind: string;
  channel: string | null;
  start_time_us: number;
  seconds_before_origin: number | null;
  duration_seconds: number;
  score: number;
  score_unit: string;
  severity: QcFinding['severity'];
  reason: string;
  detail_json: string;
}

function toFinding(r: FindingRow): QcFinding {
  return {
    check: r.check_name,
    kind: r.kind,
    channel: r.channel,
    startTimeUs: r.start_time_us,
    secondsBeforeOrigin: r.seconds_before_origin,
    durationSeconds: r.duration_seconds,
    score: r.score,
    scoreUnit: r.score_unit,
    severity: r.severity,
    reason: r.reason,
    detail: JSON.parse(r.detail_json) as QcFinding['detail'],
  };
}

export function findQcRun(project: Project, eventId: number, settingsChecksum: string, dataChecksum: string): StoredQcRun | null {
  const run = project.db
    .prepare('SELECT id, segment_id, checks_json, suggestion_json, created_at_ms FROM qc_runs WHERE event_id = ? AND settings_checksum = ? AND data_checksum = ?')
    .get(eventId, settingsChecksum, dataChecksum) as { id: number; segment_id: number; checks_json: string; suggestion_json: string; created_at_ms: number } | undefined;
  if (!run) return null;
  const findings = (project.db.prepare('SELECT * FROM qc_findings WHERE run_id = ? ORDER BY id').all(run.id) as FindingRow[]).map(toFinding);
  const checks = (JSON.parse(run.checks_json) as Omit<QcCheckResult, 'findings'>[]).map((c) => ({ ...c, findings: findings.filter((f) => f.check === c.check) }));
  return {
    runId: run.id,
    eventId,
    segmentId: run.segment_id,
    checks,
    findings,
    suggestion: JSON.parse(run.suggestion_json) as QcSuggestion,
    createdAtMs: run.created_at_ms,
  };
}

export interface QcRunInsert {
  eventId: number;
  segmentId: number;
  settings: QcSettings;
  settingsChecksum: string;
  dataChecksum: string;
  checks: QcCheckResult[];
  findings: QcFinding[];
  suggestion: QcSuggestion;
}

/** Store a run and its findings, replacing a run with the same key (a forced re-run). Call inside a write transaction. */
export function insertQcRun(project: Project, r: QcRunInsert): number {
  if (!project.db.inTransaction) throw new Error('insertQcRun must run inside a write transaction');
  project.db.prepare('DELETE FROM qc_runs WHERE event_id = ? AND settings_checksum = ? AND data_checksum = ?').run(r.eventId, r.settingsChecksum, r.dataChecksum);
  const { id } = project.db
    .prepare(
      `INSERT INTO qc_runs (event_id, segment_id, settings_json, settings_checksum, data_checksum, checks_json, suggestion_json, created_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(
      r.eventId,
      r.segmentId,
      JSON.stringify(r.settings),
      r.settingsChecksum,
      r.dataChecksum,
      JSON.stringify(r.checks.map((c) => ({ check: c.check, settings: c.settings }))),
      JSON.stringify(r.suggestion),
      Date.now(),
    ) as { id: number };
  const insert = project.db.prepare(
    `INSERT INTO qc_findings (run_id, check_name, kind, channel, start_time_us, seconds_before_origin, duration_seconds, score, score_unit, severity, reason, detail_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const f of r.findings) {
    insert.run(id, f.check, f.kind, f.channel, f.startTimeUs, f.secondsBeforeOrigin, f.durationSeconds, f.score, f.scoreUnit, f.severity, f.reason, JSON.stringify(f.detail));
  }
  return id;
}
