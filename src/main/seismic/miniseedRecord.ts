/**
 * One miniSEED 2 record (SEED 2.4 chapter 8): the 48-byte fixed header, the blockette chain
 * (100 actual sample rate, 1000 encoding/word order/record length, 1001 microseconds) and the
 * data section. Pure: input is a Uint8Array, no node:* imports, so it runs in workers and the
 * renderer.
 *
 * Why not seisplotjs: measured with seisplotjs 3.2.2 on Node 20 (issue 5), its Node entry touches
 * DOM globals at import and its miniSEED parser keeps start times to the millisecond only, while
 * IU records carry blockette-1001 microseconds (…019536Z). This decoder keeps integer µs.
 */
import { btimeToUs, isValidYearDay } from './btime';
import { MiniseedError } from './miniseedError';
import { decodePayload } from './payload';

export const FIXED_HEADER_BYTES = 48;
/** SEED record lengths are 2^exp bytes; libmseed accepts 128 B … 8 MiB (exp 7…23). */
export const MIN_RECORD_EXPONENT = 7;
export const MAX_RECORD_EXPONENT = 23;

/** SEED data encoding codes (blockette 1000 field 3) this decoder unpacks. */
export const ENCODING = { int16: 1, int32: 3, float32: 4, float64: 5, steim1: 10, steim2: 11 } as const;
export const ENCODING_NAMES: Readonly<Record<number, string>> = {
  0: 'ASCII text', 1: 'int16', 2: 'int24', 3: 'int32', 4: 'float32', 5: 'float64', 10: 'Steim-1', 11: 'Steim-2',
  12: 'GEOSCOPE 24-bit', 13: 'GEOSCOPE 16/3', 14: 'GEOSCOPE 16/4', 16: 'CDSN', 30: 'SRO', 32: 'DWWSSN',
};

export type ByteOrder = 'big' | 'little';
export type SampleType = 'int32' | 'float32' | 'float64';
export type Samples = Int32Array | Float32Array | Float64Array;

export interface DecodedRecord {
  /** byte offset of the record in the decoded buffer */
  offset: number;
  recordLengthBytes: number;
  sequenceNumber: string;
  /** data quality indicator: D, R, Q or M */
  quality: string;
  network: string;
  station: string;
  location: string;
  channel: string;
  /** NET.STA.LOC.CHA (empty location stays empty: IU.ANMO..BHZ) */
  nslc: string;
  /** first sample, integer µs since 1970-01-01Z, including B1001 µs and an unapplied time correction */
  startTimeUs: number;
  /** last sample, startTimeUs + (n − 1) / rate rounded to the µs (startTimeUs when rate is 0) */
  endTimeUs: number;
  /** blockette 100's actual rate if present, else the nominal factor/multiplier rate */
  sampleRateHz: number;
  encoding: number;
  headerByteOrder: ByteOrder;
  dataByteOrder: ByteOrder;
  /** B1001 timing quality 0…100, or null without B1001 */
  timingQualityPercent: number | null;
  sampleType: SampleType;
  /** int16/int32/Steim as Int32Array, float32 as Float32Array, float64 as Float64Array */
  samples: Samples;
}

/** What the fixed header and blockettes say, before the data are unpacked. */
export interface RecordHeader {
  headerByteOrder: ByteOrder;
  /** null when the record has no blockette 1000 */
  recordLengthBytes: number | null;
}

function ascii(bytes: Uint8Array, from: number, length: number): string {
  let s = '';
  for (let i = from; i < from + length; i++) s += String.fromCharCode(bytes[i]);
  return s.replace(/[\s\0]+$/, '').replace(/^\s+/, '');
}

function isHeaderChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x20 || c === 0;
}

