import { describe, expect, it } from 'vitest';
import { missingSpans, trimTrace } from '../../../src/main/ingest/coverage';
import type { Trace } from '../../../src/main/seismic';

const trace = (startTimeUs: number, n: number, rate = 40): Trace => ({
  nslc: 'IU.MAJO.00.BHZ', network: 'IU', station: 'MAJO', location: '00', channel: 'BHZ', startTimeUs, endTimeUs: startTimeUs + Math.round(((n - 1) * 1e6) / rate), sampleRateHz: rate, sampleType: 'int32', samples: Int32Array.from({ length: n }, (_, i) => i), recordCount: 1,
});
const window = { startTimeUs: 0, endTimeUs: 10_000_000 }; // 10 s = 400 samples at 40 Hz

describe('coverage of a window', () => {
  it('a grid offset smaller than one sample at the start is no hole; the full grid is complete', () => {
    expect(missingSpans([trace(19_536, 400)], window)).toEqual([]);
    expect(missingSpans([trace(0, 400)], window)).toEqual([]);
  });
  it('one sample short at the end is a hole of one period', () => {
    expect(missingSpans([trace(0, 399)], window)).toEqual([{ startTimeUs: 9_975_000, endTimeUs: 10_000_000 }]);
  });
  it('a sample missing at the start is a hole', () => {
    expect(missingSpans([trace(25_000, 399)], window)).toEqual([{ startTimeUs: 0, endTimeUs: 25_000 }]);
  });
  it('interior gaps above half a sample count, jitter below does not', () => {
    expect(missingSpans([trace(0, 100), trace(2_500_000 + 12_000, 300)], window)).toEqual([]);
    expect(missingSpans([trace(0, 100), trace(2_525_000, 299)], window)).toEqual([{ startTimeUs: 2_500_000, endTimeUs: 2_525_000 }]);
  });
  it('no data is the whole window', () => {
    expect(missingSpans([], window)).toEqual([window]);
  });
  it('trims to the samples inside [start, end)', () => {
    const t = trimTrace(trace(-1_000_000, 800), window)!;
    expect([t.startTimeUs, t.samples.length, t.samples[0], t.endTimeUs]).toEqual([0, 400, 40, 9_975_000]);
    expect(trimTrace(trace(10_000_000, 10), window)).toBeNull();
    const offGrid = trimTrace(trace(-19_000, 800), window)!;
    expect([offGrid.startTimeUs, offGrid.samples[0], offGrid.samples.length]).toEqual([6_000, 1, 400]);
  });
});
