import { describe, expect, it } from 'vitest';
import { canonicalParam, dataselectPostBody, dataselectUrl, parseDataselectPostBody, stationParams, stationUrl } from '../../../src/main/fdsn/query';
import { formatFdsnTime, parseFdsnTimeUs } from '../../../src/main/fdsn/time';
import { parseTimeUs } from '../../../src/main/seismic';

const T0 = parseTimeUs('2010-02-27T06:50:00.069539Z');
const T1 = parseTimeUs('2010-02-27T07:50:00Z');

describe('FDSN time formatting', () => {
  it.each([
    ['2010-02-27T06:50:00.069539Z', '2010-02-27T06:50:00.069539'],
    ['2010-02-27T07:50:00Z', '2010-02-27T07:50:00'],
    ['2018-01-01T00:00:00.0195Z', '2018-01-01T00:00:00.019500'],
    ['2003-05-29T02:13:22.000001Z', '2003-05-29T02:13:22.000001'],
  ])('%s is written %s (µs, no zone letter)', (iso, want) => {
    expect(formatFdsnTime(parseTimeUs(iso))).toBe(want);
  });

  it('writes times before 1970 (negative µs) correctly', () => {
    const us = Date.UTC(1960, 4, 22, 19, 11, 14, 500) * 1000 + 123;
    expect(formatFdsnTime(us)).toBe('1960-05-22T19:11:14.500123');
    expect(parseFdsnTimeUs('1960-05-22T19:11:14.500123')).toBe(us);
  });

  it.each([
    ['2012-03-12T20:28:00', Date.UTC(2012, 2, 12, 20, 28) * 1000],
    ['2012-03-12T20:28:00Z', Date.UTC(2012, 2, 12, 20, 28) * 1000],
    ['2012-03-12T20:28:00+00:00', Date.UTC(2012, 2, 12, 20, 28) * 1000],
    ['2012-03-12', Date.UTC(2012, 2, 12) * 1000],
    ['2010-02-27T06:50:00.0695391234', Date.UTC(2010, 1, 27, 6, 50) * 1000 + 69539],
    ['2010-02-27T06:50:00.5', Date.UTC(2010, 1, 27, 6, 50) * 1000 + 500000],
  ])('parses %s', (text, us) => {
    expect(parseFdsnTimeUs(text)).toBe(us);
  });

  it('refuses what is not a time, and non-integer µs', () => {
    expect(() => parseFdsnTimeUs('yesterday')).toThrow(RangeError);
    expect(() => parseFdsnTimeUs('2012-03-12T20:28:00+01:00')).toThrow(RangeError);
    expect(() => formatFdsnTime(1.5)).toThrow(RangeError);
  });
});

describe('fdsnws-station requests', () => {
  it('builds the parameter table in the specification\'s long names', () => {
    expect(stationParams({ network: 'IU', station: 'ANMO', location: '', channel: ['BH1', 'BH2', 'BHZ'], startTimeUs: T0, endTimeUs: T1 })).toEqual([
      ['network', 'IU'],
      ['station', 'ANMO'],
      ['location', '--'],
      ['channel', 'BH1,BH2,BHZ'],
      ['starttime', '2010-02-27T06:50:00.069539'],
      ['endtime', '2010-02-27T07:50:00'],
      ['level', 'channel'],
      ['format', 'xml'],
    ]);
  });

  it('builds the URL under the service root', () => {
    expect(stationUrl('https://service.iris.edu/fdsnws/station/1/', { network: 'IU', station: 'MAJO', location: ['00', '10'], level: 'response', format: 'text' })).toBe(
      'https://service.iris.edu/fdsnws/station/1/query?network=IU&station=MAJO&location=00,10&level=response&format=text',
    );
    expect(stationUrl('http://127.0.0.1:8080/fdsnws/station/1', { network: 'IU', latitudeDeg: 36.5, longitudeDeg: 138.2, maxRadiusDeg: 1 })).toBe(
      'http://127.0.0.1:8080/fdsnws/station/1/query?network=IU&latitude=36.5&longitude=138.2&maxradius=1&level=channel&format=xml',
    );
  });
});

describe('fdsnws-dataselect requests', () => {
  const q = { network: 'IU', station: 'COLA', location: '00', channel: ['LH1', 'LH2', 'LHZ'], startTimeUs: T0, endTimeUs: T1 };

  it('GET: one query with a channel list', () => {
    expect(dataselectUrl('http://h/fdsnws/dataselect/1/', q)).toBe(
      'http://h/fdsnws/dataselect/1/query?network=IU&station=COLA&location=00&channel=LH1,LH2,LHZ&starttime=2010-02-27T06:50:00.069539&endtime=2010-02-27T07:50:00',
    );
  });

  it('POST: a selection list, one line per channel, -- for the empty location', () => {
    expect(dataselectPostBody([q, { ...q, station: 'ANMO', location: '', channel: 'BHZ', quality: 'B' }])).toBe(
      'quality=B\n' +
        'IU COLA 00 LH1 2010-02-27T06:50:00.069539 2010-02-27T07:50:00\n' +
        'IU COLA 00 LH2 2010-02-27T06:50:00.069539 2010-02-27T07:50:00\n' +
        'IU COLA 00 LHZ 2010-02-27T06:50:00.069539 2010-02-27T07:50:00\n' +
        'IU ANMO -- BHZ 2010-02-27T06:50:00.069539 2010-02-27T07:50:00\n',
    );
  });

  it('parses a selection list back (what a server does)', () => {
    const parsed = parseDataselectPostBody(dataselectPostBody([{ ...q, location: '', quality: 'M' }]));
    expect(parsed.params).toEqual({ quality: 'M' });
    expect(parsed.selections).toHaveLength(3);
    expect(parsed.selections[2]).toEqual({ network: 'IU', station: 'COLA', location: '', channel: 'LHZ', start: '2010-02-27T06:50:00.069539', end: '2010-02-27T07:50:00' });
    expect(() => parseDataselectPostBody('IU COLA 00 LHZ 2010-02-27T06:50:00\n')).toThrow(/6 fields/);
  });

  it.each([
    ['net', 'network'],
    ['STA', 'station'],
    ['loc', 'location'],
    ['cha', 'channel'],
    ['start', 'starttime'],
    ['end', 'endtime'],
    ['minlat', 'minlatitude'],
    ['starttime', 'starttime'],
    ['format', 'format'],
  ])('alias %s means %s', (alias, long) => {
    expect(canonicalParam(alias)).toBe(long);
  });
});
