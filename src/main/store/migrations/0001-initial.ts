/**
 * Schema 1. Times are integers with their unit in the column name (`_ms`, `_us`); seismic sample
 * times need microseconds (miniSEED precision), catalogue origin times are kept to the
 * millisecond. Bulk arrays live in files beside the database (`arrays` rows name them and carry
 * their SHA-256), so the database stays small and the samples are read by byte range.
 */
export const version = 1;
export const name = 'initial';

export const sql = /* sql */ `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE stations (
  id INTEGER PRIMARY KEY,
  network TEXT NOT NULL,
  station TEXT NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  latitude_deg REAL NOT NULL,
  longitude_deg REAL NOT NULL,
  elevation_m REAL,
  site_name TEXT,
  UNIQUE (network, station, location)
);

CREATE TABLE channels (
  id INTEGER PRIMARY KEY,
  station_id INTEGER NOT NULL REFERENCES stations(id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  sample_rate_hz REAL NOT NULL,
  azimuth_deg REAL,
  dip_deg REAL,
  -- overall sensitivity, counts per input unit, at sensitivity_frequency_hz
  sensitivity REAL,
  sensitivity_frequency_hz REAL,
  input_units TEXT,
  instrument TEXT,
  UNIQUE (station_id, code)
);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  public_id TEXT NOT NULL UNIQUE,
  origin_time_ms INTEGER NOT NULL,
  latitude_deg REAL NOT NULL,
  longitude_deg REAL NOT NULL,
  depth_km REAL,
  magnitude REAL,
  magnitude_type TEXT,
  catalogue TEXT,
  author TEXT,
  -- the station whose record of this event is used, and its great-circle distance
  station_id INTEGER REFERENCES stations(id),
  distance_deg REAL,
  -- JSON array of strings, e.g. ["delta-mismatch"]
  flags TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX events_by_time ON events (origin_time_ms);

CREATE TABLE event_sets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  created_at_ms INTEGER NOT NULL
);

CREATE TABLE event_set_members (
  set_id INTEGER NOT NULL REFERENCES event_sets(id) ON DELETE CASCADE,
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  split TEXT CHECK (split IN ('train', 'test')),
  PRIMARY KEY (set_id, event_id)
);

-- Append-only history of analyst decisions: the current state of an event is its latest row.
CREATE TABLE exclusions (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  action TEXT NOT NULL CHECK (action IN ('exclude', 'include')),
  reason TEXT NOT NULL,
  author TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
);
CREATE TRIGGER exclusions_no_update BEFORE UPDATE ON exclusions
BEGIN SELECT RAISE(ABORT, 'exclusion history is append-only'); END;
CREATE TRIGGER exclusions_no_delete BEFORE DELETE ON exclusions
BEGIN SELECT RAISE(ABORT, 'exclusion history is append-only'); END;

-- A bulk array stored as a file under arrays/ (content-addressed by its SHA-256).
CREATE TABLE arrays (
  id INTEGER PRIMARY KEY,
  file TEXT NOT NULL UNIQUE,
  sha256 TEXT NOT NULL,
  dtype TEXT NOT NULL CHECK (dtype IN ('float32', 'float64', 'int32', 'uint8')),
  length INTEGER NOT NULL,
  bytes INTEGER NOT NULL
);

-- A time span of continuous recording on one station: the 10 h before an event, or a noise-B span.
CREATE TABLE segments (
  id INTEGER PRIMARY KEY,
  station_id INTEGER NOT NULL REFERENCES stations(id),
  kind TEXT NOT NULL CHECK (kind IN ('event', 'noise-b', 'other')),
  event_id INTEGER REFERENCES events(id) ON DELETE CASCADE,
  start_time_us INTEGER NOT NULL,
  end_time_us INTEGER NOT NULL,
  source TEXT NOT NULL,
  CHECK (end_time_us > start_time_us),
  CHECK ((kind = 'event') = (event_id IS NOT NULL))
);
CREATE INDEX segments_by_event ON segments (event_id);

-- One channel's samples within a segment. Several rows per channel when the source has gaps.
CREATE TABLE waveforms (
  id INTEGER PRIMARY KEY,
  segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
  channel_id INTEGER NOT NULL REFERENCES channels(id),
  start_time_us INTEGER NOT NULL,
  sample_rate_hz REAL NOT NULL,
  n_samples INTEGER NOT NULL CHECK (n_samples > 0),
  array_id INTEGER NOT NULL REFERENCES arrays(id)
);
CREATE INDEX waveforms_by_segment ON waveforms (segment_id, channel_id, start_time_us);

-- A labelled dataset: the settings of the windowing method and the windows it produced.
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  settings_json TEXT NOT NULL,
  checksum TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
);

-- A macro-window (e.g. 1000 s) of a segment; sub-windows are derived from the dataset settings.
CREATE TABLE windows (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
  event_id INTEGER REFERENCES events(id) ON DELETE CASCADE,
  macro_index INTEGER,
  start_time_us INTEGER NOT NULL,
  n_samples INTEGER NOT NULL,
  split TEXT CHECK (split IN ('train', 'test', 'validation'))
);
CREATE INDEX windows_by_dataset ON windows (dataset_id);

CREATE TABLE labels (
  window_id INTEGER PRIMARY KEY REFERENCES windows(id) ON DELETE CASCADE,
  label TEXT NOT NULL CHECK (label IN ('precursor', 'noise-a', 'noise-b', 'unlabelled')),
  author TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed', 'cancelled')),
  dataset_id INTEGER REFERENCES datasets(id),
  settings_json TEXT NOT NULL DEFAULT '{}',
  spec_json TEXT,
  seed INTEGER,
  engine TEXT,
  data_checksum TEXT,
  weights_array_id INTEGER REFERENCES arrays(id),
  created_at_ms INTEGER NOT NULL,
  finished_at_ms INTEGER,
  error TEXT
);

CREATE TABLE metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  epoch INTEGER NOT NULL,
  split TEXT NOT NULL,
  name TEXT NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (run_id, epoch, split, name)
);

-- What a synthetic generator injected (JSON), per segment: the ground truth for tests and figures.
CREATE TABLE synthetic_truth (
  segment_id INTEGER PRIMARY KEY REFERENCES segments(id) ON DELETE CASCADE,
  truth_json TEXT NOT NULL
);
`;
