import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseQuakeml } from '../../../src/main/fdsn/event-quakeml';
import { parseEventText } from '../../../src/main/fdsn/event-text';
import { parseEventTimeUs, formatQueryTime } from '../../../src/main/fdsn/event-time';
import { formatTimeUs } from '../../../src/main/seismic';

const dir = path.resolve(import.meta.dirname, '../../fixtures/fdsn-event');
const read = (name: string): string => fs.readFileSync(path.join(dir, name), 'utf8');
const iso = (us: number): string => formatTimeUs(us);

describe('event times', () => {
  it('reads every form real services write, to the microsecond', () => {
    expect(iso(parseEventTimeUs('2019-10-31T01:20:58.661000Z')!)).toBe('2019-10-31T01:20:58.661000Z');
    expect(iso(parseEventTimeUs('2011-03-11T05:46:24.1200')!)).toBe('2011-03-11T05:46:24.120000Z');
    expect(iso(parseEventTimeUs('2012-04-04T14:21:42.3+00:00')!)).toBe('2012-04-04T14:21:42.300000Z');
    expect(iso(parseEventTimeUs('2012-04-04T16:21:42.3+02:00')!)).toBe('2012-04-04T14:21:42.300000Z');
    expect(iso(parseEventTimeUs('2010-02-27T06:50:00.069539Z')!)).toBe('2010-02-27T06:50:00.069539Z');
    expect(iso(parseEventTimeUs('2010-02-27T06:50:00.0695394Z')!)).toBe('2010-02-27T06:50:00.069539Z');
    expect(iso(parseEventTimeUs('2020-03-01')!)).toBe('2020-03-01T00:00:00.000000Z');
    expect(parseEventTimeUs('yesterday')).toBeNull();
    expect(parseEventTimeUs('2020-02-30T00:00:00')).toBeNull();
    expect(parseEventTimeUs('2020-02-01T24:00:00')).toBeNull();
  });
  it('formats query times without a zone, with a fraction only when needed', () => {
    expect(formatQueryTime(Date.UTC(2012, 2, 1) * 1000)).toBe('2012-03-01T00:00:00');
    expect(formatQueryTime(Date.UTC(2012, 2, 1) * 1000 + 1)).toBe('2012-03-01T00:00:00.000001');
  });
});

