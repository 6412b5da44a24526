/**
 * Training runs as the caller sees them: check the request (dataset, spec, input length) before
 * anything is stored, create the group's runs, train them one after another, each in its own
 * worker thread, and resume a run from its last checkpoint (then the rest of its group).
 * Evaluation and the temporal curve run in a worker too. Nothing here loads TensorFlow: the
 * caller's thread stays free.
 */
import { ForeseisError, type SerializedError } from '../../shared/errors';
import type { CurveResult, EnginePreferenceName, EvaluateResult, RunSummary, TrainResult, TrainSettings } from '../../shared/training';
import { type ModelSpec, withInputLength } from '../model/spec';
import { loadSpec } from '../model/spec-file';
import { createRunGroup, groupRunRows, type Project, requireRunRow, type RunRow, runSummary, setRunStatus, withProject } from '../store';
import { checkTrainable, loadDataset } from './data';
import { type FinalEvent, startWorker, type WorkerHandle } from './jobs';
import type { WorkerEvent } from './messages';
import type { ResolvedTrainSettings } from './trainer';

export interface TrainEventContext {
  /** 0-based position of the run among those this call trains */
  index: number;
  count: number;
}

export interface TrainOptions {
  onEvent?: (event: WorkerEvent, context: TrainEventContext) => void;
  /** abort = cancel: the running run stops at its next step and is marked cancelled, the rest are not started */
  signal?: AbortSignal;
  /** receives the handle of each worker as it starts (tests use it to kill one) */
  onWorker?: (handle: WorkerHandle, runId: number) => void;
}

/** Runs trained by a worker of this process right now. */
const active = new Set<number>();

/** The spec for a dataset: the preset or file, at the dataset's sub-window length if it differs. */
export function specForDataset(specName: string, subWindowSamples: number, channels: number): ModelSpec {
  let spec = loadSpec(specName);
  if (spec.input.length !== subWindowSamples) spec = withInputLength(spec, subWindowSamples);
  if (spec.input.channels !== channels) throw new ForeseisError('bad-input', `model spec '${spec.name}' takes ${spec.input.channels} channels, the dataset has ${channels}`);
  return spec;
}

function resolveSettings(settings: TrainSettings, spec: ModelSpec, repeat: number): ResolvedTrainSettings {
  return {
    ...settings,
    seed: settings.seed + repeat,
    epochs: settings.epochs ?? spec.training.maxEpochs,
    batchSize: settings.batchSize ?? spec.training.batchSize,
    validationSeed: settings.validationSeed ?? settings.seed,
  };
}

