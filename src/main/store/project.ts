/**
 * A project is a folder: `project.sqlite` (WAL, foreign keys, migrations by user_version) plus
 * `arrays/` for bulk samples. `openProject` is the only way in; it turns every way a folder can be
 * wrong (missing, not a project, not a database, a newer schema) into a one-line ForeseisError.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ForeseisError } from '../../shared/errors';
import { collectOrphans } from './arrays';
import { latestSchemaVersion, migrations } from './migrations';

export const DATABASE_FILE = 'project.sqlite';

export type Db = Database.Database;

export interface OpenOptions {
  /** create the folder and database when missing (foreseis init) */
  create?: boolean;
  readonly?: boolean;
}

export class Project {
  private txDepth = 0;

  constructor(
    readonly dir: string,
    readonly db: Db,
  ) {}

  get databasePath(): string {
    return path.join(this.dir, DATABASE_FILE);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * One write transaction that may span awaits (several files and many rows: an import, a
   * labelling). BEGIN IMMEDIATE takes the write lock up front; on any throw the rows roll back,
   * and array files written meanwhile become orphans that the next open removes. Nested calls join
   * the outer transaction.
   */
  async writeTransaction<T>(fn: () => Promise<T> | T): Promise<T> {
    if (this.txDepth > 0) {
      this.txDepth++;
      try {
        return await fn();
      } finally {
        this.txDepth--;
      }
    }
    this.db.exec('BEGIN IMMEDIATE');
    this.txDepth = 1;
    try {
      const result = await fn();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    } finally {
      this.txDepth = 0;
    }
  }

  getMeta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /**
   * Remove array files left by a write that never committed (a crash mid-import). Writers write
   * their files only while holding the write lock, so when we can take the lock at once nobody is
   * mid-write and every unreferenced file is garbage; when we cannot, we skip and try next time.
   */
  collectOrphansIfIdle(): number {
    const previous = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma('busy_timeout = 0');
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch {
      return 0;
    } finally {
      this.db.pragma(`busy_timeout = ${previous}`);
    }
    try {
      return collectOrphans(this.dir, this.referencedArrayFiles());
    } finally {
      this.db.exec('COMMIT');
    }
  }

  /** Array files referenced by committed rows; everything else under arrays/ is an orphan. */
  referencedArrayFiles(): Set<string> {
    const rows = this.db.prepare('SELECT file FROM arrays').all() as { file: string }[];
    return new Set(rows.map((r) => r.file));
  }
}

function applyMigrations(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latestSchemaVersion) {
    throw new ForeseisError(
      'corrupt-project',
      `project schema version ${current} is newer than this Foreseis understands (${latestSchemaVersion}); update Foreseis`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

export function openProject(dir: string, options: OpenOptions = {}): Project {
  const abs = path.resolve(dir);
  const dbPath = path.join(abs, DATABASE_FILE);
  const exists = fs.existsSync(dbPath);
  if (!exists && !options.create) {
    if (!fs.existsSync(abs)) throw new ForeseisError('project-not-found', `no project at ${abs} (the folder does not exist; run 'foreseis init ${dir}')`);
    throw new ForeseisError('project-not-found', `no project at ${abs} (no ${DATABASE_FILE}; run 'foreseis init ${dir}')`);
  }
  if (!exists) fs.mkdirSync(abs, { recursive: true });
  let db: Db;
  try {
    db = new Database(dbPath, { readonly: options.readonly === true && exists, fileMustExist: exists });
  } catch (err) {
    throw new ForeseisError('corrupt-project', `cannot open ${dbPath}: ${(err as Error).message}`);
  }
  try {
    // The first statements read the header: a file that is not SQLite fails here.
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commit.
      db.pragma('synchronous = NORMAL');
      applyMigrations(db);
    } else {
      const v = db.pragma('user_version', { simple: true }) as number;
      if (v !== latestSchemaVersion) throw new ForeseisError('corrupt-project', `project schema version ${v}, expected ${latestSchemaVersion}; open it once read-write to migrate`);
    }
    const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
    if (!hasMeta) throw new ForeseisError('corrupt-project', `${dbPath} is not a Foreseis project database`);
  } catch (err) {
    db.close();
    if (err instanceof ForeseisError) throw err;
    throw new ForeseisError('corrupt-project', `${dbPath} is not a usable project database: ${(err as Error).message}`);
  }
  const project = new Project(abs, db);
  if (!exists) {
    project.setMeta('created_at_ms', String(Date.now()));
    project.setMeta('format', 'foreseis-project');
  }
  if (!options.readonly) project.collectOrphansIfIdle();
  return project;
}

/** Run `fn` with an open project and always close it. */
export async function withProject<T>(dir: string, options: OpenOptions, fn: (p: Project) => Promise<T> | T): Promise<T> {
  const project = openProject(dir, options);
  try {
    return await fn(project);
  } finally {
    project.close();
  }
}
