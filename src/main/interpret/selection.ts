/**
 * What an analysis reads from a project: the run and its dataset, the dataset's labelled windows
 * (standardized, as the network sees them), and one interval of one event chosen by the settings.
 */
import { ForeseisError } from '../../shared/errors';
import type { WindowRef } from '../../shared/analysis';
import { loadMacroWindow, macroWindowSamples, macroWindowStartUs, type PlannedWindow, precursorWindowIndex } from '../dataset';
import { type Project, projectWaveformSource, requireRunRow, type RunRow } from '../store';
import { type DatasetRecord, type DatasetWindow, labelled, loadDataset } from '../training/data';

export interface RunContext {
  project: Project;
  row: RunRow;
  dataset: DatasetRecord;
}

/** What the analyses that need no model read: the project and the dataset. */
export type DataContext = Pick<RunContext, 'project' | 'dataset'>;

export function runContext(project: Project, runId: number, needsModel: boolean): RunContext {
  const row = requireRunRow(project, runId);
  if (row.dataset_id === null) throw new ForeseisError('bad-input', `run #${runId} has no dataset`);
  if (needsModel && (row.status !== 'done' || row.model_array_id === null || row.weights_array_id === null)) {
    throw new ForeseisError('bad-input', `run #${runId} has no finished model (status ${row.status}); train or resume it first`);
  }
  return { project, row, dataset: loadDataset(project, row.dataset_id) };
}

/** The labelled windows of one split, each read and standardized when asked for (one at a time). */
export function labelledWindows(ctx: DataContext, split: 'train' | 'test'): DatasetWindow[] {
  return labelled(ctx.dataset.windows, split);
}

export function readStandardized(ctx: DataContext, w: Pick<PlannedWindow, 'segmentId' | 'startTimeUs' | 'nSamples'>): Float32Array {
  return loadMacroWindow(projectWaveformSource(ctx.project), w, ctx.dataset.settings.channels);
}

export function testEventIds(ctx: DataContext): number[] {
  return [...new Set(ctx.dataset.windows.filter((w) => w.split === 'test' && w.eventId !== null).map((w) => w.eventId as number))].sort((a, b) => a - b);
}

export interface ChosenInterval {
  ref: WindowRef;
  window: PlannedWindow;
}

function originTimeMs(project: Project, eventId: number): number {
  const row = project.db.prepare('SELECT origin_time_ms AS t FROM events WHERE id = ?').get(eventId) as { t: number } | undefined;
  if (!row) throw new ForeseisError('not-found', `no event #${eventId} in the project`);
  return row.t;
}

/** The interval `interval` (1-based; default the precursor window) of event `eventId` (default the first test event). */
export function chooseInterval(ctx: DataContext, eventId: number | undefined, interval: number | undefined): ChosenInterval {
  const s = ctx.dataset.settings;
  const events = testEventIds(ctx);
  const id = eventId ?? events[0];
  if (id === undefined) throw new ForeseisError('bad-input', `dataset #${ctx.dataset.id} has no test events; pass --event`);
  const own = ctx.dataset.windows.find((w) => w.eventId === id);
  if (!own) throw new ForeseisError('bad-input', `event #${id} is not in dataset #${ctx.dataset.id} (test events: ${events.join(', ') || 'none'})`);
  const k = interval ?? precursorWindowIndex(s);
  if (k < 1 || k > s.macroWindowCount) throw new ForeseisError('bad-input', `interval ${k} is outside 1..${s.macroWindowCount}`);
  const origin = originTimeMs(ctx.project, id);
  const startTimeUs = macroWindowStartUs(origin * 1000, k, s);
  const label: WindowRef['label'] = k === precursorWindowIndex(s) ? 'precursor' : s.noise === 'A' && k === s.noiseAWindow ? 'noise-a' : 'unlabelled';
  const window: PlannedWindow = { segmentId: own.segmentId, eventId: id, macroIndex: k, startTimeUs, nSamples: macroWindowSamples(s), label, split: own.split };
  return {
    window,
    ref: { eventId: id, interval: k, label, startTimeMs: startTimeUs / 1000, secondsBeforeOrigin: (s.macroWindowCount - k + 1) * s.macroWindowSeconds },
  };
}

/** Read an interval, naming the event when its data do not cover it. */
export function readInterval(ctx: DataContext, chosen: ChosenInterval): Float32Array {
  try {
    return readStandardized(ctx, chosen.window);
  } catch (error) {
    if (error instanceof ForeseisError && error.code !== 'data-out-of-range') throw error;
    throw new ForeseisError('data-out-of-range', `event #${chosen.ref.eventId}, interval ${chosen.ref.interval}: not recorded (${(error as Error).message})`);
  }
}
