/**
 * `foreseis figure` and `foreseis report` end to end on a real project file: the numbers are a
 * stored evaluation and temporal curve of a two-run group (written here through the store, as
 * `evaluate` and `curve` write them, so the test needs no training).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporalCurve } from '../../src/main/analysis/temporal-curve';
import { readPngChunks } from '../../src/main/figures/png';
import { createRunGroup, openProject, saveCurve, saveEvaluation } from '../../src/main/store';
import type { ScoresRecord } from '../../src/shared/training';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

function scores(tn: number, fp: number, fn: number, tp: number): ScoresRecord {
  const n = tn + fp + fn + tp;
  return { windows: n, accuracyPercent: (100 * (tn + tp)) / n, confusion: { trueNoise: { predictedNoise: tn, predictedPrecursor: fp }, truePrecursor: { predictedNoise: fn, predictedPrecursor: tp } }, truePositiveRate: tp / (tp + fn), falsePositiveRate: fp / (fp + tn), skill: tp / (tp + fn) - fp / (fp + tn), rocAuc: 0.9 };
}

function projectWithStoredResults(dir: string): number {
  expect(runCli(['init', dir]).status).toBe(0);
  const p = openProject(dir);
  try {
    const db = p.db;
    const eventIds = [Date.UTC(2013, 9, 25, 17, 10), Date.UTC(2016, 8, 20, 16, 21)].map(
      (t, i) => (db.prepare('INSERT INTO events (public_id, origin_time_ms, latitude_deg, longitude_deg) VALUES (?, ?, 10, 20) RETURNING id').get(`ev${i}`, t) as { id: number }).id,
    );
    const datasetId = (db.prepare("INSERT INTO datasets (name, settings_json, checksum, created_at_ms) VALUES ('d', '{}', 'x', 0) RETURNING id").get() as { id: number }).id;
    const runs = createRunGroup(p, { datasetId, dataChecksum: 'x', specJson: '{}', runs: [1, 2].map((seed) => ({ seed, settingsJson: '{}' })) });
    db.prepare(`UPDATE runs SET status = 'done' WHERE id IN (${runs.join(',')})`).run();
    const per = [
      [0.95, 0.5],
      [0.85, 0.7],
    ];
    runs.forEach((runId, r) => {
      saveEvaluation(p, runId, {
        datasetId,
        engine: 'wasm',
        scoresJson: JSON.stringify(r === 0 ? scores(30, 7, 6, 31) : scores(33, 4, 5, 32)),
        events: eventIds.map((eventId, e) => ({ eventId, originTimeMs: Number(db.prepare('SELECT origin_time_ms AS t FROM events WHERE id = ?').pluck().get(eventId)), windows: 37, correct: Math.round(37 * per[r][e]), accuracy: per[r][e] })),
        predictions: [],
      });
    });
    const fractions = runs.map((_, r) => Array.from({ length: 36 }, (_, k) => (k < 24 ? 0.1 + 0.01 * ((k + r) % 3) : 0.2 + 0.06 * (k - 24))));
    const curve = temporalCurve(fractions, 1000);
    saveCurve(p, { group: runs[0], datasetId, runIds: runs, intervalSeconds: 1000, curveJson: JSON.stringify(curve), perRun: runs.map((runId, r) => ({ runId, fractions: fractions[r] })) });
    return runs[1];
  } finally {
    p.close();
  }
}

describe('foreseis figure / report', () => {
  const root = tempDir();
  const dir = path.join(root, 'proj');
  const run = projectWithStoredResults(dir);

  it('exports the temporal curve of the group at 17.4 cm: PNG at the DPI, the CSV with every run, the sidecar', () => {
    const r = runCli(['figure', dir, '--run', String(run), '--fig', '5', '--width', '17.4cm', '--dpi', '150', '--format', 'png', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { files: { kind: string; path: string }[]; group: number; heightCm: number };
    expect(out.files.map((f) => f.kind)).toEqual(['png', 'csv', 'json']);
    const png = readPngChunks(new Uint8Array(fs.readFileSync(out.files[0].path)));
    expect(new DataView(png[0].data.buffer, png[0].data.byteOffset, 4).getUint32(0)).toBe(1028); // 17.4 cm at 150 DPI
    expect(path.dirname(out.files[0].path)).toBe(path.join(dir, 'figures', `run-${out.group}`));
    const csv = fs.readFileSync(out.files[1].path, 'utf8');
    expect(csv).toContain(`run_${run - 1},run_${run}`);
    expect(csv.trim().split('\n').filter((l) => !l.startsWith('#'))).toHaveLength(37);
    const sidecar = JSON.parse(fs.readFileSync(out.files[2].path, 'utf8')) as { run: { runIds: number[] }; source: { kind: string; curveId: number }; settings: { widthCm: number; dpi: number } };
    expect(sidecar.run.runIds).toEqual([run - 1, run]);
    expect(sidecar.source.kind).toBe('stored temporal curve');
    expect(sidecar.settings).toMatchObject({ widthCm: 17.4, dpi: 150 });
  });

  it('exports the confusion matrix summed over the runs, and Table 2, to a chosen file name', () => {
    const target = path.join(root, 'out', 'fig4.pdf');
    const r = runCli(['figure', dir, '--run', String(run), '--fig', '4', '--format', 'svg,pdf', '--out', target]);
    expect(r.status, r.stderr).toBe(0);
    expect(fs.existsSync(path.join(root, 'out', 'fig4.pdf'))).toBe(true);
    const svg = fs.readFileSync(path.join(root, 'out', 'fig4.svg'), 'utf8');
    for (const t of ['63', '(85.1 %)', '11', '(14.9 %)']) expect(svg).toContain(t); // 30 + 33 of 74 true noise
    const t2 = runCli(['figure', dir, '--run', String(run), '--fig', 'table2', '--format', 'svg', '--json']);
    expect(t2.status, t2.stderr).toBe(0);
    const csv = fs.readFileSync((JSON.parse(t2.stdout) as { files: { kind: string; path: string }[] }).files[1].path, 'utf8');
    // mean and sample std over the two runs: (0.95, 0.85) and (0.5, 0.7)
    const rows = csv.trim().split('\n').filter((l) => !l.startsWith('#')).slice(1).map((l) => l.split(','));
    expect(rows.map((x) => x[1])).toEqual(['2013-10-25 17:10', '2016-09-20 16:21']);
    expect(Number(rows[0][2])).toBeCloseTo(0.9, 12);
    expect(Number(rows[0][3])).toBeCloseTo(Math.SQRT2 * 0.05, 12);
    expect(Number(rows[1][2])).toBeCloseTo(0.6, 12);
    expect(Number(rows[1][3])).toBeCloseTo(Math.SQRT2 * 0.1, 12);
  });

  it('refuses the figures whose analysis cannot run here (no dataset windows, no model), and bad flags, in one line', () => {
    const r = runCli(['figure', dir, '--run', String(run), '--fig', '9']);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim()).toBe('foreseis: dataset #1 has no test events; pass --event');
    expect(runCli(['figure', dir, '--run', String(run), '--fig', '10']).stderr.trim().split('\n').pop()).toBe('foreseis: dataset #1 has no labelled windows to take spectra of');
    expect(runCli(['figure', dir, '--run', String(run), '--fig', '6']).stderr.trim()).toMatch(/^foreseis: run #\d+ has no finished model/);
    expect(runCli(['figure', dir, '--run', String(run), '--fig', '5', '--width', 'wide']).stderr).toMatch(/8.4cm/);
    expect(runCli(['figure', dir, '--run', String(run), '--fig', '5', '--format', 'eps']).stderr).toMatch(/--format expects svg, png, pdf/);
  });

  it('writes the report: every available figure and table in one folder and one HTML page, the others listed', () => {
    const r = runCli(['report', dir, '--run', String(run), '--format', 'svg', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { folder: string; htmlPath: string; figures: { figure: string }[]; unavailable: { figure: string }[]; tables: { path: string }[] };
    expect(out.figures.map((f) => f.figure)).toEqual(['confusion', 'table2', '5']);
    expect(out.unavailable.map((f) => f.figure)).toEqual(['6', '7', '8', '9', '10', '11']);
    const html = fs.readFileSync(out.htmlPath, 'utf8');
    expect(html.match(/<svg /g)?.length).toBe(3);
    for (const t of ['Fig. 4: Confusion matrix', 'Table 2: accuracy per test event', 'Fig. 5: Temporal precursor curve', 'Not drawn', 'fig05-temporal-curve.csv']) expect(html).toContain(t);
    const perRun = fs.readFileSync(path.join(out.folder, 'confusion-per-run.csv'), 'utf8');
    expect(perRun).toContain(`${run - 1},1,30,7,6,31,`);
    expect(perRun).toContain(`${run},2,33,4,5,32,`);
    expect(html).toContain('Confusion matrix of each run');
    // accuracy of the runs: 61/74 and 65/74
    const acc = fs.readFileSync(path.join(out.folder, 'scores.csv'), 'utf8').split('\n').find((l) => l.startsWith('accuracy f (%),'))?.split(',');
    expect(Number(acc?.[1])).toBeCloseTo((100 * (61 / 74 + 65 / 74)) / 2, 10);
  });
});
