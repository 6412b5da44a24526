/** The synthetic project's description: catalogue, split, stations, segments, ground truth, settings. */
import { describe, expect, it } from 'vitest';
import {
  generateSegment,
  generateSyntheticProject,
  nominalSensitivityCountsPerMps,
  resolveSyntheticSettings,
  segmentTruth,
  table1Events,
} from '../../../src/main/synthetic/index';
import { ForeseisError } from '../../../src/shared/errors';
import { sameBytes } from './helpers';

const hourMs = 3_600_000;

describe('default project (Table 1)', () => {
  const p = generateSyntheticProject();

  it("uses the paper's 31 events with their 24/7 split, times and the IU.MA2 test event", () => {
    expect(table1Events.length).toBe(31);
    expect(p.events.length).toBe(31);
    expect(p.events.filter((e) => e.split === 'train').length).toBe(24);
    expect(p.events.filter((e) => e.split === 'test').length).toBe(7);
    expect(p.events[0]).toMatchObject({ time: '2019-06-18T13:22:19Z', latitudeDeg: 38.637, mw: 6.4, deltaDeg: 2.32, catalogue: 'NEIC PDE' });
    const ma2 = p.events.filter((e) => e.stationCode === 'IU.MA2');
    expect(ma2.map((e) => e.time)).toEqual(['2018-11-14T21:21:50Z']);
    expect(ma2[0].split).toBe('test');
    expect(p.stations.map((s) => s.code)).toEqual(['IU.MAJO', 'IU.MA2']);
    const seg = p.segments.find((s) => s.eventIndex === p.events.indexOf(ma2[0]));
    expect(seg?.stationCode).toBe('IU.MA2');
    expect(p.stations[1]).toMatchObject({ latitudeDeg: 59.5756, longitudeDeg: 150.77, utcOffsetHours: 11 });
  });

  it('declares IU.MAJO with its channels, orientation and nominal sensitivity', () => {
    expect(p.station).toMatchObject({ network: 'IU', station: 'MAJO', latitudeDeg: 36.5457, longitudeDeg: 138.2041, elevationM: 405 });
    expect(p.channelCodes).toEqual(['BH1', 'BH2', 'BHZ']);
    expect(p.station.channels.map((c) => [c.code, c.sampleRateHz, c.azimuthDeg, c.dipDeg])).toEqual([
      ['BH1', 40, 0, 0],
      ['BH2', 40, 90, 0],
      ['BHZ', 40, 0, -90],
    ]);
    expect(nominalSensitivityCountsPerMps).toBeCloseTo(20_000 * 1_677_720, 0);
    for (const c of p.station.channels) {
      expect(c.sensitivity).toBe(nominalSensitivityCountsPerMps);
      expect(c.inputUnits).toBe('M/S');
    }
  });

  it('has one 10 h segment ending at each origin and one noise-B segment per event, >= 48 h from every event', () => {
    const ev = p.segments.filter((s) => s.kind === 'event');
    const nb = p.segments.filter((s) => s.kind === 'noise-b');
    expect(ev.length).toBe(31);
    expect(nb.length).toBe(31);
    for (const s of ev) {
      expect(s.sampleCount).toBe(1_440_000);
      expect(s.startTimeMs + 10 * hourMs).toBe(s.originTimeMs);
    }
    for (const s of nb) {
      expect(s.sampleCount).toBe(48_000);
      expect(s.durationSeconds).toBeGreaterThanOrEqual(1000);
      const end = s.startTimeMs + s.durationSeconds * 1000;
      for (const e of p.events) expect(e.originTimeMs < s.startTimeMs - 48 * hourMs || e.originTimeMs > end + 48 * hourMs).toBe(true);
    }
    for (let i = 1; i < nb.length; i++) expect(nb[i].startTimeMs).toBeGreaterThanOrEqual(nb[i - 1].startTimeMs + 1_200_000);
    expect(new Set(p.segments.map((s) => s.id)).size).toBe(62);
  });

  it('records the ground truth: precursor on event segments only, local events inside their segment', () => {
    expect(p.truth.length).toBe(p.segments.length);
    for (const [i, t] of p.truth.entries()) {
      const s = p.segments[i];
      expect(t.segmentId).toBe(s.id);
      if (s.kind === 'event') {
        expect(t.precursor).toMatchObject({ frequenciesHz: [0.16, 0.21], bandwidthHz: 0.01, timeConstantSeconds: 7200, relativeStrength: 10, gate: null });
        expect(t.precursor?.originTimeMs).toBe(s.originTimeMs);
        for (const line of t.precursor?.lines ?? []) {
          for (let c = 0; c < 3; c++) expect(line.amplitudeCounts[c]).toBeGreaterThan(line.backgroundBandRmsCounts[c]);
        }
      } else {
        expect(t.precursor).toBeNull();
      }
      for (const q of t.localEvents) {
        expect(q.pOnsetTimeMs).toBeGreaterThanOrEqual(t.startTimeMs);
        expect(q.pOnsetTimeMs + q.durationSeconds * 1000).toBeLessThanOrEqual(t.endTimeMs);
        expect(q.sOnsetTimeMs).toBeGreaterThan(q.pOnsetTimeMs);
      }
    }
    const perEvent = p.truth.filter((t) => t.kind === 'event').map((t) => t.localEvents.length);
    const mean = perEvent.reduce((a, b) => a + b, 0) / perEvent.length;
    expect(mean).toBeGreaterThan(1.5); // 3 per 10 h on average
    expect(mean).toBeLessThan(4.5);
    expect(segmentTruth({}, { kind: 'event', eventIndex: 3 })).toEqual(p.truth[3]);
    expect(JSON.parse(JSON.stringify(p))).toEqual(p); // a plain description: survives JSON
  });
});

