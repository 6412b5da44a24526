/**
 * The numbers of Figs. 6–11: the run's stored interpretation analysis under the requested settings
 * when there is one (the analyses' own cache key), otherwise computed now through `analysis.run`
 * (the same worker and cache, with progress). The frequency-occlusion sweep takes minutes to an
 * hour, so the report draws Fig. 8 only from a stored sweep and names the command otherwise.
 */
import { type AnalysisData, type AnalysisKind, analysisRequestSchema, type AnalysisRequest } from '../../shared/analysis';
import { ForeseisError } from '../../shared/errors';
import {
  frequencyOcclusionFigureData,
  type IntervalWaveform,
  relativeDifferenceFigureData,
  sequentialFigureData,
  spectraFigureData,
  spectrogramFigureData,
  timeOcclusionFigureData,
} from '../figures/analysis-adapters';
import type { FigureDataMap } from '../figures/registry';
import { chooseInterval, labelledWindows, readInterval, runContext } from '../interpret/selection';
import { latestStoredAnalysis, storedAnalysis } from '../interpret/stored';
import { openProject, type StoredAnalysis } from '../store';
import { analysisRunHandler } from './analysis';
import type { HandlerContext } from './context';

/** What a figure was asked for beyond the run: the event and interval, further analysis settings, and whether it may compute. */
export interface FigureRequest {
  eventId?: number;
  interval?: number;
  analysisSettings?: Record<string, unknown>;
  /** only a stored analysis will do (the report, for the long frequency-occlusion sweep) */
  storedOnly?: boolean;
}

export interface AnalysisFigureInput<K extends keyof FigureDataMap> {
  data: FigureDataMap[K];
  datasetId: number | null;
  source: Record<string, unknown>;
}

type AnalysisFigureId = '6' | '7' | '8' | '9' | '10' | '11';

const kindOf: Record<AnalysisFigureId, AnalysisKind> = { '6': 'sequential', '7': 'time-occlusion', '8': 'frequency-occlusion', '9': 'spectrogram', '10': 'spectra', '11': 'relative-difference' };

/** The figures whose analysis chooses an event and an interval. */
const windowFigures: readonly AnalysisFigureId[] = ['6', '7', '9'];

function requestFor(id: AnalysisFigureId, req: FigureRequest): AnalysisRequest {
  const chooses = windowFigures.includes(id);
  if (!chooses && (req.eventId !== undefined || req.interval !== undefined)) {
    throw new ForeseisError('bad-input', `--event and --interval choose the window of figures ${windowFigures.join(', ')}; figure ${id} uses the whole dataset`);
  }
  const settings = { ...req.analysisSettings, ...(chooses && req.eventId !== undefined ? { eventId: req.eventId } : {}), ...(chooses && req.interval !== undefined ? { interval: req.interval } : {}) };
  const parsed = analysisRequestSchema.safeParse({ what: kindOf[id], settings });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.filter((p) => p !== 'settings').join('.');
    throw new ForeseisError('bad-input', `figure ${id} (${kindOf[id]}): ${where ? `${where}: ` : ''}${issue.message}`);
  }
  return parsed.data;
}

function computeCommand(dir: string, run: number, id: AnalysisFigureId): string {
  return `foreseis figure ${JSON.stringify(dir)} --run ${run} --fig ${id} (or foreseis analyze ${JSON.stringify(dir)} --run ${run} --what ${kindOf[id]})`;
}

/** The stored analysis for the figure, or computed now (unless only a stored one will do). */
async function analysisFor(id: AnalysisFigureId, dir: string, run: number, req: FigureRequest, ctx: HandlerContext): Promise<StoredAnalysis & { cached: boolean }> {
  const request = requestFor(id, req);
  const exact = storedAnalysis(dir, run, request);
  if (exact) return { ...exact, cached: true };
  // Fig. 8 with no settings given: a stored sweep under other settings (e.g. a coarser grid) beats an hour of computing
  const unspecified = id === '8' && Object.keys(req.analysisSettings ?? {}).length === 0;
  const other = unspecified ? latestStoredAnalysis(dir, run, 'frequency-occlusion') : undefined;
  if (other) return { ...other, cached: true };
  if (req.storedOnly) {
    throw new ForeseisError('not-found', `the ${kindOf[id]} sweep of run #${run} has not been computed (it takes minutes to an hour): ${computeCommand(dir, run, id)}`);
  }
  ctx.log?.(`run #${run} has no stored ${kindOf[id]} analysis under these settings: computing it now`);
  const record = await analysisRunHandler({ dir, run, request, force: false }, { ...ctx, progress: (p) => ctx.progress({ ...p, fraction: 0.45 * p.fraction, step: `${kindOf[id]}: ${p.step}` }) });
  return { ...record, cached: false };
}

