/**
 * Steim-1 and Steim-2 decompression (SEED 2.4 appendix B), following libmseed's unpack.c:
 * 64-byte frames of 16 32-bit words; word 0 of each frame holds sixteen 2-bit nibbles describing
 * the words; frame 0 words 1 and 2 are the forward (first sample) and reverse (last sample)
 * integration constants. Every loop is bounded by the frame count, i.e. by the record length.
 *
 * Byte order: Steim-2 words are read whole in the record's data byte order and their bit fields
 * taken from the word (as libmseed swaps whole words); Steim-1 8-bit differences are taken in
 * memory order and 16-bit ones swapped per half-word, again as libmseed does.
 */
import { MiniseedError } from './miniseedError';

export type SteimLevel = 1 | 2;

const FRAME_BYTES = 64;
const WORDS_PER_FRAME = 16;

/**
 * @param view the whole buffer; `dataStart`/`dataBytes` delimit the record's data section
 * @param sampleCount samples announced by the fixed header
 * @param recordOffset for the error message only
 */
export function decodeSteim(
  view: DataView,
  dataStart: number,
  dataBytes: number,
  sampleCount: number,
  level: SteimLevel,
  littleEndian: boolean,
  recordOffset: number,
): Int32Array {
  const out = new Int32Array(sampleCount);
  if (sampleCount === 0) return out;
  const frames = Math.floor(dataBytes / FRAME_BYTES);
  if (frames < 1) throw new MiniseedError(`Steim-${level}: data section of ${dataBytes} bytes holds no 64-byte frame`, recordOffset);
  const diffs = new Int32Array(sampleCount);
  let n = 0;
  let first = 0;
  let last = 0;
  for (let f = 0; f < frames && n < sampleCount; f++) {
    const frame = dataStart + f * FRAME_BYTES;
    const nibbles = view.getUint32(frame, littleEndian);
    let w0 = 1;
    if (f === 0) {
      first = view.getInt32(frame + 4, littleEndian);
      last = view.getInt32(frame + 8, littleEndian);
      w0 = 3;
    }
    for (let w = w0; w < WORDS_PER_FRAME && n < sampleCount; w++) {
      const at = frame + 4 * w;
      const nib = (nibbles >>> (30 - 2 * w)) & 3;
      if (nib === 0) continue; // no data
      if (level === 1) {
        if (nib === 1) for (let k = 0; k < 4 && n < sampleCount; k++) diffs[n++] = view.getInt8(at + k);
        else if (nib === 2) for (let k = 0; k < 2 && n < sampleCount; k++) diffs[n++] = view.getInt16(at + 2 * k, littleEndian);
        else diffs[n++] = view.getInt32(at, littleEndian);
        continue;
      }
      const word = view.getUint32(at, littleEndian);
      const dnib = word >>> 30;
      if (nib === 1) {
        for (let k = 0; k < 4 && n < sampleCount; k++) diffs[n++] = (word << (8 * k)) >> 24;
      } else if (nib === 2) {
        if (dnib === 1) diffs[n++] = (word << 2) >> 2;
        else if (dnib === 2) for (let k = 0; k < 2 && n < sampleCount; k++) diffs[n++] = (word << (2 + 15 * k)) >> 17;
        else if (dnib === 3) for (let k = 0; k < 3 && n < sampleCount; k++) diffs[n++] = (word << (2 + 10 * k)) >> 22;
        else throw new MiniseedError(`Steim-2: invalid dnib 0 for nibble 2 in frame ${f} word ${w}`, recordOffset);
      } else {
        if (dnib === 0) for (let k = 0; k < 5 && n < sampleCount; k++) diffs[n++] = (word << (2 + 6 * k)) >> 26;
        else if (dnib === 1) for (let k = 0; k < 6 && n < sampleCount; k++) diffs[n++] = (word << (2 + 5 * k)) >> 27;
        else if (dnib === 2) for (let k = 0; k < 7 && n < sampleCount; k++) diffs[n++] = (word << (4 + 4 * k)) >> 28;
        else throw new MiniseedError(`Steim-2: invalid dnib 3 for nibble 3 in frame ${f} word ${w}`, recordOffset);
      }
    }
  }
  if (n < sampleCount) {
    throw new MiniseedError(`Steim-${level}: frames hold ${n} differences, header announces ${sampleCount} samples`, recordOffset);
  }
  // The first difference refers to the previous record's last sample: X0 replaces it.
  out[0] = first;
  for (let i = 1; i < sampleCount; i++) out[i] = (out[i - 1] + diffs[i]) | 0;
  if (out[sampleCount - 1] !== last) {
    throw new MiniseedError(
      `Steim-${level}: last sample ${out[sampleCount - 1]} does not match the reverse integration constant ${last}`,
      recordOffset,
    );
  }
  return out;
}
