/**
 * One miniSEED 3 record (FDSN miniSEED 3.0 specification, 2023): a 40-byte little-endian fixed
 * header ('MS', version 3, nanosecond start time, encoding, sample rate as float64 — negative
 * means a period in seconds —, sample count, CRC-32C, publication version, lengths), the source
 * identifier ('FDSN:NET_STA_LOC_B_S_SS'), JSON extra headers and the data payload. Steim payloads
 * stay big-endian, every other encoding is little-endian. Returned as the same DecodedRecord as
 * miniSEED 2, so merging, storing and QC do not care which version a file was.
 *
 * The CRC is checked: a record whose CRC does not match (e.g. written with the field left zero)
 * is refused, as libmseed does, rather than trusted.
 */
import { ENCODING, type DecodedRecord } from './miniseedRecord';
import { MiniseedError } from './miniseedError';
import { decodePayload } from './payload';

export const MS3_FIXED_HEADER_BYTES = 40;

/** 'M' 'S' 3 at offset: a miniSEED 3 record starts here. */
export function isMiniseed3(bytes: Uint8Array, offset: number): boolean {
  return offset + 3 <= bytes.length && bytes[offset] === 0x4d && bytes[offset + 1] === 0x53 && bytes[offset + 2] === 3;
}

/** Total record length from the header's three length fields, or null when the header is cut off. */
export function miniseed3Length(bytes: Uint8Array, offset: number): number | null {
  if (offset + MS3_FIXED_HEADER_BYTES > bytes.length) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return MS3_FIXED_HEADER_BYTES + view.getUint8(offset + 33) + view.getUint16(offset + 34, true) + view.getUint32(offset + 36, true);
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32C (Castagnoli) of the record with its CRC field (bytes 28-31) taken as zero. */
export function miniseed3Crc(bytes: Uint8Array, offset: number, length: number): number {
  let crc = 0xffffffff;
  for (let i = 0; i < length; i++) {
    const b = i >= 28 && i < 32 ? 0 : bytes[offset + i];
    crc = CRC32C_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** 'FDSN:IU_COLA_00_L_H_Z' → IU, COLA, 00, LHZ (band, source and subsource joined as SEED 2 channels are). */
export function parseSourceId(sid: string): { network: string; station: string; location: string; channel: string } | null {
  const m = /^FDSN:(.*)$/.exec(sid);
  if (!m) return null;
  const parts = m[1].split('_');
  if (parts.length < 6) return null;
  return { network: parts[0], station: parts[1], location: parts.slice(2, parts.length - 3).join('_'), channel: parts.slice(parts.length - 3).join('') };
}

/** SEED 2 quality code for a miniSEED 3 publication version (libmseed's mapping). */
const QUALITY_BY_PUBLICATION: Readonly<Record<number, string>> = { 1: 'R', 2: 'D', 3: 'Q', 4: 'M' };

export function decodeRecord3(bytes: Uint8Array, offset: number): DecodedRecord {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const recordLengthBytes = miniseed3Length(bytes, offset);
  if (recordLengthBytes === null) throw new MiniseedError(`miniSEED 3 header cut off: ${bytes.length - offset} of ${MS3_FIXED_HEADER_BYTES} bytes`, offset);
  if (offset + recordLengthBytes > bytes.length) throw new MiniseedError(`miniSEED 3 record of ${recordLengthBytes} bytes cut off after ${bytes.length - offset}`, offset);
  const storedCrc = view.getUint32(offset + 28, true);
  const crc = miniseed3Crc(bytes, offset, recordLengthBytes);
  if (crc !== storedCrc) throw new MiniseedError(`miniSEED 3 CRC mismatch: header says 0x${storedCrc.toString(16).padStart(8, '0')}, record gives 0x${crc.toString(16).padStart(8, '0')}`, offset);

  const nanosecond = view.getUint32(offset + 4, true);
  const year = view.getUint16(offset + 8, true);
  const day = view.getUint16(offset + 10, true);
  const hour = view.getUint8(offset + 12);
  const minute = view.getUint8(offset + 13);
  const second = view.getUint8(offset + 14);
  if (year < 1 || day < 1 || day > 366 || hour > 23 || minute > 59 || second > 60 || nanosecond > 999_999_999) {
    throw new MiniseedError(`miniSEED 3 start time out of range (${year}-${day} ${hour}:${minute}:${second}.${nanosecond})`, offset);
  }
  const ms = Date.UTC(year, 0, 1) + (day - 1) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000;
  const startTimeUs = ms * 1000 + Math.round(nanosecond / 1000);
  const encoding = view.getUint8(offset + 15);
  const rateOrPeriod = view.getFloat64(offset + 16, true);
  const sampleRateHz = rateOrPeriod > 0 ? rateOrPeriod : rateOrPeriod < 0 ? -1 / rateOrPeriod : 0;
  const sampleCount = view.getUint32(offset + 24, true);
  const publicationVersion = view.getUint8(offset + 32);
  const sidLength = view.getUint8(offset + 33);
  const extraLength = view.getUint16(offset + 34, true);
  const dataBytes = view.getUint32(offset + 36, true);
  let sid = '';
  for (let i = 0; i < sidLength; i++) sid += String.fromCharCode(bytes[offset + MS3_FIXED_HEADER_BYTES + i]);
  const ids = parseSourceId(sid);
  if (!ids) throw new MiniseedError(`miniSEED 3 source identifier '${sid}' is not FDSN:NET_STA_LOC_B_S_SS`, offset);
  const dataStart = offset + MS3_FIXED_HEADER_BYTES + sidLength + extraLength;

  // Steim frames are big-endian in miniSEED 3; every other encoding is little-endian.
  const steim = encoding === ENCODING.steim1 || encoding === ENCODING.steim2;
  const dataLittle = !(steim && sampleCount > 0);
  const { samples, sampleType } = decodePayload(view, dataStart, dataBytes, sampleCount, encoding, true, false, offset);
  const endTimeUs = sampleRateHz > 0 && sampleCount > 0 ? startTimeUs + Math.round(((sampleCount - 1) * 1e6) / sampleRateHz) : startTimeUs;
  return {
    offset,
    recordLengthBytes,
    sequenceNumber: '',
    quality: QUALITY_BY_PUBLICATION[publicationVersion] ?? 'D',
    ...ids,
    nslc: `${ids.network}.${ids.station}.${ids.location}.${ids.channel}`,
    startTimeUs,
    endTimeUs,
    sampleRateHz,
    encoding,
    headerByteOrder: 'little',
    dataByteOrder: dataLittle ? 'little' : 'big',
    timingQualityPercent: null,
    sampleType,
    samples,
  };
}
