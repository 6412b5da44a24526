import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { handle } from '../../src/main/api';
import { silentContext } from '../../src/main/api/context';
import { storeTraces } from '../../src/main/ingest/store-traces';
import { decodeMiniseed, formatTimeUs, mergeTraces, type Trace } from '../../src/main/seismic';
import { openProject, upsertEvent, upsertStation } from '../../src/main/store';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

const mseed = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/mseed', name)));

/**
 * A project holding real recordings: BW.BGLD..EHE from gaps.mseed (200 sps, three gaps → four
 * stretches) as event 1's recording, and NL.HGN.00.BHZ from test.mseed with one stretch cut out
 * (→ two stretches) as event 2's.
 */
const dir = path.join(tempDir(), 'project');
let bgld: Trace[];
let hgn: Trace[];
let eventIds: number[];

beforeAll(async () => {
  bgld = mergeTraces(decodeMiniseed(mseed('gaps.mseed')).records).traces;
  const [whole] = mergeTraces(decodeMiniseed(mseed('test.mseed')).records).traces;
  const cut = (from: number, to: number): Trace => ({ ...whole, startTimeUs: whole.startTimeUs + Math.round((from * 1e6) / 40), samples: whole.samples.slice(from, to) });
  hgn = [cut(0, 5000), cut(5400, whole.samples.length)];
  const p = openProject(dir, { create: true });
  try {
    await p.writeTransaction(() => {
      const a = upsertStation(p, { network: 'BW', station: 'BGLD', location: '', latitudeDeg: 47.7, longitudeDeg: 12.8, elevationM: null, siteName: null, channels: [{ code: 'EHE', sampleRateHz: 200, azimuthDeg: null, dipDeg: null, sensitivity: null, sensitivityFrequencyHz: null, inputUnits: null, instrument: null }] });
      const b = upsertStation(p, { network: 'NL', station: 'HGN', location: '00', latitudeDeg: 50.76, longitudeDeg: 5.93, elevationM: null, siteName: null, channels: [{ code: 'BHZ', sampleRateHz: 40, azimuthDeg: null, dipDeg: null, sensitivity: null, sensitivityFrequencyHz: null, inputUnits: null, instrument: null }] });
      const ev = (publicId: string, t: Trace[], code: string): number =>
        upsertEvent(p, { publicId, originTimeMs: Math.ceil(t[t.length - 1].endTimeUs / 1000), latitudeDeg: 0, longitudeDeg: 0, depthKm: 10, magnitude: 6, magnitudeType: 'Mw', catalogue: null, author: null, stationCode: code, distanceDeg: null, flags: [] });
      eventIds = [ev('test:bgld', bgld, 'BW.BGLD'), ev('test:hgn', hgn, 'NL.HGN')];
      const span = (t: Trace[]): { startTimeUs: number; endTimeUs: number } => ({ startTimeUs: t[0].startTimeUs, endTimeUs: t[t.length - 1].endTimeUs + 1 });
      storeTraces(p, { stationId: a.stationId, channelIds: a.channelIds, kind: 'event', eventId: eventIds[0], ...span(bgld), source: 'file:gaps.mseed', traces: bgld });
      storeTraces(p, { stationId: b.stationId, channelIds: b.channelIds, kind: 'event', eventId: eventIds[1], ...span(hgn), source: 'file:test.mseed', traces: hgn });
    });
  } finally {
    p.close();
  }
});

function expectSame(decoded: Trace[], stored: Trace[]): void {
  expect(decoded.map((t) => [t.nslc, formatTimeUs(t.startTimeUs), t.sampleRateHz, t.samples.length])).toEqual(stored.map((t) => [t.nslc, formatTimeUs(t.startTimeUs), t.sampleRateHz, t.samples.length]));
  decoded.forEach((t, i) => expect(Array.from(t.samples)).toEqual(Array.from(stored[i].samples)));
}

describe('export.run', () => {
  it('a recording with a gap exports as two stretches and decodes back to the same samples and times', async () => {
    const out = path.join(dir, '..', 'hgn.mseed');
    const r = await handle('export.run', { dir, event: eventIds[1], format: 'mseed', out, recordLengthBytes: 512 }, silentContext);
    expect(r.stretches.map((s) => [s.nslc, s.samples, s.encoding])).toEqual([['NL.HGN.00.BHZ', 5000, 'steim2'], ['NL.HGN.00.BHZ', hgn[1].samples.length, 'steim2']]);
    const bytes = new Uint8Array(fs.readFileSync(out));
    expect(bytes.length).toBe(r.bytes);
    const decoded = mergeTraces(decodeMiniseed(bytes).records);
    expectSame(decoded.traces, hgn);
    expect(decoded.gaps).toHaveLength(1);
    expect(decoded.gaps[0].lengthSamples).toBe(400);
  });

  it('real gaps stay gaps: four stretches of BW.BGLD..EHE, the three gaps of the source file', async () => {
    const out = path.join(dir, '..', 'bgld.mseed');
    await handle('export.run', { dir, event: eventIds[0], format: 'mseed', out }, silentContext);
    const decoded = mergeTraces(decodeMiniseed(new Uint8Array(fs.readFileSync(out))).records);
    expectSame(decoded.traces, bgld);
    expect(decoded.gaps.map((g) => g.lengthSamples)).toEqual([412, 412, 824]);
  });

  it('CSV: one file per stretch with the NSLC, rate and start in its header', async () => {
    const out = path.join(dir, '..', 'csv');
    const r = await handle('export.run', { dir, event: eventIds[1], format: 'csv', out }, silentContext);
    expect(r.stretches).toHaveLength(2);
    const [first, second] = r.stretches.map((s) => fs.readFileSync(s.path, 'utf8').trimEnd().split('\n'));
    expect(first.slice(0, 6)).toEqual(['# nslc: NL.HGN.00.BHZ', '# sample_rate_hz: 40', `# start_time: ${formatTimeUs(hgn[0].startTimeUs)}`, '# samples: 5000', `# event: ${eventIds[1]}`, 'time_utc,value']);
    expect(first).toHaveLength(6 + 5000);
    expect(first[6]).toBe(`${formatTimeUs(hgn[0].startTimeUs)},${hgn[0].samples[0]}`);
    expect(first[7]).toBe(`${formatTimeUs(hgn[0].startTimeUs + 25_000)},${hgn[0].samples[1]}`);
    expect(second[2]).toBe(`# start_time: ${formatTimeUs(hgn[1].startTimeUs)}`);
    expect(second.slice(6).map((l) => Number(l.split(',')[1]))).toEqual(Array.from(hgn[1].samples));
  });

  it('an event without a recording, or an unknown event, is a clear error', async () => {
    await expect(handle('export.run', { dir, event: 999, format: 'mseed', out: path.join(dir, '..', 'x.mseed') }, silentContext)).rejects.toThrow(/no event with id 999/);
  });

  it('foreseis export prints the stretches', () => {
    const r = runCli(['export', dir, '--event', String(eventIds[0]), '--format', 'mseed', '--out', path.join(dir, '..', 'cli.mseed')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/event \d+: 4 continuous stretches/);
    expect(r.stdout).toMatch(/BW\.BGLD\.\.EHE +2007-12-31T23:59:59\.915000Z/);
    const bad = runCli(['export', dir, '--event', String(eventIds[0]), '--format', 'sac', '--out', 'x']);
    expect([bad.status, bad.stderr.trim()]).toEqual([1, "foreseis: --format expects mseed or csv, got 'sac'"]);
  });
});