/** libmseed's MS2_ISVALIDHEADER plus a year/day check in either byte order; null if not a header. */
export function detectHeader(bytes: Uint8Array, offset: number): ByteOrder | null {
  if (offset + FIXED_HEADER_BYTES > bytes.length) return null;
  for (let i = 0; i < 6; i++) if (!isHeaderChar(bytes[offset + i])) return null;
  if (!'DRQM'.includes(String.fromCharCode(bytes[offset + 6])) || bytes[offset + 6] === 0) return null;
  if (bytes[offset + 7] !== 0x20 && bytes[offset + 7] !== 0) return null;
  if (bytes[offset + 24] > 23 || bytes[offset + 25] > 59 || bytes[offset + 26] > 60) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isValidYearDay(view.getUint16(offset + 20, false), view.getUint16(offset + 22, false))) return 'big';
  if (isValidYearDay(view.getUint16(offset + 20, true), view.getUint16(offset + 22, true))) return 'little';
  return null;
}

/** sample rate from the SEED factor and multiplier, as libmseed's ms_nomsamprate */
export function nominalSampleRateHz(factor: number, multiplier: number): number {
  let rate = 0;
  if (factor > 0) rate = factor;
  else if (factor < 0) rate = -1 / factor;
  if (multiplier > 0) rate *= multiplier;
  else if (multiplier < 0) rate = -rate / multiplier;
  return rate;
}

interface Blockettes {
  encoding: number | null;
  dataLittleEndian: boolean | null;
  recordLengthBytes: number | null;
  microsecondOffset: number;
  timingQualityPercent: number | null;
  actualSampleRateHz: number | null;
}

/**
 * Walks the blockette chain. Each next-offset must move forward and stay inside `limit` (the record
 * length if known, else the bytes available), so the walk ends after at most limit/4 steps.
 */
function readBlockettes(view: DataView, offset: number, first: number, count: number, le: boolean, limit: number): Blockettes {
  const b: Blockettes = {
    encoding: null, dataLittleEndian: null, recordLengthBytes: null, microsecondOffset: 0, timingQualityPercent: null, actualSampleRateHz: null,
  };
  let at = first;
  let previous = FIXED_HEADER_BYTES - 1;
  for (let i = 0; i < count && at !== 0; i++) {
    if (at <= previous || at < FIXED_HEADER_BYTES || at + 4 > limit) {
      throw new MiniseedError(`blockette ${i + 1} offset ${at} is outside the record or not after the previous one`, offset);
    }
    const type = view.getUint16(offset + at, le);
    const next = view.getUint16(offset + at + 2, le);
    const need = type === 100 ? 12 : type === 1000 || type === 1001 ? 8 : 4;
    if (at + need > limit) throw new MiniseedError(`blockette ${type} at ${at} runs past the record`, offset);
    if (type === 1000) {
      b.encoding = view.getUint8(offset + at + 4);
      const wordOrder = view.getUint8(offset + at + 5);
      b.dataLittleEndian = wordOrder === 0;
      const exponent = view.getUint8(offset + at + 6);
      if (exponent < MIN_RECORD_EXPONENT || exponent > MAX_RECORD_EXPONENT) {
        throw new MiniseedError(`blockette 1000 record length exponent ${exponent} outside ${MIN_RECORD_EXPONENT}…${MAX_RECORD_EXPONENT}`, offset);
      }
      b.recordLengthBytes = 2 ** exponent;
      if (b.recordLengthBytes < limit) limit = b.recordLengthBytes;
    } else if (type === 1001) {
      b.timingQualityPercent = view.getUint8(offset + at + 4);
      b.microsecondOffset = view.getInt8(offset + at + 5);
    } else if (type === 100) {
      b.actualSampleRateHz = view.getFloat32(offset + at + 4, le);
    }
    previous = at;
    at = next;
  }
  return b;
}

/**
 * Reads the header and blockettes only: enough to find where the next record starts.
 * Throws MiniseedError if `offset` does not hold a plausible header.
 */
