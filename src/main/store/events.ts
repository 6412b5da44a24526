import type { EventRecord, EventSummary, Split } from '../../shared/records';
import { ForeseisError } from '../../shared/errors';
import type { Project } from './project';
import { findStationId } from './stations';

interface EventRow {
  id: number;
  public_id: string;
  origin_time_ms: number;
  latitude_deg: number;
  longitude_deg: number;
  depth_km: number | null;
  magnitude: number | null;
  magnitude_type: string | null;
  catalogue: string | null;
  author: string | null;
  station_code: string | null;
  distance_deg: number | null;
  flags: string;
  split: Split | null;
  last_action: 'exclude' | 'include' | null;
  last_reason: string | null;
}

/** Insert (or update by publicId) one event; returns its id. */
export function upsertEvent(project: Project, e: EventRecord): number {
  const stationId = e.stationCode ? findStationId(project, e.stationCode) ?? null : null;
  const row = project.db
    .prepare(
      `INSERT INTO events (public_id, origin_time_ms, latitude_deg, longitude_deg, depth_km, magnitude, magnitude_type, catalogue, author, station_id, distance_deg, flags)
       VALUES (@publicId, @originTimeMs, @latitudeDeg, @longitudeDeg, @depthKm, @magnitude, @magnitudeType, @catalogue, @author, @stationId, @distanceDeg, @flags)
       ON CONFLICT (public_id) DO UPDATE SET
         origin_time_ms = excluded.origin_time_ms, latitude_deg = excluded.latitude_deg, longitude_deg = excluded.longitude_deg,
         depth_km = excluded.depth_km, magnitude = excluded.magnitude, magnitude_type = excluded.magnitude_type,
         catalogue = excluded.catalogue, author = excluded.author, station_id = excluded.station_id,
         distance_deg = excluded.distance_deg, flags = excluded.flags
       RETURNING id`,
    )
    .get({ ...e, stationId, flags: JSON.stringify(e.flags) }) as { id: number };
  return row.id;
}

export function ensureEventSet(project: Project, name: string, description = ''): number {
  project.db
    .prepare('INSERT INTO event_sets (name, description, created_at_ms) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING')
    .run(name, description, Date.now());
  return (project.db.prepare('SELECT id FROM event_sets WHERE name = ?').get(name) as { id: number }).id;
}

export function addToEventSet(project: Project, setId: number, eventId: number, split: Split | null): void {
  project.db
    .prepare(
      'INSERT INTO event_set_members (set_id, event_id, split) VALUES (?, ?, ?) ON CONFLICT (set_id, event_id) DO UPDATE SET split = excluded.split',
    )
    .run(setId, eventId, split);
}

export function listEventSets(project: Project): { id: number; name: string; description: string; size: number }[] {
  return project.db
    .prepare(
      `SELECT s.id, s.name, s.description, COUNT(m.event_id) AS size
       FROM event_sets s LEFT JOIN event_set_members m ON m.set_id = s.id GROUP BY s.id ORDER BY s.id`,
    )
    .all() as { id: number; name: string; description: string; size: number }[];
}

/** The default event set of a project: the one named in meta 'default_event_set', else the first. */
export function resolveEventSet(project: Project, name?: string): { id: number; name: string } {
  const wanted = name ?? project.getMeta('default_event_set');
  const row = (
    wanted
      ? project.db.prepare('SELECT id, name FROM event_sets WHERE name = ?').get(wanted)
      : project.db.prepare('SELECT id, name FROM event_sets ORDER BY id LIMIT 1').get()
  ) as { id: number; name: string } | undefined;
  if (!row) {
    throw new ForeseisError('not-found', wanted ? `no event set named '${wanted}' in this project` : 'this project has no event set yet (run synth, catalogue or import first)');
  }
  return row;
}

/** Events of a set with their split and current exclusion state (latest decision wins). */
export function listEvents(project: Project, setId?: number): EventSummary[] {
  const rows = project.db
    .prepare(
      `SELECT e.*, (st.network || '.' || st.station) AS station_code, m.split,
         (SELECT action FROM exclusions x WHERE x.event_id = e.id ORDER BY x.id DESC LIMIT 1) AS last_action,
         (SELECT reason FROM exclusions x WHERE x.event_id = e.id ORDER BY x.id DESC LIMIT 1) AS last_reason
       FROM events e
       LEFT JOIN stations st ON st.id = e.station_id
       ${setId === undefined ? 'LEFT JOIN event_set_members m ON 0' : 'JOIN event_set_members m ON m.event_id = e.id AND m.set_id = @setId'}
       ORDER BY e.origin_time_ms`,
    )
    .all(setId === undefined ? {} : { setId }) as EventRow[];
  return rows.map((r) => ({
    id: r.id,
    publicId: r.public_id,
    originTimeMs: r.origin_time_ms,
    latitudeDeg: r.latitude_deg,
    longitudeDeg: r.longitude_deg,
    depthKm: r.depth_km,
    magnitude: r.magnitude,
    magnitudeType: r.magnitude_type,
    catalogue: r.catalogue,
    author: r.author,
    stationCode: r.station_code,
    distanceDeg: r.distance_deg,
    flags: JSON.parse(r.flags) as string[],
    split: r.split,
    excluded: r.last_action === 'exclude',
    exclusionReason: r.last_action === 'exclude' ? r.last_reason : null,
  }));
}

/** Analyst decisions are appended, never rewritten (the table's triggers refuse UPDATE/DELETE). */
export function recordExclusion(project: Project, eventId: number, action: 'exclude' | 'include', reason: string, author: string): void {
  if (!reason.trim()) throw new ForeseisError('bad-input', 'a reason is required');
  const exists = project.db.prepare('SELECT 1 FROM events WHERE id = ?').get(eventId);
  if (!exists) throw new ForeseisError('not-found', `no event with id ${eventId}`);
  project.db
    .prepare('INSERT INTO exclusions (event_id, action, reason, author, created_at_ms) VALUES (?, ?, ?, ?, ?)')
    .run(eventId, action, reason, author, Date.now());
}
