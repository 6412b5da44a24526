/**
 * import.run: miniSEED files a user already has (e.g. the paper's published data set) become the
 * recordings of the project's events. For each event of the set, the records of its station in
 * [origin − hoursBefore, origin) are merged per channel, trimmed to that window and stored like a
 * download (ingest/store-traces.ts: gaps stay gaps). Each event is reported complete, partial (with
 * the missing spans per channel) or missing; files that served no event are listed.
 */
import path from 'node:path';
import type { OpOutput, OpParsedInput } from '../../shared/api';
import type { ImportEventRow, ImportResult, MissingSpan } from '../../shared/catalogue';
import type { ChannelRecord, EventSummary } from '../../shared/records';
import { missingSpans, trimTrace } from '../ingest/coverage';
import { type KeptRecord, listFiles, scanFiles } from '../ingest/import-files';
import { storeTraces } from '../ingest/store-traces';
import { formatTimeUs, mergeTraces, type Trace } from '../seismic';
import { listEvents, listStations, type Project, resolveEventSet, upsertStation, withProject } from '../store';
import { type HandlerContext, progressReporter, throwIfCancelled } from './context';

type Input = OpParsedInput<'import.run'>;

interface Window {
  event: EventSummary;
  stationCode: string;
  startTimeUs: number;
  endTimeUs: number;
}

function eventOriginUs(project: Project, e: EventSummary): number {
  const row = project.db.prepare('SELECT origin_time_us FROM events WHERE id = ?').get(e.id) as { origin_time_us: number | null } | undefined;
  return row?.origin_time_us ?? e.originTimeMs * 1000;
}

/** The station row for NET.STA.LOC with these channels added; coordinates copied from the event's station. */
function stationFor(project: Project, network: string, station: string, location: string, traces: readonly Trace[], like: { latitudeDeg: number; longitudeDeg: number }): { stationId: number; channelIds: Map<string, number> } {
  const existing = listStations(project).find((s) => s.network === network && s.station === station && s.location === location);
  const channels: ChannelRecord[] = [...(existing?.channels ?? [])];
  for (const t of traces) {
    if (!channels.some((c) => c.code === t.channel)) {
      channels.push({ code: t.channel, sampleRateHz: t.sampleRateHz, azimuthDeg: null, dipDeg: null, sensitivity: null, sensitivityFrequencyHz: null, inputUnits: null, instrument: null });
    }
  }
  return upsertStation(project, {
    network,
    station,
    location,
    latitudeDeg: existing?.latitudeDeg ?? like.latitudeDeg,
    longitudeDeg: existing?.longitudeDeg ?? like.longitudeDeg,
    elevationM: existing?.elevationM ?? null,
    siteName: existing?.siteName ?? null,
    channels,
  });
}

function describeSource(files: readonly string[]): string {
  const names = [...new Set(files)].sort();
  return names.length === 1 ? `file:${names[0]}` : `file:${names[0]} (+${names.length - 1} more)`;
}

