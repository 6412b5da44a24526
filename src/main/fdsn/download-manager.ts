/**
 * The resumable download manager: for each event of a set, the hours before its origin time on
 * the wanted channels of its station, plus noise-B windows far from every event; each window cut
 * into chunks (one dataselect request each) on a fixed grid, run a bounded number at once.
 *
 * What makes it safe to interrupt and cheap to re-run:
 *  - an answered chunk (data or "no data") is committed with its raw body at once
 *    (download-cache.ts); a re-run asks only for the spans no committed chunk covers;
 *  - a window's recording is assembled and stored (one transaction) only when all its chunks are
 *    answered, from the cached bodies (repeated boundary records dropped, gaps kept as gaps);
 *  - 429/503 wait for Retry-After, stalls and cut-off or corrupt bodies are fetched again with
 *    backoff (http.ts), 413 halves the chunk, 204/404 are recorded and not asked again.
 * A chunk that still fails after its retries leaves its window incomplete; the run goes on with
 * the others and says so, and the next run resumes it.
 */
import type { DownloadGap, DownloadResult, DownloadTargetResult, DownloadTuning } from '../../shared/download';
import { ForeseisError } from '../../shared/errors';
import type { EventSummary } from '../../shared/records';
import { type HandlerContext, progressReporter } from '../api/context';
import { greatCircleDistanceDeg } from '../catalogue/distance';
import { storeTraces } from '../ingest/store-traces';
import { formatTimeUs } from '../seismic';
import type { Project } from '../store';
import { assembleWindow } from './assemble';
import { fetchDataselect } from './dataselect-client';
import type { DataCenter } from './datacenters';
import { cachedBodies, cachedIntervals, commitChunk, type StreamKey } from './download-cache';
import { cutOnGrid, halve, type Interval, missingIntervals, planNoiseB } from './download-plan';
import type { RetryPolicy } from './http';
import { fetchStations, storeStationMetadata } from './station-client';
import { locationsWithChannels, toStationRecord } from './station-metadata';
import { parseFdsnTimeUs } from './time';

export const DEFAULT_STATION = 'IU.MAJO';
const STATION_META_KEY = 'download.station';

export interface DownloadRequest {
  eventSet: { id: number; name: string };
  events: readonly EventSummary[];
  /** every origin time of the project's catalogue, ms (noise-B keeps away from all of them) */
  allOriginTimesMs: readonly number[];
  /** NET.STA[.LOC] for every window, or undefined: each event's own station, else the remembered one */
  station: string | undefined;
  channels: readonly string[];
  hours: number;
  noiseB: number;
  tuning: DownloadTuning;
}

interface ResolvedStation {
  code: string;
  network: string;
  station: string;
  location: string;
  stationId: number;
  channelIds: Map<string, number>;
  latitudeDeg: number;
  longitudeDeg: number;
}

interface Target {
  kind: 'event' | 'noise-b';
  event: EventSummary | null;
  label: string;
  station: ResolvedStation;
  stream: StreamKey;
  window: Interval;
  pending: Set<string>;
  result: DownloadTargetResult;
}

interface WorkItem {
  key: string;
  stream: StreamKey;
  span: Interval;
  targets: Target[];
}

function parseStationCode(code: string): { network: string; station: string; location: string | undefined } {
  const [network, station, location] = code.split('.');
  if (!network || !station) throw new ForeseisError('bad-input', `station '${code}' is not NET.STA or NET.STA.LOC`);
  return { network: network.toUpperCase(), station: station.toUpperCase(), location: location === undefined ? undefined : location === '--' ? '' : location };
}

function iso(us: number): string {
  return formatTimeUs(us).slice(0, 19);
}

/**
 * The station's rows in the project when they already carry every wanted channel with metadata
 * from a station service (channel epochs): a station written by `synth` (or imported from files
 * without metadata) may name a location the data centre does not use, so it is asked again.
 */
