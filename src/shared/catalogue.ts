/**
 * The contract of the catalogue domain: building an event catalogue (FDSN query or the Table 1
 * preset), importing miniSEED files a user already has, and exporting stored samples. Imported
 * into api.ts in one block.
 */
import { z } from 'zod';
import type { EventOrigin, Split } from './records';

const projectDir = z.string().min(1, 'a project folder is required');
const magnitude = z.number().min(-2).max(10);
const radiusDeg = z.number().min(0).max(180);

export const catalogueBuildInput = z
  .object({
    dir: projectDir,
    /** a built-in catalogue instead of a query: the paper's Table 1 */
    preset: z.enum(['table1']).optional(),
    /** NET.STA (or NET.STA.LOC) the distances are measured from */
    station: z.string().min(1).optional(),
    /** station coordinates when the project has no metadata for it, degrees */
    latitudeDeg: z.number().min(-90).max(90).optional(),
    longitudeDeg: z.number().min(-180).max(180).optional(),
    /** ISO 8601 UTC, e.g. 2012-03-01 */
    startTime: z.string().min(1).optional(),
    endTime: z.string().min(1).optional(),
    minMagnitude: magnitude.optional(),
    maxMagnitude: magnitude.optional(),
    minRadiusDeg: radiusDeg.optional(),
    maxRadiusDeg: radiusDeg.optional(),
    /** keep only moment magnitudes (Mw*) */
    momentMagnitudeOnly: z.boolean().default(false),
    /** iris, usgs, isc or a base URL; remembered in the project once given */
    datacenter: z.string().min(1).optional(),
    format: z.enum(['xml', 'text']).default('xml'),
    catalog: z.string().min(1).optional(),
    contributor: z.string().min(1).optional(),
    /** event set name (default 'table1' for the preset, else 'catalogue') */
    set: z.string().min(1).optional(),
  })
  .strict();

export interface CatalogueEventRow extends EventOrigin {
  id: number;
  publicId: string;
  /** ISO 8601 with µs */
  originTime: string;
  contributor: string | null;
  stationCode: string;
  distanceDeg: number;
  printedDistanceDeg: number | null;
  flags: string[];
  split: Split | null;
}

export interface CatalogueResult {
  dir: string;
  eventSet: string;
  /** 'table1' or the data centre's name */
  source: string;
  station: { code: string; latitudeDeg: number; longitudeDeg: number; source: 'project' | 'flags' | 'built-in' } | null;
  urls: string[];
  /** events the service returned, before the rules were re-applied */
  received: number;
  rejected: { outsideTime: number; outsideRadius: number; magnitude: number; notMomentMagnitude: number };
  events: CatalogueEventRow[];
  notes: string[];
}

export const importRunInput = z
  .object({
    dir: projectDir,
    /** miniSEED files or folders (searched recursively) */
    paths: z.array(z.string().min(1)).min(1, 'give at least one file or folder'),
    /** the event set whose events are matched (default: the project's default set) */
    set: z.string().min(1).optional(),
    /** data wanted before each origin, hours (the paper: 10) */
    hoursBefore: z.number().positive().max(240).default(10),
    /** channels to store (default: every channel of the event's station found in the files) */
    channels: z.array(z.string().min(1)).optional(),
    /** replace an event's stored recording instead of leaving it */
    replace: z.boolean().default(false),
  })
  .strict();

export interface MissingSpan {
  channel: string;
  startTime: string;
  endTime: string;
  seconds: number;
}

export interface ImportEventRow {
  eventId: number;
  publicId: string;
  originTime: string;
  stationCode: string | null;
  status: 'complete' | 'partial' | 'missing' | 'already-stored';
  /** NET.STA.LOC.CHA stored */
  channels: string[];
  missing: MissingSpan[];
  segmentId: number | null;
  samples: number;
}

export interface ImportResult {
  dir: string;
  eventSet: string;
  files: { path: string; records: number; badRecords: number; channels: string[]; matchedEvents: number }[];
  events: ImportEventRow[];
  /** files none of whose records fall in any event's window */
  unmatchedFiles: string[];
  /** decoder complaints, "file: byte offset: message" (the records around them were still read) */
  problems: string[];
  counts: { complete: number; partial: number; missing: number; alreadyStored: number };
}

export const exportRunInput = z
  .object({
    dir: projectDir,
    /** the event's id (as `foreseis events` lists it) */
    event: z.number().int().positive(),
    format: z.enum(['mseed', 'csv']),
    /** a file for mseed; a folder for csv (one file per continuous stretch) */
    out: z.string().min(1),
    recordLengthBytes: z.union([z.literal(512), z.literal(4096)]).default(4096),
  })
  .strict();

export interface ExportStretch {
  nslc: string;
  startTime: string;
  /** time of the last sample */
  endTime: string;
  sampleRateHz: number;
  samples: number;
  /** 'steim2', 'int32' or 'float32' (mseed); 'text' (csv) */
  encoding: string;
  /** where it was written */
  path: string;
}

export interface ExportResult {
  dir: string;
  eventId: number;
  format: 'mseed' | 'csv';
  out: string;
  stretches: ExportStretch[];
  bytes: number;
}
