/**
 * catalogue.build: an event catalogue from an FDSN event service (or the Table 1 preset), with Δ
 * from the station for each event, stored as an event set that keeps the query it came from.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { OpOutput, OpParsedInput } from '../../shared/api';
import type { CatalogueEventRow } from '../../shared/catalogue';
import { ForeseisError } from '../../shared/errors';
import { type CatalogueEntry, selectEvents, type SelectionRules } from '../catalogue/select';
import { paperStations, parseStationCode, type StationPosition } from '../catalogue/stations';
import { TABLE1_SOURCE, table1Catalogue } from '../catalogue/table1';
import { queryEvents } from '../fdsn/event-client';
import { parseEventTimeUs } from '../fdsn/event-time';
import { projectDataCenter } from '../fdsn/project-datacenter';
import { formatTimeUs } from '../seismic';
import { addToEventSet, DATABASE_FILE, ensureEventSet, openProject, type Project, upsertEvent, upsertStation } from '../store';
import { clearEventSet, setEventDetails, setEventSetQuery } from '../store/event-catalogue';
import { type HandlerContext, throwIfCancelled } from './context';

type Input = OpParsedInput<'catalogue.build'>;

/** Open the project, creating it when the folder is new or empty (the catalogue is often the first step). */
export function openOrCreateProject(dir: string): Project {
  const abs = path.resolve(dir);
  const fresh = !fs.existsSync(abs) || (fs.statSync(abs).isDirectory() && fs.readdirSync(abs).length === 0);
  if (!fresh && !fs.existsSync(path.join(abs, DATABASE_FILE))) throw new ForeseisError('project-not-found', `${abs} is not a Foreseis project (and not empty)`);
  return openProject(abs, { create: fresh });
}

function projectStation(project: Project, network: string, station: string, location: string | null): StationPosition | null {
  const row = project.db
    .prepare(
      `SELECT network, station, location, latitude_deg, longitude_deg FROM stations
       WHERE network = ? AND station = ? ${location === null ? '' : 'AND location = ?'} ORDER BY location LIMIT 1`,
    )
    .get(...(location === null ? [network, station] : [network, station, location])) as
    | { network: string; station: string; location: string; latitude_deg: number; longitude_deg: number }
    | undefined;
  return row ? { network: row.network, station: row.station, location: row.location, latitudeDeg: row.latitude_deg, longitudeDeg: row.longitude_deg, source: 'project' } : null;
}

/** The station's coordinates: flags first (the user said so), then the project's metadata, then the paper's two stations. */
export function resolveStation(project: Project, code: string, latitudeDeg?: number, longitudeDeg?: number): StationPosition {
  const { network, station, location } = parseStationCode(code);
  if ((latitudeDeg === undefined) !== (longitudeDeg === undefined)) throw new ForeseisError('bad-input', 'give both --latitude and --longitude, or neither');
  if (latitudeDeg !== undefined && longitudeDeg !== undefined) return { network, station, location: location ?? '', latitudeDeg, longitudeDeg, source: 'flags' };
  const stored = projectStation(project, network, station, location);
  if (stored) return stored;
  const builtIn = paperStations[`${network}.${station}`];
  if (builtIn) return { ...builtIn, location: location ?? builtIn.location, source: 'built-in' };
  throw new ForeseisError('bad-input', `no coordinates for ${network}.${station}: give --latitude and --longitude (or download its station metadata first)`);
}

function requireTime(value: string | undefined, flag: string): number {
  if (value === undefined) throw new ForeseisError('bad-input', `a catalogue query needs --${flag} (e.g. 2012-03-01)`);
  const us = parseEventTimeUs(value);
  if (us === null) throw new ForeseisError('bad-input', `--${flag} '${value}' is not an ISO 8601 time`);
  return us;
}

/** Make sure the station row exists so events can name it; never overwrite metadata a download stored. */
function ensureStation(project: Project, s: StationPosition): void {
  if (projectStation(project, s.network, s.station, null)) return;
  upsertStation(project, { network: s.network, station: s.station, location: s.location, latitudeDeg: s.latitudeDeg, longitudeDeg: s.longitudeDeg, elevationM: null, siteName: null, channels: [] });
}

function toRow(id: number, e: CatalogueEntry): CatalogueEventRow {
  return {
    id,
    publicId: e.publicId,
    originTime: formatTimeUs(e.originTimeUs),
    latitudeDeg: e.latitudeDeg,
    longitudeDeg: e.longitudeDeg,
    depthKm: e.depthKm,
    magnitude: e.magnitude,
    magnitudeType: e.magnitudeType,
    catalogue: e.catalogue,
    contributor: e.contributor,
    author: e.author,
    stationCode: e.stationCode,
    distanceDeg: e.distanceDeg,
    printedDistanceDeg: e.printedDistanceDeg,
    flags: e.flags,
    split: e.split,
  };
}