export async function importFiles(input: Input, ctx: HandlerContext): Promise<OpOutput<'import.run'>> {
  return withProject(input.dir, {}, async (project) => {
    const set = resolveEventSet(project, input.set);
    const spanUs = Math.round(input.hoursBefore * 3600 * 1e6);
    const stationsByCode = new Map(listStations(project).map((s) => [`${s.network}.${s.station}`, s]));
    const windows: Window[] = listEvents(project, set.id).map((event) => {
      const originUs = eventOriginUs(project, event);
      return { event, stationCode: event.stationCode ?? '', startTimeUs: originUs - spanUs, endTimeUs: originUs };
    });
    const files = listFiles(input.paths);
    const report = progressReporter(ctx);
    const { scanned, kept, stationChannels } = scanFiles(
      files,
      windows.filter((w) => w.stationCode !== ''),
      (i, file) => {
        throwIfCancelled(ctx.signal);
        report(i / Math.max(1, files.length), `reading ${path.basename(file)} (${i + 1}/${files.length})`);
      },
    );
    const wantChannel = (channel: string): boolean => input.channels === undefined || input.channels.includes(channel);
    const usedFiles = new Map<string, number>();
    const rows: ImportEventRow[] = [];
    const problems = scanned.flatMap((f) => f.problems);

    await project.writeTransaction(() => {
      for (const w of windows) {
        throwIfCancelled(ctx.signal);
        const base = { eventId: w.event.id, publicId: w.event.publicId, originTime: formatTimeUs(w.endTimeUs), stationCode: w.event.stationCode };
        const window = { startTimeUs: w.startTimeUs, endTimeUs: w.endTimeUs };
        const existing = project.db.prepare("SELECT id FROM segments WHERE event_id = ? AND kind = 'event'").all(w.event.id) as { id: number }[];
        if (existing.length > 0 && !input.replace) {
          rows.push({ ...base, status: 'already-stored', channels: [], missing: [], segmentId: existing[0].id, samples: 0 });
          continue;
        }
        const mine: KeptRecord[] = kept.filter(
          (k) => `${k.record.network}.${k.record.station}` === w.stationCode && wantChannel(k.record.channel) && k.record.endTimeUs >= w.startTimeUs && k.record.startTimeUs < w.endTimeUs,
        );
        const traces = mergeTraces(mine.map((k) => k.record))
          .traces.map((t) => trimTrace(t, window))
          .filter((t): t is Trace => t !== null);
        // One location per recording (a segment belongs to one NET.STA.LOC): the one with most samples.
        const perLocation = new Map<string, number>();
        for (const t of traces) perLocation.set(t.location, (perLocation.get(t.location) ?? 0) + t.samples.length);
        const location = [...perLocation.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
        const chosen = traces.filter((t) => t.location === location);
        const expected = new Set(
          input.channels ??
            [...(stationChannels.get(w.stationCode) ?? [])].filter((nslc) => location === undefined || nslc.split('.')[2] === location).map((nslc) => nslc.split('.')[3]),
        );
        const [network, station] = w.stationCode.split('.');
        const missing: MissingSpan[] = [];
        for (const channel of [...expected].sort()) {
          for (const s of missingSpans(chosen.filter((t) => t.channel === channel), window)) {
            missing.push({ channel: `${w.stationCode}.${location ?? ''}.${channel}`, startTime: formatTimeUs(s.startTimeUs), endTime: formatTimeUs(s.endTimeUs), seconds: (s.endTimeUs - s.startTimeUs) / 1e6 });
          }
        }
        if (chosen.length === 0 || location === undefined) {
          if (w.event.stationCode === null) problems.push(`event ${w.event.id} (${w.event.publicId}) names no station: nothing to match`);
          rows.push({ ...base, status: 'missing', channels: [], missing, segmentId: null, samples: 0 });
          continue;
        }
        for (const id of existing) project.db.prepare('DELETE FROM segments WHERE id = ?').run(id.id);
        const coords = stationsByCode.get(w.stationCode) ?? { latitudeDeg: 0, longitudeDeg: 0 };
        const ids = stationFor(project, network, station, location, chosen, coords);
        const sources = mine.filter((k) => k.record.location === location).map((k) => k.file);
        const stored = storeTraces(project, { stationId: ids.stationId, channelIds: ids.channelIds, kind: 'event', eventId: w.event.id, ...window, source: describeSource(sources), traces: chosen });
        for (const f of new Set(sources)) usedFiles.set(f, (usedFiles.get(f) ?? 0) + 1);
        rows.push({
          ...base,
          status: missing.length === 0 ? 'complete' : 'partial',
          channels: [...new Set(chosen.map((t) => t.nslc))].sort(),
          missing,
          segmentId: stored.segmentId,
          samples: stored.samples,
        });
      }
    });
    report(1, `${rows.length} events`);
    const result: ImportResult = {
      dir: project.dir,
      eventSet: set.name,
      files: scanned.map((f) => ({ path: f.path, records: f.records, badRecords: f.badRecords, channels: f.channels, matchedEvents: usedFiles.get(f.path) ?? 0 })),
      events: rows,
      unmatchedFiles: scanned.filter((f) => !usedFiles.has(f.path)).map((f) => f.path),
      problems,
      counts: {
        complete: rows.filter((r) => r.status === 'complete').length,
        partial: rows.filter((r) => r.status === 'partial').length,
        missing: rows.filter((r) => r.status === 'missing').length,
        alreadyStored: rows.filter((r) => r.status === 'already-stored').length,
      },
    };
    return result;
  });
}
