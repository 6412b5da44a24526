/**
 * `foreseis download` killed with SIGKILL in the middle of a run, then run again: the second run
 * finishes the job and asks the server for no chunk the first run had completed (the server
 * counts), and the stored samples equal those of an uninterrupted run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handle } from '../../src/main/api';
import { parseTimeUs } from '../../src/main/seismic';
import { addToEventSet, ensureEventSet, openProject, readArrayFile, upsertEvent } from '../../src/main/store';
import { spawnCli } from '../helpers/cli';
import { type FdsnTestServer, startFdsnServer } from '../helpers/fdsn-server';
import { tempDir } from '../helpers/tmp';

const fixtures = path.resolve(import.meta.dirname, '../fixtures');
const E1 = parseTimeUs('2010-02-27T07:55:00Z') / 1000;
const E2 = parseTimeUs('2010-02-27T07:20:00Z') / 1000;

const TUNING = { chunkSeconds: 60, concurrency: 2, stallTimeoutSeconds: 5, maxAttempts: 3, backoffBaseMs: 5, backoffMaxMs: 20, metadataFormat: 'text' };

let server: FdsnTestServer;
const root = tempDir('foreseis-kill-');

beforeAll(async () => {
  server = await startFdsnServer({
    miniseed: [new Uint8Array(fs.readFileSync(path.join(fixtures, 'fdsn/testdata-3channel-signal.mseed2')))],
    stations: [{ network: 'IU', station: 'COLA', text: fs.readFileSync(path.join(fixtures, 'fdsn/IU_COLA_00_LH_channel.txt'), 'utf8') }],
  });
});
afterAll(async () => {
  await server.close();
});

function makeProject(name: string): string {
  const dir = path.join(root, name);
  const p = openProject(dir, { create: true });
  try {
    const set = ensureEventSet(p, 'cola');
    for (const [publicId, originTimeMs] of [['e1', E1], ['e2', E2]] as const) {
      const id = upsertEvent(p, { publicId, originTimeMs, latitudeDeg: -36.1, longitudeDeg: -72.9, depthKm: 30, magnitude: 6, magnitudeType: 'Mw', catalogue: 'test', author: 'test', stationCode: null, distanceDeg: null, flags: [] });
      addToEventSet(p, set, id, 'train');
    }
  } finally {
    p.close();
  }
  return dir;
}

function stored(dir: string): { key: string; values: number[] }[] {
  const p = openProject(dir);
  try {
    const rows = p.db
      .prepare(
        `SELECT e.public_id, c.code, w.start_time_us, a.file, a.length FROM waveforms w JOIN segments s ON s.id = w.segment_id
         JOIN events e ON e.id = s.event_id JOIN channels c ON c.id = w.channel_id JOIN arrays a ON a.id = w.array_id
         ORDER BY e.public_id, c.code, w.start_time_us`,
      )
      .all() as { public_id: string; code: string; start_time_us: number; file: string; length: number }[];
    return rows.map((r) => ({ key: `${r.public_id} ${r.code} ${r.start_time_us}`, values: Array.from(readArrayFile(p.dir, { file: r.file, dtype: 'float32', length: r.length })) }));
  } finally {
    p.close();
  }
}

/** Run the CLI without blocking this process's event loop (the server answers from it). */
function runCliAsync(argv: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawnCli(argv);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

function args(dir: string): string[] {
  return ['download', dir, '--datacenter', server.url, '--station', 'IU.COLA', '--channels', 'LH1,LH2,LHZ', '--hours', '0.5', '--tuning', JSON.stringify(TUNING)];
}

describe('foreseis download killed with SIGKILL', () => {
  it('resumes without asking for any completed chunk again', async () => {
    // An uninterrupted run (in process, 5-minute chunks): the reference samples.
    const reference = makeProject('reference');
    await handle(
      'download.run',
      { dir: reference, datacenter: server.url, station: 'IU.COLA', channels: ['LH1', 'LH2', 'LHZ'], hours: 0.5, tuning: { ...TUNING, chunkSeconds: 300 } },
      { progress: () => {}, signal: new AbortController().signal },
    );
    const want = stored(reference);
    expect(want).toHaveLength(6);

    const dir = makeProject('killed');
    server.requests.length = 0;
    server.delayMs = 60; // slow enough that the kill lands mid-run
    let answered = 0;
    const child = spawnCli(args(dir));
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    await new Promise<void>((resolve, reject) => {
      server.onAnswered = (r) => {
        if (r.answer === '200' && ++answered === 12) {
          child.kill('SIGKILL');
          resolve();
        }
      };
      child.on('exit', (code) => reject(new Error(`download ended before it could be killed (exit ${code}): ${stderr}`)));
    });
    await new Promise((r) => child.once('exit', r));
    expect(child.signalCode).toBe('SIGKILL');
    server.onAnswered = null;
    server.delayMs = 0;

    const p = openProject(dir);
    let completed: { start_time_us: number; end_time_us: number }[];
    try {
      completed = p.db.prepare('SELECT start_time_us, end_time_us FROM download_chunks').all() as typeof completed;
      expect((p.db.prepare('SELECT COUNT(*) AS n FROM segments').get() as { n: number }).n).toBe(0);
    } finally {
      p.close();
    }
    // 60 one-minute chunks cover both windows (e2 06:50-07:20, e1 07:25-07:55); the kill left most undone.
    expect(completed.length).toBeGreaterThanOrEqual(8);
    expect(completed.length).toBeLessThan(60);
    const firstRun = server.requests.length;

    const again = await runCliAsync([...args(dir), '--json']);
    expect(again.status, again.stderr).toBe(0);
    const result = JSON.parse(again.stdout) as { targets: { status: string; chunks: { cached: number } }[] };
    expect(result.targets.map((t) => t.status)).toEqual(['stored', 'stored']);

    // Spans, not request counts: a request the killed process had sent may reach the log late, and
    // asks for a span that process never completed anyway.
    const span = (r: { selections: { startUs: number; endUs: number }[] }): string => `${r.selections[0].startUs}-${r.selections[0].endUs}`;
    const allSpans = new Set(server.requests.filter((r) => r.service === 'dataselect').map(span));
    expect(allSpans.size).toBe(60);
    const done = new Set(completed.map((c) => `${c.start_time_us}-${c.end_time_us}`));
    const secondRun = new Set(server.requests.slice(firstRun).filter((r) => r.service === 'dataselect').map(span));
    expect([...secondRun].sort()).toEqual([...allSpans].filter((x) => !done.has(x)).sort());
    for (const c of completed) {
      const overlaps = (r: (typeof server.requests)[number]): boolean => r.service === 'dataselect' && r.selections[0].startUs < c.end_time_us && r.selections[0].endUs > c.start_time_us;
      expect(server.requests.slice(0, firstRun).filter(overlaps).length, `chunk ${c.start_time_us}`).toBeGreaterThanOrEqual(1);
      expect(server.requests.slice(firstRun).filter(overlaps), `chunk ${c.start_time_us}`).toEqual([]);
    }
    expect(stored(dir)).toEqual(want);
  });
});
