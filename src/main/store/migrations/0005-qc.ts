/**
 * Schema 5: quality-check results per event. A run is keyed by the event, the checksum of the QC
 * settings (with the checks' algorithm version) and the checksum of the data it read (the
 * recording's pieces and their array SHA-256s, and the origin time), so re-running with the same
 * settings on the same data reuses it, and new data or new settings make a new run. Findings are
 * rows, so "every impulsive signal of every event" is one query. Runs are derived data and may be
 * replaced (--force); the analyst's decisions stay in the append-only `exclusions` table.
 */
export const version = 5;
export const name = 'qc';

export const sql = /* sql */ `
CREATE TABLE qc_runs (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
  settings_json TEXT NOT NULL,
  settings_checksum TEXT NOT NULL,
  data_checksum TEXT NOT NULL,
  -- JSON array of {check, settings}: each check's settings as it ran
  checks_json TEXT NOT NULL,
  -- JSON {exclude, reason}
  suggestion_json TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  UNIQUE (event_id, settings_checksum, data_checksum)
);
CREATE INDEX qc_runs_by_event ON qc_runs (event_id, id);

CREATE TABLE qc_findings (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES qc_runs(id) ON DELETE CASCADE,
  check_name TEXT NOT NULL,
  kind TEXT NOT NULL,
  channel TEXT,
  start_time_us INTEGER NOT NULL,
  seconds_before_origin REAL,
  duration_seconds REAL NOT NULL,
  score REAL NOT NULL,
  score_unit TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'exclude')),
  reason TEXT NOT NULL,
  detail_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX qc_findings_by_run ON qc_findings (run_id);
`;
