/**
 * The FDSN clients and the download manager against a real HTTP server on 127.0.0.1 that serves
 * real miniSEED (IU.COLA.00 LH1/LH2/LHZ, 70 min at 1 sps; BW.BGLD..EHE with three gaps) and
 * misbehaves on demand. Whatever the server does, the stored samples must equal a clean run's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Progress } from '../../src/shared/api';
import type { DownloadResult } from '../../src/shared/download';
import { handle } from '../../src/main/api';
import { resolveDataCenter } from '../../src/main/fdsn/datacenters';
import { fetchDataselect } from '../../src/main/fdsn/dataselect-client';
import { fetchStations, listChannelEpochs, storeStationMetadata } from '../../src/main/fdsn/station-client';
import { toStationRecord } from '../../src/main/fdsn/station-metadata';
import { parseTimeUs } from '../../src/main/seismic';
import { addToEventSet, ensureEventSet, listStations, openProject, projectWaveformSource, readArrayFile, upsertEvent } from '../../src/main/store';
import { type FdsnTestServer, type Rule, startFdsnServer } from '../helpers/fdsn-server';
import { tempDir } from '../helpers/tmp';

const fixtures = path.resolve(import.meta.dirname, '../fixtures');
const bytes = (p: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(fixtures, p)));
const text = (p: string): string => fs.readFileSync(path.join(fixtures, p), 'utf8');

const E1 = parseTimeUs('2010-02-27T07:55:00Z') / 1000; // data exist from 06:50 to 08:00
const E2 = parseTimeUs('2010-03-05T00:00:00Z') / 1000; // the server has nothing then
const E3 = parseTimeUs('2008-01-01T00:04:30Z') / 1000; // BW.BGLD with gaps

/** Fast, deterministic retries for tests. */
const TUNING = {
  chunkSeconds: 300,
  concurrency: 3,
  method: 'POST',
  // long enough that a loaded test machine never trips it; the stall scenario shortens it
  stallTimeoutSeconds: 3,
  maxAttempts: 5,
  backoffBaseMs: 5,
  backoffMaxMs: 20,
  maxRetryAfterSeconds: 0.05,
  minChunkSeconds: 30,
  metadataFormat: 'text',
  noiseBMinHoursFromEvent: 0.05,
  noiseBFrom: '2010-02-27T06:50:00',
  noiseBTo: '2010-02-27T07:25:00',
} as const;

let server: FdsnTestServer;
const root = tempDir('foreseis-fdsn-');

beforeAll(async () => {
  server = await startFdsnServer({
    miniseed: [bytes('fdsn/testdata-3channel-signal.mseed2'), bytes('mseed/gaps.mseed')],
    stations: [
      { network: 'IU', station: 'COLA', text: text('fdsn/IU_COLA_00_LH_channel.txt') },
      { network: 'IU', station: 'ANMO', xml: text('fdsn/IU_ANMO_BH.xml') },
      { network: 'BW', station: 'BGLD', text: text('fdsn/BW_BGLD_EHE_channel.txt') },
    ],
  });
});
afterAll(async () => {
  await server.close();
});

function resetServer(rules: Rule[] = []): void {
  server.rules = rules;
  server.maxSpanSeconds = null;
  server.delayMs = 0;
  server.onAnswered = null;
  server.requests.length = 0;
  server.maxInFlight = 0;
}

let projects = 0;
/** A project with events E1 (data), E2 (no data) in set 'cola', and E3 (gaps) in set 'gaps'. */
function makeProject(): string {
  const dir = path.join(root, `p${++projects}`);
  const p = openProject(dir, { create: true });
  try {
    const ev = (publicId: string, originTimeMs: number) =>
      upsertEvent(p, { publicId, originTimeMs, latitudeDeg: -36.1, longitudeDeg: -72.9, depthKm: 30, magnitude: 6, magnitudeType: 'Mw', catalogue: 'test', author: 'test', stationCode: null, distanceDeg: null, flags: [] });
    const cola = ensureEventSet(p, 'cola');
    addToEventSet(p, cola, ev('e1', E1), 'train');
    addToEventSet(p, cola, ev('e2', E2), 'test');
    addToEventSet(p, ensureEventSet(p, 'gaps'), ev('e3', E3), 'train');
    p.setMeta('default_event_set', 'cola');
  } finally {
    p.close();
  }
  return dir;
}

