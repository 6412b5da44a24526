/**
 * miniSEED 2 writer (SEED 2.4 chapter 8, the subset every reader takes): fixed-length records of
 * 512 or 4096 bytes, big-endian, blockette 1000 (encoding, word order, record length) and 1001
 * (the microseconds BTIME's 0.0001 s cannot hold), plus blockette 100 when the sample rate has no
 * exact SEED factor/multiplier. Integer samples are Steim-2 compressed, or int32 when some
 * difference does not fit Steim-2's 30 bits; other samples are float32 (what the project stores).
 * Pure: no node:* imports. Each trace passed in is one continuous stretch: records never bridge a
 * gap, so a reader sees exactly the gaps the data had.
 */
import { ENCODING } from './miniseedRecord';

export type WriteEncoding = 'steim2' | 'int32' | 'float32';

export interface TraceToWrite {
  network: string;
  station: string;
  location: string;
  channel: string;
  /** first sample, µs since epoch */
  startTimeUs: number;
  sampleRateHz: number;
  samples: ArrayLike<number>;
}

export interface WriteOptions {
  /** 512 or 4096 (default 4096) */
  recordLengthBytes?: 512 | 4096;
  /** 'auto' (default): Steim-2 for integers, int32 when a difference is too large, float32 otherwise */
  encoding?: 'auto' | WriteEncoding;
  /** data quality indicator (default 'D') */
  quality?: 'D' | 'R' | 'Q' | 'M';
}

export interface WrittenMiniseed {
  bytes: Uint8Array;
  records: number;
  /** the encoding used for each trace, in input order */
  encodings: WriteEncoding[];
}

const FRAME_BYTES = 64;
const STEIM2_MIN = -(2 ** 29);
const STEIM2_MAX = 2 ** 29 - 1;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** The encoding 'auto' picks for these samples. */
export function chooseEncoding(samples: ArrayLike<number>): WriteEncoding {
  let steim = true;
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i];
    if (!Number.isInteger(x) || x < INT32_MIN || x > INT32_MAX) return 'float32';
    if (i > 0) {
      const d = x - samples[i - 1];
      if (d < STEIM2_MIN || d > STEIM2_MAX) steim = false;
    }
  }
  return steim ? 'steim2' : 'int32';
}

/**
 * SEED sample-rate factor and multiplier (rate = factor × multiplier with the sign conventions of
 * SEED 2.4 field 10/11), or null when no pair of 16-bit integers gives the rate exactly.
 */
export function rateFactorMultiplier(rateHz: number): [number, number] | null {
  const exact = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  if (rateHz >= 1 && Number.isInteger(rateHz) && rateHz <= 32767) return [rateHz, 1];
  const period = 1 / rateHz;
  if (rateHz < 1 && exact(Math.round(period), period) && Math.round(period) <= 32767) return [-Math.round(period), 1];
  for (let m = 2; m <= 10_000; m++) {
    const f = rateHz * m;
    if (exact(Math.round(f), f) && Math.round(f) <= 32767 && Math.round(f) >= 1) return [Math.round(f), -m];
  }
  return null;
}

function writeAscii(view: DataView, at: number, text: string, width: number): void {
  const padded = text.padEnd(width, ' ').slice(0, width);
  for (let i = 0; i < width; i++) view.setUint8(at + i, padded.charCodeAt(i));
}

