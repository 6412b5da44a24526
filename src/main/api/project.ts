import fs from 'node:fs';
import path from 'node:path';
import type { OpOutput, OpParsedInput } from '../../shared/api';
import { ForeseisError } from '../../shared/errors';
import { DATABASE_FILE, latestSchemaVersion, listDatasets, listEventSets, listEvents, listSegments, listStations, openProject, type Project, withProject } from '../store';

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(p) : fs.statSync(p).size;
  }
  return total;
}

export function describeProject(p: Project): OpOutput<'project.info'> {
  const segs = p.db.prepare("SELECT SUM(kind = 'event') AS e, SUM(kind = 'noise-b') AS b FROM segments").get() as { e: number | null; b: number | null };
  const created = p.getMeta('created_at_ms');
  return {
    dir: p.dir,
    schemaVersion: latestSchemaVersion,
    createdAtMs: created ? Number(created) : null,
    stations: listStations(p),
    eventSets: listEventSets(p),
    events: (p.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n,
    segments: { event: segs.e ?? 0, noiseB: segs.b ?? 0 },
    datasets: listDatasets(p),
    diskBytes: folderBytes(p.dir),
  };
}

export function initProject(input: OpParsedInput<'project.init'>): OpOutput<'project.init'> {
  const abs = path.resolve(input.dir);
  if (fs.existsSync(path.join(abs, DATABASE_FILE))) throw new ForeseisError('project-exists', `${abs} is already a project`);
  if (fs.existsSync(abs) && !fs.statSync(abs).isDirectory()) throw new ForeseisError('bad-input', `${abs} exists and is not a folder`);
  if (fs.existsSync(abs) && fs.readdirSync(abs).length > 0) throw new ForeseisError('bad-input', `${abs} is not empty; choose a new or empty folder`);
  const p = openProject(abs, { create: true });
  try {
    return describeProject(p);
  } finally {
    p.close();
  }
}

export function projectInfo(input: OpParsedInput<'project.info'>): Promise<OpOutput<'project.info'>> {
  return withProject(input.dir, {}, describeProject);
}

export function eventsList(input: OpParsedInput<'events.list'>): Promise<OpOutput<'events.list'>> {
  return withProject(input.dir, {}, (p) => {
    const set = input.set ? p.db.prepare('SELECT id FROM event_sets WHERE name = ?').get(input.set) as { id: number } | undefined : undefined;
    if (input.set && !set) throw new ForeseisError('not-found', `no event set named '${input.set}'`);
    return listEvents(p, set?.id ?? (listEventSets(p)[0]?.id));
  });
}

export function segmentsList(input: OpParsedInput<'segments.list'>): Promise<OpOutput<'segments.list'>> {
  return withProject(input.dir, {}, (p) => listSegments(p));
}
