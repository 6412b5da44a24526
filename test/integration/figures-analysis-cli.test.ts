/**
 * Figs. 6–11 from a real trained run through the real CLI: a small synthetic project (8 events,
 * three 1000-s windows of two 2048-sample sub-windows, the compact network trained for 2 epochs),
 * then `report` (which computes the quick analyses and leaves out the frequency-occlusion sweep),
 * `figure --fig 6..11` in SVG, PNG and PDF (the sweep on a coarse cutoff grid), and `report` again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { handle } from '../../src/main/api';
import { silentContext } from '../../src/main/api/context';
import { readPngChunks } from '../../src/main/figures/png';
import { findAnalysis, listAnalyses, openProject } from '../../src/main/store';
import type { SpectraResult } from '../../src/shared/analysis';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { syntheticDataset } from './analysis/fixture';

interface Written {
  kind: string;
  path: string;
}

function csvRows(file: string): string[][] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(','));
}

function sidecar(files: Written[]): { source: { kind: string; analysis: string; reused: boolean; settings: Record<string, unknown> } } {
  const json = files.find((f) => f.kind === 'json');
  if (!json) throw new Error('no sidecar');
  return JSON.parse(fs.readFileSync(json.path, 'utf8')) as never;
}

describe('foreseis figure / report: Figs. 6–11 from the stored analyses of a trained run', () => {
  const dir = path.join(tempDir(), 'proj');
  let run = 0;

  beforeAll(async () => {
    const datasetId = await syntheticDataset(dir, { events: 8, seed: 5, strength: 10, windows: { macroWindowSeconds: 1000, macroWindowCount: 3, subWindowSamples: 2048, subWindowsPerWindow: 2 } });
    const train = await handle('train.run', { dir, datasetId, settings: { spec: 'compact', epochs: 2, batchSize: 8, seed: 1 } }, silentContext);
    if (train.runs[0].status !== 'done') throw new Error(`training ended ${train.runs[0].status}`);
    run = train.runs[0].id;
  }, 300_000);

  it('report computes the quick analyses, draws Figs. 6, 7, 9, 10, 11 and names the command for the frequency-occlusion sweep', () => {
    const r = runCli(['report', dir, '--run', String(run), '--format', 'svg', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { htmlPath: string; figures: { figure: string }[]; unavailable: { figure: string; reason: string }[] };
    // Fig. 5 needs more intervals than this project's three (its baseline band)
    expect(out.figures.map((f) => f.figure)).toEqual(['confusion', 'table2', '6', '7', '9', '10', '11']);
    expect(out.unavailable.map((u) => u.figure)).toEqual(['5', '8']);
    expect(out.unavailable[1].reason).toMatch(/has not been computed.*foreseis figure .* --run \d+ --fig 8/);
    const html = fs.readFileSync(out.htmlPath, 'utf8');
    for (const t of ['Fig. 6: Sequential sub-window scores', 'Fig. 11: Relative spectral difference', 'Not drawn', 'Fig. 8: the frequency-occlusion sweep']) expect(html).toContain(t);
  }, 300_000);

  it('exports each of Figs. 6–11 to SVG, PNG (with its DPI) and PDF (fonts embedded), with the numbers in the CSV', () => {
    const analyses: Record<string, { data: Record<string, unknown> }> = {};
    const analyze = (what: string, extra: string[] = []): { cached: boolean; data: Record<string, unknown> } => {
      const a = runCli(['analyze', dir, '--run', String(run), '--what', what, '--json', ...extra]);
      expect(a.status, a.stderr).toBe(0);
      return JSON.parse(a.stdout) as never;
    };
    const coarse = ['--start', '20', '--stop', '5', '--step', '5', '--threads', '1'];
    for (const fig of ['6', '7', '8', '9', '10', '11']) {
      const r = runCli(['figure', dir, '--run', String(run), '--fig', fig, '--format', 'svg,png,pdf', '--json', ...(fig === '8' ? coarse : [])]);
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { files: Written[] };
      expect(out.files.map((f) => f.kind)).toEqual(['svg', 'png', 'pdf', 'csv', 'json']);
      for (const f of out.files) expect(fs.statSync(f.path).size).toBeGreaterThan(100);
      const png = readPngChunks(new Uint8Array(fs.readFileSync(out.files[1].path)));
      expect(png[1].type).toBe('pHYs');
      expect(new DataView(png[1].data.buffer, png[1].data.byteOffset, 4).getUint32(0)).toBe(Math.round(300 / 0.0254));
      expect(fs.readFileSync(out.files[2].path).toString('latin1')).toMatch(/\/FontFile2 \d+ 0 R/);
      const side = sidecar(out.files);
      expect(side.source.kind).toBe('stored analysis');
      // the report stored all but the sweep: the figure re-used them, and computed the sweep
      expect(side.source.reused).toBe(fig !== '8');
      analyses[fig] = { data: { csv: out.files[3].path, settings: side.source.settings } };
    }
    // the CSVs carry the analyses' numbers (asked again: stored, so the same numbers)
    const seq = analyze('sequential');
    expect(seq.cached).toBe(true);
    const seqRows = csvRows(analyses['6'].data.csv as string).slice(1);
    expect(seqRows.map((x) => Number(x[4]))).toEqual(seq.data.scores);
    expect(seqRows.map((x) => Number(x[1]))).toEqual(seq.data.startS);
    const sweep = analyze('frequency-occlusion', coarse);
    expect(sweep.cached).toBe(true);
    const cut = sweep.data.cutoffs as { cutoffHz: number; accuracyPercent: number; loss: number }[];
    expect(cut.map((c) => c.cutoffHz)).toEqual([20, 15, 10, 5]);
    const sweepRows = csvRows(analyses['8'].data.csv as string).slice(1);
    expect(sweepRows.map((x) => x.map(Number))).toEqual(cut.map((c) => [c.cutoffHz, c.accuracyPercent, c.loss]));
    // the spectra are megabytes of JSON: read from the store rather than through analyze --json
    const p = openProject(dir, { readonly: true });
    let spectra: SpectraResult;
    try {
      const row = listAnalyses(p, run).find((a) => a.kind === 'spectra');
      spectra = findAnalysis(p, run, 'spectra', row?.settingsChecksum ?? '')?.data as SpectraResult;
    } finally {
      p.close();
    }
    const spectraRows = csvRows(analyses['10'].data.csv as string).slice(1);
    expect(spectraRows).toHaveLength(spectra.frequencyHz.length);
    expect(spectraRows.map((x) => Number(x[3]))).toEqual(spectra.test.noiseAmplitude);
    const occlusion = analyze('time-occlusion');
    const all = (occlusion.data.curves as { masked: string; scores: number[] }[]).find((c) => c.masked === 'all');
    expect(csvRows(analyses['7'].data.csv as string).slice(1).map((x) => Number(x[1]))).toEqual(all?.scores);
  }, 600_000);

  it('passes --event and --interval to the analysis of Figs. 6, 7, 9, and refuses them for the others', () => {
    const r = runCli(['figure', dir, '--run', String(run), '--fig', '9', '--interval', '2', '--format', 'svg', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { files: Written[]; caption: string };
    expect(sidecar(out.files).source.settings).toMatchObject({ interval: 2 });
    expect(sidecar(out.files).source.reused).toBe(false);
    expect(out.caption).toMatch(/interval 2 \(unlabelled, 2000–1000 s before origin\)/);
    const bad = runCli(['figure', dir, '--run', String(run), '--fig', '10', '--event', '1']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--event and --interval choose the window of figures 6, 7, 9/);
    expect(runCli(['figure', dir, '--run', String(run), '--fig', '10', '--mask', '3']).stderr).toMatch(/figure 10 \(spectra\): Unrecognized key: "maskSamples"/);
  }, 300_000);

  it('report draws the stored frequency-occlusion sweep once there is one', () => {
    const r = runCli(['report', dir, '--run', String(run), '--format', 'svg', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { figures: { figure: string }[]; unavailable: { figure: string }[] };
    expect(out.figures.map((f) => f.figure)).toEqual(['confusion', 'table2', '6', '7', '8', '9', '10', '11']);
    expect(out.unavailable.map((u) => u.figure)).toEqual(['5']);
  }, 300_000);
});