export function readRecordHeader(bytes: Uint8Array, offset: number): RecordHeader & { blockettes: Blockettes } {
  const order = detectHeader(bytes, offset);
  if (order === null) throw new MiniseedError('no valid miniSEED 2 fixed header', offset);
  const le = order === 'little';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint8(offset + 39);
  const first = view.getUint16(offset + 46, le);
  const blockettes = readBlockettes(view, offset, first, count, le, bytes.length - offset);
  return { headerByteOrder: order, recordLengthBytes: blockettes.recordLengthBytes, blockettes };
}

/**
 * Decodes the record at `offset`. Throws MiniseedError (with the offset) on anything malformed:
 * invalid header, broken blockette chain, missing blockette 1000, truncation, unsupported
 * encoding, samples overrunning the record, Steim integration-constant mismatch.
 */
export function decodeRecord(bytes: Uint8Array, offset: number): DecodedRecord {
  const { headerByteOrder, recordLengthBytes, blockettes: b } = readRecordHeader(bytes, offset);
  if (recordLengthBytes === null || b.encoding === null || b.dataLittleEndian === null) {
    throw new MiniseedError('no blockette 1000: record length and encoding unknown', offset);
  }
  if (offset + recordLengthBytes > bytes.length) {
    throw new MiniseedError(`truncated record: blockette 1000 says ${recordLengthBytes} bytes, ${bytes.length - offset} remain`, offset);
  }
  const le = headerByteOrder === 'little';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = offset;
  const fraction = view.getUint16(h + 28, le);
  const baseUs = btimeToUs({
    year: view.getUint16(h + 20, le), dayOfYear: view.getUint16(h + 22, le),
    hour: view.getUint8(h + 24), minute: view.getUint8(h + 25), second: view.getUint8(h + 26), fractionTenthMs: fraction,
  });
  if (baseUs === null) throw new MiniseedError(`invalid start time (BTIME fraction ${fraction} must be 0…9999)`, offset);
  const activityFlags = view.getUint8(h + 36);
  const timeCorrectionTenthMs = view.getInt32(h + 40, le);
  // SEED: a correction not yet applied (activity flag bit 1 clear) is added, as libmseed does.
  const correctionUs = activityFlags & 0x02 ? 0 : timeCorrectionTenthMs * 100;
  const startTimeUs = baseUs + b.microsecondOffset + correctionUs;

  const sampleCount = view.getUint16(h + 30, le);
  const nominalRate = nominalSampleRateHz(view.getInt16(h + 32, le), view.getInt16(h + 34, le));
  const actual = b.actualSampleRateHz;
  const sampleRateHz = actual !== null && Number.isFinite(actual) && actual > 0 ? actual : nominalRate;

  const dataOffset = view.getUint16(h + 44, le);
  const encoding = b.encoding;
  const dle = b.dataLittleEndian;
  if (sampleCount > 0 && (dataOffset < FIXED_HEADER_BYTES || dataOffset >= recordLengthBytes)) {
    throw new MiniseedError(`beginning of data ${dataOffset} outside ${FIXED_HEADER_BYTES}…${recordLengthBytes - 1}`, offset);
  }
  const { samples, sampleType } = decodePayload(view, h + dataOffset, recordLengthBytes - dataOffset, sampleCount, encoding, dle, dle, offset);
  const network = ascii(bytes, h + 18, 2);
  const station = ascii(bytes, h + 8, 5);
  const location = ascii(bytes, h + 13, 2);
  const channel = ascii(bytes, h + 15, 3);
  const endTimeUs = sampleRateHz > 0 && sampleCount > 0 ? startTimeUs + Math.round(((sampleCount - 1) * 1e6) / sampleRateHz) : startTimeUs;
  return {
    offset,
    recordLengthBytes,
    sequenceNumber: ascii(bytes, h, 6),
    quality: String.fromCharCode(bytes[h + 6]),
    network, station, location, channel,
    nslc: `${network}.${station}.${location}.${channel}`,
    startTimeUs,
    endTimeUs,
    sampleRateHz,
    encoding,
    headerByteOrder,
    dataByteOrder: dle ? 'little' : 'big',
    timingQualityPercent: b.timingQualityPercent,
    sampleType,
    samples,
  };
}