function storedStation(project: Project, code: string, channels: readonly string[]): ResolvedStation | null {
  const { network, station, location } = parseStationCode(code);
  const rows = project.db
    .prepare(`SELECT id, location, latitude_deg, longitude_deg FROM stations WHERE network = ? AND station = ? ${location === undefined ? '' : 'AND location = ?'} ORDER BY location`)
    .all(...[network, station, ...(location === undefined ? [] : [location])]) as { id: number; location: string; latitude_deg: number; longitude_deg: number }[];
  for (const r of rows) {
    const chans = project.db
      .prepare('SELECT c.id, c.code FROM channels c WHERE c.station_id = ? AND EXISTS (SELECT 1 FROM channel_epochs e WHERE e.channel_id = c.id)')
      .all(r.id) as { id: number; code: string }[];
    const ids = new Map(chans.map((c) => [c.code, c.id]));
    if (channels.every((c) => ids.has(c))) {
      return { code, network, station, location: r.location, stationId: r.id, channelIds: ids, latitudeDeg: r.latitude_deg, longitudeDeg: r.longitude_deg };
    }
  }
  return null;
}

async function resolveStation(project: Project, dc: DataCenter, code: string, channels: readonly string[], span: Interval, tuning: DownloadTuning, retry: RetryPolicy, signal: AbortSignal): Promise<ResolvedStation> {
  const stored = storedStation(project, code, channels);
  if (stored) return stored;
  const { network, station, location } = parseStationCode(code);
  const epochs = await fetchStations(
    dc,
    { network, station, location: location ?? '*', channel: channels, startTimeUs: span.startUs, endTimeUs: span.endUs, level: 'channel', format: tuning.metadataFormat },
    { retry, stallTimeoutMs: tuning.stallTimeoutSeconds * 1000, signal },
  );
  const loc = location ?? locationsWithChannels(epochs, channels, span.startUs, span.endUs)[0];
  if (loc === undefined) {
    throw new ForeseisError('not-found', `${dc.name} has no location of ${network}.${station} with all of ${channels.join(', ')} between ${iso(span.startUs)} and ${iso(span.endUs)}`);
  }
  const { record, epochs: kept } = toStationRecord(epochs, { network, station, location: loc, channels, startUs: span.startUs, endUs: span.endUs });
  const ids = storeStationMetadata(project, record, kept);
  return { code, network, station, location: loc, stationId: ids.stationId, channelIds: ids.channelIds, latitudeDeg: record.latitudeDeg, longitudeDeg: record.longitudeDeg };
}

function emptyResult(kind: Target['kind'], eventId: number | null, label: string, stationCode: string, w: Interval): DownloadTargetResult {
  return {
    kind,
    eventId,
    label,
    stationCode,
    startTimeUs: w.startUs,
    endTimeUs: w.endUs,
    status: 'incomplete',
    segmentId: null,
    chunks: { total: 0, cached: 0, downloaded: 0, noData: 0, failed: 0 },
    channels: [],
    gaps: [],
    missingChannels: [],
    problems: [],
  };
}

