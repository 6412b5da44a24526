import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handle } from '../../src/main/api';
import { silentContext } from '../../src/main/api/context';
import { queryEvents } from '../../src/main/fdsn/event-client';
import { resolveDataCenter } from '../../src/main/fdsn/datacenters';
import { listEvents, openProject, resolveEventSet } from '../../src/main/store';
import { getEventSetQuery } from '../../src/main/store/event-catalogue';
import { runCli, spawnCli } from '../helpers/cli';
import { startStaticServer, type StaticServer } from '../helpers/static-http';
import { tempDir } from '../helpers/tmp';

function runCliAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawnCli(args);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

const fixtures = path.resolve(import.meta.dirname, '../fixtures/fdsn-event');
const fixture = (name: string): string => fs.readFileSync(path.join(fixtures, name), 'utf8');

/**
 * Serves the real files as an fdsnws-event service: format=xml → iris_events.xml (Tohoku 2011,
 * 5.0° from IU.MAJO; Sulu Sea 2006, ~31°), format=text → events.txt; 204 for any query starting
 * in 1990 (no events), 413 for a query spanning more than 20 years (too large: the client splits).
 */
let server: StaticServer;
beforeAll(async () => {
  server = await startStaticServer((url) => {
    if (url.pathname !== '/fdsnws/event/1/query') return { status: 404, body: 'Not Found' };
    const start = url.searchParams.get('starttime') ?? '';
    const end = url.searchParams.get('endtime') ?? '';
    if (start.startsWith('1990')) return { status: 204 };
    if (start.startsWith('1980')) return { status: 500, body: 'database down' };
    if (start.startsWith('1970')) return { status: 400, body: 'Bad starttime' };
    if (Date.parse(`${end}Z`) - Date.parse(`${start}Z`) > 20 * 365.25 * 86_400_000) return { status: 413, body: 'Error 413: request too large' };
    if (url.searchParams.get('format') === 'text') return { status: 200, body: fixture('events.txt'), headers: { 'content-type': 'text/plain' } };
    return { status: 200, body: fixture('iris_events.xml'), headers: { 'content-type': 'application/xml' } };
  });
});
afterAll(() => server.close());

