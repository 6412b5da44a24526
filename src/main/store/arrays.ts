/**
 * Bulk arrays beside the database. Each array is one file named by the SHA-256 of its bytes
 * (content addressing makes a re-run of an interrupted import idempotent: the same samples land
 * in the same file). A file is written to a temporary name, fsynced and renamed, so a crash never
 * leaves a half-written file under a final name; a file whose database row was never committed is
 * an orphan and is removed by `collectOrphans` when the project is next opened for writing.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ForeseisError } from '../../shared/errors';

export type ArrayDtype = 'float32' | 'float64' | 'int32' | 'uint8';

export interface StoredArrayFile {
  /** path relative to the project folder, with forward slashes */
  file: string;
  sha256: string;
  dtype: ArrayDtype;
  length: number;
  bytes: number;
}

export const ARRAYS_DIR = 'arrays';

const bytesPerElement: Record<ArrayDtype, number> = { float32: 4, float64: 8, int32: 4, uint8: 1 };

type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

function dtypeOf(data: TypedArray): ArrayDtype {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  return 'uint8';
}

/** Typed arrays are stored little-endian; every platform Foreseis ships on is little-endian. */
export function writeArrayFile(projectDir: string, data: TypedArray): StoredArrayFile {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const dtype = dtypeOf(data);
  const rel = `${ARRAYS_DIR}/${sha256.slice(0, 2)}/${sha256}.${dtype}`;
  const abs = path.join(projectDir, rel);
  if (!fs.existsSync(abs)) {
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    const tmp = `${abs}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      let written = 0;
      while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, abs);
  }
  return { file: rel, sha256, dtype, length: data.length, bytes: bytes.length };
}

/**
 * Read `count` elements starting at element `offset` of a float32 array file, without reading the
 * rest of the file (a 10 h channel is 5.8 MB; a 1000 s window needs 160 kB of it).
 */
export function readFloat32Range(projectDir: string, file: string, offset: number, count: number): Float32Array {
  const abs = path.join(projectDir, file);
  const out = new Float32Array(count);
  if (count === 0) return out;
  let fd: number;
  try {
    fd = fs.openSync(abs, 'r');
  } catch {
    throw new ForeseisError('corrupt-project', `array file is missing: ${file}`);
  }
  try {
    const target = new Uint8Array(out.buffer);
    let done = 0;
    while (done < target.length) {
      const n = fs.readSync(fd, target, done, target.length - done, offset * 4 + done);
      if (n === 0) {
        throw new ForeseisError(
          'corrupt-project',
          `array file ${file} is shorter than expected (wanted samples ${offset}..${offset + count})`,
        );
      }
      done += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return out;
}

export function readArrayFile(projectDir: string, stored: Pick<StoredArrayFile, 'file' | 'dtype' | 'length'>): TypedArray {
  const buf = fs.readFileSync(path.join(projectDir, stored.file));
  const expected = stored.length * bytesPerElement[stored.dtype];
  if (buf.byteLength !== expected) {
    throw new ForeseisError('corrupt-project', `array file ${stored.file} has ${buf.byteLength} bytes, expected ${expected}`);
  }
  const copy = new Uint8Array(expected);
  copy.set(buf);
  switch (stored.dtype) {
    case 'float32':
      return new Float32Array(copy.buffer);
    case 'float64':
      return new Float64Array(copy.buffer);
    case 'int32':
      return new Int32Array(copy.buffer);
    default:
      return copy;
  }
}

export function sha256OfFile(projectDir: string, file: string): string {
  return createHash('sha256').update(fs.readFileSync(path.join(projectDir, file))).digest('hex');
}

/** Remove array files (and stale temporaries) that no committed row references. */
export function collectOrphans(projectDir: string, referenced: ReadonlySet<string>): number {
  const root = path.join(projectDir, ARRAYS_DIR);
  if (!fs.existsSync(root)) return 0;
  let removed = 0;
  for (const sub of fs.readdirSync(root)) {
    const dir = path.join(root, sub);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const name of fs.readdirSync(dir)) {
      const rel = `${ARRAYS_DIR}/${sub}/${name}`;
      if (!referenced.has(rel)) {
        fs.rmSync(path.join(dir, name), { force: true });
        removed++;
      }
    }
  }
  return removed;
}
