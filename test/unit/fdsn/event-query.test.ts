import { describe, expect, it } from 'vitest';
import { buildEventQueryUrl, canonicalEventParameter } from '../../../src/main/fdsn/event-query';
import { eventQueryParameters } from '../../../src/main/fdsn/event-client';

const root = 'https://service.iris.edu/fdsnws/event/1/';

describe('fdsnws-event URL', () => {
  it('maps aliases to canonical names', () => {
    expect(['start', 'end', 'minmag', 'maxmag', 'lat', 'lon', 'minlat', 'maxlon', 'magtype'].map(canonicalEventParameter)).toEqual([
      'starttime', 'endtime', 'minmagnitude', 'maxmagnitude', 'latitude', 'longitude', 'minlatitude', 'maxlongitude', 'magnitudetype',
    ]);
    expect(() => canonicalEventParameter('minmagnitudes')).toThrow(/unknown fdsnws-event parameter/);
  });

  it('builds the paper query in table order, whatever spelling was used', () => {
    const url = buildEventQueryUrl(root, { minmag: 6, start: '2012-03-01T00:00:00Z', end: '2020-03-01', lat: 36.5457, lon: 138.2041, maxradius: 20, orderby: 'time-asc', format: 'text' });
    expect(url).toBe(
      'https://service.iris.edu/fdsnws/event/1/query?starttime=2012-03-01T00:00:00&endtime=2020-03-01T00:00:00&latitude=36.5457&longitude=138.2041&maxradius=20&minmagnitude=6&orderby=time-asc&format=text',
    );
  });

  it('builds from a typed query (µs times) with defaults', () => {
    const url = buildEventQueryUrl('http://127.0.0.1:8080/fdsnws/event/1', eventQueryParameters({ startTimeUs: Date.UTC(2012, 2, 1) * 1000, endTimeUs: Date.UTC(2012, 2, 2) * 1000 + 500 }));
    expect(url).toBe('http://127.0.0.1:8080/fdsnws/event/1/query?starttime=2012-03-01T00:00:00&endtime=2012-03-02T00:00:00.000500&orderby=time-asc&format=xml');
  });

  it('refuses bad values, double spellings and half a radius search', () => {
    expect(() => buildEventQueryUrl(root, { minmag: 'six' })).toThrow(/minmagnitude: expected a number/);
    expect(() => buildEventQueryUrl(root, { format: 'json' })).toThrow(/expected one of xml, text/);
    expect(() => buildEventQueryUrl(root, { orderby: 'depth' })).toThrow(/time, time-asc, magnitude, magnitude-asc/);
    expect(() => buildEventQueryUrl(root, { starttime: 'March' })).toThrow(/ISO 8601/);
    expect(() => buildEventQueryUrl(root, { limit: 2.5 })).toThrow(/an integer/);
    expect(() => buildEventQueryUrl(root, { minmag: 6, minmagnitude: 6 })).toThrow(/given twice/);
    expect(() => buildEventQueryUrl(root, { latitude: 36, maxradius: 20 })).toThrow(/both latitude and longitude/);
  });
});
