/**
 * decodeMiniseed against the values documented for the real files in
 * ../shared/data/real/README.md (start/end times of the first/last sample, rates, encodings,
 * record lengths, byte order) and the synthetic encoding files whose samples are 1…50.
 */
import { describe, expect, it } from 'vitest';
import { decodeMiniseed, decodeRecord, ENCODING, formatTimeUs, mergeTraces, MiniseedError, parseTimeUs } from '../../../src/main/seismic/index';
import { fixture } from './fixtures';

const ramp = Array.from({ length: 50 }, (_, i) => i + 1);

describe('encodings: synthetic XX.TEST..BHE, 1 sps, samples 1…50, 2004-12-15T00:00:00Z', () => {
  it.each([
    ['float32_Float32_littleEndian.mseed', ENCODING.float32, 'little', 1],
    ['float64_Float64_bigEndian.mseed', ENCODING.float64, 'big', 2],
    ['int32_INT32_littleEndian.mseed', ENCODING.int32, 'little', 1],
    ['int32_Steim1_bigEndian.mseed', ENCODING.steim1, 'big', 1],
    ['int32_Steim2_littleEndian.mseed', ENCODING.steim2, 'little', 1],
  ] as const)('%s', (file, encoding, order, recordCount) => {
    const { records, errors } = decodeMiniseed(fixture(file));
    expect(errors).toEqual([]);
    expect(records).toHaveLength(recordCount);
    for (const r of records) {
      expect(r.encoding).toBe(encoding);
      expect(r.dataByteOrder).toBe(order);
      expect(r.headerByteOrder).toBe(order);
      expect(r.recordLengthBytes).toBe(256);
    }
    const { traces, gaps } = mergeTraces(records);
    expect(gaps).toEqual([]);
    expect(traces).toHaveLength(1);
    const [t] = traces;
    expect(t.nslc).toBe('XX.TEST..BHE');
    expect(t.sampleRateHz).toBe(1);
    expect(Array.from(t.samples)).toEqual(ramp);
    expect(formatTimeUs(t.startTimeUs)).toBe('2004-12-15T00:00:00.000000Z');
    expect(formatTimeUs(t.endTimeUs)).toBe('2004-12-15T00:00:49.000000Z');
  });
});

describe('real files', () => {
  it('test.mseed: Steim-2, 4096-byte records, NL.HGN.00.BHZ 40 sps, blockette 100', () => {
    const { records, errors } = decodeMiniseed(fixture('test.mseed'));
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.encoding, r.recordLengthBytes, r.quality])).toEqual([[11, 4096, 'R'], [11, 4096, 'R']]);
    const { traces, gaps } = mergeTraces(records);
    expect(gaps).toEqual([]);
    expect(traces).toHaveLength(1);
    const [t] = traces;
    expect(t.nslc).toBe('NL.HGN.00.BHZ');
    expect(t.sampleRateHz).toBe(40);
    expect(formatTimeUs(t.startTimeUs)).toBe('2003-05-29T02:13:22.043400Z');
    expect(formatTimeUs(t.endTimeUs)).toBe('2003-05-29T02:18:20.693400Z');
    expect(t.samples.length).toBe((t.endTimeUs - t.startTimeUs) / 25_000 + 1);
    // the first samples ObsPy's own reading tests check for this file
    expect(Array.from(t.samples.slice(0, 5))).toEqual([2787, 2776, 2774, 2780, 2783]);
  });

  it('IU.ANMO.10.BHZ: blockette-1001 microseconds kept (…00.019500Z), 40 sps, one trace despite a 36 µs jitter', () => {
    const { records, errors } = decodeMiniseed(fixture('IU.ANMO.10.BHZ.2018.001_first_minute.mseed'));
    expect(errors).toEqual([]);
    expect(records).toHaveLength(5);
    expect(records.every((r) => r.timingQualityPercent !== null)).toBe(true);
    expect(records[0].startTimeUs).toBe(parseTimeUs('2018-01-01T00:00:00.019500Z'));
    const { traces, gaps } = mergeTraces(records);
    expect(gaps).toEqual([]);
    expect(traces.map((t) => [t.nslc, t.sampleRateHz, formatTimeUs(t.startTimeUs), formatTimeUs(t.endTimeUs), t.samples.length])).toEqual([
      ['IU.ANMO.10.BHZ', 40, '2018-01-01T00:00:00.019500Z', '2018-01-01T00:00:59.994536Z', 2400],
    ]);
  });

  it('dataselect_example_wildcards.mseed: 7 multiplexed IU channels grouped by NSLC with µs times', () => {
    const { records, errors } = decodeMiniseed(fixture('dataselect_example_wildcards.mseed'));
    expect(errors).toEqual([]);
    expect(records).toHaveLength(54);
    const { traces, gaps } = mergeTraces(records);
    expect(gaps).toEqual([]);
    expect(traces.map((t) => `${t.nslc} ${formatTimeUs(t.startTimeUs)} ${formatTimeUs(t.endTimeUs)} ${t.sampleRateHz}`)).toEqual([
      'IU.ADK.00.BHZ 2010-02-27T06:30:00.019538Z 2010-02-27T06:30:59.969538Z 20',
      'IU.ADK.10.BHZ 2010-02-27T06:30:00.019538Z 2010-02-27T06:30:59.994536Z 40',
      'IU.AFI.00.BHZ 2010-02-27T06:30:00.019536Z 2010-02-27T06:30:59.969538Z 20',
      'IU.AFI.10.BHZ 2010-02-27T06:30:00.019536Z 2010-02-27T06:30:59.994536Z 40',
      'IU.ANMO.00.BHZ 2010-02-27T06:30:00.019538Z 2010-02-27T06:30:59.969538Z 20',
      'IU.ANMO.10.BHZ 2010-02-27T06:30:00.019538Z 2010-02-27T06:30:59.994538Z 40',
      'IU.ANTO.00.BHZ 2010-02-27T06:30:00.023340Z 2010-02-27T06:30:59.973340Z 20',
    ]);
  });

  it('testdata-oneseries-mixedlengths-mixedorder.mseed2: int32, 7 record lengths out of order, one trace', () => {
    const { records, errors } = decodeMiniseed(fixture('testdata-oneseries-mixedlengths-mixedorder.mseed2'));
    expect(errors).toEqual([]);
    expect(records.map((r) => r.recordLengthBytes).sort((a, b) => a - b)).toEqual([128, 256, 512, 1024, 2048, 4096, 8192]);
    expect(records.every((r) => r.encoding === ENCODING.int32)).toBe(true);
    const starts = records.map((r) => r.startTimeUs);
    expect(starts).not.toEqual([...starts].sort((a, b) => a - b)); // really stored out of order
    const { traces, gaps } = mergeTraces(records);
    expect(gaps).toEqual([]);
    expect(traces.map((t) => [t.nslc, t.sampleRateHz, formatTimeUs(t.startTimeUs), formatTimeUs(t.endTimeUs)])).toEqual([
      ['XX.TEST.00.LHZ', 1, '2010-02-27T06:50:00.069539Z', '2010-02-27T07:55:51.069539Z'],
    ]);
    expect(traces[0].samples.length).toBe(3952); // 65 min 51 s at 1 sps, first and last included
  });
});