describe('fdsnws-event client against a real HTTP server', () => {
  it('QuakeML answer, with the query sent to URL/fdsnws/event/1/query', async () => {
    const dc = resolveDataCenter(server.baseUrl);
    const r = await queryEvents(dc, { startTimeUs: Date.UTC(2000, 0, 1) * 1000, endTimeUs: Date.UTC(2012, 0, 1) * 1000, minMagnitude: 6 });
    expect(r.events.map((e) => e.publicId)).toEqual(['smi:www.iris.edu/ws/event/query?eventId=3279407', 'smi:www.iris.edu/ws/event/query?eventId=2318174']);
    const sent = server.requests[server.requests.length - 1];
    expect(sent.pathname).toBe('/fdsnws/event/1/query');
    expect(Object.fromEntries(sent.searchParams)).toEqual({ starttime: '2000-01-01T00:00:00', endtime: '2012-01-01T00:00:00', minmagnitude: '6', orderby: 'time-asc', format: 'xml' });
  });

  it('204 is an empty catalogue, not a failure', async () => {
    const r = await queryEvents(resolveDataCenter(server.baseUrl), { startTimeUs: Date.UTC(1990, 0, 1) * 1000, endTimeUs: Date.UTC(1991, 0, 1) * 1000 });
    expect(r.events).toEqual([]);
  });

  it('413 splits the time range and asks again', async () => {
    const before = server.requests.length;
    const r = await queryEvents(resolveDataCenter(server.baseUrl), { startTimeUs: Date.UTC(1995, 0, 1) * 1000, endTimeUs: Date.UTC(2025, 0, 1) * 1000, format: 'text' });
    const sent = server.requests.slice(before).map((u) => `${u.searchParams.get('starttime')}..${u.searchParams.get('endtime')}`);
    const mid = new Date((Date.UTC(1995, 0, 1) + Date.UTC(2025, 0, 1)) / 2).toISOString().slice(0, 19);
    expect(sent).toEqual(['1995-01-01T00:00:00..2025-01-01T00:00:00', `1995-01-01T00:00:00..${mid}`, `${mid}..2025-01-01T00:00:00`]);
    // each half got the same static file: the two events once each, deduplicated by id
    expect(r.events.map((e) => e.publicId)).toEqual(['3337497', '2413']);
    expect(r.notes[0]).toMatch(/too large; split/);
  });

  it("404 is FDSN's other way to say no events", async () => {
    await expect(queryEvents(resolveDataCenter(`${server.baseUrl}/nothing-here`), { startTimeUs: 0, endTimeUs: 1e12 })).resolves.toEqual({ events: [], notes: [], urls: [expect.stringContaining('/nothing-here/fdsnws/event/1/query')] });
  });

  it('a service that keeps failing is a network error naming the answer, after the retries', async () => {
    const before = server.requests.length;
    const q = { startTimeUs: Date.UTC(1980, 0, 1) * 1000, endTimeUs: Date.UTC(1981, 0, 1) * 1000 };
    await expect(queryEvents(resolveDataCenter(server.baseUrl), q, { retry: { maxAttempts: 3, baseDelayMs: 1 } })).rejects.toThrow(/did not answer: HTTP 500: database down/);
    expect(server.requests.length - before).toBe(3);
  });

  it("a 400 is the query's fault, not the network's", async () => {
    const q = { startTimeUs: Date.UTC(1970, 0, 1) * 1000, endTimeUs: Date.UTC(1971, 0, 1) * 1000 };
    await expect(queryEvents(resolveDataCenter(server.baseUrl), q)).rejects.toMatchObject({ code: 'bad-input', message: expect.stringMatching(/refused the query \(HTTP 400: Bad starttime\)/) });
  });
});

