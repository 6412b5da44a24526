import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ForeseisError } from '../../src/shared/errors';
import {
  DATABASE_FILE,
  insertSegment,
  latestSchemaVersion,
  listEvents,
  openProject,
  readChannelRange,
  recordExclusion,
  upsertEvent,
  upsertStation,
  ensureEventSet,
  addToEventSet,
} from '../../src/main/store';
import { tempDir } from '../helpers/tmp';

const station = {
  network: 'IU',
  station: 'MAJO',
  location: '00',
  latitudeDeg: 36.5457,
  longitudeDeg: 138.2041,
  elevationM: 405,
  siteName: 'Matsushiro, Japan',
  channels: ['BH1', 'BH2', 'BHZ'].map((code) => ({
    code,
    sampleRateHz: 40,
    azimuthDeg: 0,
    dipDeg: 0,
    sensitivity: 1e9,
    sensitivityFrequencyHz: 1,
    inputUnits: 'm/s',
    instrument: 'STS-2',
  })),
};

function event(i: number) {
  return {
    publicId: `test:${i}`,
    originTimeMs: Date.UTC(2019, 0, 1 + i * 10),
    latitudeDeg: 38,
    longitudeDeg: 139,
    depthKm: 10,
    magnitude: 6.1,
    magnitudeType: 'Mw',
    catalogue: 'TEST',
    author: null,
    stationCode: 'IU.MAJO',
    distanceDeg: 1.5,
    flags: [],
  };
}

function expectCode(fn: () => unknown, code: string, pattern?: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ForeseisError);
    expect((err as ForeseisError).code).toBe(code);
    if (pattern) expect((err as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected a ForeseisError');
}

describe('project store', () => {
  const root = tempDir();

  it('creates a WAL database with foreign keys and the latest schema', () => {
    const dir = path.join(root, 'p1');
    const p = openProject(dir, { create: true });
    expect(p.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(p.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(p.db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    p.close();
    // Reopening applies nothing twice.
    const again = openProject(dir);
    expect(again.db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    again.close();
  });

  it('answers a missing folder, a non-project folder and a corrupt database with a one-line reason', () => {
    expectCode(() => openProject(path.join(root, 'nope')), 'project-not-found', /does not exist/);
    fs.mkdirSync(path.join(root, 'empty'));
    expectCode(() => openProject(path.join(root, 'empty')), 'project-not-found', /no project\.sqlite/);
    const bad = path.join(root, 'bad');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, DATABASE_FILE), Buffer.from('this is not a database, just text '.repeat(200)));
    expectCode(() => openProject(bad), 'corrupt-project', /not a usable project database|not a database/);
  });

  it('refuses a project written by a newer schema', () => {
    const dir = path.join(root, 'newer');
    openProject(dir, { create: true }).close();
    const raw = new Database(path.join(dir, DATABASE_FILE));
    raw.pragma(`user_version = ${latestSchemaVersion + 1}`);
    raw.close();
    expectCode(() => openProject(dir), 'corrupt-project', /newer/);
  });

  it('keeps exclusion decisions as append-only history', () => {
    const p = openProject(path.join(root, 'excl'), { create: true });
    upsertStation(p, station);
    const id = upsertEvent(p, event(1));
    const set = ensureEventSet(p, 'test');
    addToEventSet(p, set, id, 'train');
    recordExclusion(p, id, 'exclude', 'spikes in BH2', 'analyst');
    expect(listEvents(p, set)[0]).toMatchObject({ excluded: true, exclusionReason: 'spikes in BH2' });
    recordExclusion(p, id, 'include', 'spikes are instrumental, keep', 'analyst');
    expect(listEvents(p, set)[0]).toMatchObject({ excluded: false });
    expect(() => p.db.prepare('DELETE FROM exclusions').run()).toThrow(/append-only/);
    expect(() => p.db.prepare("UPDATE exclusions SET reason = 'x'").run()).toThrow(/append-only/);
    expect((p.db.prepare('SELECT COUNT(*) AS n FROM exclusions').get() as { n: number }).n).toBe(2);
    expectCode(() => recordExclusion(p, id, 'exclude', '  ', 'analyst'), 'bad-input');
    p.close();
  });

  it('rolls back a failed multi-file write and removes its orphan files on the next open', async () => {
    const dir = path.join(root, 'rollback');
    const p = openProject(dir, { create: true });
    const { stationId, channelIds } = upsertStation(p, station);
    const eventId = upsertEvent(p, event(2));
    const data = Float32Array.from({ length: 4000 }, (_, i) => Math.sin(i / 10));
    await expect(
      p.writeTransaction(() => {
        insertSegment(p, { stationId, kind: 'event', eventId, startTimeUs: 0, endTimeUs: 100e6, source: 'test' }, [
          { channelId: channelIds.get('BH1') as number, startTimeUs: 0, sampleRateHz: 40, data },
        ]);
        throw new Error('crash in the middle');
      }),
    ).rejects.toThrow(/crash/);
    expect((p.db.prepare('SELECT COUNT(*) AS n FROM segments').get() as { n: number }).n).toBe(0);
    const files = (d: string): string[] => (fs.existsSync(d) ? fs.readdirSync(d, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : []);
    expect(files(path.join(dir, 'arrays'))).toHaveLength(1); // written before the failure
    p.close();
    openProject(dir).close();
    expect(files(path.join(dir, 'arrays'))).toHaveLength(0);
  });

  it('reads a byte range of a stored channel and refuses a window that runs past the data', async () => {
    const dir = path.join(root, 'range');
    const p = openProject(dir, { create: true });
    const { stationId, channelIds } = upsertStation(p, station);
    const eventId = upsertEvent(p, event(3));
    const data = Float32Array.from({ length: 4000 }, (_, i) => i);
    const start = Date.UTC(2019, 0, 1) * 1000;
    const segmentId = await p.writeTransaction(() =>
      insertSegment(p, { stationId, kind: 'event', eventId, startTimeUs: start, endTimeUs: start + 100e6, source: 'test' }, [
        { channelId: channelIds.get('BHZ') as number, startTimeUs: start, sampleRateHz: 40, data },
      ]),
    );
    const got = readChannelRange(p, segmentId, 'BHZ', start + 10e6, 40);
    expect(Array.from(got)).toEqual(Array.from({ length: 40 }, (_, i) => 400 + i));
    expectCode(() => readChannelRange(p, segmentId, 'BHZ', start + 90e6, 800), 'data-out-of-range', /runs past|not inside/);
    expectCode(() => readChannelRange(p, segmentId, 'BH1', start, 10), 'data-out-of-range', /no BH1/);
    p.close();
  });
});
