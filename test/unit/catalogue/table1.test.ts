import { describe, expect, it } from 'vitest';
import { greatCircleDistanceDeg } from '../../../src/main/catalogue/distance';
import { isMomentMagnitude, selectEvents } from '../../../src/main/catalogue/select';
import { table1Catalogue } from '../../../src/main/catalogue/table1';
import type { FdsnEvent } from '../../../src/main/fdsn/event-types';

describe("the paper's Table 1 preset", () => {
  const rows = table1Catalogue();

  it('has 31 events, 24 train and 7 test, one of them recorded at IU.MA2', () => {
    expect(rows).toHaveLength(31);
    expect(rows.filter((r) => r.split === 'train')).toHaveLength(24);
    expect(rows.filter((r) => r.split === 'test')).toHaveLength(7);
    const ma2 = rows.filter((r) => r.stationCode === 'IU.MA2');
    expect(ma2.map((r) => [new Date(r.originTimeUs / 1000).toISOString(), r.split])).toEqual([['2018-11-14T21:21:50.000Z', 'test']]);
  });

  it('computed Δ matches the printed Δ within 0.05° on every row but the one flagged', () => {
    const mismatched = rows.filter((r) => Math.abs(r.distanceDeg - (r.printedDistanceDeg as number)) > 0.05);
    expect(mismatched.map((r) => new Date(r.originTimeUs / 1000).toISOString())).toEqual(['2016-01-11T17:08:03.000Z']);
    for (const r of rows) {
      if (mismatched.includes(r)) continue;
      expect(Math.abs(r.distanceDeg - (r.printedDistanceDeg as number))).toBeLessThanOrEqual(0.05);
      expect(r.flags).toEqual([]);
    }
    const [bad] = mismatched;
    expect(bad.flags).toEqual(['delta-mismatch']);
    expect(bad.printedDistanceDeg).toBe(6.93);
    expect(bad.distanceDeg).toBeCloseTo(8.23, 2);
  });

  it('measures the starred event from IU.MA2, not IU.MAJO', () => {
    const ma2 = rows.find((r) => r.stationCode === 'IU.MA2')!;
    expect(ma2.distanceDeg).toBeCloseTo(greatCircleDistanceDeg(59.5756, 150.77, 55.6324, 162.0008), 12);
    expect(Math.abs(ma2.distanceDeg - greatCircleDistanceDeg(36.5457, 138.2041, 55.6324, 162.0008))).toBeGreaterThan(5);
  });
});

describe('great-circle distance', () => {
  it('agrees with known answers', () => {
    expect(greatCircleDistanceDeg(0, 0, 0, 90)).toBeCloseTo(90, 12);
    expect(greatCircleDistanceDeg(90, 0, -90, 0)).toBeCloseTo(180, 12);
    expect(greatCircleDistanceDeg(36.5457, 138.2041, 36.5457, 138.2041)).toBe(0);
    // 1e-6 degrees apart on the equator: haversine keeps the digits
    expect(greatCircleDistanceDeg(0, 10, 0, 10.000001)).toBeCloseTo(1e-6, 12);
  });
});

describe('selection rules', () => {
  const base: FdsnEvent = { publicId: 'a', originTimeUs: Date.UTC(2015, 0, 1) * 1000, latitudeDeg: 38.297, longitudeDeg: 142.373, depthKm: 29, magnitude: 6.5, magnitudeType: 'Mww', catalogue: null, contributor: null, author: null, locationName: null, eventType: null };
  const station = { code: 'IU.MAJO', latitudeDeg: 36.5457, longitudeDeg: 138.2041 };

  it('re-applies radius, magnitude, Mw and time, and sorts by time', () => {
    const events: FdsnEvent[] = [
      { ...base, publicId: 'late', originTimeUs: base.originTimeUs + 1000 },
      base,
      { ...base, publicId: 'far', latitudeDeg: 9.614, longitudeDeg: 121.961 },
      { ...base, publicId: 'small', magnitude: 5.9 },
      { ...base, publicId: 'mb', magnitudeType: 'mb' },
      { ...base, publicId: 'nomag', magnitude: null, magnitudeType: null },
      { ...base, publicId: 'before', originTimeUs: Date.UTC(2011, 0, 1) * 1000 },
    ];
    const sel = selectEvents(events, station, { startTimeUs: Date.UTC(2012, 2, 1) * 1000, minMagnitude: 6, maxRadiusDeg: 20, momentMagnitudeOnly: true });
    expect(sel.kept.map((e) => e.publicId)).toEqual(['a', 'late']);
    expect(sel.kept[0].distanceDeg).toBeCloseTo(greatCircleDistanceDeg(36.5457, 138.2041, 38.297, 142.373), 12);
    expect(Object.fromEntries(sel.rejected.map((r) => [r.publicId, r.reason]))).toEqual({
      far: 'outside-radius', small: 'magnitude', mb: 'not-moment-magnitude', nomag: 'not-moment-magnitude', before: 'outside-time',
    });
  });

  it('knows moment magnitude types', () => {
    expect(['Mw', 'MW', 'mww', 'Mwc', 'Mwr', 'Mwb'].every(isMomentMagnitude)).toBe(true);
    expect(['mb', 'Ms', 'ML', 'Md', null].some(isMomentMagnitude)).toBe(false);
  });
});
