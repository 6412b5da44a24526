import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locationsWithChannels, parseStationText, parseStationXml, toStationRecord } from '../../../src/main/fdsn/station-metadata';
import { parseFdsnTimeUs } from '../../../src/main/fdsn/time';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/fdsn');
const read = (name: string): string => fs.readFileSync(path.join(fixtures, name), 'utf8');
const us = (iso: string): number => parseFdsnTimeUs(iso);

describe('StationXML 1.1 (IU_ANMO_BH.xml, real IRIS metadata)', () => {
  const stations = parseStationXml(read('IU_ANMO_BH.xml'));

  it('reads the station and its 9 channel epochs', () => {
    expect(stations).toHaveLength(1);
    const s = stations[0];
    expect(s).toMatchObject({ network: 'IU', station: 'ANMO', latitudeDeg: 34.94591, longitudeDeg: -106.4572, elevationM: 1820, siteName: 'Albuquerque, New Mexico, USA' });
    expect(s.channels.map((c) => `${c.location}.${c.channel}`)).toEqual(['00.BH1', '00.BH2', '00.BHZ', '10.BH1', '10.BH1', '10.BH2', '10.BH2', '10.BHZ', '10.BHZ']);
  });

  it('keeps orientation, rate, sensitivity and coordinates per channel epoch', () => {
    const [bh1, bh2, bhz] = stations[0].channels;
    expect(bh1).toMatchObject({ azimuthDeg: 328, dipDeg: 0, sampleRateHz: 20, sensitivity: 3.45661e9, sensitivityFrequencyHz: 0.02, inputUnits: 'M/S', latitudeDeg: 34.945981, depthM: 145 });
    expect(bh2).toMatchObject({ azimuthDeg: 58, dipDeg: 0, sensitivity: 3.34437e9 });
    expect(bhz).toMatchObject({ azimuthDeg: 0, dipDeg: -90, sensitivity: 3.27508e9 });
    expect(bh1.instrument).toBe('Geotech KS-54000 Borehole Seismometer');
    expect(bh1.startTimeUs).toBe(us('2012-03-12T20:28:00'));
    expect(bh1.endTimeUs).toBeNull(); // 2599-12-31: open
  });

  it('keeps both epochs of the 10 location, split at the sensor change', () => {
    const e = stations[0].channels.filter((c) => c.location === '10' && c.channel === 'BH1');
    expect(e.map((c) => [c.endTimeUs, c.azimuthDeg, c.sensitivity])).toEqual([
      [us('2014-08-12T00:00:00'), 243, 3.35276e10],
      [null, 71, 1.97468e9],
    ]);
    expect(e[1].startTimeUs).toBe(e[0].endTimeUs);
  });

  it('picks the epoch in force for a span, and the locations that have all channels', () => {
    expect(locationsWithChannels(stations, ['BH1', 'BH2', 'BHZ'], us('2013-01-01'), us('2013-01-02'))).toEqual(['00', '10']);
    expect(locationsWithChannels(stations, ['BH1', 'BH2', 'BHZ'], us('2011-01-01'), us('2011-01-02'))).toEqual([]);
    const { record, epochs } = toStationRecord(stations, { network: 'IU', station: 'ANMO', location: '10', channels: ['BH1', 'BH2', 'BHZ'], startUs: us('2015-01-01'), endUs: us('2015-01-02') });
    expect(record.channels.map((c) => [c.code, c.azimuthDeg, c.sampleRateHz, c.instrument])).toEqual([
      ['BH1', 71, 40, 'T120 post hole, quiet'],
      ['BH2', 161, 40, 'T120 post hole, quiet'],
      ['BHZ', 0, 40, 'T120 post hole, quiet'],
    ]);
    expect(epochs).toHaveLength(6);
    const early = toStationRecord(stations, { network: 'IU', station: 'ANMO', location: '10', channels: ['BH1'], startUs: us('2013-01-01'), endUs: us('2013-01-02') });
    expect(early.record.channels[0].azimuthDeg).toBe(243);
    expect(() => toStationRecord(stations, { network: 'IU', station: 'MAJO', location: '00', channels: ['BH1'], startUs: 0, endUs: 1 })).toThrow(/no IU.MAJO/);
  });

  it('refuses what is not StationXML', () => {
    expect(() => parseStationXml('<quakeml/>')).toThrow(/not StationXML/);
  });
});

describe('FDSN station text (real obspy fixtures)', () => {
  it('reads channel-level rows as channel epochs grouped by station', () => {
    const stations = parseStationText(read('channel_level_fdsn.txt'));
    expect(stations.map((s) => `${s.network}.${s.station}`)).toEqual(['AK.BAGL', 'AK.BWN', 'AZ.BZN']);
    const bwn = stations[1];
    expect(bwn.channels).toHaveLength(2);
    expect(bwn.channels[0]).toMatchObject({
      location: '',
      channel: 'LHZ',
      latitudeDeg: 64.1732,
      longitudeDeg: -149.2991,
      elevationM: 356,
      azimuthDeg: 0,
      dipDeg: -90,
      sensitivity: 4.88233e8,
      sensitivityFrequencyHz: 0.02,
      inputUnits: 'M/S',
      sampleRateHz: 1,
      startTimeUs: us('2010-07-23T00:00:00'),
      endTimeUs: us('2014-05-28T23:59:59'),
    });
    expect(bwn.channels[1]).toMatchObject({ depthM: 1.5, sensitivity: 4.98112e8, sensitivityFrequencyHz: 0.03, endTimeUs: null });
    expect(stations[2].channels).toHaveLength(3);
  });

  it('reads station-level rows as stations without channels', () => {
    const stations = parseStationText(read('station_level_fdsn.txt'));
    expect(stations.map((s) => [s.network, s.station, s.siteName, s.channels.length])).toEqual([
      ['TA', 'A04A', 'Legoe Bay, Lummi Island, WA, USA', 0],
      ['TA', 'A04D', 'Lummi Island, WA, USA', 0],
      ['TR', 'ALNG', 'Trinidad, Point Fortin', 0],
    ]);
    expect(stations[0].endTimeUs).toBe(us('2008-02-19T23:59:59'));
  });

  it('refuses a row whose field count does not match its header', () => {
    expect(() => parseStationText('#Network | Station | Latitude | Longitude | Elevation | SiteName | StartTime | EndTime\nTA|A04A|48.7\n')).toThrow(/fields/);
  });
});
