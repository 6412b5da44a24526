/**
 * Stored interpretation analyses (migration 0006): looked up by (run, kind, settings checksum),
 * written once per key (a recomputation replaces the row).
 */
import type { AnalysisData, AnalysisKind } from '../../shared/analysis';
import type { Project } from './project';

export interface StoredAnalysis {
  id: number;
  runId: number;
  datasetId: number;
  kind: AnalysisKind;
  settingsChecksum: string;
  seconds: number;
  createdAtMs: number;
  data: AnalysisData;
}

interface AnalysisRow {
  id: number;
  run_id: number;
  dataset_id: number;
  kind: AnalysisKind;
  settings_checksum: string;
  result_json: string;
  seconds: number;
  created_at_ms: number;
}

function fromRow(r: AnalysisRow): StoredAnalysis {
  return { id: r.id, runId: r.run_id, datasetId: r.dataset_id, kind: r.kind, settingsChecksum: r.settings_checksum, seconds: r.seconds, createdAtMs: r.created_at_ms, data: JSON.parse(r.result_json) as AnalysisData };
}

export function findAnalysis(project: Project, runId: number, kind: AnalysisKind, settingsChecksum: string): StoredAnalysis | undefined {
  const row = project.db.prepare('SELECT * FROM analyses WHERE run_id = ? AND kind = ? AND settings_checksum = ?').get(runId, kind, settingsChecksum) as AnalysisRow | undefined;
  return row ? fromRow(row) : undefined;
}

export function saveAnalysis(project: Project, a: Omit<StoredAnalysis, 'id' | 'createdAtMs'>): StoredAnalysis {
  const createdAtMs = Date.now();
  const row = project.db
    .prepare(
      `INSERT INTO analyses (run_id, dataset_id, kind, settings_checksum, settings_json, result_json, seconds, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_id, kind, settings_checksum) DO UPDATE SET result_json = excluded.result_json, settings_json = excluded.settings_json, seconds = excluded.seconds, created_at_ms = excluded.created_at_ms
       RETURNING id`,
    )
    .get(a.runId, a.datasetId, a.kind, a.settingsChecksum, JSON.stringify(a.data.settings), JSON.stringify(a.data), a.seconds, createdAtMs) as { id: number };
  return { ...a, id: row.id, createdAtMs };
}

export function listAnalyses(project: Project, runId: number): Omit<StoredAnalysis, 'data'>[] {
  const rows = project.db.prepare('SELECT id, run_id, dataset_id, kind, settings_checksum, seconds, created_at_ms FROM analyses WHERE run_id = ? ORDER BY id').all(runId) as Omit<AnalysisRow, 'result_json'>[];
  return rows.map((r) => ({ id: r.id, runId: r.run_id, datasetId: r.dataset_id, kind: r.kind, settingsChecksum: r.settings_checksum, seconds: r.seconds, createdAtMs: r.created_at_ms }));
}
