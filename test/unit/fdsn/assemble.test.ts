import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleWindow, dropRepeatedSamples, trimTrace } from '../../../src/main/fdsn/assemble';
import { cutOnGrid, halve, missingIntervals, planNoiseB } from '../../../src/main/fdsn/download-plan';
import { decodeMiniseed, mergeTraces, parseTimeUs, type DecodedRecord } from '../../../src/main/seismic';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures');
const cola = new Uint8Array(fs.readFileSync(path.join(fixtures, 'fdsn/testdata-3channel-signal.mseed2')));
const gaps = new Uint8Array(fs.readFileSync(path.join(fixtures, 'mseed/gaps.mseed')));
const COLA = { network: 'IU', station: 'COLA', location: '00', channels: ['LH1', 'LH2', 'LHZ'] };

/** What a data centre returns for [startUs, endUs): every whole record with a sample in it. */
function serve(file: Uint8Array, startUs: number, endUs: number): Uint8Array {
  const { records } = decodeMiniseed(file);
  const parts = records.filter((r) => r.startTimeUs < endUs && r.endTimeUs + 1e6 / r.sampleRateHz > startUs).map((r) => file.subarray(r.offset, r.offset + r.recordLengthBytes));
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function samplesOf(traces: { channel: string; startTimeUs: number; samples: ArrayLike<number> }[], channel: string): { start: number; values: number[] }[] {
  return traces.filter((t) => t.channel === channel).map((t) => ({ start: t.startTimeUs, values: Array.from(t.samples) }));
}

describe('assembling a window from chunk bodies', () => {
  const start = parseTimeUs('2010-02-27T06:55:00Z');
  const end = parseTimeUs('2010-02-27T07:55:00Z');
  // The reference: the whole file merged, cut by sample index (first sample at or after start).
  const whole = mergeTraces(decodeMiniseed(cola).records).traces;

  it('one body: the samples of the window and nothing else', () => {
    const w = assembleWindow([serve(cola, start, end)], COLA, start, end);
    expect(w.traces).toHaveLength(3);
    expect(w.gaps).toEqual([]);
    expect(w.missingChannels).toEqual([]);
    for (const t of w.traces) {
      const ref = whole.find((r) => r.channel === t.channel)!;
      const first = Math.ceil((start - ref.startTimeUs) / 1e6);
      // 1 sps: 3600 samples, the first at 06:55:00.069539
      expect(t.samples.length).toBe(3600);
      expect(t.startTimeUs).toBe(ref.startTimeUs + first * 1e6);
      expect(Array.from(t.samples)).toEqual(Array.from(ref.samples.subarray(first, first + 3600)));
    }
  });

  it('chunks that overlap at their edges (whole records) give the same samples, in any order', () => {
    const one = assembleWindow([serve(cola, start, end)], COLA, start, end);
    const cuts = [start, start + 600e6, start + 1234e6, start + 1800e6, end];
    const bodies = cuts.slice(1).map((c, i) => serve(cola, cuts[i], c)).reverse();
    // adjacent chunks really share records
    const total = bodies.reduce((a, b) => a + b.length, 0);
    expect(total).toBeGreaterThan(serve(cola, start, end).length);
    const many = assembleWindow([...bodies, bodies[1]], COLA, start, end);
    for (const ch of COLA.channels) expect(samplesOf(many.traces, ch)).toEqual(samplesOf(one.traces, ch));
  });

  it('reports the source\'s gaps (gaps.mseed: 412, 412 and 824 missing samples) and keeps them', () => {
    const sel = { network: 'BW', station: 'BGLD', location: '', channels: ['EHE'] };
    const s = parseTimeUs('2008-01-01T00:00:00Z');
    const e = parseTimeUs('2008-01-01T00:04:30Z');
    const w = assembleWindow([serve(gaps, s, s + 100e6), serve(gaps, s + 100e6, e)], sel, s, e);
    const inside = w.gaps.filter((g) => g.where === 'inside');
    expect(inside.map((g) => g.lengthSamples)).toEqual([412, 412, 824]);
    expect(w.traces).toHaveLength(4);
    expect(w.gaps.filter((g) => g.where !== 'inside')).toEqual([]);
    const n = w.traces.reduce((a, t) => a + t.samples.length, 0);
    expect(n + 412 + 412 + 824).toBe(270 * 200);
  });

  it('reports data missing at the window edges and channels with no data at all', () => {
    const s = parseTimeUs('2010-02-27T06:40:00Z');
    const e = parseTimeUs('2010-02-27T08:10:00Z');
    const w = assembleWindow([serve(cola, s, e)], { ...COLA, channels: ['LH1', 'BHZ'] }, s, e);
    expect(w.missingChannels).toEqual(['BHZ']);
    expect(w.gaps.map((g) => [g.where, g.lengthSamples])).toEqual([
      ['start', 600],
      ['end', 600],
    ]);
  });

  it('drops a record sent twice and keeps the new tail of a partly repeated one', () => {
    const recs = decodeMiniseed(cola).records.filter((r) => r.channel === 'LHZ').slice(0, 3);
    const partial: DecodedRecord = { ...recs[1], startTimeUs: recs[1].startTimeUs + 10e6, samples: recs[1].samples.subarray(10) };
    const kept = dropRepeatedSamples([recs[0], recs[1], partial, recs[1], recs[2]]);
    expect(kept.map((r) => r.samples.length)).toEqual([recs[0].samples.length, recs[1].samples.length, recs[2].samples.length]);
    const overlapping: DecodedRecord = { ...recs[1], startTimeUs: recs[1].startTimeUs - 5e6, samples: Int32Array.from([...recs[0].samples.subarray(-5), ...recs[1].samples]) };
    const k2 = dropRepeatedSamples([recs[0], overlapping]);
    expect(k2[1].startTimeUs).toBe(recs[1].startTimeUs);
    expect(Array.from(k2[1].samples)).toEqual(Array.from(recs[1].samples));
  });

  it('trims to start <= t < end', () => {
    const t = whole[0];
    const s = t.startTimeUs + 10e6; // exactly on a sample
    const cut = trimTrace(t, s, s + 5e6)!;
    expect(cut.startTimeUs).toBe(s);
    expect(cut.samples.length).toBe(5);
    // (the trace's own end time drifts 1 µs from its sample grid: B1001 rounding)
    expect(trimTrace(t, t.endTimeUs + 1000, t.endTimeUs + 10e6)).toBeNull();
    expect(trimTrace(t, t.startTimeUs - 10e6, t.startTimeUs)).toBeNull();
  });
});

describe('download planning', () => {
  it('finds the spans no answered chunk covers', () => {
    expect(missingIntervals({ startUs: 0, endUs: 100 }, [])).toEqual([{ startUs: 0, endUs: 100 }]);
    expect(missingIntervals({ startUs: 0, endUs: 100 }, [{ startUs: 20, endUs: 40 }, { startUs: 30, endUs: 50 }, { startUs: 90, endUs: 120 }, { startUs: -10, endUs: 5 }])).toEqual([
      { startUs: 5, endUs: 20 },
      { startUs: 50, endUs: 90 },
    ]);
    expect(missingIntervals({ startUs: 0, endUs: 100 }, [{ startUs: 0, endUs: 50 }, { startUs: 50, endUs: 100 }])).toEqual([]);
  });

  it('cuts on a grid since the epoch and halves on whole seconds', () => {
    const h = 3600e6;
    expect(cutOnGrid([{ startUs: 1800e6, endUs: 2 * h + 60e6 }], h)).toEqual([
      { startUs: 1800e6, endUs: h },
      { startUs: h, endUs: 2 * h },
      { startUs: 2 * h, endUs: 2 * h + 60e6 },
    ]);
    expect(halve({ startUs: 0, endUs: 3001e6 })).toEqual([{ startUs: 0, endUs: 1500e6 }, { startUs: 1500e6, endUs: 3001e6 }]);
    expect(halve({ startUs: 0, endUs: 3 })).toEqual([{ startUs: 0, endUs: 1 }, { startUs: 1, endUs: 3 }]);
  });

  it('places seeded noise-B windows at least the given distance from every event', () => {
    const day = 86_400e6;
    const origins = [0, 10 * day, 13 * day, 40 * day];
    const input = { seed: 7, count: 6, durationUs: 10 * 3600e6, minDistanceUs: 2 * day, originTimesUs: origins };
    const w = planNoiseB(input);
    expect(w).toHaveLength(6);
    expect(planNoiseB(input)).toEqual(w);
    expect(planNoiseB({ ...input, seed: 8 })).not.toEqual(w);
    for (const x of w) {
      expect(x.startUs % 1e6).toBe(0);
      for (const o of origins) expect(o <= x.startUs - 2 * day || o >= x.endUs + 2 * day).toBe(true);
    }
    for (let i = 1; i < w.length; i++) expect(w[i].startUs).toBeGreaterThanOrEqual(w[i - 1].endUs);
    expect(() => planNoiseB({ ...input, originTimesUs: [0, 3 * day] })).toThrow(/could not place/);
  });
});
