/**
 * Applying trained runs, in the worker: evaluation on the test windows (§5: accuracy f,
 * confusion matrix, TPR − FPR, ROC AUC, per-event accuracy, mean ± std over a group) and the
 * temporal curve (Fig. 5: every run on all macro-window intervals of every test event).
 * The scores themselves are analysis/ functions; this file feeds them and stores what they give.
 */
import type * as tf from '@tensorflow/tfjs';
import { ForeseisError } from '../../shared/errors';
import type { CurveResult, EnginePreferenceName, EvaluateResult, RunEvaluation } from '../../shared/training';
import { perEventAccuracy, scoreClassification, summarizeEvaluations, type WindowPrediction } from '../analysis/metrics';
import { defaultOnsetSettings, precursorFractions, temporalCurve, type IntervalScores } from '../analysis/temporal-curve';
import { macroWindowSamples, macroWindowStartUs, materializeWindows, type PlannedWindow } from '../dataset';
import { selectEngine } from '../model';
import { openProject, type Project, projectWaveformSource, readArrayBytes, requireRunRow, type RunRow, saveCurve, saveEvaluation } from '../store';
import { Examples, labelled, loadDataset } from './data';
import { modelFromBytes } from './model-io';
import { predictExamples } from './trainer';

const INFERENCE_BATCH = 64;

export type ProgressSink = (fraction: number, step: string) => void;

function finishedRuns(project: Project, runIds: readonly number[]): RunRow[] {
  const rows = runIds.map((id) => requireRunRow(project, id));
  const usable = rows.filter((r) => r.status === 'done' && r.model_array_id !== null && r.weights_array_id !== null);
  if (usable.length === 0) throw new ForeseisError('bad-input', `run${runIds.length > 1 ? 's' : ''} #${runIds.join(', #')} ha${runIds.length > 1 ? 've' : 's'} no finished model (train or resume first)`);
  const datasets = new Set(usable.map((r) => r.dataset_id));
  if (datasets.size > 1) throw new ForeseisError('bad-input', `runs #${runIds.join(', #')} were trained on different datasets`);
  return usable;
}

export function loadRunModel(project: Project, row: RunRow): Promise<tf.LayersModel> {
  if (row.model_array_id === null || row.weights_array_id === null) throw new ForeseisError('bad-input', `run #${row.id} has no saved model`);
  return modelFromBytes(readArrayBytes(project, row.model_array_id), readArrayBytes(project, row.weights_array_id));
}

async function engineFor(rows: readonly RunRow[], preference: EnginePreferenceName | undefined): Promise<string> {
  const engine = await selectEngine(preference ?? ((rows[0].engine as EnginePreferenceName | null) ?? 'auto'));
  return engine.name;
}

function originTimes(project: Project, eventIds: readonly number[]): Map<number, number> {
  const get = project.db.prepare('SELECT origin_time_ms AS t FROM events WHERE id = ?');
  return new Map(eventIds.map((id) => [id, (get.get(id) as { t: number } | undefined)?.t ?? NaN]));
}

/** Score every run on its dataset's test windows; store each run's scores, per-event table and predictions. */
export async function evaluateRuns(dir: string, runIds: readonly number[], preference: EnginePreferenceName | undefined, progress: ProgressSink): Promise<EvaluateResult> {
  const project = openProject(dir);
  try {
    const rows = finishedRuns(project, runIds);
    const engine = await engineFor(rows, preference);
    const dataset = loadDataset(project, rows[0].dataset_id as number);
    const test = labelled(dataset.windows, 'test');
    if (test.length === 0) throw new ForeseisError('bad-input', `dataset #${dataset.id} has no labelled test windows`);
    progress(0, `reading ${test.length} test windows`);
    const s = dataset.settings;
    const materialized = materializeWindows(projectWaveformSource(project), test, s.channels, s.subWindowSamples, s.subWindowsPerWindow);
    const examples = new Examples(materialized, test.map((w) => (w.label === 'precursor' ? 1 : 0)), test.map((w) => w.id), s.subWindowSamples, s.subWindowsPerWindow, s.channels.length);
    const origins = originTimes(project, [...new Set(test.map((w) => w.eventId).filter((e): e is number => e !== null))]);
    const runs: RunEvaluation[] = [];
    for (const [r, row] of rows.entries()) {
      const model = await loadRunModel(project, row);
      const probabilities = await predictExamples(model, examples, INFERENCE_BATCH, (done) => progress((r + done / examples.count) / rows.length, `run #${row.id}: ${done}/${examples.count} windows`));
      model.dispose();
      const predictions: (WindowPrediction & { windowId: number; subIndex: number })[] = Array.from({ length: examples.count }, (_, k) => {
        const w = test[Math.floor(k / s.subWindowsPerWindow)];
        return { label: examples.label(k), score: probabilities[2 * k + 1], eventId: w.eventId, windowId: w.id, subIndex: k % s.subWindowsPerWindow };
      });
      const scores = scoreClassification(predictions);
      const events = perEventAccuracy(predictions).map((e) => ({ ...e, originTimeMs: origins.get(e.eventId) ?? NaN }));
      saveEvaluation(project, row.id, { datasetId: dataset.id, engine, scoresJson: JSON.stringify(scores), events, predictions });
      runs.push({ runId: row.id, seed: row.seed, engine, scores, events });
    }
    progress(1, 'done');
    return { group: rows[0].run_group ?? rows[0].id, datasetId: dataset.id, runs, summary: summarizeEvaluations(runs) };
  } finally {
    project.close();
  }
}

