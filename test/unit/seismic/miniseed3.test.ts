import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeMiniseed, decodeRecord3, formatTimeUs, mergeTraces, miniseed3Crc, MiniseedError, parseSourceId } from '../../../src/main/seismic';
import { mulberry32 } from '../../../src/shared/random';

const ms3 = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../fixtures/mseed3/${name}`, import.meta.url)));

function traces(name: string) {
  const d = decodeMiniseed(ms3(name));
  expect(d.errors).toEqual([]);
  return mergeTraces(d.records);
}

const summary = (t: { nslc: string; startTimeUs: number; endTimeUs: number; sampleRateHz: number }) => [t.nslc, formatTimeUs(t.startTimeUs), formatTimeUs(t.endTimeUs), t.sampleRateHz];

describe('miniSEED 3', () => {
  it('testdata-3channel-signal: the .mseed3 and .mseed2 give identical samples and times (the README rule)', () => {
    const v3 = traces('testdata-3channel-signal.mseed3');
    const v2 = traces('testdata-3channel-signal.mseed2');
    expect(v3.traces.map(summary)).toEqual([
      ['IU.COLA.00.LH1', '2010-02-27T06:50:00.069539Z', '2010-02-27T07:59:59.069538Z', 1],
      ['IU.COLA.00.LH2', '2010-02-27T06:50:00.069539Z', '2010-02-27T07:59:59.069538Z', 1],
      ['IU.COLA.00.LHZ', '2010-02-27T06:50:00.069539Z', '2010-02-27T07:59:59.069538Z', 1],
    ]);
    expect(v3.traces.map(summary)).toEqual(v2.traces.map(summary));
    v3.traces.forEach((t, i) => {
      expect(t.samples.length).toBe(4200);
      expect(Array.from(t.samples)).toEqual(Array.from(v2.traces[i].samples));
    });
    expect(decodeMiniseed(ms3('testdata-3channel-signal.mseed3')).records).toHaveLength(107);
  });

  it('one record of CO.HODGE in both versions decodes alike', () => {
    const a = traces('one_record_HODGE_HHZ.ms3').traces;
    const b = traces('one_record_HODGE_HHZ.ms2').traces;
    expect(a.map(summary)).toEqual([['CO.HODGE.00.LHZ', '2019-07-06T03:19:53.000000Z', '2019-07-06T03:20:56.000000Z', 1]]);
    expect(Array.from(a[0].samples)).toEqual(Array.from(b[0].samples));
    const [r] = decodeMiniseed(ms3('one_record_HODGE_HHZ.ms3')).records;
    expect([r.headerByteOrder, r.dataByteOrder, r.encoding, r.recordLengthBytes]).toEqual(['little', 'big', 11, 285]);
  });

  it('bird_jsc: six channels with variable record lengths, the documented first and last sample times', () => {
    const t = traces('bird_jsc.ms3').traces;
    expect(t.map(summary)).toEqual([
      ['CO.BIRD.00.HHE', '2024-02-06T11:30:00.009998Z', '2024-02-06T11:30:29.999998Z', 100],
      ['CO.BIRD.00.HHN', '2024-02-06T11:30:00.009998Z', '2024-02-06T11:30:29.999999Z', 100],
      ['CO.BIRD.00.HHZ', '2024-02-06T11:30:00.009998Z', '2024-02-06T11:30:29.999999Z', 100],
      ['CO.JSC.00.HHE', '2024-02-06T11:30:00.008392Z', '2024-02-06T11:30:29.998392Z', 100],
      ['CO.JSC.00.HHN', '2024-02-06T11:30:00.008392Z', '2024-02-06T11:30:29.998392Z', 100],
      ['CO.JSC.00.HHZ', '2024-02-06T11:30:00.008392Z', '2024-02-06T11:30:29.998392Z', 100],
    ]);
    expect(t.every((x) => x.samples.length === 3000)).toBe(true);
  });

  it('testeh: little-endian int32 payload behind a JSON extra header, empty location', () => {
    const [t] = traces('testeh.ms3').traces;
    expect(summary(t)).toEqual(['XX.FAKE..HHZ', '2024-01-01T15:13:55.123456Z', '2024-01-01T15:14:20.098456Z', 40]);
    expect(t.samples.length).toBe(1000);
  });

  it('a record whose CRC does not match (badspike: field left zero) is refused with a clear message', () => {
    const d = decodeMiniseed(ms3('badspike.ms3'));
    expect(d.records).toEqual([]);
    expect(d.errors).toHaveLength(1);
    expect(d.errors[0].message).toMatch(/miniSEED 3 CRC mismatch: header says 0x00000000/);
  });

  it('a cut-off record is reported, not thrown', () => {
    const bytes = ms3('one_record_HODGE_HHZ.ms3').slice(0, 200);
    const d = decodeMiniseed(bytes);
    expect(d.records).toEqual([]);
    expect(d.errors[0].message).toMatch(/cut off after 200/);
  });

  it('source identifiers map to SEED 2 codes', () => {
    expect(parseSourceId('FDSN:IU_COLA_00_L_H_Z')).toEqual({ network: 'IU', station: 'COLA', location: '00', channel: 'LHZ' });
    expect(parseSourceId('FDSN:XX_FAKE__H_H_Z')).toEqual({ network: 'XX', station: 'FAKE', location: '', channel: 'HHZ' });
    expect(parseSourceId('IU.COLA.00.LHZ')).toBeNull();
  });

  it('1000 mutated records (CRC fixed up so the body is parsed): only MiniseedError, never a crash', () => {
    const source = ms3('bird_jsc.ms3');
    const [first] = decodeMiniseed(source).records;
    const rng = mulberry32(3);
    for (let n = 0; n < 1000; n++) {
      const rec = source.slice(0, first.recordLengthBytes);
      for (let k = 0; k < 1 + Math.floor(rng() * 4); k++) rec[Math.floor(rng() * rec.length)] = Math.floor(rng() * 256);
      rec[0] = 0x4d;
      rec[1] = 0x53;
      rec[2] = 3;
      const length = Math.min(rec.length, 40 + rec[33] + (rec[34] | (rec[35] << 8)) + ((rec[36] | (rec[37] << 8) | (rec[38] << 16) | (rec[39] << 24)) >>> 0));
      if (length === rec.length) new DataView(rec.buffer).setUint32(28, miniseed3Crc(rec, 0, length), true);
      try {
        decodeRecord3(rec, 0);
      } catch (e) {
        expect(e).toBeInstanceOf(MiniseedError);
      }
      expect(() => decodeMiniseed(rec)).not.toThrow();
    }
  });
});