describe('random catalogues', () => {
  it('draws N seeded events >= 5 days apart in 2012-03..2020-03 with round(N*24/31) for training', () => {
    const p = generateSyntheticProject({ eventCount: 12, seed: 42 });
    expect(p.events.length).toBe(12);
    expect(p.events.filter((e) => e.split === 'train').length).toBe(Math.round((12 * 24) / 31));
    const t = p.events.map((e) => e.originTimeMs);
    for (let i = 1; i < t.length; i++) expect(t[i] - t[i - 1]).toBeGreaterThanOrEqual(5 * 24 * hourMs);
    expect(t[0]).toBeGreaterThanOrEqual(Date.parse('2012-03-01T00:00:00Z') + 10 * hourMs);
    expect(t[t.length - 1]).toBeLessThanOrEqual(Date.parse('2020-03-01T00:00:00Z'));
    for (const e of p.events) {
      expect(e.deltaDeg).toBeGreaterThanOrEqual(2);
      expect(e.deltaDeg).toBeLessThanOrEqual(20);
      expect(e.mw).toBeGreaterThanOrEqual(6);
      expect(e.stationCode).toBe('IU.MAJO');
    }
    expect(p.stations.map((s) => s.code)).toEqual(['IU.MAJO']);
    expect(generateSyntheticProject({ eventCount: 12, seed: 42 }).events).toEqual(p.events);
    expect(generateSyntheticProject({ eventCount: 12, seed: 43 }).events).not.toEqual(p.events);
  });

  it('honours noise-B count and duration settings', () => {
    const p = generateSyntheticProject({ eventCount: 5, noiseB: { count: 2, durationSeconds: 1500 } });
    const nb = p.segments.filter((s) => s.kind === 'noise-b');
    expect(nb.map((s) => s.sampleCount)).toEqual([60_000, 60_000]);
    const seg = generateSegment({ eventCount: 5, noiseB: { count: 2, durationSeconds: 1500 } }, { kind: 'noise-b', index: 1 });
    expect(seg.channels.map((c) => c.length)).toEqual([60_000, 60_000, 60_000]);
    expect(seg.startTimeMs).toBe(nb[1].startTimeMs);
    for (const c of seg.channels) for (let i = 0; i < c.length; i += 997) expect(Number.isInteger(c[i])).toBe(true);
  });

  it('noise-B segments are deterministic in the seed', () => {
    const a = generateSegment({ seed: 9 }, { kind: 'noise-b', index: 4 });
    const b = generateSegment({ seed: 9 }, { kind: 'noise-b', index: 4 });
    const c = generateSegment({ seed: 10 }, { kind: 'noise-b', index: 4 });
    for (let ch = 0; ch < 3; ch++) {
      expect(sameBytes(a.channels[ch], b.channels[ch])).toBe(true);
      expect(sameBytes(a.channels[ch], c.channels[ch])).toBe(false);
    }
  });
});

describe('settings', () => {
  it('fills defaults and keeps what it is given', () => {
    const s = resolveSyntheticSettings({ precursor: { frequenciesHz: [0.3], gate: { startSecondsBeforeOrigin: 600, endSecondsBeforeOrigin: 400 } } });
    expect(s.eventCount).toBe(31);
    expect(s.precursor.frequenciesHz).toEqual([0.3]);
    expect(s.precursor.bandwidthHz).toBe(0.01);
    expect(s.precursor.gate).toEqual({ startSecondsBeforeOrigin: 600, endSecondsBeforeOrigin: 400 });
    expect(resolveSyntheticSettings(s)).toEqual(s);
  });

  it.each([
    [{ eventCount: 0 }, /eventCount/],
    [{ precursor: { frequenciesHz: [] } }, /at least one frequency/],
    [{ precursor: { frequenciesHz: [19] } }, /must lie inside/],
    [{ precursor: { relativeStrength: -1 } }, /relativeStrength/],
    [{ precursor: { gate: { startSecondsBeforeOrigin: 100, endSecondsBeforeOrigin: 200 } } }, /gate/],
    [{ catalogue: { source: 'table1' as const }, eventCount: 30 }, /31 events/],
    [{ noise: { horizontalCoherentFraction: 2 } }, /horizontalCoherentFraction/],
    [{ eventCount: 1000 }, /do not fit|could not place/],
  ])('rejects %j', (input, message) => {
    let err: unknown;
    try {
      generateSyntheticProject(input);
    } catch (e) {
      err = e;
    }
    expect(ForeseisError.is(err)).toBe(true);
    expect((err as ForeseisError).code).toBe('bad-input');
    expect((err as ForeseisError).message).toMatch(message);
  });

  it('refuses a segment that does not exist', () => {
    expect(() => generateSegment({}, { kind: 'event', eventIndex: 31 })).toThrow(/no synthetic segment/);
  });
});
