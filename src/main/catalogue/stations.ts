/**
 * Where the catalogue measures distances from. A station's coordinates come from the project's
 * station metadata when it has them, else from flags, else from the two stations the paper names
 * (PAPER-NOTES.md: IU.MAJO 36.5457, 138.2041; IU.MA2 59.5756, 150.77, location 00), so the paper's
 * query works in a fresh project without a station download.
 */
import { ForeseisError } from '../../shared/errors';

export interface StationPosition {
  network: string;
  station: string;
  /** location code, '' when unknown */
  location: string;
  latitudeDeg: number;
  longitudeDeg: number;
  /** where the coordinates came from */
  source: 'project' | 'flags' | 'built-in';
}

export const paperStations: Readonly<Record<string, Omit<StationPosition, 'source'>>> = {
  'IU.MAJO': { network: 'IU', station: 'MAJO', location: '00', latitudeDeg: 36.5457, longitudeDeg: 138.2041 },
  'IU.MA2': { network: 'IU', station: 'MA2', location: '00', latitudeDeg: 59.5756, longitudeDeg: 150.77 },
};

/** 'IU.MAJO' or 'IU.MAJO.00' → its parts; bad-input otherwise. */
export function parseStationCode(code: string): { network: string; station: string; location: string | null } {
  const parts = code.trim().split('.');
  if (parts.length < 2 || parts.length > 3 || !/^[A-Z0-9]{1,2}$/i.test(parts[0]) || !/^[A-Z0-9]{1,5}$/i.test(parts[1])) {
    throw new ForeseisError('bad-input', `station '${code}' is not NET.STA or NET.STA.LOC (e.g. IU.MAJO)`);
  }
  return { network: parts[0].toUpperCase(), station: parts[1].toUpperCase(), location: parts.length === 3 ? parts[2].replace(/^--$/, '') : null };
}