/** The temporal curve of a group: every run on all macro-window intervals of every test event. */
export async function curveOfRuns(
  dir: string,
  runIds: readonly number[],
  preference: EnginePreferenceName | undefined,
  onset: { baselineIntervals?: number; bandSigmas?: number },
  progress: ProgressSink,
): Promise<Omit<CurveResult, 'csvPath'>> {
  const project = openProject(dir);
  try {
    const rows = finishedRuns(project, runIds);
    await engineFor(rows, preference);
    const dataset = loadDataset(project, rows[0].dataset_id as number);
    const s = dataset.settings;
    const test = dataset.windows.filter((w) => w.split === 'test' && w.eventId !== null);
    const segmentOf = new Map(test.map((w) => [w.eventId as number, w.segmentId]));
    const eventIds = [...segmentOf.keys()].sort((a, b) => a - b);
    if (eventIds.length === 0) throw new ForeseisError('bad-input', `dataset #${dataset.id} has no test events`);
    const origins = originTimes(project, eventIds);
    const models = await Promise.all(rows.map((row) => loadRunModel(project, row)));
    const count = s.macroWindowCount;
    const scores: number[][][] = rows.map(() => Array.from({ length: count }, () => []));
    const nSamples = macroWindowSamples(s);
    for (const [e, eventId] of eventIds.entries()) {
      const originUs = (origins.get(eventId) as number) * 1000;
      const windows: PlannedWindow[] = Array.from({ length: count }, (_, k) => ({
        segmentId: segmentOf.get(eventId) as number,
        eventId,
        macroIndex: k + 1,
        startTimeUs: macroWindowStartUs(originUs, k + 1, s),
        nSamples,
        label: 'unlabelled',
        split: 'test',
      }));
      let materialized;
      try {
        materialized = materializeWindows(projectWaveformSource(project), windows, s.channels, s.subWindowSamples, s.subWindowsPerWindow);
      } catch (error) {
        throw new ForeseisError('data-out-of-range', `test event ${eventId}: the ${count} intervals before it are not all recorded (${(error as Error).message})`);
      }
      const examples = new Examples(materialized, windows.map(() => 0), windows.map(() => 0), s.subWindowSamples, s.subWindowsPerWindow, s.channels.length);
      for (const [r, model] of models.entries()) {
        const probabilities = await predictExamples(model, examples, INFERENCE_BATCH);
        for (let k = 0; k < examples.count; k++) scores[r][Math.floor(k / s.subWindowsPerWindow)].push(probabilities[2 * k + 1]);
        progress((e + (r + 1) / models.length) / eventIds.length, `event ${e + 1}/${eventIds.length}, run #${rows[r].id}`);
      }
    }
    models.forEach((m) => m.dispose());
    const fractions = scores.map((perInterval) => precursorFractions(perInterval.map((values, k): IntervalScores => ({ interval: k + 1, scores: values }))));
    const settings = { ...defaultOnsetSettings, ...(onset.baselineIntervals === undefined ? {} : { baselineIntervals: onset.baselineIntervals }), ...(onset.bandSigmas === undefined ? {} : { bandSigmas: onset.bandSigmas }) };
    let curve;
    try {
      curve = temporalCurve(fractions, s.macroWindowSeconds, settings);
    } catch (error) {
      throw new ForeseisError('bad-input', (error as Error).message);
    }
    const perRun = rows.map((row, r) => ({ runId: row.id, fractions: fractions[r].map((f) => (Number.isFinite(f) ? f : null)) }));
    const group = rows[0].run_group ?? rows[0].id;
    const runIdsUsed = rows.map((r) => r.id);
    const curveId = saveCurve(project, { group, datasetId: dataset.id, runIds: runIdsUsed, intervalSeconds: s.macroWindowSeconds, curveJson: JSON.stringify(curve), perRun });
    progress(1, 'done');
    return {
      curveId,
      group,
      datasetId: dataset.id,
      runIds: runIdsUsed,
      testEvents: eventIds,
      intervalSeconds: s.macroWindowSeconds,
      subWindowsPerInterval: s.subWindowsPerWindow,
      points: curve.points,
      perRun,
      band: curve.band,
      onsetInterval: curve.onsetInterval,
      onsetSecondsBeforeOrigin: curve.onsetSecondsBeforeOrigin,
    };
  } finally {
    project.close();
  }
}
