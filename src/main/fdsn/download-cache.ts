/**
 * The cache of answered dataselect requests (table download_chunks, migration 0003): a row per
 * request span with its raw miniSEED body in an array file, or "no data". Each row is written with
 * its file in one immediate transaction, so after a crash every row is whole and every span it
 * names needs no second request.
 */
import { ForeseisError } from '../../shared/errors';
import { type Project, readArrayFile, writeArrayFile } from '../store';
import type { Interval } from './download-plan';

export interface StreamKey {
  datacenter: string;
  network: string;
  station: string;
  location: string;
  channels: readonly string[];
}

function keyParams(k: StreamKey): Record<string, string> {
  return { datacenter: k.datacenter, network: k.network, station: k.station, location: k.location, channels: k.channels.join(',') };
}

const SAME_STREAM = 'datacenter = @datacenter AND network = @network AND station = @station AND location = @location AND channels = @channels';

/** Spans already answered for this stream overlapping the window (no-data spans only if asked). */
export function cachedIntervals(project: Project, key: StreamKey, window: Interval, includeNoData: boolean): Interval[] {
  return project.db
    .prepare(
      `SELECT start_time_us AS startUs, end_time_us AS endUs FROM download_chunks
       WHERE ${SAME_STREAM} AND end_time_us > @startUs AND start_time_us < @endUs ${includeNoData ? '' : "AND status = 'data'"}
       ORDER BY start_time_us`,
    )
    .all({ ...keyParams(key), startUs: window.startUs, endUs: window.endUs }) as Interval[];
}

/** The bodies of every answered span overlapping the window, in time order. */
export function cachedBodies(project: Project, key: StreamKey, window: Interval): Uint8Array[] {
  const rows = project.db
    .prepare(
      `SELECT a.file, a.length FROM download_chunks c JOIN arrays a ON a.id = c.array_id
       WHERE ${SAME_STREAM.replace(/(\w+) = @/g, 'c.$1 = @')} AND c.status = 'data' AND c.end_time_us > @startUs AND c.start_time_us < @endUs
       ORDER BY c.start_time_us, c.end_time_us`,
    )
    .all({ ...keyParams(key), startUs: window.startUs, endUs: window.endUs }) as { file: string; length: number }[];
  return rows.map((r) => {
    const bytes = readArrayFile(project.dir, { file: r.file, dtype: 'uint8', length: r.length });
    if (!(bytes instanceof Uint8Array)) throw new ForeseisError('corrupt-project', `download cache file ${r.file} is not bytes`);
    return bytes;
  });
}

export type ChunkAnswer = { status: 'data'; httpStatus: number; body: Uint8Array; records: number } | { status: 'no-data'; httpStatus: number };

/** Record one answered span (its body file and row together). Replaces an older no-data row. */
export function commitChunk(project: Project, key: StreamKey, span: Interval, answer: ChunkAnswer): void {
  project.db
    .transaction(() => {
      let arrayId: number | null = null;
      if (answer.status === 'data') {
        const f = writeArrayFile(project.dir, answer.body);
        project.db
          .prepare('INSERT INTO arrays (file, sha256, dtype, length, bytes) VALUES (?, ?, ?, ?, ?) ON CONFLICT (file) DO NOTHING')
          .run(f.file, f.sha256, f.dtype, f.length, f.bytes);
        arrayId = (project.db.prepare('SELECT id FROM arrays WHERE file = ?').get(f.file) as { id: number }).id;
      }
      project.db
        .prepare(
          `INSERT INTO download_chunks (datacenter, network, station, location, channels, start_time_us, end_time_us, status, http_status, array_id, records, created_at_ms)
           VALUES (@datacenter, @network, @station, @location, @channels, @startUs, @endUs, @status, @httpStatus, @arrayId, @records, @now)
           ON CONFLICT (datacenter, network, station, location, channels, start_time_us, end_time_us) DO UPDATE SET
             status = excluded.status, http_status = excluded.http_status, array_id = excluded.array_id, records = excluded.records, created_at_ms = excluded.created_at_ms`,
        )
        .run({
          ...keyParams(key),
          startUs: span.startUs,
          endUs: span.endUs,
          status: answer.status,
          httpStatus: answer.httpStatus,
          arrayId,
          records: answer.status === 'data' ? answer.records : 0,
          now: Date.now(),
        });
    })
    .immediate();
}
