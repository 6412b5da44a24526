/**
 * The schema history, one numbered file per change (Signal Desktop's habit). The database's
 * `PRAGMA user_version` is the number of the last migration applied; each migration runs in its
 * own transaction together with the user_version bump, so a crash never leaves half a schema.
 */
import * as m0001 from './0001-initial';
import * as m0002 from './0002-training';
import * as m0003 from './0003-downloads';
import * as m0004 from './0004-catalogue';
import * as m0005 from './0005-qc';
import * as m0006 from './0006-analyses';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006];

export const latestSchemaVersion = migrations[migrations.length - 1].version;
