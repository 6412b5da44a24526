/** mergeTraces: libmseed's half-sample rule, gaps and overlaps reported, never filled. */
import { describe, expect, it } from 'vitest';
import { decodeMiniseed, formatTimeUs, mergeTraces } from '../../../src/main/seismic/index';
import { fixture } from './fixtures';

describe('mergeTraces', () => {
  it('gaps.mseed (Steim-1, 200 sps): three gaps of 412, 412 and 824 missing samples', () => {
    const { records, errors } = decodeMiniseed(fixture('gaps.mseed'));
    expect(errors).toEqual([]);
    expect(records).toHaveLength(128);
    const { traces, gaps } = mergeTraces(records);
    expect(traces).toHaveLength(4);
    expect(formatTimeUs(traces[0].startTimeUs)).toBe('2007-12-31T23:59:59.915000Z');
    expect(formatTimeUs(traces[3].endTimeUs)).toBe('2008-01-01T00:04:31.790000Z');
    expect(gaps.map((g) => [g.kind, formatTimeUs(g.startTimeUs), g.lengthSamples, g.lengthSeconds])).toEqual([
      ['gap', '2008-01-01T00:00:01.975000Z', 412, 2.06],
      ['gap', '2008-01-01T00:00:08.155000Z', 412, 2.06],
      ['gap', '2008-01-01T00:00:14.335000Z', 824, 4.12],
    ]);
    // never filled: the samples held are exactly the records' samples
    const held = traces.reduce((n, t) => n + t.samples.length, 0);
    expect(held).toBe(records.reduce((n, r) => n + r.samples.length, 0));
    // each gap's length = next start − previous end − one period
    for (const [i, g] of gaps.entries()) {
      expect(g.previousEndTimeUs).toBe(traces[i].endTimeUs);
      expect(g.nextStartTimeUs).toBe(traces[i + 1].startTimeUs);
    }
  });

  it('XX.PI04.RW.HNZ (int16, 400 sps): 11 traces, 1 gap and 9 overlaps under the ½-sample rule', () => {
    const { records, errors } = decodeMiniseed(fixture('XX.PI04.RW.HNZ.2019.070.18'));
    expect(errors).toEqual([]);
    expect(records.every((r) => r.encoding === 1)).toBe(true);
    const { traces, gaps } = mergeTraces(records);
    expect(traces).toHaveLength(11);
    expect(formatTimeUs(traces[0].startTimeUs)).toBe('2019-03-11T18:44:20.615600Z');
    expect(formatTimeUs(traces[10].endTimeUs)).toBe('2019-03-11T18:44:30.370000Z');
    expect(gaps.filter((g) => g.kind === 'gap')).toHaveLength(1);
    expect(gaps.filter((g) => g.kind === 'overlap')).toHaveLength(9);
    const gap = gaps.find((g) => g.kind === 'gap')!;
    expect(formatTimeUs(gap.startTimeUs)).toBe('2019-03-11T18:44:23.305600Z');
    expect(gap.lengthSeconds).toBeCloseTo(0.0064, 9); // ≈ 2.6 samples at 400 sps
    const first = gaps[0];
    expect(first.kind).toBe('overlap');
    expect(formatTimeUs(first.startTimeUs)).toBe('2019-03-11T18:44:21.126100Z');
    expect(first.lengthSeconds).toBeCloseTo(0.007, 9);
    expect(first.lengthSamples).toBe(3);
  });

  it('ffbx_unrotated_gaps.mseed: 18 channels, 1-sample gaps and one 47-sample gap on their own channels', () => {
    const { records } = decodeMiniseed(fixture('ffbx_unrotated_gaps.mseed'));
    const { traces, gaps } = mergeTraces(records);
    expect(new Set(traces.map((t) => t.nslc)).size).toBe(18);
    expect(gaps.map((g) => [g.nslc, g.kind, g.lengthSamples])).toEqual([
      ['BW.FFB1..BH1', 'gap', 1],
      ['BW.FFB1..BH2', 'gap', 47],
      ['BW.FFB2..BH1', 'gap', 1],
      ['BW.FFB3..BHZ', 'gap', 1],
    ]);
  });

  it('joins within half a sample and splits beyond it (synthetic shifts of a real record)', () => {
    const { records } = decodeMiniseed(fixture('int32_INT32_littleEndian.mseed'));
    const [r] = records; // 50 samples at 1 sps
    const shifted = (dtUs: number) => ({ ...r, startTimeUs: r.startTimeUs + dtUs, endTimeUs: r.endTimeUs + dtUs });
    expect(mergeTraces([r, shifted(50e6 + 500_000)]).traces).toHaveLength(1);
    const split = mergeTraces([r, shifted(50e6 + 500_001)]);
    expect(split.traces).toHaveLength(2);
    expect(split.gaps).toEqual([expect.objectContaining({ kind: 'gap', lengthSeconds: 0.500001, lengthSamples: 1 })]);
    const overlap = mergeTraces([shifted(40e6), r]);
    expect(overlap.gaps).toEqual([expect.objectContaining({ kind: 'overlap', startTimeUs: r.startTimeUs + 40e6, lengthSamples: 10 })]);
    expect(mergeTraces([])).toEqual({ traces: [], gaps: [] });
  });
});