/** Check a training request and store its pending runs; returns their ids (the group is the first). */
export function createTrainingRuns(project: Project, datasetId: number, settings: TrainSettings): number[] {
  const dataset = loadDataset(project, datasetId);
  checkTrainable(dataset, project.dir);
  const spec = specForDataset(settings.spec, dataset.settings.subWindowSamples, dataset.settings.channels.length);
  return createRunGroup(project, {
    datasetId: dataset.id,
    dataChecksum: dataset.checksum,
    specJson: JSON.stringify(spec),
    runs: Array.from({ length: settings.repeats }, (_, i) => {
      const resolved = resolveSettings(settings, spec, i);
      return { seed: resolved.seed, settingsJson: JSON.stringify(resolved) };
    }),
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The runs a resume of `runId` trains: that run, then the group's runs still pending after it. */
export function runsToResume(project: Project, runId: number): number[] {
  const row = requireRunRow(project, runId);
  if (row.status === 'done') throw new ForeseisError('bad-input', `run #${runId} is already finished`);
  if (row.status === 'running' && row.worker_pid !== null) {
    const elsewhere = row.worker_pid !== process.pid && processAlive(row.worker_pid);
    if (elsewhere || active.has(runId)) throw new ForeseisError('bad-input', `run #${runId} is being trained now (process ${row.worker_pid}); cancel it first`);
  }
  const rest = groupRunRows(project, row.run_group ?? row.id).filter((r) => r.id !== runId && r.status === 'pending' && r.repeat_index > row.repeat_index);
  return [runId, ...rest.map((r) => r.id)];
}

function errorOf(event: FinalEvent): ForeseisError {
  return event.type === 'failed' ? ForeseisError.fromSerialized(event.error as SerializedError) : new ForeseisError('cancelled', 'cancelled');
}

/**
 * Train the given runs, one worker each, in order. Resolves with the group's runs when all are
 * done; rejects with the first failure (that run marked failed) or with 'cancelled' (that run
 * marked cancelled, the runs after it left pending): both resumable with `--resume`.
 */
export async function trainRuns(dir: string, runIds: readonly number[], options: TrainOptions = {}): Promise<TrainResult> {
  for (const [index, runId] of runIds.entries()) {
    if (options.signal?.aborted) throw new ForeseisError('cancelled', `cancelled before run #${runId} started; resume with 'foreseis train ${dir} --resume ${runId}'`);
    active.add(runId);
    let started = false;
    let final: FinalEvent;
    try {
      const handle = startWorker({ kind: 'train', dir, runId }, (event) => {
        if (event.type === 'started') started = true;
        options.onEvent?.(event, { index, count: runIds.length });
      });
      options.onWorker?.(handle, runId);
      const onAbort = (): void => handle.cancel();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        final = await handle.finished;
      } finally {
        options.signal?.removeEventListener('abort', onAbort);
      }
    } finally {
      active.delete(runId);
    }
    if (final.type === 'done') continue;
    const error = errorOf(final);
    await withProject(dir, {}, (p) => {
      const row = requireRunRow(p, runId);
      // A worker that died without a word (killed, out of memory) leaves its run 'running'.
      if (row.status === 'running' && row.worker_pid === process.pid) setRunStatus(p, runId, final.type === 'cancelled' ? 'cancelled' : 'failed', final.type === 'cancelled' ? null : error.message);
      // Refused before it started (an engine not installed, a spec that does not fit): no run was trained, none is kept.
      if (!started && index === 0 && row.status === 'pending' && !row.checkpoint_array_id) discardPendingGroup(p, row);
    });
    if (error.code === 'cancelled') throw new ForeseisError('cancelled', `cancelled run #${runId}; resume with 'foreseis train ${dir} --resume ${runId}'`);
    throw error;
  }
  return withProject(dir, {}, (p) => {
    const first = requireRunRow(p, runIds[0]);
    const group = first.run_group ?? first.id;
    return { group, datasetId: first.dataset_id as number, runs: groupRunRows(p, group).map((r) => runSummary(p, r)) };
  });
}

/** Remove a group whose runs are all still pending (nothing trained, nothing to keep). */
function discardPendingGroup(project: Project, row: RunRow): void {
  const rows = groupRunRows(project, row.run_group ?? row.id);
  if (rows.every((r) => r.status === 'pending' && r.checkpoint_array_id === null)) {
    project.db.prepare(`DELETE FROM runs WHERE id IN (${rows.map(() => '?').join(',')})`).run(...rows.map((r) => r.id));
  }
}

/** Train a new group on a dataset (see createTrainingRuns, trainRuns). */
export async function train(dir: string, datasetId: number, settings: TrainSettings, options: TrainOptions = {}): Promise<TrainResult> {
  const ids = await withProject(dir, {}, (p) => createTrainingRuns(p, datasetId, settings));
  return trainRuns(dir, ids, options);
}

/** Resume a run from its last checkpoint, then train the group's pending runs after it. */
export async function resume(dir: string, runId: number, options: TrainOptions = {}): Promise<TrainResult> {
  const ids = await withProject(dir, {}, (p) => runsToResume(p, runId));
  return trainRuns(dir, ids, options);
}

export function listRuns(dir: string, group?: number): Promise<RunSummary[]> {
  return withProject(dir, {}, (p) => {
    const rows = group === undefined ? (p.db.prepare("SELECT * FROM runs WHERE kind = 'train' ORDER BY id").all() as RunRow[]) : groupRunRows(p, group);
    return rows.map((r) => runSummary(p, r));
  });
}

/** The finished runs of a run's group (a single run is a group of one). */
export function finishedGroupRuns(dir: string, runId: number): Promise<number[]> {
  return withProject(dir, {}, (p) => {
    const row = requireRunRow(p, runId);
    const rows = groupRunRows(p, row.run_group ?? row.id).filter((r) => r.status === 'done');
    if (rows.length === 0) throw new ForeseisError('bad-input', `run #${runId}'s group has no finished run yet (status: ${row.status}; resume it with 'foreseis train ${dir} --resume ${runId}')`);
    return rows.map((r) => r.id);
  });
}

export interface JobOptions {
  onProgress?: (fraction: number, step: string) => void;
  signal?: AbortSignal;
}

async function runJob<T>(job: Parameters<typeof startWorker>[0], pick: (e: Extract<FinalEvent, { type: 'done' }>) => T | undefined, options: JobOptions): Promise<T> {
  const handle = startWorker(job, (event) => {
    if (event.type === 'progress') options.onProgress?.(event.fraction, event.step);
  });
  const onAbort = (): void => handle.cancel();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let final: FinalEvent;
  try {
    final = await handle.finished;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (final.type !== 'done') throw errorOf(final);
  const value = pick(final);
  if (value === undefined) throw new ForeseisError('internal', `the ${job.kind} worker ended without a result`);
  return value;
}

/** Evaluate every finished run of `runId`'s group on the test windows (in a worker). */
export async function evaluateGroup(dir: string, runId: number, engine: EnginePreferenceName | undefined, options: JobOptions = {}): Promise<EvaluateResult> {
  const runIds = await finishedGroupRuns(dir, runId);
  return runJob({ kind: 'evaluate', dir, runIds, engine }, (e) => e.evaluation, options);
}

/** The temporal curve of `runId`'s group (in a worker). */
export async function curveGroup(
  dir: string,
  runId: number,
  settings: { engine?: EnginePreferenceName; baselineIntervals?: number; bandSigmas?: number },
  options: JobOptions = {},
): Promise<Omit<CurveResult, 'csvPath'>> {
  const runIds = await finishedGroupRuns(dir, runId);
  return runJob(
    { kind: 'curve', dir, runIds, engine: settings.engine, baselineIntervals: settings.baselineIntervals, bandSigmas: settings.bandSigmas },
    (e) => e.curve,
    options,
  );
}

/** The curve as CSV: one row per interval, mean ± std over the runs and each run's fraction. */
export function curveCsv(curve: Omit<CurveResult, 'csvPath'>): string {
  const lines = [
    `# foreseis temporal curve #${curve.curveId}: group ${curve.group}, dataset ${curve.datasetId}, runs ${curve.runIds.join(' ')}, test events ${curve.testEvents.join(' ')}`,
    `# band ${curve.band.low} .. ${curve.band.high} (first ${curve.band.baselineIntervals} intervals, ${curve.band.bandSigmas} sigma); onset interval ${curve.onsetInterval ?? 'none'}${curve.onsetSecondsBeforeOrigin === null ? '' : ` (${curve.onsetSecondsBeforeOrigin} s before origin)`}`,
    ['interval', 'start_seconds_before_origin', 'end_seconds_before_origin', 'mean_fraction', 'std_fraction', 'runs', ...curve.perRun.map((r) => `run_${r.runId}`)].join(','),
  ];
  for (const [k, p] of curve.points.entries()) {
    lines.push([p.interval, p.startSecondsBeforeOrigin, p.endSecondsBeforeOrigin, p.mean, p.std, p.n, ...curve.perRun.map((r) => r.fractions[k] ?? '')].join(','));
  }
  return lines.join('\n') + '\n';
}