describe('QuakeML 1.2', () => {
  it('old IRIS ws/event: depth written in km is taken as km, catalogue/contributor/author read', () => {
    const r = parseQuakeml(read('iris_events.xml'));
    expect(r.events).toHaveLength(2);
    const [tohoku, sulu] = r.events;
    expect(tohoku.publicId).toBe('smi:www.iris.edu/ws/event/query?eventId=3279407');
    expect(iso(tohoku.originTimeUs)).toBe('2011-03-11T05:46:24.120000Z');
    expect([tohoku.latitudeDeg, tohoku.longitudeDeg, tohoku.depthKm]).toEqual([38.297, 142.373, 29]);
    expect([tohoku.magnitude, tohoku.magnitudeType]).toEqual([9.1, 'MW']);
    expect([tohoku.catalogue, tohoku.contributor, tohoku.author]).toEqual(['NEIC PDE', 'NEIC PDE-W', 'NEIC']);
    expect(tohoku.locationName).toBe('NEAR EAST COAST OF HONSHU, JAPAN');
    expect([sulu.catalogue, sulu.contributor, sulu.author, sulu.magnitude, sulu.magnitudeType, sulu.depthKm]).toEqual(['ISC', 'ISC', 'MAN', 9.8, 'MS', 9]);
    expect(iso(sulu.originTimeUs)).toBe('2006-09-10T04:26:33.610000Z');
    expect(r.notes.join(' ')).toMatch(/2 depth\(s\).*km/);
  });

  it('USGS via ObsPy: µs times, depth in metres converted to km, preferred magnitude', () => {
    const r = parseQuakeml(read('obspy_catalog.xml'));
    expect(r.events.map((e) => e.publicId)).toEqual([
      'quakeml:earthquake.usgs.gov/fdsnws/event/1/query?eventid=us6000697y&format=quakeml',
      'quakeml:earthquake.usgs.gov/fdsnws/event/1/query?eventid=us700061e9&format=quakeml',
    ]);
    const [a, b] = r.events;
    expect(iso(a.originTimeUs)).toBe('2019-10-31T01:20:58.661000Z');
    expect([a.latitudeDeg, a.longitudeDeg, a.depthKm, a.magnitude, a.magnitudeType]).toEqual([6.8717, 125.1581, 10, 5.1, 'mb']);
    expect(iso(b.originTimeUs)).toBe('2019-10-31T01:11:19.146000Z');
    expect([b.latitudeDeg, b.longitudeDeg, b.depthKm]).toEqual([6.9098, 125.1782, 10]);
    expect([b.magnitude, b.magnitudeType]).toEqual([6.5, 'mww']);
    expect([a.catalogue, a.contributor]).toEqual(['us', 'us']);
    expect(r.notes).toEqual([]);
  });

  it('ComCat with catalog:* attributes: depths in metres (10 m and 0 m), types and agencies', () => {
    const r = parseQuakeml(read('usgs_event.xml'));
    expect(r.events).toHaveLength(2);
    const [ci, uw] = r.events;
    expect(iso(ci.originTimeUs)).toBe('2014-11-06T00:24:42.240000Z');
    expect([ci.latitudeDeg, ci.longitudeDeg, ci.depthKm, ci.magnitude, ci.magnitudeType]).toEqual([35.0476667, -117.6623333, 0.01, 1.54, 'ml']);
    expect([ci.catalogue, ci.contributor, ci.author, ci.eventType]).toEqual(['ci', 'ci', 'CI', 'quarry_blast']);
    expect(iso(uw.originTimeUs)).toBe('2014-11-14T21:07:48.200000Z');
    expect([uw.latitudeDeg, uw.longitudeDeg, uw.depthKm, uw.magnitude, uw.magnitudeType, uw.catalogue]).toEqual([42.138, -120.2807, 0, 1.6, 'Md', 'uw']);
  });

  it('a large ComCat event: the preferred origin and magnitude among several', () => {
    const r = parseQuakeml(read('usgs.xml'));
    expect(r.events).toHaveLength(1);
    const e = r.events[0];
    expect(e.publicId).toBe('quakeml:us.anss.org/event/6000kawn');
    expect(iso(e.originTimeUs)).toBe('2023-05-10T16:02:00.451000Z');
    expect([e.latitudeDeg, e.longitudeDeg, e.depthKm]).toEqual([-15.6002, -174.6077, 210.097]);
    expect([e.magnitude, e.magnitudeType]).toEqual([7.6, 'Mww']);
    expect(e.author).toBe('us');
    expect(e.locationName).toBe('Tonga');
  });

  it('QuakeML 1.0 (NERIES) is refused with a clear message', () => {
    expect(() => parseQuakeml(read('neries_events.xml'))).toThrow(/QuakeML 1\.0.*not supported.*1\.2/);
  });

  it('refuses what is not QuakeML 1.2', () => {
    expect(() => parseQuakeml('<html><body>Service busy</body></html>')).toThrow(/not a QuakeML 1\.2 document/);
  });
});

describe('FDSN event text', () => {
  it('reads both rows with empty fields as null and depth in km', () => {
    const r = parseEventText(read('events.txt'));
    expect(r.events).toHaveLength(2);
    const [sumatra, chile] = r.events;
    expect(sumatra).toEqual({
      publicId: '3337497',
      originTimeUs: Date.UTC(2012, 3, 11, 8, 38, 37) * 1000,
      latitudeDeg: 2.2376,
      longitudeDeg: 93.0144,
      depthKm: 26.3,
      magnitude: 8.6,
      magnitudeType: 'MW',
      catalogue: null,
      contributor: 'ISC',
      author: 'ISC',
      locationName: 'SUMATRA',
      eventType: null,
    });
    expect(chile.publicId).toBe('2413');
    expect(iso(chile.originTimeUs)).toBe('1960-05-22T19:11:14.000000Z');
    expect([chile.latitudeDeg, chile.longitudeDeg, chile.depthKm, chile.magnitude]).toEqual([-38.17, -72.57, 0, 8.5]);
    expect([chile.author, chile.magnitudeType, chile.locationName]).toEqual([null, null, null]);
  });

  it('finds columns by name when a server adds EventType', () => {
    const body = '#EventID|Time|Latitude|Longitude|Depth/km|Author|Catalog|Contributor|ContributorID|MagType|Magnitude|MagAuthor|EventLocationName|EventType\n' +
      'us1|2019-06-18T13:22:19.000Z|38.637|139.4804|12.0|us|us|us|us1|mww|6.4|us|near the west coast of Honshu|earthquake\n';
    const [e] = parseEventText(body).events;
    expect([e.magnitude, e.magnitudeType, e.eventType, e.catalogue]).toEqual([6.4, 'mww', 'earthquake', 'us']);
  });

  it('refuses a body without the header line', () => {
    expect(() => parseEventText('3337497|2012-04-11T08:38:37|2.2|93.0')).toThrow(/#EventID header/);
  });
});
