/**
 * Quality checks and curation on a real SQLite project (4 synthetic events of 10 h, seed 3): the
 * checks find the local quakes the generator injected (its synthetic_truth rows), results are
 * stored and reused, a cancel keeps what was done; exclude → windows skip the event → include →
 * windows use it again, with every decision kept in the append-only history.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { handle, type HandlerContext } from '../../src/main/api';
import { silentContext } from '../../src/main/api/context';
import { storeTraces } from '../../src/main/ingest/store-traces';
import { decodeMiniseed, mergeTraces } from '../../src/main/seismic';
import { openProject, upsertEvent, upsertStation } from '../../src/main/store';
import { ForeseisError } from '../../src/shared/errors';
import type { Progress } from '../../src/shared/api';
import { runCli, spawnCli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

const root = tempDir();
const dir = path.join(root, 'qc');

function storedTruth(): Map<number, { pOnsetTimeMs: number }[]> {
  const p = openProject(dir);
  try {
    const rows = p.db.prepare("SELECT s.event_id, t.truth_json FROM synthetic_truth t JOIN segments s ON s.id = t.segment_id WHERE s.kind = 'event'").all() as {
      event_id: number;
      truth_json: string;
    }[];
    return new Map(rows.map((r) => [r.event_id, (JSON.parse(r.truth_json) as { localEvents: { pOnsetTimeMs: number }[] }).localEvents]));
  } finally {
    p.close();
  }
}

function count(sql: string): number {
  const p = openProject(dir);
  try {
    return (p.db.prepare(sql).get() as { n: number }).n;
  } finally {
    p.close();
  }
}

beforeAll(async () => {
  await handle('synth.generate', { dir, settings: { events: 4, seed: 3, noiseBSegments: 0 } }, silentContext);
}, 120_000);

describe('qc.run on a synthetic project', () => {
  it('suggests excluding exactly the events with injected quakes, counting them, and stores the runs', async () => {
    const steps: Progress[] = [];
    const r = await handle('qc.run', { dir }, { ...silentContext, progress: (p) => steps.push(p) });
    const truth = storedTruth();
    expect(r.events).toHaveLength(4);
    for (const e of r.events) {
      const quakes = truth.get(e.eventId) ?? [];
      expect(e.reused).toBe(false);
      expect(e.suggestion.exclude).toBe(quakes.length > 0);
      if (quakes.length > 0) {
        expect(e.suggestion.reason).toMatch(new RegExp(`^${quakes.length} impulsive signals? \\(largest STA/LTA \\d+\\.\\d at \\d+\\.\\d\\d h before origin\\)$`));
        // each injected P onset has a trigger within a second after it
        for (const q of quakes) expect(e.findings.some((f) => f.check === 'impulsive' && Math.abs(f.startTimeUs / 1000 - q.pOnsetTimeMs - 300) < 700)).toBe(true);
      } else {
        expect(e.findings).toEqual([]);
      }
    }
    expect([...truth.values()].map((q) => q.length)).toEqual([4, 1, 2, 0]);
    expect(steps.at(-1)?.fraction).toBe(1);
    expect(count('SELECT COUNT(*) AS n FROM qc_runs')).toBe(4);
    expect(count('SELECT COUNT(*) AS n FROM qc_findings')).toBe(r.events.reduce((n, e) => n + e.findings.length, 0));

    // the same settings and data: every run reused, with the same findings
    const again = await handle('qc.run', { dir }, silentContext);
    expect(again.events.map((e) => e.reused)).toEqual([true, true, true, true]);
    expect(again.events.map((e) => e.qcRunId)).toEqual(r.events.map((e) => e.qcRunId));
    expect(again.events.map((e) => e.findings)).toEqual(r.events.map((e) => e.findings));
    expect(again.events[0].checks.find((c) => c.check === 'impulsive')?.settings).toMatchObject({ onRatio: 5, staSeconds: 1, ltaSeconds: 30 });

    // new settings: a new run beside the old one
    const stricter = await handle('qc.run', { dir, event: r.events[0].eventId, settings: { impulsive: { onRatio: 40 } } }, silentContext);
    expect(stricter.events[0].reused).toBe(false);
    expect(stricter.settingsChecksum).not.toBe(r.settingsChecksum);
    expect(stricter.events[0].suggestion.exclude).toBe(false); // a ratio of 40 is above what nsta/nlta = 1/30 allows
    expect(count('SELECT COUNT(*) AS n FROM qc_runs')).toBe(5);
  }, 120_000);

  it('stops on cancel, keeping the events already checked', async () => {
    const controller = new AbortController();
    const ctx: HandlerContext = {
      signal: controller.signal,
      progress: (p) => {
        if (p.step.includes('(2/4)')) controller.abort();
      },
    };
    const settings = { spikes: { thresholdMads: 25 } };
    await expect(handle('qc.run', { dir, settings }, ctx)).rejects.toMatchObject({ code: 'cancelled' });
    const resumed = await handle('qc.run', { dir, settings }, silentContext);
    expect(resumed.events.map((e) => e.reused)).toEqual([true, false, false, false]);
  }, 120_000);

  it('Ctrl-C on foreseis qc cancels within the event in progress and keeps the finished ones', async () => {
    const before = count('SELECT COUNT(*) AS n FROM qc_runs');
    const child = spawnCli(['qc', dir, '--settings', '{"flatLines": {"minDurationSeconds": 2}}']);
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/\(2\/4\)/.test(stderr) && child.exitCode === null && !child.killed) {
          child.kill('SIGINT');
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`qc ended before it could be interrupted (exit ${code}): ${stderr}`)));
    });
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(130);
    expect(stderr).toMatch(/cancelling/);
    expect(count('SELECT COUNT(*) AS n FROM qc_runs')).toBe(before + 1);
  }, 120_000);

  it('answers an unknown event in one line', async () => {
    await expect(handle('qc.run', { dir, event: 999 }, silentContext)).rejects.toThrow(/no event '999' in this project/);
  });
});

describe('curation: exclude and include, with history', () => {
  it('exclude → windows skip the event → include → windows use it again; every decision kept', async () => {
    const all = await handle('windows.build', { dir, settings: { noise: 'A' } }, silentContext);
    expect(all.excludedEvents).toEqual([]);
    const total = all.totals.train + all.totals.test;
    expect(total).toBe(4 * 2 * 37);

    const events = await handle('events.list', { dir }, silentContext);
    const target = events.find((e) => e.split === 'train') ?? events[0];

    const ex = await handle('exclusions.set', { dir, event: target.id, action: 'exclude', reason: '2 impulsive signals', author: 'alice' }, silentContext);
    expect(ex.decision).toMatchObject({ eventId: target.id, action: 'exclude', reason: '2 impulsive signals', author: 'alice' });
    const skipped = await handle('windows.build', { dir, settings: { noise: 'A' } }, silentContext);
    expect(skipped.excludedEvents).toEqual([target.id]);
    expect(skipped.totals.train + skipped.totals.test).toBe(3 * 2 * 37);
    expect((await handle('events.list', { dir }, silentContext)).find((e) => e.id === target.id)).toMatchObject({ excluded: true, exclusionReason: '2 impulsive signals' });

    // by public id, default author (the OS user), default reason
    const inc = await handle('exclusions.set', { dir, event: target.publicId, action: 'include' }, silentContext);
    expect(inc.decision).toMatchObject({ action: 'include', reason: 'included' });
    expect(inc.decision.author.length).toBeGreaterThan(0);
    const back = await handle('windows.build', { dir, settings: { noise: 'A' } }, silentContext);
    expect(back.excludedEvents).toEqual([]);
    expect(back.totals.train + back.totals.test).toBe(total);
    expect(back.checksum).toBe(all.checksum);

    await handle('exclusions.set', { dir, event: target.id, action: 'exclude', reason: 'looked again: a spike', author: 'bob' }, silentContext);
    expect((await handle('windows.build', { dir, settings: { noise: 'A' } }, silentContext)).excludedEvents).toEqual([target.id]);

    const history = await handle('exclusions.history', { dir, event: target.id }, silentContext);
    expect(history.map((h) => [h.action, h.author, h.reason])).toEqual([
      ['exclude', 'alice', '2 impulsive signals'],
      ['include', inc.decision.author, 'included'],
      ['exclude', 'bob', 'looked again: a spike'],
    ]);
    expect(history.every((h, i) => i === 0 || h.createdAtMs >= history[i - 1].createdAtMs)).toBe(true);

    // the history cannot be rewritten, even from SQL
    const p = openProject(dir);
    try {
      expect(() => p.db.prepare('DELETE FROM exclusions').run()).toThrow(/append-only/);
      expect(() => p.db.prepare("UPDATE exclusions SET reason = 'x'").run()).toThrow(/append-only/);
    } finally {
      p.close();
    }

    // qc reports the decision in force
    const qc = await handle('qc.run', { dir, event: target.id }, silentContext);
    expect(qc.events[0].decision).toMatchObject({ action: 'exclude', author: 'bob' });
  }, 120_000);

  it('refuses an empty reason and an unknown event, in one line each (API and CLI)', async () => {
    await expect(handle('exclusions.set', { dir, event: 1, action: 'exclude', reason: '   ' }, silentContext)).rejects.toMatchObject({ code: 'bad-input' });
    await expect(handle('exclusions.set', { dir, event: 4242, action: 'exclude', reason: 'x' }, silentContext)).rejects.toBeInstanceOf(ForeseisError);
    await expect(handle('exclusions.set', { dir, event: 'no-such-event', action: 'include' }, silentContext)).rejects.toThrow(/no event 'no-such-event'/);

    const noReason = runCli(['exclude', dir, '1']);
    expect(noReason.status).toBe(1);
    expect(noReason.stderr.trim()).toBe('foreseis: excluding an event needs a reason: --reason "..."');
    const unknown = runCli(['exclude', dir, '4242', '--reason', 'x']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim()).toBe(`foreseis: no event '4242' in this project (list them with 'foreseis events DIR')`);

    const ok = runCli(['exclude', dir, '1', '--reason', 'spike at 3 h', '--by', 'carol']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^event 1 \(.+\): excluded by carol on .+ UTC: "spike at 3 h"/);
    const hist = runCli(['history', dir, '--event', '1', '--json']);
    expect(hist.status).toBe(0);
    expect((JSON.parse(hist.stdout) as { author: string }[]).at(-1)?.author).toBe('carol');
    const qc = runCli(['qc', dir, '--event', '1']);
    expect(qc.status).toBe(0);
    expect(qc.stdout).toMatch(/suggest exclude: 4 impulsive signals/);
    expect(qc.stdout).toMatch(/decision: excluded by carol/);
  }, 120_000);
});

describe('qc.run on a stored real recording with gaps (BW.FFB2 BH1/BH2/BHZ from ffbx_unrotated_gaps.mseed)', () => {
  const realDir = path.join(root, 'real');

  it('reads the stored pieces: a 1-sample gap on BH1 and BHZ starting 16 samples late', async () => {
    const { traces } = mergeTraces(decodeMiniseed(new Uint8Array(fs.readFileSync(new URL('../fixtures/mseed/ffbx_unrotated_gaps.mseed', import.meta.url)))).records);
    const bh = traces.filter((t) => t.station === 'FFB2' && t.channel.startsWith('BH'));
    const startUs = Math.min(...bh.map((t) => t.startTimeUs));
    const endUs = Math.max(...bh.map((t) => t.endTimeUs)) + 25_000;
    const p = openProject(realDir, { create: true });
    let eventId = 0;
    try {
      await p.writeTransaction(() => {
        const { stationId, channelIds } = upsertStation(p, {
          network: 'BW',
          station: 'FFB2',
          location: '',
          latitudeDeg: 48.1,
          longitudeDeg: 11.3,
          elevationM: null,
          siteName: null,
          channels: ['BH1', 'BH2', 'BHZ'].map((code) => ({ code, sampleRateHz: 40, azimuthDeg: null, dipDeg: null, sensitivity: null, sensitivityFrequencyHz: null, inputUnits: null, instrument: null })),
        });
        eventId = upsertEvent(p, {
          publicId: 'ffb2-test',
          originTimeMs: endUs / 1000,
          latitudeDeg: 48,
          longitudeDeg: 11,
          depthKm: 10,
          magnitude: 6,
          magnitudeType: 'Mw',
          catalogue: 'test',
          author: null,
          stationCode: 'BW.FFB2',
          distanceDeg: null,
          flags: [],
        });
        storeTraces(p, { stationId, channelIds, kind: 'event', eventId, startTimeUs: startUs, endTimeUs: endUs, source: 'file:ffbx_unrotated_gaps.mseed', traces: bh });
      });
    } finally {
      p.close();
    }
    const r = await handle('qc.run', { dir: realDir, event: 'ffb2-test' }, silentContext);
    const e = r.events[0];
    expect(e.findings.map((f) => `${f.check} ${f.channel} ${f.kind} ${f.score}`)).toEqual([
      'gaps BHZ missing-start 16',
      'gaps BH1 gap 1',
      'channel-lengths BH1 count-mismatch 1',
      'channel-lengths BHZ start-mismatch 16',
      'channel-lengths BHZ count-mismatch 16',
    ]);
    expect(e.suggestion.reason).toMatch(/^discontinuous data: 2 gaps on BHZ, BH1 \(17 samples missing, first at 0\.00 h before origin\); channels of different lengths \(BH1 holds 80 samples, 1 fewer than the longest channel; BHZ starts 16 samples after the others/);
    // the STA/LTA needs 30 s of data: these 2 s are skipped, and the result says so
    expect(e.checks.find((c) => c.check === 'impulsive')?.settings).toMatchObject({ skippedPieces: 4 });
  });
});
