/**
 * The figure operations: one figure of a run's group to SVG/PNG/PDF + CSV + JSON sidecar, and the
 * report (every figure whose numbers exist, the tables, one HTML page). The numbers come from what
 * `evaluate` and `curve` stored and from the run's interpretation analyses (analysis-figures.ts);
 * when there are none yet, they are computed here first (the frequency-occlusion sweep: not in the report).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { OpOutput, OpParsedInput } from '../../shared/api';
import { ForeseisError, toForeseisError } from '../../shared/errors';
import type { FigureExportResult, FigureIdName, WrittenFile } from '../../shared/figures';
import type { EvaluateResult } from '../../shared/training';
import { groupOf, storedCurve, storedEvaluation, type StoredCurve } from '../export/stored-results';
import { widthTag, writeFigure } from '../export/write-figure';
import { toCsv } from '../figures/csv';
import { type FigureDataMap, type FigureId, figureIds, figureSpecs } from '../figures/registry';
import { renderReportHtml, type ReportSection } from '../figures/report-html';
import { summedConfusion } from '../figures/run-report';
import { withProject } from '../store';
import { analysisProviders, type FigureRequest } from './analysis-figures';
import type { HandlerContext } from './context';
import { curveRunHandler, evaluateRunHandler } from './training';

interface GroupInfo {
  group: number;
  runIds: number[];
}

interface FigureInput<K extends FigureId> {
  data: FigureDataMap[K];
  datasetId: number | null;
  source: Record<string, unknown>;
}

function eventLabel(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

async function evaluation(dir: string, run: number, ctx: HandlerContext): Promise<EvaluateResult> {
  const stored = await withProject(dir, { readonly: true }, (p) => storedEvaluation(p, run));
  if (stored) return stored;
  ctx.log?.(`run #${run}'s group has no stored evaluation: evaluating it now`);
  return evaluateRunHandler({ dir, run }, ctx);
}

async function curve(dir: string, run: number, ctx: HandlerContext): Promise<StoredCurve> {
  const stored = await withProject(dir, { readonly: true }, (p) => storedCurve(p, run));
  if (stored) return stored;
  ctx.log?.(`run #${run}'s group has no stored temporal curve: computing it now`);
  await curveRunHandler({ dir, run }, ctx);
  const fresh = await withProject(dir, { readonly: true }, (p) => storedCurve(p, run));
  if (!fresh) throw new ForeseisError('internal', `the temporal curve of run #${run} was computed but not stored`);
  return fresh;
}

function evaluationSource(e: EvaluateResult): Record<string, unknown> {
  return { kind: 'stored evaluation', datasetId: e.datasetId, runs: e.runs.map((r) => ({ runId: r.runId, seed: r.seed, engine: r.engine, windows: r.scores.windows, accuracyPercent: r.scores.accuracyPercent })) };
}

type Provider<K extends FigureId> = (dir: string, run: number, ctx: HandlerContext, req: FigureRequest) => Promise<FigureInput<K>>;

async function evaluationFigure<K extends 'confusion' | 'table2'>(id: K, dir: string, run: number, ctx: HandlerContext): Promise<FigureInput<K>>;
async function evaluationFigure(id: 'confusion' | 'table2', dir: string, run: number, ctx: HandlerContext): Promise<FigureInput<'confusion' | 'table2'>> {
  const e = await evaluation(dir, run, ctx);
  const runs = e.runs.length;
  const description = `test windows of dataset #${e.datasetId}, group ${e.group}${runs > 1 ? `, counts summed over ${runs} runs` : ''}`;
  if (id === 'confusion') return { data: { matrix: summedConfusion(e), description }, datasetId: e.datasetId, source: evaluationSource(e) };
  const byEvent = new Map(e.runs.flatMap((r) => r.events).map((x) => [x.eventId, x.windows]));
  // bars are labelled by origin date, with the time only where two events share a date
  const events = [...e.summary.events].sort((a, b) => a.originTimeMs - b.originTimeMs);
  const dates = events.map((x) => eventLabel(x.originTimeMs).slice(0, 10));
  const unique = new Set(dates).size === dates.length;
  return {
    data: {
      rows: events.map((x, i) => ({ label: unique ? dates[i] : eventLabel(x.originTimeMs), originTimeUtc: eventLabel(x.originTimeMs), mean: x.accuracy.mean, std: x.accuracy.std, eventId: x.eventId, windows: byEvent.get(x.eventId), runs: x.accuracy.n })),
      description: `dataset #${e.datasetId}, group ${e.group}, ${runs} run${runs > 1 ? 's' : ''}`,
    },
    datasetId: e.datasetId,
    source: evaluationSource(e),
  };
}

/**
 * Where each figure's numbers come from. A figure without an entry answers "analysis not available
 * yet" (its builder exists, its numbers do not): adding one is one entry here.
 */
