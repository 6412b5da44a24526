import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { handle } from '../../src/main/api';
import { silentContext } from '../../src/main/api/context';
import { decodeMiniseed, formatTimeUs, mergeTraces, parseTimeUs } from '../../src/main/seismic';
import { addToEventSet, ensureEventSet, listSegments, openProject, readChannelRange, upsertEvent, upsertStation } from '../../src/main/store';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/mseed');
const root = tempDir();
const dir = path.join(root, 'project');
const data = path.join(root, 'data');

/**
 * Real files, events placed at their times:
 *  anmo-complete  IU.ANMO, origin 2018-01-01T00:00:50Z, 40 s before it: inside the file's minute → complete
 *  anmo-partial   IU.ANMO, origin 00:01:30, 40 s: the file ends at 00:00:59.9945 → partial, the last ~30 s missing
 *  bgld           BW.BGLD, origin 2008-01-01T00:04:00Z: 40 s → complete; 240 s → gaps.mseed's three gaps, partial with those spans
 *  majo           IU.MAJO, 2019: no file has it → missing
 * Files: the two above in nested folders, test.mseed (NL.HGN, matches nothing) and a README (not miniSEED).
 */
const events = [
  { publicId: 'anmo-complete', station: 'IU.ANMO', origin: '2018-01-01T00:00:50Z', seconds: 40 },
  { publicId: 'anmo-partial', station: 'IU.ANMO', origin: '2018-01-01T00:01:30Z', seconds: 40 },
  { publicId: 'bgld', station: 'BW.BGLD', origin: '2008-01-01T00:04:00Z', seconds: 240 },
  { publicId: 'majo', station: 'IU.MAJO', origin: '2019-06-18T13:22:19Z', seconds: 240 },
];

beforeAll(async () => {
  fs.mkdirSync(path.join(data, 'IU', '2018'), { recursive: true });
  fs.mkdirSync(path.join(data, 'BW'), { recursive: true });
  fs.copyFileSync(path.join(fixtures, 'IU.ANMO.10.BHZ.2018.001_first_minute.mseed'), path.join(data, 'IU', '2018', 'anmo.mseed'));
  fs.copyFileSync(path.join(fixtures, 'gaps.mseed'), path.join(data, 'BW', 'gaps.mseed'));
  fs.copyFileSync(path.join(fixtures, 'test.mseed'), path.join(data, 'hgn.mseed'));
  fs.writeFileSync(path.join(data, 'README.txt'), 'The data of the paper, as published.\n'.repeat(20));
  const p = openProject(dir, { create: true });
  try {
    await p.writeTransaction(() => {
      const setId = ensureEventSet(p, 'local');
      for (const [code, lat, lon] of [['IU.ANMO', 34.9459, -106.4572], ['BW.BGLD', 47.6, 12.8], ['IU.MAJO', 36.5457, 138.2041]] as const) {
        const [network, station] = code.split('.');
        upsertStation(p, { network, station, location: '', latitudeDeg: lat, longitudeDeg: lon, elevationM: null, siteName: null, channels: [] });
      }
      for (const e of events) {
        const id = upsertEvent(p, { publicId: e.publicId, originTimeMs: Date.parse(e.origin), latitudeDeg: 0, longitudeDeg: 0, depthKm: 10, magnitude: 6, magnitudeType: 'Mw', catalogue: null, author: null, stationCode: e.station, distanceDeg: null, flags: [] });
        addToEventSet(p, setId, id, 'train');
      }
    });
  } finally {
    p.close();
  }
});

const secondsOf = (e: (typeof events)[number]): number => e.seconds / 3600;

