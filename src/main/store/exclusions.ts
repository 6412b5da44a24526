/**
 * The analyst's decisions about events: an append-only history (the `exclusions` table's triggers
 * refuse UPDATE and DELETE); an event's current state is its latest row. Appending goes through
 * `recordExclusion` (events.ts); this file finds events by the reference a user types and reads
 * the history back.
 */
import type { ExclusionRecord } from '../../shared/qc';
import { ForeseisError } from '../../shared/errors';
import type { Project } from './project';

export interface EventRef {
  id: number;
  publicId: string;
  originTimeMs: number;
}

/** An event by its numeric id or its public id; an unknown one is a one-line not-found error. */
export function resolveEventRef(project: Project, ref: number | string): EventRef {
  const asNumber = typeof ref === 'number' ? ref : /^\d+$/.test(ref.trim()) ? Number(ref.trim()) : null;
  const row = (
    asNumber !== null
      ? project.db.prepare('SELECT id, public_id, origin_time_ms FROM events WHERE id = ?').get(asNumber)
      : project.db.prepare('SELECT id, public_id, origin_time_ms FROM events WHERE public_id = ?').get(String(ref).trim())
  ) as { id: number; public_id: string; origin_time_ms: number } | undefined;
  if (!row) throw new ForeseisError('not-found', `no event '${String(ref)}' in this project (list them with 'foreseis events DIR')`);
  return { id: row.id, publicId: row.public_id, originTimeMs: row.origin_time_ms };
}

interface ExclusionRow {
  id: number;
  event_id: number;
  public_id: string;
  action: 'exclude' | 'include';
  reason: string;
  author: string;
  created_at_ms: number;
}

function toRecord(r: ExclusionRow): ExclusionRecord {
  return { id: r.id, eventId: r.event_id, publicId: r.public_id, action: r.action, reason: r.reason, author: r.author, createdAtMs: r.created_at_ms };
}

/** Every decision, oldest first; of one event when eventId is given. */
export function listExclusionHistory(project: Project, eventId?: number): ExclusionRecord[] {
  const rows = project.db
    .prepare(
      `SELECT x.id, x.event_id, e.public_id, x.action, x.reason, x.author, x.created_at_ms
       FROM exclusions x JOIN events e ON e.id = x.event_id
       ${eventId === undefined ? '' : 'WHERE x.event_id = @eventId'} ORDER BY x.id`,
    )
    .all(eventId === undefined ? {} : { eventId }) as ExclusionRow[];
  return rows.map(toRecord);
}

/** The latest decision about an event (the one in force), null when it was never decided. */
export function currentDecision(project: Project, eventId: number): ExclusionRecord | null {
  const row = project.db
    .prepare(
      `SELECT x.id, x.event_id, e.public_id, x.action, x.reason, x.author, x.created_at_ms
       FROM exclusions x JOIN events e ON e.id = x.event_id WHERE x.event_id = ? ORDER BY x.id DESC LIMIT 1`,
    )
    .get(eventId) as ExclusionRow | undefined;
  return row ? toRecord(row) : null;
}