/** BTIME fields and the B1001 µs remainder (0…99) of a µs time. */
function btime(timeUs: number): { year: number; day: number; hour: number; minute: number; second: number; tenthMs: number; us: number } {
  const seconds = Math.floor(timeUs / 1e6);
  const rest = timeUs - seconds * 1e6;
  const date = new Date(seconds * 1000);
  const year = date.getUTCFullYear();
  const day = Math.floor((seconds * 1000 - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
  return { year, day, hour: date.getUTCHours(), minute: date.getUTCMinutes(), second: date.getUTCSeconds(), tenthMs: Math.floor(rest / 100), us: rest % 100 };
}

/** Steim-2 packings: count × bits, the word's 2-bit nibble and its 2-bit dnib (null when none). */
const PACKINGS: readonly { count: number; bits: number; nibble: number; dnib: number | null }[] = [
  { count: 7, bits: 4, nibble: 3, dnib: 2 },
  { count: 6, bits: 5, nibble: 3, dnib: 1 },
  { count: 5, bits: 6, nibble: 3, dnib: 0 },
  { count: 4, bits: 8, nibble: 1, dnib: null },
  { count: 3, bits: 10, nibble: 2, dnib: 3 },
  { count: 2, bits: 15, nibble: 2, dnib: 2 },
  { count: 1, bits: 30, nibble: 2, dnib: 1 },
];

function fits(d: number, bits: number): boolean {
  const lim = 2 ** (bits - 1);
  return d >= -lim && d < lim;
}

/**
 * Fill `frames` Steim-2 frames at `at` with as many samples from `from` as fit; returns the count.
 * `previous` is the sample before `from` (for the first difference, which readers replace by X0).
 */
function packSteim2(view: DataView, at: number, frames: number, samples: ArrayLike<number>, from: number, previous: number): { count: number; framesUsed: number } {
  const n = samples.length - from;
  const diff = (k: number): number => samples[from + k] - (k === 0 ? previous : samples[from + k - 1]);
  let k = 0;
  let framesUsed = 0;
  for (let f = 0; f < frames && k < n; f++) {
    const frame = at + f * FRAME_BYTES;
    framesUsed = f + 1;
    let nibbles = 0;
    for (let w = f === 0 ? 3 : 1; w < 16 && k < n; w++) {
      let p: (typeof PACKINGS)[number] | undefined;
      for (const q of PACKINGS) {
        if (q.count > n - k) continue;
        let ok = true;
        for (let j = 0; j < q.count && ok; j++) ok = fits(diff(k + j), q.bits);
        if (ok) {
          p = q;
          break;
        }
      }
      if (!p) throw new RangeError(`a Steim-2 difference does not fit 30 bits at sample ${from + k}`);
      let word = 0;
      if (p.dnib === null) {
        for (let j = 0; j < 4; j++) word = (word | ((diff(k + j) & 0xff) << (24 - 8 * j))) >>> 0;
      } else {
        word = (p.dnib << 30) >>> 0;
        const top = p.bits === 4 ? 28 : 30; // 7×4 bits leave bits 29-28 unused
        const mask = 2 ** p.bits - 1;
        for (let j = 0; j < p.count; j++) word = (word + (diff(k + j) & mask) * 2 ** (top - p.bits * (j + 1))) >>> 0;
      }
      view.setUint32(frame + 4 * w, word, false);
      nibbles = (nibbles | (p.nibble << (30 - 2 * w))) >>> 0;
      k += p.count;
    }
    view.setUint32(frame, nibbles, false);
  }
  view.setInt32(at + 4, samples[from], false);
  view.setInt32(at + 8, samples[from + k - 1], false);
  return { count: k, framesUsed };
}

export function writeMiniseed(traces: readonly TraceToWrite[], options: WriteOptions = {}): WrittenMiniseed {
  const recordLength = options.recordLengthBytes ?? 4096;
  const exponent = Math.log2(recordLength);
  const quality = options.quality ?? 'D';
  const records: Uint8Array[] = [];
  const encodings: WriteEncoding[] = [];
  let sequence = 0;
  for (const t of traces) {
    if (t.network.length > 2 || t.station.length > 5 || t.location.length > 2 || t.channel.length > 3) {
      throw new RangeError(`${t.network}.${t.station}.${t.location}.${t.channel}: a code is longer than miniSEED 2 allows (2.5.2.3)`);
    }
    if (!(t.sampleRateHz > 0)) throw new RangeError(`sample rate must be positive, got ${t.sampleRateHz}`);
    const encoding = options.encoding === undefined || options.encoding === 'auto' ? chooseEncoding(t.samples) : options.encoding;
    encodings.push(encoding);
    const factorMultiplier = rateFactorMultiplier(t.sampleRateHz);
    const dataOffset = factorMultiplier ? 64 : 128; // B100 pushes the data to the next 64-byte boundary
    let from = 0;
    while (from < t.samples.length) {
      const bytes = new Uint8Array(recordLength);
      const view = new DataView(bytes.buffer);
      let count: number;
      let framesUsed = 0;
      if (encoding === 'steim2') {
        ({ count, framesUsed } = packSteim2(view, dataOffset, (recordLength - dataOffset) / FRAME_BYTES, t.samples, from, from === 0 ? t.samples[0] : t.samples[from - 1]));
      } else {
        count = Math.min(t.samples.length - from, (recordLength - dataOffset) / 4);
        for (let i = 0; i < count; i++) {
          if (encoding === 'int32') view.setInt32(dataOffset + 4 * i, t.samples[from + i], false);
          else view.setFloat32(dataOffset + 4 * i, t.samples[from + i], false);
        }
      }
      const startUs = t.startTimeUs + Math.round((from * 1e6) / t.sampleRateHz);
      const bt = btime(startUs);
      sequence = (sequence % 999_999) + 1;
      writeAscii(view, 0, String(sequence).padStart(6, '0'), 6);
      writeAscii(view, 6, quality, 1);
      writeAscii(view, 7, ' ', 1);
      writeAscii(view, 8, t.station, 5);
      writeAscii(view, 13, t.location, 2);
      writeAscii(view, 15, t.channel, 3);
      writeAscii(view, 18, t.network, 2);
      view.setUint16(20, bt.year, false);
      view.setUint16(22, bt.day, false);
      view.setUint8(24, bt.hour);
      view.setUint8(25, bt.minute);
      view.setUint8(26, bt.second);
      view.setUint16(28, bt.tenthMs, false);
      view.setUint16(30, count, false);
      const [factor, multiplier] = factorMultiplier ?? [0, 0];
      view.setInt16(32, factor, false);
      view.setInt16(34, multiplier, false);
      view.setUint8(39, factorMultiplier ? 2 : 3); // number of blockettes
      view.setUint16(44, dataOffset, false);
      view.setUint16(46, 48, false);
      // B1000 at 48
      view.setUint16(48, 1000, false);
      view.setUint16(50, 56, false);
      view.setUint8(52, encoding === 'steim2' ? ENCODING.steim2 : encoding === 'int32' ? ENCODING.int32 : ENCODING.float32);
      view.setUint8(53, 1); // big-endian
      view.setUint8(54, exponent);
      // B1001 at 56
      view.setUint16(56, 1001, false);
      view.setUint16(58, factorMultiplier ? 0 : 64, false);
      view.setUint8(60, 0); // timing quality: unknown (the project does not keep it)
      view.setInt8(61, bt.us);
      view.setUint8(63, framesUsed);
      if (!factorMultiplier) {
        // B100 at 64: the actual sample rate as float32
        view.setUint16(64, 100, false);
        view.setUint16(66, 0, false);
        view.setFloat32(68, t.sampleRateHz, false);
      }
      records.push(bytes);
      from += count;
    }
  }
  const out = new Uint8Array(records.length * recordLength);
  records.forEach((r, i) => out.set(r, i * recordLength));
  return { bytes: out, records: records.length, encodings };
}