describe('import.run on real files', () => {
  it('matches files to events by time and reports complete / partial / missing and unmatched files', async () => {
    const r = await handle('import.run', { dir, paths: [data], hoursBefore: secondsOf(events[0]) }, silentContext);
    const byId = new Map(r.events.map((e) => [e.publicId, e]));
    expect(r.eventSet).toBe('local');
    expect(byId.get('anmo-complete')).toMatchObject({ status: 'complete', channels: ['IU.ANMO.10.BHZ'], missing: [], samples: 1600 });
    // 40 s before 00:01:30 starts at 00:00:50: the file has 00:00:50.0195… to 00:00:59.9945… (400 samples),
    // then nothing; the next sample was due one period (25 ms) after the last
    const partial = byId.get('anmo-partial')!;
    expect(partial.status).toBe('partial');
    expect(partial.samples).toBe(400);
    expect(partial.missing).toHaveLength(1);
    const [gap] = partial.missing;
    expect([gap.channel, gap.startTime.slice(0, 23), gap.endTime]).toEqual(['IU.ANMO.10.BHZ', '2018-01-01T00:01:00.019', '2018-01-01T00:01:30.000000Z']);
    // gaps.mseed's gaps all lie in its first 20 s: the 40 s before 00:04:00 are whole
    expect(byId.get('bgld')).toMatchObject({ status: 'complete', channels: ['BW.BGLD..EHE'], missing: [], samples: 8000 });
    expect(byId.get('majo')).toMatchObject({ status: 'missing', segmentId: null, channels: [] });
    expect(r.unmatchedFiles.map((f) => path.relative(data, f)).sort()).toEqual(['README.txt', 'hgn.mseed']);
    expect(r.files.find((f) => f.path.endsWith('anmo.mseed'))?.matchedEvents).toBe(2);
    expect(r.problems.some((x) => /README\.txt: no miniSEED records/.test(x))).toBe(true);
  });

  it('the stored samples are the file samples in the window, at the file times', async () => {
    const [anmo] = mergeTraces(decodeMiniseed(new Uint8Array(fs.readFileSync(path.join(data, 'IU', '2018', 'anmo.mseed')))).records).traces;
    const p = openProject(dir);
    try {
      const seg = listSegments(p).find((s) => s.stationCode === 'IU.ANMO' && s.channels[0]?.samples === 1600)!;
      expect([formatTimeUs(seg.startTimeUs), formatTimeUs(seg.endTimeUs)]).toEqual(['2018-01-01T00:00:10.000000Z', '2018-01-01T00:00:50.000000Z']);
      // the first sample at or after 00:00:10 is 00:00:10.0195, index 400 of the file
      const stored = readChannelRange(p, seg.id, 'BHZ', parseTimeUs('2018-01-01T00:00:10.019500Z'), 1600);
      expect(Array.from(stored)).toEqual(Array.from(anmo.samples.slice(400, 2000)));
      const station = p.db.prepare("SELECT location, latitude_deg FROM stations WHERE network = 'IU' AND station = 'ANMO' AND location = '10'").get();
      expect(station).toEqual({ location: '10', latitude_deg: 34.9459 });
    } finally {
      p.close();
    }
  });

  it("a re-import leaves stored events alone unless asked; --replace with a longer window finds gaps.mseed's gaps", async () => {
    const again = await handle('import.run', { dir, paths: [data], hoursBefore: secondsOf(events[0]) }, silentContext);
    expect(again.counts).toEqual({ complete: 0, partial: 0, missing: 1, alreadyStored: 3 });
    const r = await handle('import.run', { dir, paths: [path.join(data, 'BW'), path.join(data, 'IU')], hoursBefore: secondsOf(events[2]), replace: true }, silentContext);
    const bgld = r.events.find((e) => e.publicId === 'bgld')!;
    expect(bgld.status).toBe('partial');
    expect(bgld.channels).toEqual(['BW.BGLD..EHE']);
    // the same holes the decoder's merge reports (412, 412, 824 samples at 200 sps), each from its due time
    const gaps = mergeTraces(decodeMiniseed(new Uint8Array(fs.readFileSync(path.join(data, 'BW', 'gaps.mseed')))).records).gaps;
    expect(gaps.map((g) => g.lengthSamples)).toEqual([412, 412, 824]);
    expect(bgld.missing.map((m) => m.startTime)).toEqual(gaps.map((g) => formatTimeUs(g.startTimeUs)));
    bgld.missing.forEach((m, i) => expect(m.seconds).toBeCloseTo(gaps[i].lengthSeconds, 5));
    expect(r.unmatchedFiles).toEqual([]);
    const p = openProject(dir);
    try {
      expect(listSegments(p).filter((s) => s.stationCode === 'IU.ANMO')).toHaveLength(2); // replaced, not added
      const seg = listSegments(p).find((s) => s.stationCode === 'BW.BGLD')!;
      expect(seg.channels).toEqual([{ code: 'EHE', pieces: 4, samples: bgld.samples }]);
    } finally {
      p.close();
    }
  });

  it('foreseis import prints the report', () => {
    const r = runCli(['import', dir, data, '--hours', String(secondsOf(events[0]))]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/event set 'local': 0 complete, 0 partial, 1 missing, 3 already stored/);
    expect(r.stdout).toMatch(/files that matched no event \(4\)/);
    const usage = runCli(['import', dir]);
    expect(usage.status).toBe(2);
  });
});
