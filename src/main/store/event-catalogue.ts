/**
 * The catalogue's additions to events and event sets (schema 4): the query an event set came
 * from, an event's µs origin time and contributor, and replacing a set's members when a catalogue
 * is rebuilt (exclusion decisions belong to events, so they survive a rebuild).
 */
import type { Project } from './project';

export function setEventSetQuery(project: Project, setId: number, query: unknown): void {
  project.db.prepare('UPDATE event_sets SET query_json = ? WHERE id = ?').run(JSON.stringify(query), setId);
}

export function getEventSetQuery(project: Project, setId: number): unknown {
  const row = project.db.prepare('SELECT query_json FROM event_sets WHERE id = ?').get(setId) as { query_json: string | null } | undefined;
  return row?.query_json ? (JSON.parse(row.query_json) as unknown) : null;
}

export function setEventDetails(project: Project, eventId: number, details: { originTimeUs: number; contributor: string | null }): void {
  project.db.prepare('UPDATE events SET origin_time_us = ?, contributor = ? WHERE id = ?').run(details.originTimeUs, details.contributor, eventId);
}

export function clearEventSet(project: Project, setId: number): void {
  project.db.prepare('DELETE FROM event_set_members WHERE set_id = ?').run(setId);
}
