/**
 * Schema 2: training runs, their checkpoints and saved models, and what evaluation produced.
 *
 * A run belongs to a group (`run_group`, the id of the group's first run): `--repeats N` trains N
 * runs of one group from seeds seed, seed + 1, …; a single run is a group of one. Its saved model
 * is two array files, the tfjs model JSON (`model_array_id`, topology and weight specs) and the
 * weights (`weights_array_id`); its last checkpoint is one array file plus the JSON that says
 * how to read it (`checkpoint_array_id`, `checkpoint_json`), replaced in one transaction each
 * epoch. `worker_pid` is the process training it, so a resume can tell a crashed run from a live one.
 */
export const version = 2;
export const name = 'training';

export const sql = /* sql */ `
ALTER TABLE runs ADD COLUMN run_group INTEGER;
ALTER TABLE runs ADD COLUMN repeat_index INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN engine_description TEXT;
ALTER TABLE runs ADD COLUMN model_array_id INTEGER REFERENCES arrays(id);
ALTER TABLE runs ADD COLUMN checkpoint_array_id INTEGER REFERENCES arrays(id);
ALTER TABLE runs ADD COLUMN checkpoint_json TEXT;
ALTER TABLE runs ADD COLUMN result_json TEXT;
ALTER TABLE runs ADD COLUMN worker_pid INTEGER;
ALTER TABLE runs ADD COLUMN started_at_ms INTEGER;
CREATE INDEX runs_by_group ON runs (run_group);

-- The scores of a run's final model on its dataset's test windows (one row per run; re-evaluating replaces it).
CREATE TABLE evaluations (
  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id),
  engine TEXT NOT NULL,
  scores_json TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
);

-- The precursor score of every test sub-window the evaluation saw.
CREATE TABLE run_predictions (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  window_id INTEGER NOT NULL REFERENCES windows(id) ON DELETE CASCADE,
  sub_index INTEGER NOT NULL,
  label INTEGER NOT NULL CHECK (label IN (0, 1)),
  score REAL NOT NULL,
  PRIMARY KEY (run_id, window_id, sub_index)
);

-- Per-event accuracy of a run on the test events (the paper's Table 2).
CREATE TABLE run_events (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  origin_time_ms INTEGER NOT NULL,
  windows INTEGER NOT NULL,
  correct INTEGER NOT NULL,
  accuracy REAL NOT NULL,
  PRIMARY KEY (run_id, event_id)
);

-- A run's fraction of sub-windows called precursor per macro-window interval of the test events (Fig. 5).
CREATE TABLE run_curve_fractions (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  interval INTEGER NOT NULL,
  fraction REAL,
  PRIMARY KEY (run_id, interval)
);

-- The temporal curve of a group: mean ± std over its runs, the band and the onset (JSON of analysis/temporal-curve).
CREATE TABLE curves (
  id INTEGER PRIMARY KEY,
  run_group INTEGER NOT NULL,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id),
  run_ids_json TEXT NOT NULL,
  interval_seconds REAL NOT NULL,
  curve_json TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
);
`;
