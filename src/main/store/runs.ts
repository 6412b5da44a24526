/**
 * Training runs in the store: the run rows (status, settings, engine, data checksum), their
 * per-epoch metrics, the checkpoint replaced atomically each epoch, the saved model, and what
 * evaluation and the temporal curve produced. Bulk bytes (weights, checkpoints, the model JSON)
 * are array files, written only while holding the write lock (the store's orphan rule).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ForeseisError } from '../../shared/errors';
import type { EpochRecord, RunStatus, RunSummary } from '../../shared/training';
import { readArrayFile, sha256OfFile, writeArrayFile } from './arrays';
import type { Project } from './project';

export interface RunRow {
  id: number;
  kind: string;
  status: RunStatus;
  dataset_id: number | null;
  settings_json: string;
  spec_json: string | null;
  seed: number | null;
  engine: string | null;
  engine_description: string | null;
  data_checksum: string | null;
  weights_array_id: number | null;
  model_array_id: number | null;
  checkpoint_array_id: number | null;
  checkpoint_json: string | null;
  result_json: string | null;
  run_group: number | null;
  repeat_index: number;
  worker_pid: number | null;
  created_at_ms: number;
  started_at_ms: number | null;
  finished_at_ms: number | null;
  error: string | null;
}

export const TRAINING_RUN_KIND = 'train';

export interface NewRunGroup {
  datasetId: number;
  dataChecksum: string;
  specJson: string;
  /** one settings JSON per run (each carries its own seed) */
  runs: { seed: number; settingsJson: string }[];
}

