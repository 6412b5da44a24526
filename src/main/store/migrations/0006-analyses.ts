/**
 * Schema 6: the interpretation analyses of §6, stored with the run they describe. One row per
 * (run, kind, settings checksum): the checksum covers the resolved settings, the dataset's
 * checksum and the run's weights, so asking again with the same settings re-uses the row, and any change recomputes.
 * The result is the analysis's plain JSON (src/shared/analysis.ts), its settings inside it.
 */
export const version = 6;
export const name = 'analyses';

export const sql = /* sql */ `
CREATE TABLE analyses (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id),
  kind TEXT NOT NULL,
  settings_checksum TEXT NOT NULL,
  settings_json TEXT NOT NULL,
  result_json TEXT NOT NULL,
  seconds REAL NOT NULL,
  created_at_ms INTEGER NOT NULL,
  UNIQUE (run_id, kind, settings_checksum)
);
`;
