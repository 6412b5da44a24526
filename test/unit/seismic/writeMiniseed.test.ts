import { describe, expect, it } from 'vitest';
import { decodeMiniseed, formatTimeUs, mergeTraces, type Trace, writeMiniseed, chooseEncoding, rateFactorMultiplier, nominalSampleRateHz } from '../../../src/main/seismic';
import { mulberry32 } from '../../../src/shared/random';
import { fixture } from './fixtures';

function roundTrip(traces: Trace[], recordLengthBytes: 512 | 4096) {
  const written = writeMiniseed(
    traces.map((t) => ({ network: t.network, station: t.station, location: t.location, channel: t.channel, startTimeUs: t.startTimeUs, sampleRateHz: t.sampleRateHz, samples: t.samples })),
    { recordLengthBytes },
  );
  const decoded = decodeMiniseed(written.bytes);
  expect(decoded.errors).toEqual([]);
  return { written, decoded, merged: mergeTraces(decoded.records) };
}

/**
 * Same NSLC, start time (to the µs), rate and samples. The end time is start + (n − 1)/rate: a
 * merged trace is one evenly sampled stretch, so the writer spaces its records evenly, while the
 * original's end is its last record's own start (records may drift within libmseed's ½-sample
 * tolerance): it must stay within half a sample of the written end.
 */
function expectSameTraces(a: Trace[], b: Trace[]): void {
  expect(b.map((t) => [t.nslc, formatTimeUs(t.startTimeUs), t.sampleRateHz, t.samples.length])).toEqual(a.map((t) => [t.nslc, formatTimeUs(t.startTimeUs), t.sampleRateHz, t.samples.length]));
  for (let i = 0; i < a.length; i++) {
    expect(Array.from(b[i].samples)).toEqual(Array.from(a[i].samples));
    const periodUs = 1e6 / a[i].sampleRateHz;
    expect(Math.abs(b[i].endTimeUs - (a[i].startTimeUs + (a[i].samples.length - 1) * periodUs))).toBeLessThanOrEqual(1);
    expect(Math.abs(b[i].endTimeUs - a[i].endTimeUs)).toBeLessThanOrEqual(periodUs / 2);
  }
}

describe('miniSEED writer: round trips through our decoder on real samples', () => {
  const cases: [string, number][] = [
    ['test.mseed', 1], // NL.HGN.00.BHZ 40 sps, Steim-2
    ['gaps.mseed', 4], // BW.BGLD..EHE 200 sps, Steim-1, three gaps → four stretches
    ['IU.ANMO.10.BHZ.2018.001_first_minute.mseed', 1], // B1001 µs start times
    ['XX.PI04.RW.HNZ.2019.070.18', 11], // 400 sps int16, overlapping records
    ['ffbx_unrotated_gaps.mseed', -1], // 18 channels, 40 and 200 sps, gaps
  ];
  for (const [name, stretches] of cases) {
    for (const recordLength of [512, 4096] as const) {
      it(`${name}, ${recordLength}-byte records: same samples, times and gaps`, () => {
        const original = mergeTraces(decodeMiniseed(fixture(name)).records);
        if (stretches > 0) expect(original.traces).toHaveLength(stretches);
        const { written, merged } = roundTrip(original.traces, recordLength);
        expect(written.encodings.every((e) => e === 'steim2')).toBe(true);
        expect(written.bytes.length % recordLength).toBe(0);
        expectSameTraces(original.traces, merged.traces);
        // the same gaps and overlaps; their lengths move by under one sample with the even spacing
        expect(merged.gaps.map((g) => [g.nslc, g.kind])).toEqual(original.gaps.map((g) => [g.nslc, g.kind]));
        merged.gaps.forEach((g, i) => expect(Math.abs(g.lengthSamples - original.gaps[i].lengthSamples)).toBeLessThanOrEqual(1));
      });
    }
  }

  it('Steim-2 compresses real 40 sps data well below 4 bytes a sample', () => {
    const [t] = mergeTraces(decodeMiniseed(fixture('test.mseed')).records).traces;
    const { written } = roundTrip([t], 4096);
    expect(written.bytes.length / t.samples.length).toBeLessThan(2);
  });
});