export async function downloadRecordings(project: Project, dc: DataCenter, req: DownloadRequest, ctx: HandlerContext): Promise<DownloadResult> {
  const started = Date.now();
  const t = req.tuning;
  const spanUs = Math.round(req.hours * 3.6e9);
  const chunkUs = Math.round(t.chunkSeconds * 1e6);
  const stop = new AbortController();
  const onCancel = (): void => stop.abort();
  ctx.signal.addEventListener('abort', onCancel, { once: true });
  const retry: RetryPolicy = {
    maxAttempts: t.maxAttempts,
    baseDelayMs: t.backoffBaseMs,
    maxDelayMs: t.backoffMaxMs,
    maxRetryAfterMs: t.maxRetryAfterSeconds * 1000,
    signal: stop.signal,
  };
  const requests = { sent: 0, retried: 0, split: 0, noData: 0, failed: 0 };
  let bytesDownloaded = 0;
  if (req.station !== undefined) project.setMeta(STATION_META_KEY, req.station);
  const defaultStation = req.station ?? project.getMeta(STATION_META_KEY) ?? DEFAULT_STATION;

  // The windows: each event's hours before origin, then the noise-B windows.
  const windows: { kind: Target['kind']; event: EventSummary | null; label: string; stationCode: string; window: Interval }[] = [];
  req.events.forEach((e, i) => {
    const endUs = e.originTimeMs * 1000;
    windows.push({ kind: 'event', event: e, label: `event ${i + 1}/${req.events.length} ${e.publicId}`, stationCode: req.station ?? e.stationCode ?? defaultStation, window: { startUs: endUs - spanUs, endUs } });
  });
  if (req.noiseB > 0) {
    let planned: Interval[];
    try {
      planned = planNoiseB({
        seed: t.noiseBSeed,
        count: req.noiseB,
        durationUs: spanUs,
        minDistanceUs: Math.round(t.noiseBMinHoursFromEvent * 3.6e9),
        originTimesUs: req.allOriginTimesMs.map((ms) => ms * 1000),
        rangeStartUs: t.noiseBFrom === undefined ? undefined : parseFdsnTimeUs(t.noiseBFrom),
        rangeEndUs: t.noiseBTo === undefined ? undefined : parseFdsnTimeUs(t.noiseBTo),
      });
    } catch (err) {
      throw new ForeseisError('bad-input', `noise-B: ${(err as Error).message} (set the range with --tuning '{"noiseBFrom":"2011-01-01","noiseBTo":"2012-01-01"}')`);
    }
    planned.forEach((w, i) => windows.push({ kind: 'noise-b', event: null, label: `noise-B ${i + 1}/${planned.length} ${iso(w.startUs)}`, stationCode: defaultStation, window: w }));
  }

  // Recordings stored earlier (by an earlier run, or `synth`/`import`) are left as they are.
  const storedSegment = (w: (typeof windows)[number]): number | null => {
    const { network, station } = parseStationCode(w.stationCode);
    const row = (
      w.kind === 'event'
        ? project.db.prepare("SELECT id FROM segments WHERE kind = 'event' AND event_id = ?").get(w.event!.id)
        : project.db
            .prepare(
              `SELECT s.id FROM segments s JOIN stations st ON st.id = s.station_id
               WHERE s.kind = 'noise-b' AND st.network = ? AND st.station = ? AND s.start_time_us = ? AND s.end_time_us = ?`,
            )
            .get(network, station, w.window.startUs, w.window.endUs)
    ) as { id: number } | undefined;
    return row?.id ?? null;
  };
  const stored = windows.map(storedSegment);

  // Station metadata, once per station still needed, over the whole span its windows cover.
  const stations = new Map<string, ResolvedStation>();
  for (const code of new Set(windows.filter((_, i) => stored[i] === null).map((w) => w.stationCode))) {
    const mine = windows.filter((w, i) => w.stationCode === code && stored[i] === null);
    const span = { startUs: Math.min(...mine.map((w) => w.window.startUs)), endUs: Math.max(...mine.map((w) => w.window.endUs)) };
    ctx.progress({ fraction: 0, step: `station metadata of ${code}` });
    stations.set(code, await resolveStation(project, dc, code, req.channels, span, t, retry, stop.signal));
  }

  // Targets and the chunks still missing.
  const targets: Target[] = [];
  /** one per window, in order: the active targets' results and those of recordings stored before */
  const results: DownloadTargetResult[] = [];
  const items = new Map<string, WorkItem>();
  let totalUs = 0;
  for (const [i, w] of windows.entries()) {
    const segmentId = stored[i];
    if (segmentId !== null) {
      results.push({ ...emptyResult(w.kind, w.event?.id ?? null, w.label, w.stationCode, w.window), status: 'already-stored', segmentId });
      continue;
    }
    const st = stations.get(w.stationCode)!;
    const stream: StreamKey = { datacenter: dc.name, network: st.network, station: st.station, location: st.location, channels: [...req.channels] };
    const target: Target = { ...w, station: st, stream, pending: new Set(), result: emptyResult(w.kind, w.event?.id ?? null, w.label, st.code, w.window) };
    targets.push(target);
    results.push(target.result);
    const covered = cachedIntervals(project, stream, w.window, !t.retryNoData);
    const missing = cutOnGrid(missingIntervals(w.window, covered), chunkUs);
    const all = cutOnGrid([w.window], chunkUs);
    target.result.chunks.total = all.length;
    target.result.chunks.cached = all.filter((c) => missingIntervals(c, covered).length === 0).length;
    for (const span of missing) {
      const key = `${stream.network}.${stream.station}.${stream.location}.${stream.channels.join(',')}|${span.startUs}|${span.endUs}`;
      let item = items.get(key);
      if (!item) {
        item = { key, stream, span, targets: [] };
        items.set(key, item);
        totalUs += span.endUs - span.startUs;
      }
      item.targets.push(target);
      target.pending.add(key);
    }
  }

  const report = progressReporter(ctx);
  let doneUs = 0;
  const step = (target: Target): string => {
    const n = target.result.chunks;
    return `${target.label}: ${n.total - target.pending.size}/${n.total} chunks`;
  };

  const finish = (target: Target): void => {
    const r = target.result;
    if (r.chunks.failed > 0) {
      r.status = 'incomplete';
      ctx.log?.(`${target.label}: incomplete (${r.chunks.failed} chunk(s) failed); run again to resume`);
      return;
    }
    const bodies = cachedBodies(project, target.stream, target.window);
    const sel = { network: target.station.network, station: target.station.station, location: target.station.location, channels: req.channels };
    const assembled = assembleWindow(bodies, sel, target.window.startUs, target.window.endUs);
    r.problems.push(...assembled.problems);
    r.missingChannels = assembled.missingChannels;
    r.gaps = assembled.gaps.map((g): DownloadGap => ({ channel: g.channel, startTimeUs: g.startTimeUs, endTimeUs: g.endTimeUs, lengthSeconds: g.lengthSeconds, lengthSamples: g.lengthSamples }));
    if (assembled.traces.length === 0) {
      r.status = 'no-data';
      ctx.log?.(`${target.label}: no data at ${dc.name}`);
      return;
    }
    project.db
      .transaction(() => {
        const stored = storeTraces(project, {
          stationId: target.station.stationId,
          channelIds: target.station.channelIds,
          kind: target.kind,
          eventId: target.event?.id ?? null,
          startTimeUs: target.window.startUs,
          endTimeUs: target.window.endUs,
          source: `fdsn:${dc.name}`,
          traces: assembled.traces,
        });
        r.segmentId = stored.segmentId;
        if (target.event && target.event.stationCode === null) {
          const distanceDeg = greatCircleDistanceDeg(target.station.latitudeDeg, target.station.longitudeDeg, target.event.latitudeDeg, target.event.longitudeDeg);
          project.db.prepare('UPDATE events SET station_id = ?, distance_deg = ? WHERE id = ? AND station_id IS NULL').run(target.station.stationId, distanceDeg, target.event.id);
        }
      })
      .immediate();
    r.status = 'stored';
    r.channels = req.channels.map((code) => {
      const mine = assembled.traces.filter((tr) => tr.channel === code);
      return { code, pieces: mine.length, samples: mine.reduce((a, tr) => a + tr.samples.length, 0) };
    });
    const gapText = r.gaps.length === 0 ? 'no gaps' : `${r.gaps.length} gap(s), ${r.gaps.reduce((a, g) => a + g.lengthSeconds, 0).toFixed(1)} s missing`;
    ctx.log?.(`${target.label}: stored ${r.channels.map((c) => `${c.code} ${c.samples}`).join(', ')} samples; ${gapText}${r.missingChannels.length ? `; no ${r.missingChannels.join(', ')}` : ''}`);
  };

  const settle = (item: WorkItem, outcome: 'downloaded' | 'noData' | 'failed' | 'split', replacements: WorkItem[] = []): void => {
    for (const target of item.targets) {
      target.pending.delete(item.key);
      for (const r of replacements) target.pending.add(r.key);
      if (outcome !== 'split') target.result.chunks[outcome]++;
      if (target.pending.size === 0) finish(target);
    }
  };

  for (const target of targets) if (target.pending.size === 0) finish(target);

  const queue = [...items.values()].sort((a, b) => a.span.startUs - b.span.startUs);
  let fatal: unknown = null;
  const minChunkUs = t.minChunkSeconds * 1e6;
  const work = async (): Promise<void> => {
    while (queue.length > 0 && !stop.signal.aborted) {
      const item = queue.shift()!;
      let attempts = 0;
      const outcome = await fetchDataselect(
        dc,
        { network: item.stream.network, station: item.stream.station, location: item.stream.location, channels: item.stream.channels, startTimeUs: item.span.startUs, endTimeUs: item.span.endUs, method: t.method },
        {
          retry: { ...retry, onRetry: () => requests.retried++ },
          stallTimeoutMs: t.stallTimeoutSeconds * 1000,
          signal: stop.signal,
          onAttempt: () => {
            attempts++;
            requests.sent++;
          },
        },
      );
      const spanUs = item.span.endUs - item.span.startUs;
      if (outcome.kind === 'data') {
        commitChunk(project, item.stream, item.span, { status: 'data', httpStatus: outcome.status, body: outcome.body, records: outcome.records.length });
        bytesDownloaded += outcome.body.length;
        doneUs += spanUs;
        settle(item, 'downloaded');
      } else if (outcome.kind === 'no-data') {
        commitChunk(project, item.stream, item.span, { status: 'no-data', httpStatus: outcome.status });
        requests.noData++;
        doneUs += spanUs;
        settle(item, 'noData');
      } else if (outcome.kind === 'too-large' && spanUs / 2 >= minChunkUs) {
        requests.split++;
        const halves = halve(item.span).map((span) => ({ ...item, key: `${item.key}/${span.startUs}-${span.endUs}`, span }));
        settle(item, 'split', halves);
        queue.unshift(...halves);
      } else {
        requests.failed++;
        doneUs += spanUs;
        const why = outcome.kind === 'too-large' ? `refused as too large even at ${spanUs / 1e6} s` : outcome.message;
        for (const target of item.targets) target.result.problems.push(`chunk ${iso(item.span.startUs)} – ${iso(item.span.endUs)} failed after ${attempts} attempt(s): ${why}`);
        settle(item, 'failed');
      }
      report(totalUs > 0 ? doneUs / totalUs : 1, step(item.targets[0]));
    }
  };
  const workers = Array.from({ length: Math.min(t.concurrency, Math.max(1, queue.length)) }, () =>
    work().catch((err: unknown) => {
      if (fatal === null && !(err instanceof ForeseisError && err.code === 'cancelled')) fatal = err;
      stop.abort();
    }),
  );
  try {
    await Promise.all(workers);
  } finally {
    ctx.signal.removeEventListener('abort', onCancel);
  }
  if (fatal !== null) throw fatal;
  if (ctx.signal.aborted) throw new ForeseisError('cancelled', 'cancelled');
  report(1, 'done');
  return {
    dir: project.dir,
    datacenter: dc.name,
    eventSet: req.eventSet.name,
    targets: results,
    requests,
    bytesDownloaded,
    seconds: (Date.now() - started) / 1000,
  };
}