const providers: { [K in FigureId]?: Provider<K> } = {
  confusion: (dir, run, ctx) => evaluationFigure('confusion', dir, run, ctx),
  table2: (dir, run, ctx) => evaluationFigure('table2', dir, run, ctx),
  '5': async (dir, run, ctx) => {
    const c = await curve(dir, run, ctx);
    return {
      data: { points: c.points, band: c.band, onsetInterval: c.onsetInterval, onsetSecondsBeforeOrigin: c.onsetSecondsBeforeOrigin, perRun: c.perRun, description: `curve #${c.curveId}, group ${c.group}, dataset #${c.datasetId}, ${c.runIds.length} run(s)` },
      datasetId: c.datasetId,
      source: { kind: 'stored temporal curve', curveId: c.curveId, datasetId: c.datasetId, runIds: c.runIds, intervalSeconds: c.intervalSeconds, band: c.band, computedAt: new Date(c.createdAtMs).toISOString() },
    };
  },
  // Figs. 6–11: the run's interpretation analyses (api/analysis-figures.ts)
  ...analysisProviders,
};

function figureInput<K extends FigureId>(id: K, dir: string, run: number, ctx: HandlerContext, req: FigureRequest): Promise<FigureInput<K>> {
  const provider = providers[id] as Provider<K> | undefined;
  if (!provider) {
    throw new ForeseisError('not-found', `figure ${id} (${figureSpecs[id].title.toLowerCase()}): analysis not available yet — it lands with the interpretation analyses (issue 7)`);
  }
  return provider(dir, run, ctx, req);
}

/** Folder and stem of an export: --out as a folder, or as a file whose name (without extension) is the stem. */
function destination(out: string | undefined, dir: string, group: number, defaultStem: string): { folder: string; stem: string } {
  if (out === undefined) return { folder: path.resolve(dir, 'figures', `run-${group}`), stem: defaultStem };
  const resolved = path.resolve(out);
  const ext = path.extname(resolved).toLowerCase();
  if (['.svg', '.png', '.pdf', '.csv', '.json'].includes(ext)) return { folder: path.dirname(resolved), stem: path.basename(resolved, ext) };
  return { folder: resolved, stem: defaultStem };
}

async function groupInfo(dir: string, run: number): Promise<GroupInfo> {
  return withProject(dir, { readonly: true }, (p) => groupOf(p, run));
}

async function exportOne(
  id: FigureId,
  input: { dir: string; run: number; formats: OpParsedInput<'figure.export'>['formats']; widthCm: number; dpi: number },
  where: { folder: string; stem: string },
  g: GroupInfo,
  ctx: HandlerContext,
  req: FigureRequest = {},
): Promise<FigureExportResult & { svg: string }> {
  const fig = await figureInput(id, input.dir, input.run, ctx, req);
  ctx.progress({ fraction: 0.5, step: `drawing ${figureSpecs[id].paperRef}` });
  return writeFigure({
    id,
    data: fig.data,
    formats: input.formats,
    widthCm: input.widthCm,
    dpi: input.dpi,
    folder: where.folder,
    stem: where.stem,
    project: { dir: input.dir },
    run: { id: input.run, group: g.group, runIds: g.runIds, datasetId: fig.datasetId },
    source: fig.source,
  });
}

export async function figureExportHandler(input: OpParsedInput<'figure.export'>, ctx: HandlerContext): Promise<OpOutput<'figure.export'>> {
  const g = await groupInfo(input.dir, input.run);
  const spec = figureSpecs[input.figure];
  const where = destination(input.out, input.dir, g.group, `${spec.fileStem}-${widthTag(input.widthCm)}`);
  const { svg: _svg, ...result } = await exportOne(input.figure, input, where, g, ctx, { eventId: input.eventId, interval: input.interval, analysisSettings: input.analysisSettings });
  ctx.progress({ fraction: 1, step: 'done' });
  return result;
}

function writeTable(file: string, csv: string): WrittenFile {
  fs.writeFileSync(file, csv);
  return { kind: 'csv', path: file, bytes: fs.statSync(file).size };
}

function pm(m: { mean: number; std: number; n: number }, digits = 2): string {
  return m.n > 1 ? `${m.mean.toFixed(digits)} ± ${m.std.toFixed(digits)}` : m.mean.toFixed(digits);
}