const logs: string[] = [];
const progress: Progress[] = [];
function download(dir: string, extra: Record<string, unknown> = {}, tuning: Record<string, unknown> = {}, signal = new AbortController().signal): Promise<DownloadResult> {
  logs.length = 0;
  progress.length = 0;
  return handle(
    'download.run',
    { dir, datacenter: server.url, station: 'IU.COLA', channels: ['LH1', 'LH2', 'LHZ'], hours: 0.5, noiseB: 1, tuning: { ...TUNING, ...tuning }, ...extra },
    { progress: (p) => progress.push(p), signal, log: (l) => logs.push(l) },
  );
}

interface StoredPiece {
  segment: string;
  channel: string;
  startTimeUs: number;
  values: number[];
}

/** Every stored sample, keyed by what the segment is (not its row id). */
function storedSamples(dir: string): StoredPiece[] {
  const p = openProject(dir);
  try {
    const rows = p.db
      .prepare(
        `SELECT s.kind, s.start_time_us AS segStart, e.public_id, c.code, w.start_time_us, a.file, a.length
         FROM waveforms w JOIN segments s ON s.id = w.segment_id JOIN channels c ON c.id = w.channel_id JOIN arrays a ON a.id = w.array_id
         LEFT JOIN events e ON e.id = s.event_id ORDER BY s.kind, s.start_time_us, c.code, w.start_time_us`,
      )
      .all() as { kind: string; segStart: number; public_id: string | null; code: string; start_time_us: number; file: string; length: number }[];
    return rows.map((r) => ({
      segment: `${r.kind}:${r.public_id ?? r.segStart}`,
      channel: r.code,
      startTimeUs: r.start_time_us,
      values: Array.from(readArrayFile(p.dir, { file: r.file, dtype: 'float32', length: r.length })),
    }));
  } finally {
    p.close();
  }
}

/** The distinct spans asked of dataselect since the last reset. */
function requestedSpans(): string[] {
  return [...new Set(server.requests.filter((r) => r.service === 'dataselect').map((r) => `${r.selections[0].startUs}-${r.selections[0].endUs}`))];
}

function dataselectRequests(): number {
  return server.requests.filter((r) => r.service === 'dataselect').length;
}