/** Insert the pending runs of one group; the group id is the first run's id. */
export function createRunGroup(project: Project, group: NewRunGroup): number[] {
  const db = project.db;
  return db.transaction(() => {
    const now = Date.now();
    const insert = db.prepare(
      `INSERT INTO runs (kind, status, dataset_id, settings_json, spec_json, seed, data_checksum, repeat_index, created_at_ms)
       VALUES (?, 'pending', ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    );
    const ids = group.runs.map((r, i) => (insert.get(TRAINING_RUN_KIND, group.datasetId, r.settingsJson, group.specJson, r.seed, group.dataChecksum, i, now) as { id: number }).id);
    db.prepare(`UPDATE runs SET run_group = ? WHERE id IN (${ids.map(() => '?').join(',')})`).run(ids[0], ...ids);
    return ids;
  })();
}

export function getRunRow(project: Project, id: number): RunRow | undefined {
  return project.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
}

export function requireRunRow(project: Project, id: number): RunRow {
  const row = getRunRow(project, id);
  if (!row || row.kind !== TRAINING_RUN_KIND) throw new ForeseisError('not-found', `no training run #${id} in ${project.dir}`);
  return row;
}

export function groupRunRows(project: Project, group: number): RunRow[] {
  return project.db.prepare('SELECT * FROM runs WHERE run_group = ? AND kind = ? ORDER BY repeat_index, id').all(group, TRAINING_RUN_KIND) as RunRow[];
}

export function listRunRows(project: Project, group?: number): RunRow[] {
  if (group !== undefined) return groupRunRows(project, group);
  return project.db.prepare('SELECT * FROM runs WHERE kind = ? ORDER BY id').all(TRAINING_RUN_KIND) as RunRow[];
}

export function runEpochs(project: Project, runId: number): EpochRecord[] {
  const rows = project.db.prepare('SELECT epoch, split, name, value FROM metrics WHERE run_id = ? ORDER BY epoch').all(runId) as { epoch: number; split: string; name: string; value: number }[];
  const by = new Map<number, EpochRecord>();
  for (const r of rows) {
    const e = by.get(r.epoch) ?? { epoch: r.epoch, trainLoss: NaN, trainAccuracy: NaN, valLoss: NaN, valAccuracy: NaN, seconds: NaN };
    if (r.split === 'train' && r.name === 'loss') e.trainLoss = r.value;
    else if (r.split === 'train' && r.name === 'accuracy') e.trainAccuracy = r.value;
    else if (r.split === 'validation' && r.name === 'loss') e.valLoss = r.value;
    else if (r.split === 'validation' && r.name === 'accuracy') e.valAccuracy = r.value;
    else if (r.name === 'seconds') e.seconds = r.value;
    by.set(r.epoch, e);
  }
  return [...by.values()];
}

function insertEpoch(project: Project, runId: number, e: EpochRecord): void {
  const put = project.db.prepare('INSERT OR REPLACE INTO metrics (run_id, epoch, split, name, value) VALUES (?, ?, ?, ?, ?)');
  put.run(runId, e.epoch, 'train', 'loss', e.trainLoss);
  put.run(runId, e.epoch, 'train', 'accuracy', e.trainAccuracy);
  put.run(runId, e.epoch, 'validation', 'loss', e.valLoss);
  put.run(runId, e.epoch, 'validation', 'accuracy', e.valAccuracy);
  put.run(runId, e.epoch, 'train', 'seconds', e.seconds);
}

/** Store bytes as an array file and its row (identical bytes are stored once); inside a write transaction. */
export function storeBytes(project: Project, bytes: Uint8Array): number {
  if (!project.db.inTransaction) throw new Error('storeBytes must run inside a write transaction');
  const f = writeArrayFile(project.dir, bytes);
  project.db
    .prepare('INSERT INTO arrays (file, sha256, dtype, length, bytes) VALUES (?, ?, ?, ?, ?) ON CONFLICT (file) DO NOTHING')
    .run(f.file, f.sha256, f.dtype, f.length, f.bytes);
  return (project.db.prepare('SELECT id FROM arrays WHERE file = ?').get(f.file) as { id: number }).id;
}

/** The bytes of an array, checked against the SHA-256 its row records. */
export function readArrayBytes(project: Project, arrayId: number): Uint8Array {
  const row = project.db.prepare('SELECT file, sha256, dtype, length FROM arrays WHERE id = ?').get(arrayId) as
    | { file: string; sha256: string; dtype: 'uint8'; length: number }
    | undefined;
  if (!row) throw new ForeseisError('corrupt-project', `array #${arrayId} is not in the project`);
  if (!fs.existsSync(path.join(project.dir, row.file))) throw new ForeseisError('corrupt-project', `array file is missing: ${row.file}`);
  if (sha256OfFile(project.dir, row.file) !== row.sha256) throw new ForeseisError('corrupt-project', `array file ${row.file} does not match its checksum`);
  const data = readArrayFile(project.dir, row);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Drop an array row no run or waveform references any more; returns its file to unlink after commit. */
function releaseArray(project: Project, arrayId: number | null): string | null {
  if (arrayId === null) return null;
  const used = project.db
    .prepare(
      `SELECT 1 FROM runs WHERE weights_array_id = @id OR model_array_id = @id OR checkpoint_array_id = @id
       UNION ALL SELECT 1 FROM waveforms WHERE array_id = @id LIMIT 1`,
    )
    .get({ id: arrayId });
  if (used) return null;
  const row = project.db.prepare('DELETE FROM arrays WHERE id = ? RETURNING file').get(arrayId) as { file: string } | undefined;
  return row?.file ?? null;
}

function unlinkQuietly(project: Project, file: string | null): void {
  if (file !== null) fs.rmSync(path.join(project.dir, file), { force: true });
}

export function markRunStarted(project: Project, runId: number, engine: { name: string; description: string }, pid: number): void {
  project.db
    .prepare("UPDATE runs SET status = 'running', engine = ?, engine_description = ?, worker_pid = ?, started_at_ms = COALESCE(started_at_ms, ?), error = NULL WHERE id = ?")
    .run(engine.name, engine.description, pid, Date.now(), runId);
}

export function setRunStatus(project: Project, runId: number, status: RunStatus, error: string | null = null): void {
  const finished = status === 'done' || status === 'failed' || status === 'cancelled' ? Date.now() : null;
  project.db.prepare('UPDATE runs SET status = ?, error = ?, finished_at_ms = ?, worker_pid = NULL WHERE id = ?').run(status, error, finished, runId);
}

/**
 * Replace a run's checkpoint and record the epoch's metrics, in one transaction: a crash leaves
 * either the previous checkpoint with the previous metrics or the new ones, never a mix.
 */
export async function saveCheckpoint(project: Project, runId: number, bytes: Uint8Array, stateJson: string, epoch: EpochRecord): Promise<void> {
  let released: string | null = null;
  await project.writeTransaction(() => {
    const previous = (project.db.prepare('SELECT checkpoint_array_id AS id FROM runs WHERE id = ?').get(runId) as { id: number | null }).id;
    const arrayId = storeBytes(project, bytes);
    project.db.prepare('UPDATE runs SET checkpoint_array_id = ?, checkpoint_json = ? WHERE id = ?').run(arrayId, stateJson, runId);
    insertEpoch(project, runId, epoch);
    if (previous !== arrayId) released = releaseArray(project, previous);
  });
  unlinkQuietly(project, released);
}

/** Store the final model (tfjs model JSON and weights), the run's result, and drop its checkpoint. */
export async function finishRun(project: Project, runId: number, model: { modelJson: Uint8Array; weights: Uint8Array }, resultJson: string): Promise<void> {
  let released: string | null = null;
  await project.writeTransaction(() => {
    const previous = (project.db.prepare('SELECT checkpoint_array_id AS id FROM runs WHERE id = ?').get(runId) as { id: number | null }).id;
    const weightsId = storeBytes(project, model.weights);
    const modelId = storeBytes(project, model.modelJson);
    project.db
      .prepare(
        `UPDATE runs SET weights_array_id = ?, model_array_id = ?, result_json = ?, checkpoint_array_id = NULL, checkpoint_json = NULL,
           status = 'done', finished_at_ms = ?, worker_pid = NULL, error = NULL WHERE id = ?`,
      )
      .run(weightsId, modelId, resultJson, Date.now(), runId);
    released = releaseArray(project, previous);
  });
  unlinkQuietly(project, released);
}

/** The run record as the contract carries it. */
export function runSummary(project: Project, row: RunRow): RunSummary {
  const settings = JSON.parse(row.settings_json) as RunSummary['settings'];
  const spec = row.spec_json === null ? null : (JSON.parse(row.spec_json) as { name?: string; input?: { length?: number } });
  const result = row.result_json === null ? null : (JSON.parse(row.result_json) as { bestEpoch?: number; stoppedEarly?: boolean });
  return {
    id: row.id,
    group: row.run_group ?? row.id,
    repeatIndex: row.repeat_index,
    status: row.status,
    datasetId: row.dataset_id,
    dataChecksum: row.data_checksum,
    seed: row.seed,
    engine: row.engine,
    engineDescription: row.engine_description,
    specName: spec?.name ?? null,
    inputLength: spec?.input?.length ?? null,
    settings,
    epochs: runEpochs(project, row.id),
    bestEpoch: result?.bestEpoch ?? null,
    stoppedEarly: result?.stoppedEarly ?? false,
    hasCheckpoint: row.checkpoint_array_id !== null,
    hasModel: row.weights_array_id !== null && row.model_array_id !== null,
    createdAtMs: row.created_at_ms,
    finishedAtMs: row.finished_at_ms,
    error: row.error,
  };
}

export interface StoredPrediction {
  windowId: number;
  subIndex: number;
  label: 0 | 1;
  score: number;
}

/** Replace a run's evaluation: its scores, per-event accuracies and every test prediction. */
export function saveEvaluation(
  project: Project,
  runId: number,
  evaluation: { datasetId: number; engine: string; scoresJson: string; events: { eventId: number; originTimeMs: number; windows: number; correct: number; accuracy: number }[]; predictions: StoredPrediction[] },
): void {
  const db = project.db;
  db.transaction(() => {
    db.prepare('DELETE FROM run_predictions WHERE run_id = ?').run(runId);
    db.prepare('DELETE FROM run_events WHERE run_id = ?').run(runId);
    db.prepare('INSERT OR REPLACE INTO evaluations (run_id, dataset_id, engine, scores_json, created_at_ms) VALUES (?, ?, ?, ?, ?)').run(
      runId,
      evaluation.datasetId,
      evaluation.engine,
      evaluation.scoresJson,
      Date.now(),
    );
    const e = db.prepare('INSERT INTO run_events (run_id, event_id, origin_time_ms, windows, correct, accuracy) VALUES (?, ?, ?, ?, ?, ?)');
    for (const x of evaluation.events) e.run(runId, x.eventId, x.originTimeMs, x.windows, x.correct, x.accuracy);
    const p = db.prepare('INSERT INTO run_predictions (run_id, window_id, sub_index, label, score) VALUES (?, ?, ?, ?, ?)');
    for (const x of evaluation.predictions) p.run(runId, x.windowId, x.subIndex, x.label, x.score);
  })();
}

export function runPredictions(project: Project, runId: number): StoredPrediction[] {
  return project.db
    .prepare('SELECT window_id AS windowId, sub_index AS subIndex, label, score FROM run_predictions WHERE run_id = ? ORDER BY window_id, sub_index')
    .all(runId) as StoredPrediction[];
}

/** Store a group's temporal curve and each run's fractions (replacing the runs' previous fractions). */
export function saveCurve(
  project: Project,
  curve: { group: number; datasetId: number; runIds: number[]; intervalSeconds: number; curveJson: string; perRun: { runId: number; fractions: (number | null)[] }[] },
): number {
  const db = project.db;
  return db.transaction(() => {
    const put = db.prepare('INSERT OR REPLACE INTO run_curve_fractions (run_id, interval, fraction) VALUES (?, ?, ?)');
    for (const r of curve.perRun) {
      db.prepare('DELETE FROM run_curve_fractions WHERE run_id = ?').run(r.runId);
      r.fractions.forEach((f, i) => put.run(r.runId, i + 1, f));
    }
    return (
      db
        .prepare('INSERT INTO curves (run_group, dataset_id, run_ids_json, interval_seconds, curve_json, created_at_ms) VALUES (?, ?, ?, ?, ?, ?) RETURNING id')
        .get(curve.group, curve.datasetId, JSON.stringify(curve.runIds), curve.intervalSeconds, curve.curveJson, Date.now()) as { id: number }
    ).id;
  })();
}
