import type { SegmentKind, SegmentSummary } from '../../shared/records';
import { ForeseisError } from '../../shared/errors';
import { readFloat32Range, writeArrayFile } from './arrays';
import type { Project } from './project';

export interface SegmentInput {
  stationId: number;
  kind: SegmentKind;
  eventId: number | null;
  startTimeUs: number;
  endTimeUs: number;
  source: string;
}

export interface WaveformPiece {
  channelId: number;
  startTimeUs: number;
  sampleRateHz: number;
  data: Float32Array;
}

/** Store one array file and its row; identical content is stored once. */
export function storeArray(project: Project, data: Float32Array): number {
  const f = writeArrayFile(project.dir, data);
  project.db
    .prepare('INSERT INTO arrays (file, sha256, dtype, length, bytes) VALUES (?, ?, ?, ?, ?) ON CONFLICT (file) DO NOTHING')
    .run(f.file, f.sha256, f.dtype, f.length, f.bytes);
  return (project.db.prepare('SELECT id FROM arrays WHERE file = ?').get(f.file) as { id: number }).id;
}

/**
 * Insert a segment and its waveform pieces. Several files and rows: call it inside
 * `project.writeTransaction` so that a crash leaves none of it.
 */
export function insertSegment(project: Project, seg: SegmentInput, pieces: WaveformPiece[]): number {
  if (!project.db.inTransaction) throw new Error('insertSegment must run inside a write transaction');
  const { id: segmentId } = project.db
    .prepare(
      `INSERT INTO segments (station_id, kind, event_id, start_time_us, end_time_us, source)
       VALUES (@stationId, @kind, @eventId, @startTimeUs, @endTimeUs, @source) RETURNING id`,
    )
    .get(seg) as { id: number };
  const insert = project.db.prepare(
    `INSERT INTO waveforms (segment_id, channel_id, start_time_us, sample_rate_hz, n_samples, array_id)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  for (const p of pieces) {
    if (p.data.length === 0) continue;
    const arrayId = storeArray(project, p.data);
    insert.run(segmentId, p.channelId, p.startTimeUs, p.sampleRateHz, p.data.length, arrayId);
  }
  return segmentId;
}

interface PieceRow {
  start_time_us: number;
  sample_rate_hz: number;
  n_samples: number;
  file: string;
}

/**
 * Read `nSamples` samples of one channel of a segment starting at `startTimeUs` (rounded to the
 * nearest sample of the piece that covers it). The range must lie inside one continuous piece:
 * windows never silently bridge a gap or run past the data.
 */
export function readChannelRange(project: Project, segmentId: number, channelCode: string, startTimeUs: number, nSamples: number): Float32Array {
  const rows = project.db
    .prepare(
      `SELECT w.start_time_us, w.sample_rate_hz, w.n_samples, a.file
       FROM waveforms w JOIN channels c ON c.id = w.channel_id JOIN arrays a ON a.id = w.array_id
       WHERE w.segment_id = ? AND c.code = ? ORDER BY w.start_time_us`,
    )
    .all(segmentId, channelCode) as PieceRow[];
  if (rows.length === 0) throw new ForeseisError('data-out-of-range', `segment ${segmentId} has no ${channelCode} data`);
  for (const r of rows) {
    const offset = Math.round(((startTimeUs - r.start_time_us) * r.sample_rate_hz) / 1e6);
    if (offset >= 0 && offset + nSamples <= r.n_samples) return readFloat32Range(project.dir, r.file, offset, nSamples);
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  const lastEnd = last.start_time_us + (last.n_samples / last.sample_rate_hz) * 1e6;
  const wantedEnd = startTimeUs + (nSamples / first.sample_rate_hz) * 1e6;
  throw new ForeseisError(
    'data-out-of-range',
    `segment ${segmentId} ${channelCode}: the window ${new Date(startTimeUs / 1000).toISOString()} – ${new Date(wantedEnd / 1000).toISOString()} ` +
      `is not inside one continuous stretch of data (${rows.length} piece(s), ${new Date(first.start_time_us / 1000).toISOString()} – ${new Date(lastEnd / 1000).toISOString()})`,
  );
}

export function listSegments(project: Project, kind?: SegmentKind): SegmentSummary[] {
  const segs = project.db
    .prepare(
      `SELECT s.id, s.kind, s.event_id, s.start_time_us, s.end_time_us, s.source, st.network || '.' || st.station AS station_code
       FROM segments s JOIN stations st ON st.id = s.station_id
       ${kind ? 'WHERE s.kind = @kind' : ''} ORDER BY s.start_time_us`,
    )
    .all(kind ? { kind } : {}) as {
    id: number;
    kind: SegmentKind;
    event_id: number | null;
    start_time_us: number;
    end_time_us: number;
    source: string;
    station_code: string;
  }[];
  const chans = project.db.prepare(
    `SELECT c.code, COUNT(*) AS pieces, SUM(w.n_samples) AS samples FROM waveforms w JOIN channels c ON c.id = w.channel_id
     WHERE w.segment_id = ? GROUP BY c.code ORDER BY c.code`,
  );
  return segs.map((s) => ({
    id: s.id,
    kind: s.kind,
    eventId: s.event_id,
    stationCode: s.station_code,
    startTimeUs: s.start_time_us,
    endTimeUs: s.end_time_us,
    source: s.source,
    channels: chans.all(s.id) as { code: string; pieces: number; samples: number }[],
  }));
}