describe('the FDSN clients', () => {
  it('station: StationXML and text at channel level from the server', async () => {
    resetServer();
    const dc = resolveDataCenter(server.url);
    const xml = await fetchStations(dc, { network: 'IU', station: 'ANMO', channel: ['BH1', 'BH2', 'BHZ'], level: 'channel' });
    expect(xml[0].channels).toHaveLength(9);
    const txt = await fetchStations(dc, { network: 'IU', station: 'COLA', level: 'channel', format: 'text' });
    expect(txt[0].channels.map((c) => c.channel)).toEqual(['LH1', 'LH2', 'LHZ']);
    expect(await fetchStations(dc, { network: 'XX', station: 'NONE' })).toEqual([]);

    // Stored: one row per channel (the epoch in force for the span), every epoch beside it.
    const p = openProject(path.join(root, 'stations'), { create: true });
    try {
      const span = { startUs: parseTimeUs('2015-01-01T00:00:00Z'), endUs: parseTimeUs('2015-01-02T00:00:00Z') };
      const { record, epochs } = toStationRecord(xml, { network: 'IU', station: 'ANMO', location: '10', channels: ['BH1', 'BH2', 'BHZ'], ...span });
      const ids = storeStationMetadata(p, record, epochs);
      const again = storeStationMetadata(p, record, epochs); // idempotent
      expect(again.stationId).toBe(ids.stationId);
      const stored = listStations(p);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ network: 'IU', station: 'ANMO', location: '10', latitudeDeg: 34.94591, siteName: 'Albuquerque, New Mexico, USA' });
      expect(stored[0].channels.map((c) => [c.code, c.azimuthDeg, c.dipDeg, c.sampleRateHz, c.sensitivity, c.sensitivityFrequencyHz, c.inputUnits])).toEqual([
        ['BH1', 71, 0, 40, 1.97468e9, 0.02, 'M/S'],
        ['BH2', 161, 0, 40, 1.97468e9, 0.02, 'M/S'],
        ['BHZ', 0, -90, 40, 1.97468e9, 0.02, 'M/S'],
      ]);
      const bh1 = listChannelEpochs(p, ids.channelIds.get('BH1')!);
      expect(bh1.map((e) => [e.azimuthDeg, e.sensitivity, e.endTimeUs])).toEqual([
        [243, 3.35276e10, parseTimeUs('2014-08-12T00:00:00Z')],
        [71, 1.97468e9, null],
      ]);
    } finally {
      p.close();
    }
    expect(server.requests.map((r) => [r.params.format, r.params.level])).toEqual([
      ['xml', 'channel'],
      ['text', 'channel'],
      ['xml', 'channel'],
    ]);
  });

  it('dataselect: GET and POST return the same records; no data is no data', async () => {
    resetServer();
    const dc = resolveDataCenter(server.url);
    const req = { network: 'IU', station: 'COLA', location: '00', channels: ['LH1', 'LH2', 'LHZ'], startTimeUs: E1 * 1000 - 600e6, endTimeUs: E1 * 1000 };
    const get = await fetchDataselect(dc, { ...req, method: 'GET' });
    const post = await fetchDataselect(dc, { ...req, method: 'POST' });
    expect(get.kind).toBe('data');
    expect(post.kind).toBe('data');
    if (get.kind !== 'data' || post.kind !== 'data') return;
    const key = (r: { nslc: string; startTimeUs: number }) => `${r.nslc}@${r.startTimeUs}`;
    expect(post.records.map(key).sort()).toEqual(get.records.map(key).sort());
    expect(new Set(get.records.map((r) => r.channel))).toEqual(new Set(['LH1', 'LH2', 'LHZ']));
    expect(server.requests.map((r) => [r.method, r.selections.length])).toEqual([
      ['GET', 3],
      ['POST', 3],
    ]);
    const none = await fetchDataselect(dc, { ...req, startTimeUs: E2 * 1000 - 600e6, endTimeUs: E2 * 1000, method: 'GET' });
    expect(none).toEqual({ kind: 'no-data', status: 204 });
  });
});

