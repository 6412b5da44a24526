/**
 * Local import, the part that does not touch the project: find miniSEED files (folders searched
 * recursively), decode them, and keep only the records that fall in some wanted time window of
 * their station, so a year of day-files does not have to fit in memory at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ForeseisError } from '../../shared/errors';
import { decodeMiniseed, type DecodedRecord } from '../seismic';

export interface WantedWindow {
  /** "NET.STA" */
  stationCode: string;
  startTimeUs: number;
  endTimeUs: number;
}

export interface ScannedFile {
  path: string;
  records: number;
  badRecords: number;
  /** NSLCs seen in the file */
  channels: string[];
  problems: string[];
}

export interface KeptRecord {
  record: DecodedRecord;
  file: string;
}

/** Every regular file under the given files and folders, sorted, each once. */
export function listFiles(paths: readonly string[]): string[] {
  const out = new Set<string>();
  const walk = (p: string): void => {
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) {
        if (!name.startsWith('.')) walk(path.join(p, name));
      }
    } else if (st.isFile()) out.add(p);
  };
  for (const p of paths) {
    const abs = path.resolve(p);
    if (!fs.existsSync(abs)) throw new ForeseisError('bad-input', `no such file or folder: ${abs}`);
    walk(abs);
  }
  return [...out].sort();
}

function stationOf(r: DecodedRecord): string {
  return `${r.network}.${r.station}`;
}

/**
 * Decode each file and keep the records overlapping a wanted window of their station. A file that
 * is not miniSEED gives a problem line, not a failure: a folder may hold other files too.
 */
export function scanFiles(files: readonly string[], wanted: readonly WantedWindow[], onFile?: (i: number, file: string) => void): { scanned: ScannedFile[]; kept: KeptRecord[]; stationChannels: Map<string, Set<string>> } {
  const byStation = new Map<string, WantedWindow[]>();
  for (const w of wanted) byStation.set(w.stationCode, [...(byStation.get(w.stationCode) ?? []), w]);
  const scanned: ScannedFile[] = [];
  const kept: KeptRecord[] = [];
  /** "NET.STA" → NSLCs present in the files, whatever their time */
  const stationChannels = new Map<string, Set<string>>();
  files.forEach((file, i) => {
    onFile?.(i, file);
    const decoded = decodeMiniseed(new Uint8Array(fs.readFileSync(file)));
    const problems = decoded.errors.slice(0, 5).map((e) => `${file}: byte ${e.offset}: ${e.message}`);
    if (decoded.errors.length > 5) problems.push(`${file}: ${decoded.errors.length - 5} more bad records`);
    const channels = new Set<string>();
    for (const r of decoded.records) {
      channels.add(r.nslc);
      const code = stationOf(r);
      let set = stationChannels.get(code);
      if (!set) stationChannels.set(code, (set = new Set()));
      set.add(r.nslc);
      const windows = byStation.get(code);
      if (windows?.some((w) => r.endTimeUs >= w.startTimeUs && r.startTimeUs < w.endTimeUs)) kept.push({ record: r, file });
    }
    if (decoded.records.length === 0) problems.unshift(`${file}: no miniSEED records (not miniSEED?)`);
    scanned.push({ path: file, records: decoded.records.length, badRecords: decoded.errors.length, channels: [...channels].sort(), problems });
  });
  return { scanned, kept, stationChannels };
}