function sourceOf(a: StoredAnalysis & { cached: boolean }): Record<string, unknown> {
  const engine = 'engine' in a.data ? a.data.engine : undefined;
  return {
    kind: 'stored analysis',
    analysis: a.kind,
    analysisId: a.id,
    runId: a.runId,
    datasetId: a.datasetId,
    settings: a.data.settings,
    settingsChecksum: a.settingsChecksum,
    computedAt: new Date(a.createdAtMs).toISOString(),
    computeSeconds: a.seconds,
    reused: a.cached,
    ...(engine === undefined ? {} : { engine }),
  };
}

/** The interval an analysis describes, read and standardized as the network saw it. */
function intervalWaveform(dir: string, run: number, eventId: number, interval: number): IntervalWaveform {
  const project = openProject(dir, { readonly: true });
  try {
    const ctx = runContext(project, run, false);
    const d = ctx.dataset.settings;
    const samples = readInterval(ctx, chooseInterval(ctx, eventId, interval));
    return { channels: [...d.channels], sampleRateHz: d.sampleRateHz, samples };
  } finally {
    project.close();
  }
}

/** The spectral analyses of a dataset without labelled windows are sums of nothing: no figure to draw. */
function requireLabelledWindows(dir: string, run: number): void {
  const project = openProject(dir, { readonly: true });
  try {
    const ctx = runContext(project, run, false);
    if (labelledWindows(ctx, 'train').length + labelledWindows(ctx, 'test').length === 0) throw new ForeseisError('bad-input', `dataset #${ctx.dataset.id} has no labelled windows to take spectra of`);
  } finally {
    project.close();
  }
}

function expectKind<K extends AnalysisData['kind']>(data: AnalysisData, kind: K): Extract<AnalysisData, { kind: K }> {
  if (data.kind !== kind) throw new ForeseisError('internal', `expected a stored ${kind} analysis, found ${data.kind}`);
  return data as Extract<AnalysisData, { kind: K }>;
}

type Provider<K extends AnalysisFigureId> = (dir: string, run: number, ctx: HandlerContext, req: FigureRequest) => Promise<AnalysisFigureInput<K>>;

export const analysisProviders: { [K in AnalysisFigureId]: Provider<K> } = {
  '6': async (dir, run, ctx, req) => {
    const a = await analysisFor('6', dir, run, req, ctx);
    const r = expectKind(a.data, 'sequential');
    return { data: sequentialFigureData(r, intervalWaveform(dir, run, r.window.eventId, r.window.interval)), datasetId: a.datasetId, source: sourceOf(a) };
  },
  '7': async (dir, run, ctx, req) => {
    const a = await analysisFor('7', dir, run, req, ctx);
    const r = expectKind(a.data, 'time-occlusion');
    return { data: timeOcclusionFigureData(r, intervalWaveform(dir, run, r.window.eventId, r.window.interval)), datasetId: a.datasetId, source: sourceOf(a) };
  },
  '8': async (dir, run, ctx, req) => {
    const a = await analysisFor('8', dir, run, req, ctx);
    return { data: frequencyOcclusionFigureData(expectKind(a.data, 'frequency-occlusion')), datasetId: a.datasetId, source: sourceOf(a) };
  },
  '9': async (dir, run, ctx, req) => {
    const a = await analysisFor('9', dir, run, req, ctx);
    const r = expectKind(a.data, 'spectrogram');
    const project = openProject(dir, { readonly: true });
    let intervalSeconds: number;
    try {
      intervalSeconds = runContext(project, run, false).dataset.settings.macroWindowSeconds;
    } finally {
      project.close();
    }
    return { data: spectrogramFigureData(r, intervalSeconds), datasetId: a.datasetId, source: sourceOf(a) };
  },
  '10': async (dir, run, ctx, req) => {
    requireLabelledWindows(dir, run);
    const a = await analysisFor('10', dir, run, req, ctx);
    return { data: spectraFigureData(expectKind(a.data, 'spectra')), datasetId: a.datasetId, source: sourceOf(a) };
  },
  '11': async (dir, run, ctx, req) => {
    requireLabelledWindows(dir, run);
    const a = await analysisFor('11', dir, run, req, ctx);
    return { data: relativeDifferenceFigureData(expectKind(a.data, 'relative-difference')), datasetId: a.datasetId, source: sourceOf(a) };
  },
};
