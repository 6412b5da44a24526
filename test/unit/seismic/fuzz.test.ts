/**
 * Seeded fuzz: ≥ 10 000 mutated or truncated real records (bit flips, byte overwrites,
 * truncations, header-targeted damage) plus whole-file mutations. The decoder may only throw
 * MiniseedError (decodeRecord) or report errors (decodeMiniseed: never throws), and never hangs
 * (vitest's timeout bounds the run).
 */
import { describe, expect, it } from 'vitest';
import { decodeMiniseed, decodeRecord, MiniseedError } from '../../../src/main/seismic/index';
import { mulberry32 } from '../../../src/shared/random';
import { fixture } from './fixtures';

const prng = mulberry32;

const files = [
  'gaps.mseed', 'test.mseed', 'XX.PI04.RW.HNZ.2019.070.18', 'testdata-oneseries-mixedlengths-mixedorder.mseed2',
  'IU.ANMO.10.BHZ.2018.001_first_minute.mseed', 'float32_Float32_littleEndian.mseed', 'float64_Float64_bigEndian.mseed',
  'int32_INT32_littleEndian.mseed', 'int32_Steim1_bigEndian.mseed', 'int32_Steim2_littleEndian.mseed',
  'testdata-invalid-blockette-offsets.mseed2',
];

/** every good record of the fixtures, as its own byte array */
function recordPool(): Uint8Array[] {
  const pool: Uint8Array[] = [];
  for (const f of files) {
    const bytes = fixture(f);
    for (const r of decodeMiniseed(bytes).records) pool.push(bytes.slice(r.offset, r.offset + r.recordLengthBytes));
  }
  return pool;
}

function mutate(src: Uint8Array, rand: () => number): Uint8Array {
  const int = (n: number) => Math.floor(rand() * n);
  let b = src.slice();
  const ops = 1 + int(4);
  for (let k = 0; k < ops; k++) {
    const op = int(5);
    // half the damage lands in the header + blockettes (first 64 bytes), where parsing decides lengths
    const at = () => (rand() < 0.5 ? int(Math.min(64, b.length)) : int(b.length));
    if (b.length === 0) break;
    if (op === 0) b[at()] ^= 1 << int(8); // bit flip
    else if (op === 1) b[at()] = int(256); // byte overwrite
    else if (op === 2) b = b.slice(0, int(b.length)); // truncation
    else if (op === 3) b[at()] = [0, 0xff, 0x7f, 0x80, 0x20, 0x30][int(6)]; // boundary values
    else { // 16-bit overwrite (offsets, counts, rate factors)
      const i = at();
      b[i] = int(256);
      if (i + 1 < b.length) b[i + 1] = int(256);
    }
  }
  return b;
}

describe('miniSEED decoder fuzz (seeded)', () => {
  it('10 000 mutated records: only MiniseedError, and decodeMiniseed never throws', () => {
    const pool = recordPool();
    expect(pool.length).toBeGreaterThan(150);
    const rand = prng(20240905);
    let rejected = 0;
    let decoded = 0;
    const t0 = performance.now();
    for (let i = 0; i < 10_000; i++) {
      const bytes = mutate(pool[Math.floor(rand() * pool.length)], rand);
      try {
        const r = decodeRecord(bytes, 0);
        expect(r.samples.length).toBeLessThanOrEqual(65535);
        decoded++;
      } catch (e) {
        if (!(e instanceof MiniseedError)) throw new Error(`mutation ${i} threw ${String(e)}`);
        expect(e.offsetBytes).toBe(0);
        rejected++;
      }
      const whole = decodeMiniseed(bytes);
      if (bytes.length > 0) expect(whole.records.length + whole.errors.length).toBeGreaterThan(0);
    }
    const ms = performance.now() - t0;
    expect(rejected).toBeGreaterThan(1000); // the mutations really do damage
    expect(decoded).toBeGreaterThan(100); // and some (e.g. flips inside data words) still decode
    console.info(`fuzz: 10000 records, ${rejected} rejected, ${decoded} decoded, ${ms.toFixed(0)} ms`);
  });

  it('300 mutated whole files: errors carry offsets inside the file, good records survive', () => {
    const rand = prng(7);
    for (let i = 0; i < 300; i++) {
      const src = fixture(files[i % files.length]);
      const bytes = mutate(src, rand);
      const { records, errors } = decodeMiniseed(bytes);
      for (const e of errors) {
        expect(e.offset).toBeGreaterThanOrEqual(0);
        expect(e.offset).toBeLessThan(bytes.length);
      }
      for (const r of records) expect(r.offset + r.recordLengthBytes).toBeLessThanOrEqual(bytes.length);
    }
  });
});
