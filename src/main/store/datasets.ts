import type { PlannedWindow } from '../dataset/plan';
import type { Project } from './project';

/** A window as the dataset stage plans it is exactly what the store keeps. */
export type DatasetWindowInput = PlannedWindow;

/** A dataset row, its windows and their labels: one transaction. */
export function insertDataset(
  project: Project,
  name: string,
  settingsJson: string,
  checksum: string,
  windows: readonly DatasetWindowInput[],
  author: string,
): number {
  const db = project.db;
  return db.transaction(() => {
    const now = Date.now();
    const { id } = db
      .prepare('INSERT INTO datasets (name, settings_json, checksum, created_at_ms) VALUES (?, ?, ?, ?) RETURNING id')
      .get(name, settingsJson, checksum, now) as { id: number };
    const w = db.prepare(
      `INSERT INTO windows (dataset_id, segment_id, event_id, macro_index, start_time_us, n_samples, split)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    );
    const l = db.prepare('INSERT INTO labels (window_id, label, author, created_at_ms) VALUES (?, ?, ?, ?)');
    for (const x of windows) {
      const row = w.get(id, x.segmentId, x.eventId, x.macroIndex, x.startTimeUs, x.nSamples, x.split) as { id: number };
      l.run(row.id, x.label, author, now);
    }
    project.setMeta('latest_dataset', String(id));
    return id;
  })();
}

export function listDatasets(project: Project): { id: number; name: string; windows: number; createdAtMs: number }[] {
  return project.db
    .prepare(
      `SELECT d.id, d.name, d.created_at_ms AS createdAtMs, COUNT(w.id) AS windows
       FROM datasets d LEFT JOIN windows w ON w.dataset_id = d.id GROUP BY d.id ORDER BY d.id`,
    )
    .all() as { id: number; name: string; windows: number; createdAtMs: number }[];
}

export function loadDatasetWindows(project: Project, datasetId: number): (DatasetWindowInput & { id: number })[] {
  return project.db
    .prepare(
      `SELECT w.id, w.segment_id AS segmentId, w.event_id AS eventId, w.macro_index AS macroIndex,
              w.start_time_us AS startTimeUs, w.n_samples AS nSamples, w.split, l.label
       FROM windows w JOIN labels l ON l.window_id = w.id WHERE w.dataset_id = ? ORDER BY w.id`,
    )
    .all(datasetId) as (DatasetWindowInput & { id: number })[];
}