describe('corrupt files: bad record reported with its offset, the rest kept', () => {
  it('brokenlastrecord.mseed keeps the good 4096-byte record and reports byte 4096', () => {
    const { records, errors } = decodeMiniseed(fixture('brokenlastrecord.mseed'));
    expect(records).toHaveLength(1);
    expect(formatTimeUs(records[0].startTimeUs)).toBe('2003-05-29T02:13:22.043400Z');
    expect(formatTimeUs(records[0].endTimeUs)).toBe('2003-05-29T02:15:51.518400Z');
    expect(errors).toHaveLength(1);
    expect(errors[0].offset).toBe(4096);
  });

  it('a record cut short after its header is reported as truncated at its offset', () => {
    const whole = fixture('test.mseed');
    const { records, errors } = decodeMiniseed(whole.subarray(0, 4096 + 2206));
    expect(records).toHaveLength(1);
    expect(errors).toEqual([{ offset: 4096, message: expect.stringMatching(/truncated record: blockette 1000 says 4096 bytes, 2206 remain/) }]);
  });

  it('corrupt_one_extra_byte_at_end.mseed keeps the 512-byte record and reports the stray byte at 512', () => {
    const { records, errors } = decodeMiniseed(fixture('corrupt_one_extra_byte_at_end.mseed'));
    expect(records).toHaveLength(1);
    expect(records[0].nslc).toBe('BW.BGLD..EHE');
    expect(records[0].samples.length).toBe(412);
    expect(formatTimeUs(records[0].endTimeUs)).toBe('2008-01-01T00:00:01.970000Z');
    expect(errors).toEqual([{ offset: 512, message: expect.stringMatching(/1 trailing byte/) }]);
  });

  it('microsecond_wrap.mseed: BTIME fraction 10000 is rejected (as libmseed 3.4 does)', () => {
    const bytes = fixture('microsecond_wrap.mseed');
    expect(decodeMiniseed(bytes)).toEqual({ records: [], errors: [{ offset: 0, message: expect.stringMatching(/fraction 10000/) }] });
    expect(() => decodeRecord(bytes, 0)).toThrow(MiniseedError);
  });

  it('testdata-invalid-blockette-offsets.mseed2: the record with a broken chain is rejected, the two others decode', () => {
    const { records, errors } = decodeMiniseed(fixture('testdata-invalid-blockette-offsets.mseed2'));
    expect(errors.map((e) => e.offset)).toEqual([0]);
    expect(records.map((r) => r.offset)).toEqual([512, 1024]);
    expect(new Set(records.map((r) => r.nslc))).toEqual(new Set(['IU.COLA.00.LHZ']));
  });

  it('a Steim reverse-integration-constant mismatch is an error for that record only', () => {
    const bytes = fixture('gaps.mseed').slice(0, 1024);
    // frame 0 word 2 of record 0 = last sample (Xn); data begin at byte 64 in these records
    const view = new DataView(bytes.buffer);
    const dataOffset = view.getUint16(44, false);
    view.setInt32(dataOffset + 8, view.getInt32(dataOffset + 8, false) + 1, false);
    const { records, errors } = decodeMiniseed(bytes);
    expect(records.map((r) => r.offset)).toEqual([512]);
    expect(errors).toEqual([{ offset: 0, message: expect.stringMatching(/reverse integration constant/) }]);
  });
});