describe('catalogue.build', () => {
  const dir = path.join(tempDir(), 'project');

  it('queries the centre, keeps events within the radius, computes Δ and stores the set with its query', async () => {
    const r = await handle('catalogue.build', { dir, station: 'IU.MAJO', minMagnitude: 6, maxRadiusDeg: 20, startTime: '2000-01-01', endTime: '2012-01-01', datacenter: server.baseUrl }, silentContext);
    expect(r.source).toBe(server.baseUrl);
    expect(r.station).toEqual({ code: 'IU.MAJO', latitudeDeg: 36.5457, longitudeDeg: 138.2041, source: 'built-in' });
    expect(r.received).toBe(2);
    expect(r.rejected.outsideRadius).toBe(1); // the Sulu Sea event, ~31° away: the static server ignored maxradius
    expect(r.events).toHaveLength(1);
    const [tohoku] = r.events;
    expect(tohoku.originTime).toBe('2011-03-11T05:46:24.120000Z');
    expect(tohoku.distanceDeg).toBeCloseTo(3.74499, 4); // spherical law of cosines, computed independently
    expect([tohoku.depthKm, tohoku.magnitude, tohoku.magnitudeType, tohoku.catalogue, tohoku.contributor, tohoku.author]).toEqual([29, 9.1, 'MW', 'NEIC PDE', 'NEIC PDE-W', 'NEIC']);
    const sent = server.requests[server.requests.length - 1];
    expect(sent.searchParams.get('latitude')).toBe('36.5457');
    expect(sent.searchParams.get('maxradius')).toBe('20');

    const p = openProject(dir);
    try {
      const set = resolveEventSet(p);
      expect(set.name).toBe('catalogue');
      const [stored] = listEvents(p, set.id);
      expect([stored.publicId, stored.originTimeMs, stored.stationCode, stored.distanceDeg]).toEqual([tohoku.publicId, Date.UTC(2011, 2, 11, 5, 46, 24, 120), 'IU.MAJO', tohoku.distanceDeg]);
      const row = p.db.prepare('SELECT origin_time_us, contributor FROM events WHERE id = ?').get(stored.id);
      expect(row).toEqual({ origin_time_us: Date.UTC(2011, 2, 11, 5, 46, 24, 120) * 1000, contributor: 'NEIC PDE-W' });
      expect(getEventSetQuery(p, set.id)).toMatchObject({ datacenter: server.baseUrl, minMagnitude: 6, maxRadiusDeg: 20, startTime: '2000-01-01T00:00:00.000000Z', urls: [expect.stringContaining('maxradius=20')] });
      expect(p.getMeta('fdsn.datacenter')).toBe(server.baseUrl);
    } finally {
      p.close();
    }
  });

  it('the remembered centre answers the next query (text format); 204 empties the set', async () => {
    const text = await handle('catalogue.build', { dir, station: 'IU.MAJO', latitudeDeg: 0, longitudeDeg: 90, maxRadiusDeg: 40, startTime: '1950-01-01', endTime: '2013-01-01', format: 'text', set: 'text' }, silentContext);
    expect(text.source).toBe(server.baseUrl);
    expect(text.station?.source).toBe('flags');
    expect(text.events.map((e) => [e.publicId, e.magnitude, e.depthKm])).toEqual([['3337497', 8.6, 26.3]]);
    expect(text.events[0].distanceDeg).toBeCloseTo(3.75351, 4); // from (0, 90); Chile is 138.6° away
    const none = await handle('catalogue.build', { dir, station: 'IU.MAJO', startTime: '1990-01-01', endTime: '1991-01-01', set: 'text' }, silentContext);
    expect([none.received, none.events.length]).toEqual([0, 0]);
  });

  it('refuses a query without a station or times, and an unknown station without coordinates', async () => {
    await expect(handle('catalogue.build', { dir, startTime: '2000-01-01', endTime: '2001-01-01' }, silentContext)).rejects.toThrow(/--station/);
    await expect(handle('catalogue.build', { dir, station: 'IU.MAJO', endTime: '2001-01-01' }, silentContext)).rejects.toThrow(/--start/);
    await expect(handle('catalogue.build', { dir, station: 'XX.NOPE', startTime: '2000-01-01', endTime: '2001-01-01' }, silentContext)).rejects.toThrow(/no coordinates for XX\.NOPE/);
  });
});

describe('foreseis catalogue (CLI)', () => {
  const root = tempDir();

  it('--preset table1 stores the 31 events with their split and flags the mismatched row', () => {
    const dir = path.join(root, 'table1');
    const r = runCli(['catalogue', dir, '--preset', 'table1', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { events: { originTime: string; flags: string[]; split: string; stationCode: string }[] };
    expect(out.events).toHaveLength(31);
    expect(out.events.filter((e) => e.flags.includes('delta-mismatch')).map((e) => e.originTime)).toEqual(['2016-01-11T17:08:03.000000Z']);
    const listed = runCli(['events', dir, '--json']);
    const events = JSON.parse(listed.stdout) as { split: string; stationCode: string }[];
    expect(events.filter((e) => e.split === 'test')).toHaveLength(7);
    expect(events.filter((e) => e.stationCode === 'IU.MA2')).toHaveLength(1);
  });

  it('the paper query against a base URL, printed as a table', async () => {
    const dir = path.join(root, 'query');
    // spawned, not spawnSync: the server lives in this process and must keep answering
    const r = await runCliAsync(['catalogue', dir, '--station', 'IU.MAJO', '--minmag', '6', '--maxradius', '20', '--start', '2000-03-01', '--end', '2012-03-01', '--datacenter', server.baseUrl]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/event set 'catalogue' from http:\/\/127\.0\.0\.1:\d+: 1 events kept of 2 received/);
    expect(r.stdout).toMatch(/2011-03-11T05:46:24\.120 +38\.297 +142\.373 +29\.0 +9\.1 MW +3\.74/);
    const bad = await runCliAsync(['catalogue', dir, '--station', 'IU.MAJO', '--start', '2000-01-01', '--end', '2001-01-01', '--datacenter', 'nowhere']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/unknown data centre 'nowhere'/);
  });
});