export async function buildCatalogue(input: Input, ctx: HandlerContext): Promise<OpOutput<'catalogue.build'>> {
  const project = openOrCreateProject(input.dir);
  try {
    let entries: CatalogueEntry[];
    let stations: StationPosition[];
    let station: StationPosition | null = null;
    let source: string;
    let urls: string[] = [];
    let notes: string[] = [];
    let received: number;
    const rejected = { outsideTime: 0, outsideRadius: 0, magnitude: 0, notMomentMagnitude: 0 };
    let query: Record<string, unknown>;
    if (input.preset === 'table1') {
      entries = table1Catalogue();
      received = entries.length;
      source = 'table1';
      stations = [...new Set(entries.map((e) => e.stationCode))].map((code) => ({ ...paperStations[code], source: 'built-in' as const }));
      query = { preset: 'table1', source: TABLE1_SOURCE, stations: stations.map((s) => `${s.network}.${s.station}`) };
      const flagged = entries.filter((e) => e.flags.includes('delta-mismatch'));
      for (const e of flagged) notes.push(`${formatTimeUs(e.originTimeUs)}: printed Δ ${e.printedDistanceDeg?.toFixed(2)}° but its coordinates give ${e.distanceDeg.toFixed(2)}° (flagged delta-mismatch)`);
    } else {
      if (!input.station) throw new ForeseisError('bad-input', 'a catalogue query needs --station NET.STA (or --preset table1)');
      station = resolveStation(project, input.station, input.latitudeDeg, input.longitudeDeg);
      stations = [station];
      const startTimeUs = requireTime(input.startTime, 'start');
      const endTimeUs = requireTime(input.endTime, 'end');
      const dc = projectDataCenter(project, input.datacenter);
      source = dc.name;
      const rules: SelectionRules = {
        startTimeUs,
        endTimeUs,
        minMagnitude: input.minMagnitude,
        maxMagnitude: input.maxMagnitude,
        minRadiusDeg: input.minRadiusDeg,
        maxRadiusDeg: input.maxRadiusDeg,
        momentMagnitudeOnly: input.momentMagnitudeOnly,
      };
      ctx.progress({ fraction: 0, step: `asking ${dc.name} for events` });
      const radius = input.minRadiusDeg !== undefined || input.maxRadiusDeg !== undefined;
      const answer = await queryEvents(
        dc,
        {
          startTimeUs,
          endTimeUs,
          minMagnitude: input.minMagnitude,
          maxMagnitude: input.maxMagnitude,
          latitudeDeg: radius ? station.latitudeDeg : undefined,
          longitudeDeg: radius ? station.longitudeDeg : undefined,
          minRadiusDeg: input.minRadiusDeg,
          maxRadiusDeg: input.maxRadiusDeg,
          catalog: input.catalog,
          contributor: input.contributor,
          format: input.format,
        },
        { signal: ctx.signal, onRequest: (url) => ctx.log?.(`GET ${url}`) },
      );
      throwIfCancelled(ctx.signal);
      urls = answer.urls;
      notes = answer.notes;
      received = answer.events.length;
      const sel = selectEvents(answer.events, { code: `${station.network}.${station.station}`, latitudeDeg: station.latitudeDeg, longitudeDeg: station.longitudeDeg }, rules);
      entries = sel.kept;
      for (const r of sel.rejected) {
        if (r.reason === 'outside-time') rejected.outsideTime++;
        else if (r.reason === 'outside-radius') rejected.outsideRadius++;
        else if (r.reason === 'magnitude') rejected.magnitude++;
        else rejected.notMomentMagnitude++;
      }
      query = {
        datacenter: dc.name,
        urls,
        station: { code: input.station, latitudeDeg: station.latitudeDeg, longitudeDeg: station.longitudeDeg, source: station.source },
        startTime: formatTimeUs(startTimeUs),
        endTime: formatTimeUs(endTimeUs),
        minMagnitude: input.minMagnitude ?? null,
        maxMagnitude: input.maxMagnitude ?? null,
        minRadiusDeg: input.minRadiusDeg ?? null,
        maxRadiusDeg: input.maxRadiusDeg ?? null,
        momentMagnitudeOnly: input.momentMagnitudeOnly,
        format: input.format,
        catalog: input.catalog ?? null,
        contributor: input.contributor ?? null,
        builtAtMs: Date.now(),
      };
    }
    const setName = input.set ?? (input.preset === 'table1' ? 'table1' : 'catalogue');
    const rows: CatalogueEventRow[] = [];
    await project.writeTransaction(() => {
      for (const s of stations) ensureStation(project, s);
      const description =
        input.preset === 'table1'
          ? "the paper's Table 1 (31 events, 24 train / 7 test)"
          : `${source}: M ${input.minMagnitude ?? '–'}+ within ${input.maxRadiusDeg ?? '–'}° of ${input.station}, ${input.startTime} – ${input.endTime}`;
      const setId = ensureEventSet(project, setName, description);
      project.db.prepare('UPDATE event_sets SET description = ? WHERE id = ?').run(description, setId);
      clearEventSet(project, setId);
      setEventSetQuery(project, setId, query);
      for (const e of entries) {
        const id = upsertEvent(project, {
          publicId: e.publicId,
          originTimeMs: Math.round(e.originTimeUs / 1000),
          latitudeDeg: e.latitudeDeg,
          longitudeDeg: e.longitudeDeg,
          depthKm: e.depthKm,
          magnitude: e.magnitude,
          magnitudeType: e.magnitudeType,
          catalogue: e.catalogue,
          author: e.author,
          stationCode: e.stationCode,
          distanceDeg: e.distanceDeg,
          flags: e.flags,
        });
        setEventDetails(project, id, { originTimeUs: e.originTimeUs, contributor: e.contributor });
        addToEventSet(project, setId, id, e.split);
        rows.push(toRow(id, e));
      }
      if (project.getMeta('default_event_set') === undefined) project.setMeta('default_event_set', setName);
    });
    ctx.progress({ fraction: 1, step: `${rows.length} events` });
    return {
      dir: project.dir,
      eventSet: setName,
      source,
      station: station ? { code: `${station.network}.${station.station}`, latitudeDeg: station.latitudeDeg, longitudeDeg: station.longitudeDeg, source: station.source } : null,
      urls,
      received,
      rejected,
      events: rows,
      notes,
    };
  } finally {
    project.close();
  }
}
