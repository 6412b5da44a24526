/**
 * The stored samples of one event, as the continuous stretches they were stored in: one per
 * waveform piece (a piece never bridges a gap, see ingest/store-traces.ts), with its NSLC.
 */
import { ForeseisError } from '../../shared/errors';
import { readFloat32Range } from './arrays';
import type { Project } from './project';

export interface StoredStretch {
  segmentId: number;
  network: string;
  station: string;
  location: string;
  channel: string;
  /** NET.STA.LOC.CHA */
  nslc: string;
  startTimeUs: number;
  sampleRateHz: number;
  samples: Float32Array;
}

interface Row {
  segment_id: number;
  network: string;
  station: string;
  location: string;
  channel: string;
  start_time_us: number;
  sample_rate_hz: number;
  n_samples: number;
  file: string;
}

/** Every stretch of the event's stored recording(s), by NSLC then time. not-found when it has none. */
export function readEventStretches(project: Project, eventId: number): StoredStretch[] {
  const event = project.db.prepare('SELECT id FROM events WHERE id = ?').get(eventId);
  if (!event) throw new ForeseisError('not-found', `no event with id ${eventId} (see foreseis events)`);
  const rows = project.db
    .prepare(
      `SELECT s.id AS segment_id, st.network, st.station, st.location, c.code AS channel, w.start_time_us, w.sample_rate_hz, w.n_samples, a.file
       FROM segments s JOIN stations st ON st.id = s.station_id JOIN waveforms w ON w.segment_id = s.id
       JOIN channels c ON c.id = w.channel_id JOIN arrays a ON a.id = w.array_id
       WHERE s.event_id = ? ORDER BY st.network, st.station, st.location, c.code, w.start_time_us`,
    )
    .all(eventId) as Row[];
  if (rows.length === 0) throw new ForeseisError('not-found', `event ${eventId} has no stored recording (download or import it first)`);
  return rows.map((r) => ({
    segmentId: r.segment_id,
    network: r.network,
    station: r.station,
    location: r.location,
    channel: r.channel,
    nslc: `${r.network}.${r.station}.${r.location}.${r.channel}`,
    startTimeUs: r.start_time_us,
    sampleRateHz: r.sample_rate_hz,
    samples: readFloat32Range(project.dir, r.file, 0, r.n_samples),
  }));
}