describe('foreseis download against a misbehaving server', () => {
  let clean: StoredPiece[];
  let cleanResult: DownloadResult;

  beforeAll(async () => {
    resetServer();
    const dir = makeProject();
    cleanResult = await download(dir);
    clean = storedSamples(dir);
    cleanProgress = [...progress];
    cleanLogs = [...logs];
    cleanSpans = requestedSpans();
    expect(new Set(cleanSpans).size).toBe(cleanSpans.length);
  });
  let cleanProgress: Progress[];
  let cleanLogs: string[];
  let cleanSpans: string[];

  it('reports progress overall and per recording', () => {
    const fractions = cleanProgress.map((p) => p.fraction);
    expect(fractions[fractions.length - 1]).toBe(1);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    expect(cleanProgress.some((p) => /event \d\/2 e\d: \d+\/6 chunks/.test(p.step))).toBe(true);
    expect(cleanLogs.find((l) => l.includes('e1'))).toMatch(/stored LH1 1800, LH2 1800, LHZ 1800 samples; no gaps/);
    expect(cleanLogs.find((l) => l.includes('e2'))).toMatch(/no data/);
  });

  it('keeps to its concurrency; cancelled, keeps what it completed; run again, finishes with the same samples', async () => {
    resetServer();
    server.delayMs = 20;
    const dir = makeProject();
    const controller = new AbortController();
    let answered = 0;
    server.onAnswered = () => {
      if (++answered === 5) controller.abort();
    };
    await expect(download(dir, {}, {}, controller.signal)).rejects.toMatchObject({ code: 'cancelled' });
    // (answers are delayed 20 ms, so requests overlap; never more than asked)
    expect(server.maxInFlight).toBeGreaterThan(1);
    expect(server.maxInFlight).toBeLessThanOrEqual(TUNING.concurrency);
    const p = openProject(dir);
    const keptSpans = (p.db.prepare('SELECT start_time_us, end_time_us FROM download_chunks').all() as { start_time_us: number; end_time_us: number }[]).map(
      (r) => `${r.start_time_us}-${r.end_time_us}`,
    );
    const kept = keptSpans.length;
    p.close();
    expect(kept).toBeGreaterThanOrEqual(2); // 5 answered with at most 3 in flight: the first 2 were committed
    resetServer();
    await download(dir);
    // Spans, not request counts: a request of the cancelled run that the server reads only after the
    // cancel is logged late, and asks for a span that run never completed anyway.
    expect(requestedSpans().sort()).toEqual(cleanSpans.filter((x) => !keptSpans.includes(x)).sort());
    expect(storedSamples(dir)).toEqual(clean);
  });

  it('a clean run stores the event and noise-B recordings the dataset stage reads', () => {
    const [e1, e2, nb] = cleanResult.targets;
    expect(e1).toMatchObject({ kind: 'event', status: 'stored', missingChannels: [], gaps: [] });
    expect(e1.channels).toEqual([
      { code: 'LH1', pieces: 1, samples: 1800 },
      { code: 'LH2', pieces: 1, samples: 1800 },
      { code: 'LHZ', pieces: 1, samples: 1800 },
    ]);
    expect(e1.chunks).toEqual({ total: 6, cached: 0, downloaded: 6, noData: 0, failed: 0 });
    expect(e2).toMatchObject({ kind: 'event', status: 'no-data', segmentId: null });
    expect(e2.chunks.noData).toBe(6);
    expect(nb).toMatchObject({ kind: 'noise-b', status: 'stored' });
    expect(nb.endTimeUs - nb.startTimeUs).toBe(1800e6);
    expect(new Set(clean.map((c) => c.segment))).toEqual(new Set(['event:e1', `noise-b:${nb.startTimeUs}`]));

    // The samples are the server's: the fixture's LHZ from 07:25:00.069539 on, read back through the
    // same path the windows stage uses.
    const p = openProject(path.join(root, 'p1'));
    try {
      const lhz = clean.find((c) => c.segment === 'event:e1' && c.channel === 'LHZ')!;
      // the record's own B1001 time: .069538 or .069539 µs past the second
      expect(Math.abs(lhz.startTimeUs - (E1 * 1000 - 1800e6 + 69539))).toBeLessThanOrEqual(1);
      const read = projectWaveformSource(p).read(e1.segmentId!, 'LHZ', lhz.startTimeUs, 1800);
      expect(Array.from(read)).toEqual(lhz.values);
      expect(p.getMeta('fdsn.datacenter')).toBe(server.url);
      const station = p.db.prepare("SELECT s.network, s.station, s.location, COUNT(c.id) AS n FROM stations s JOIN channels c ON c.station_id = s.id GROUP BY s.id").all();
      expect(station).toEqual([{ network: 'IU', station: 'COLA', location: '00', n: 3 }]);
      const ev = p.db.prepare("SELECT station_id IS NOT NULL AS has FROM events WHERE public_id = 'e1'").get() as { has: number };
      expect(ev.has).toBe(1);
    } finally {
      p.close();
    }
  });

  it('a second run downloads nothing again', async () => {
    resetServer();
    const again = await download(path.join(root, 'p1'));
    expect(again.targets.map((t) => t.status)).toEqual(['already-stored', 'no-data', 'already-stored']);
    expect(dataselectRequests()).toBe(0); // stored recordings and recorded no-data spans are not asked again
    expect(server.requests).toHaveLength(0); // station metadata are in the project
  });

  const scenarios: [string, () => void][] = [
    ['503 with Retry-After', () => resetServer([{ then: { kind: 'status', status: 503, retryAfter: '1' }, times: 4 }])],
    ['429 with Retry-After', () => resetServer([{ then: { kind: 'status', status: 429, retryAfter: '2' }, times: 3 }])],
    ['500 errors', () => resetServer([{ then: { kind: 'status', status: 500 }, times: 2 }])],
    ['413 above 100 s', () => {
      resetServer();
      server.maxSpanSeconds = 100;
    }],
    ['bodies cut off mid-record (declared length)', () => resetServer([{ then: { kind: 'truncate', declareLength: true }, times: 3 }])],
    ['bodies cut off mid-record (no length)', () => resetServer([{ then: { kind: 'truncate', declareLength: false }, times: 3 }])],
    ['a corrupted record', () => resetServer([{ then: { kind: 'corrupt' }, times: 2 }])],
    ['a stall longer than the timeout', () => resetServer([{ then: { kind: 'stall', ms: 1500 }, times: 2 }])],
    ['GET instead of POST, one at a time', () => resetServer([{ then: { kind: 'status', status: 503 }, times: 1 }])],
  ];

  it.each(scenarios)('%s: the stored samples equal a clean run\'s', async (name, arrange) => {
    arrange();
    const dir = makeProject();
    const r = await download(dir, {}, name.startsWith('GET') ? { method: 'GET', concurrency: 1 } : name.startsWith('a stall') ? { stallTimeoutSeconds: 0.3 } : {});
    expect(r.targets.map((t) => t.status)).toEqual(['stored', 'no-data', 'stored']);
    expect(storedSamples(dir)).toEqual(clean);
    const misbehaved = server.requests.filter((q) => q.service === 'dataselect' && q.answer !== '200' && q.answer !== '204');
    expect(misbehaved.length).toBeGreaterThan(0);
    if (name.startsWith('413')) expect(r.requests.split).toBeGreaterThan(0);
    // every misbehaviour was retried (a retry more when a loaded machine trips the 0.3 s stall timeout)
    else if (name.startsWith('a stall')) expect(r.requests.retried).toBeGreaterThanOrEqual(misbehaved.length);
    else expect(r.requests.retried).toBe(misbehaved.length);
  });

  it('204 and 404 are recorded as no data and not asked again', async () => {
    resetServer([{ match: (q) => q.selections[0]?.startUs >= E2 * 1000 - 1800e6, then: { kind: 'status', status: 404 }, times: 2 }]);
    const dir = makeProject();
    const r = await download(dir);
    expect(r.targets[1]).toMatchObject({ status: 'no-data' });
    const e2Requests = server.requests.filter((q) => q.service === 'dataselect' && q.selections[0].startUs >= E2 * 1000 - 1800e6);
    expect(e2Requests.map((q) => q.answer).sort()).toEqual(['204', '204', '204', '204', '404', '404']);
    expect(r.requests.retried).toBe(0);
    resetServer();
    const again = await download(dir);
    expect(again.targets[1].chunks).toMatchObject({ total: 6, cached: 6 });
    expect(dataselectRequests()).toBe(0);
  });

  it('a chunk that keeps failing leaves its recording incomplete, and the next run completes it', async () => {
    resetServer([{ match: (q) => q.selections[0]?.startUs === E1 * 1000 - 600e6, then: { kind: 'status', status: 503, retryAfter: '0' } }]);
    const dir = makeProject();
    const r = await download(dir);
    expect(r.targets[0]).toMatchObject({ status: 'incomplete', segmentId: null });
    expect(r.targets[0].chunks).toMatchObject({ downloaded: 5, failed: 1 });
    expect(r.targets[0].problems.join('\n')).toMatch(/failed after 5 attempt/);
    expect(server.requests.filter((q) => q.answer === '503')).toHaveLength(5);
    resetServer();
    const again = await download(dir);
    expect(again.targets.map((t) => t.status)).toEqual(['stored', 'no-data', 'already-stored']);
    expect(dataselectRequests()).toBe(1); // only the chunk that failed
    expect(storedSamples(dir)).toEqual(clean);
  });

  it('keeps the gaps of the source as gaps and reports them', async () => {
    resetServer();
    const dir = makeProject();
    const r = await download(dir, { set: 'gaps', station: 'BW.BGLD', channels: ['EHE'], hours: 270 / 3600, noiseB: 0 }, { chunkSeconds: 60 });
    const t = r.targets[0];
    expect(t.status).toBe('stored');
    expect(t.gaps.map((g) => g.lengthSamples)).toEqual([412, 412, 824]);
    expect(t.channels).toEqual([{ code: 'EHE', pieces: 4, samples: 270 * 200 - 412 - 412 - 824 }]);
    // The same with 413s splitting every chunk.
    server.maxSpanSeconds = 20;
    const dir2 = makeProject();
    const r2 = await download(dir2, { set: 'gaps', station: 'BW.BGLD', channels: ['EHE'], hours: 270 / 3600, noiseB: 0 }, { chunkSeconds: 60, minChunkSeconds: 5 });
    expect(r2.targets[0].gaps).toEqual(t.gaps);
    expect(storedSamples(dir2)).toEqual(storedSamples(dir));
  });

  it('stores recordings the windows stage cuts and labels', async () => {
    resetServer();
    const dir = path.join(root, 'windows');
    const p = openProject(dir, { create: true });
    try {
      const set = ensureEventSet(p, 'two');
      for (const [id, originTimeMs, split] of [['a', E1, 'train'], ['b', E1 - 15 * 60_000, 'test']] as const) {
        const eventId = upsertEvent(p, { publicId: id, originTimeMs, latitudeDeg: -36.1, longitudeDeg: -72.9, depthKm: 30, magnitude: 6, magnitudeType: 'Mw', catalogue: 'test', author: 'test', stationCode: null, distanceDeg: null, flags: [] });
        addToEventSet(p, set, eventId, split);
      }
    } finally {
      p.close();
    }
    const r = await download(dir, { set: 'two', noiseB: 0 });
    expect(r.targets.map((t) => t.status)).toEqual(['stored', 'stored']);
    const w = await handle(
      'windows.build',
      { dir, set: 'two', settings: { noise: 'A', channels: ['LH1', 'LH2', 'LHZ'], sampleRateHz: 1, macroWindowSeconds: 300, macroWindowCount: 6, subWindowSamples: 100, subWindowsPerWindow: 3 } },
      { progress: () => {}, signal: new AbortController().signal },
    );
    expect(w.totals).toEqual({ train: 6, test: 6 }); // per event: a precursor and a noise-A window of 3 sub-windows
  });

  it('leaves recordings stored before (a synthetic project) alone, without asking the server anything', async () => {
    resetServer();
    const dir = path.join(root, 'synthetic');
    await handle('synth.generate', { dir, settings: { events: 2, noiseBSegments: 0 } }, { progress: () => {}, signal: new AbortController().signal });
    const r = await handle('download.run', { dir, datacenter: server.url, tuning: TUNING }, { progress: () => {}, signal: new AbortController().signal });
    expect(r.targets.map((t) => [t.status, t.stationCode])).toEqual([
      ['already-stored', 'IU.MAJO'],
      ['already-stored', 'IU.MAJO'],
    ]);
    expect(server.requests).toEqual([]);
  });

  it('refuses a data centre without waveforms, in one line', async () => {
    const dir = makeProject();
    await expect(download(dir, { datacenter: 'usgs' })).rejects.toThrow(/no fdsnws-dataselect/);
  });
});