describe('miniSEED writer: encodings and edge cases', () => {
  const base = { network: 'XX', station: 'TEST', location: '00', channel: 'BHZ', startTimeUs: Date.UTC(2019, 5, 18, 3, 22, 19) * 1000 + 123_456, sampleRateHz: 40 };

  it('falls back to int32 when a difference does not fit 30 bits, and keeps every value', () => {
    const samples = Int32Array.from([0, 2 ** 31 - 1, -(2 ** 31), 5, -7, 2 ** 29, -(2 ** 29)]);
    expect(chooseEncoding(samples)).toBe('int32');
    const out = writeMiniseed([{ ...base, samples }], { recordLengthBytes: 512 });
    const [r] = decodeMiniseed(out.bytes).records;
    expect(r.encoding).toBe(3);
    expect(Array.from(r.samples)).toEqual(Array.from(samples));
  });

  it('Steim-2 at the edges of every packing (4 … 30 bits) with random walks', () => {
    const rng = mulberry32(7);
    for (const bits of [4, 5, 6, 8, 10, 15, 30]) {
      const lim = 2 ** (bits - 1);
      const samples = new Int32Array(3000);
      for (let i = 1; i < samples.length; i++) {
        const step = i % 97 === 0 ? (rng() < 0.5 ? -lim : lim - 1) : Math.floor(rng() * 2 * lim) - lim;
        samples[i] = Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, samples[i - 1] + step));
      }
      if (chooseEncoding(samples) !== 'steim2') continue; // a 30-bit walk clamped at the int32 edge
      const out = writeMiniseed([{ ...base, samples }], { recordLengthBytes: 512 });
      const merged = mergeTraces(decodeMiniseed(out.bytes).records);
      expect(merged.traces).toHaveLength(1);
      expect(Array.from(merged.traces[0].samples)).toEqual(Array.from(samples));
    }
  });

  it('float data are written as float32, exactly', () => {
    const samples = Float32Array.from([0.5, -1.25, 3.1415927, 1e-8, -2e9, 123456.78]);
    expect(chooseEncoding(samples)).toBe('float32');
    const out = writeMiniseed([{ ...base, samples }]);
    const [r] = decodeMiniseed(out.bytes).records;
    expect(r.encoding).toBe(4);
    expect(r.samples).toEqual(samples);
  });

  it('keeps the microseconds of the start time (B1001) on every record', () => {
    const samples = new Int32Array(5000).map((_, i) => i % 50);
    const out = writeMiniseed([{ ...base, samples }], { recordLengthBytes: 512 });
    const records = decodeMiniseed(out.bytes).records;
    expect(records.length).toBeGreaterThan(3);
    expect(formatTimeUs(records[0].startTimeUs)).toBe('2019-06-18T03:22:19.123456Z');
    let at = 0;
    for (const r of records) {
      expect(r.startTimeUs).toBe(base.startTimeUs + Math.round((at * 1e6) / 40));
      at += r.samples.length;
    }
    expect(at).toBe(5000);
  });

  it('sample rates: factor/multiplier when exact, blockette 100 otherwise', () => {
    expect(rateFactorMultiplier(40)).toEqual([40, 1]);
    expect(rateFactorMultiplier(0.1)).toEqual([-10, 1]);
    expect(rateFactorMultiplier(2.5)).toEqual([5, -2]);
    for (const rate of [40, 0.1, 2.5, 1 / 3]) {
      const fm = rateFactorMultiplier(rate)!;
      expect(nominalSampleRateHz(fm[0], fm[1])).toBeCloseTo(rate, 12);
    }
    expect(rateFactorMultiplier(39.9987)).toBeNull();
    const out = writeMiniseed([{ ...base, sampleRateHz: 39.9987, samples: Int32Array.from([1, 2, 3, 4]) }]);
    const [r] = decodeMiniseed(out.bytes).records;
    expect(r.sampleRateHz).toBeCloseTo(39.9987, 4);
    expect(Array.from(r.samples)).toEqual([1, 2, 3, 4]);
  });

  it('refuses codes miniSEED 2 cannot hold', () => {
    expect(() => writeMiniseed([{ ...base, station: 'TOOLONG', samples: [1] }])).toThrow(/longer than miniSEED 2 allows/);
  });
});