export async function figureReportHandler(input: OpParsedInput<'figure.report'>, ctx: HandlerContext): Promise<OpOutput<'figure.report'>> {
  const g = await groupInfo(input.dir, input.run);
  const folder = input.out ? path.resolve(input.out) : path.resolve(input.dir, 'reports', `run-${g.group}`);
  fs.mkdirSync(folder, { recursive: true });
  const figures: (FigureExportResult & { svg: string })[] = [];
  const unavailable: { figure: FigureIdName; reason: string }[] = [];
  for (const [k, id] of figureIds.entries()) {
    ctx.progress({ fraction: k / figureIds.length, step: figureSpecs[id].paperRef });
    try {
      // each figure's own progress (an analysis computed now) within its share of the report
      const progress: HandlerContext['progress'] = (p) => ctx.progress({ fraction: (k + 0.9 * p.fraction) / figureIds.length, step: `${figureSpecs[id].paperRef}: ${p.step}` });
      // the frequency-occlusion sweep takes minutes to an hour: the report draws it only when stored
      figures.push(await exportOne(id, input, { folder, stem: figureSpecs[id].fileStem }, g, { ...ctx, progress }, { storedOnly: id === '8' }));
    } catch (error) {
      const e = toForeseisError(error);
      if (e.code === 'cancelled') throw e;
      unavailable.push({ figure: id, reason: e.message });
    }
  }
  // the tables: the scores of the group and Table 2 (the per-event CSV is the table2 figure's)
  const tables: WrittenFile[] = [];
  const e = await withProject(input.dir, { readonly: true }, (p) => storedEvaluation(p, input.run));
  const sections: ReportSection[] = [];
  if (e) {
    const s = e.summary;
    const scoreRows: [string, string, number, number][] = [
      ['accuracy f (%)', pm(s.accuracyPercent, 1), s.accuracyPercent.mean, s.accuracyPercent.std],
      ['true-positive rate', pm(s.truePositiveRate), s.truePositiveRate.mean, s.truePositiveRate.std],
      ['false-positive rate', pm(s.falsePositiveRate), s.falsePositiveRate.mean, s.falsePositiveRate.std],
      ['skill TPR − FPR', pm(s.skill), s.skill.mean, s.skill.std],
      ['ROC AUC', pm(s.rocAuc), s.rocAuc.mean, s.rocAuc.std],
    ];
    tables.push(writeTable(path.join(folder, 'scores.csv'), toCsv([`scores of group ${e.group} on the test windows of dataset #${e.datasetId}, mean and std over ${e.runs.length} run(s)`], ['score', 'mean', 'std'], scoreRows.map((r) => [r[0], r[2], r[3]]))));
    sections.push({
      title: 'Scores on the test windows',
      blocks: [{ kind: 'table', table: { caption: `Group ${e.group}, dataset #${e.datasetId}, ${e.runs.length} run(s) (mean ± std over runs)`, header: ['score', 'value'], rows: scoreRows.map((r) => [r[0], r[1]]) } }],
    });
    // one confusion matrix per run (the figure sums them): the spread between repeats shows here
    const perRun = e.runs.map((x) => {
      const c = x.scores.confusion;
      return [x.runId, x.seed ?? '', c.trueNoise.predictedNoise, c.trueNoise.predictedPrecursor, c.truePrecursor.predictedNoise, c.truePrecursor.predictedPrecursor, x.scores.accuracyPercent] as const;
    });
    tables.push(
      writeTable(
        path.join(folder, 'confusion-per-run.csv'),
        toCsv([`confusion matrix of each run of group ${e.group} on the test windows of dataset #${e.datasetId}`], ['run', 'seed', 'true_noise_predicted_noise', 'true_noise_predicted_precursor', 'true_precursor_predicted_noise', 'true_precursor_predicted_precursor', 'accuracy_percent'], perRun),
      ),
    );
    sections.push({
      title: 'Confusion matrix of each run',
      blocks: [
        {
          kind: 'table',
          table: {
            caption: 'Test windows: true class (noise, precursor) × predicted class',
            header: ['run', 'seed', 'noise → noise', 'noise → precursor', 'precursor → noise', 'precursor → precursor', 'accuracy f (%)'],
            rows: perRun.map((r) => [...r.slice(0, 6), r[6].toFixed(1)]),
          },
        },
      ],
    });
    sections.push({
      title: 'Table 2: accuracy per test event',
      blocks: [{ kind: 'table', table: { caption: 'Fraction of each test event\u2019s windows classified correctly', header: ['event', 'origin time (UTC)', 'accuracy'], rows: s.events.map((x) => [x.eventId, eventLabel(x.originTimeMs), pm(x.accuracy)]) } }],
    });
  }
  for (const f of figures) {
    const links = f.files.map((x) => `${x.kind.toUpperCase()}: ${path.basename(x.path)}`).join(' · ');
    sections.push({ title: `${f.paperRef}: ${f.title}`, blocks: [{ kind: 'figure', caption: f.caption, svg: f.svg }, { kind: 'text', text: links }] });
  }
  if (unavailable.length) sections.push({ title: 'Not drawn', blocks: unavailable.map((u) => ({ kind: 'text' as const, text: `${figureSpecs[u.figure].paperRef}: ${u.reason}` })) });
  const htmlPath = path.join(folder, 'index.html');
  fs.writeFileSync(
    htmlPath,
    renderReportHtml(`Foreseis report: run group ${g.group}`, `${path.resolve(input.dir)} — figures ${input.widthCm} cm wide, PNG at ${input.dpi} DPI — ${new Date().toISOString().slice(0, 19)} UTC`, sections),
  );
  ctx.progress({ fraction: 1, step: 'done' });
  return { folder, htmlPath, group: g.group, figures: figures.map(({ svg: _svg, ...f }) => f), unavailable, tables };
}
