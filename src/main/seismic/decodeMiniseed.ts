/**
 * Iterates the records of a miniSEED 2 or 3 file or download body (mixed record lengths, any
 * order, several channels, either version record by record). A bad record is reported with its
 * byte offset and skipped; every other record is still decoded. Never throws.
 */
import { MiniseedError, type MiniseedProblem } from './miniseedError';
import { decodeRecord3, isMiniseed3, miniseed3Length } from './miniseed3Record';
import { decodeRecord, detectHeader, readRecordHeader, FIXED_HEADER_BYTES, type DecodedRecord } from './miniseedRecord';

/** Resynchronisation step after an unreadable header: the smallest SEED record length. */
const RESYNC_STEP_BYTES = 128;

export interface DecodedMiniseed {
  records: DecodedRecord[];
  errors: MiniseedProblem[];
}

/** Offset of the next plausible header after `offset`, in 128-byte steps; bytes.length if none. */
function nextHeader(bytes: Uint8Array, offset: number): number {
  for (let at = offset + RESYNC_STEP_BYTES; at + FIXED_HEADER_BYTES <= bytes.length; at += RESYNC_STEP_BYTES) {
    if (detectHeader(bytes, at) !== null || isMiniseed3(bytes, at)) return at;
  }
  return bytes.length;
}

export function decodeMiniseed(bytes: Uint8Array): DecodedMiniseed {
  const records: DecodedRecord[] = [];
  const errors: MiniseedProblem[] = [];
  let offset = 0;
  // Each pass advances offset by at least 1 byte (a record length ≥ 128 or a resync step).
  while (offset < bytes.length) {
    const remaining = bytes.length - offset;
    if (remaining < FIXED_HEADER_BYTES && !isMiniseed3(bytes, offset)) {
      errors.push({ offset, message: `${remaining} trailing byte(s), too short for a miniSEED header (record at byte ${offset})` });
      break;
    }
    try {
      records.push(isMiniseed3(bytes, offset) ? decodeRecord3(bytes, offset) : decodeRecord(bytes, offset));
      offset += records[records.length - 1].recordLengthBytes;
    } catch (e) {
      if (!(e instanceof MiniseedError)) throw e;
      const resume = skipBadRecord(bytes, offset);
      errors.push({ offset, message: `${e.message}; skipped ${resume - offset} bytes` });
      offset = resume;
    }
  }
  return { records, errors };
}

/** Where to resume after the bad record at `offset`: its own length if readable, else the next header. */
function skipBadRecord(bytes: Uint8Array, offset: number): number {
  if (isMiniseed3(bytes, offset)) {
    const length = miniseed3Length(bytes, offset);
    return length === null ? bytes.length : Math.min(bytes.length, offset + length);
  }
  try {
    const { recordLengthBytes } = readRecordHeader(bytes, offset);
    if (recordLengthBytes !== null) return Math.min(bytes.length, offset + recordLengthBytes);
  } catch (e) {
    if (!(e instanceof MiniseedError)) throw e;
  }
  return nextHeader(bytes, offset);
}
