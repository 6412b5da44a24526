/**
 * What evaluation and the temporal curve stored for a run's group, read back for figures without
 * running a model again (the same numbers `foreseis evaluate` and `foreseis curve` printed).
 */
import { summarizeEvaluations } from '../analysis/metrics';
import type { TemporalCurve } from '../analysis/temporal-curve';
import { groupRunRows, type Project, requireRunRow } from '../store';
import type { EvaluateResult, EventAccuracyRecord, RunEvaluation, ScoresRecord } from '../../shared/training';

export function groupOf(project: Project, runId: number): { group: number; runIds: number[] } {
  const row = requireRunRow(project, runId);
  const group = row.run_group ?? row.id;
  const rows = row.run_group === null ? [row] : groupRunRows(project, group);
  return { group, runIds: rows.map((r) => r.id) };
}

/** The group's stored evaluation (runs evaluated so far), or null when none was evaluated. */
export function storedEvaluation(project: Project, runId: number): EvaluateResult | null {
  const { group, runIds } = groupOf(project, runId);
  const evals = project.db
    .prepare(`SELECT e.run_id AS runId, e.dataset_id AS datasetId, e.engine, e.scores_json AS scoresJson, r.seed FROM evaluations e JOIN runs r ON r.id = e.run_id WHERE e.run_id IN (${runIds.map(() => '?').join(',')}) ORDER BY e.run_id`)
    .all(...runIds) as { runId: number; datasetId: number; engine: string; scoresJson: string; seed: number | null }[];
  if (evals.length === 0) return null;
  const eventsOf = project.db.prepare('SELECT event_id AS eventId, origin_time_ms AS originTimeMs, windows, correct, accuracy FROM run_events WHERE run_id = ? ORDER BY event_id');
  const runs: RunEvaluation[] = evals.map((e) => ({ runId: e.runId, seed: e.seed, engine: e.engine, scores: JSON.parse(e.scoresJson) as ScoresRecord, events: eventsOf.all(e.runId) as EventAccuracyRecord[] }));
  return { group, datasetId: evals[0].datasetId, runs, summary: summarizeEvaluations(runs) };
}

export interface StoredCurve extends TemporalCurve {
  curveId: number;
  group: number;
  datasetId: number;
  runIds: number[];
  intervalSeconds: number;
  createdAtMs: number;
  perRun: { runId: number; fractions: (number | null)[] }[];
}

/** The group's latest stored temporal curve, or null. */
export function storedCurve(project: Project, runId: number): StoredCurve | null {
  const { group } = groupOf(project, runId);
  const row = project.db.prepare('SELECT id, dataset_id, run_ids_json, interval_seconds, curve_json, created_at_ms FROM curves WHERE run_group = ? ORDER BY id DESC LIMIT 1').get(group) as
    | { id: number; dataset_id: number; run_ids_json: string; interval_seconds: number; curve_json: string; created_at_ms: number }
    | undefined;
  if (!row) return null;
  const curve = JSON.parse(row.curve_json) as TemporalCurve;
  const runIds = JSON.parse(row.run_ids_json) as number[];
  const fractionsOf = project.db.prepare('SELECT interval, fraction FROM run_curve_fractions WHERE run_id = ? ORDER BY interval');
  const perRun = runIds.map((id) => {
    const rows = fractionsOf.all(id) as { interval: number; fraction: number | null }[];
    return { runId: id, fractions: curve.points.map((p) => rows.find((r) => r.interval === p.interval)?.fraction ?? null) };
  });
  return { ...curve, curveId: row.id, group, datasetId: row.dataset_id, runIds, intervalSeconds: row.interval_seconds, createdAtMs: row.created_at_ms, perRun };
}
