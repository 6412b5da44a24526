/**
 * Schema 3: what the FDSN download manager needs.
 *
 * `channel_epochs` keeps every epoch of a channel's metadata as the station service returned it
 * (the `channels` table holds one row per channel: the epoch in force for the data downloaded).
 *
 * `download_chunks` is the cache of completed dataselect requests: one row per answered request
 * (a station, a location, a comma-joined channel list and a time span, from one data centre), its
 * raw miniSEED body in an array file (uint8, content-addressed) or no file when the server said
 * "no data" (204/404). A row and its file are committed in one transaction, so a process killed at
 * any point loses only the requests in flight, and a re-run asks only for the spans no row covers.
 */
export const version = 3;
export const name = 'downloads';

export const sql = /* sql */ `
CREATE TABLE channel_epochs (
  id INTEGER PRIMARY KEY,
  channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  start_time_us INTEGER NOT NULL,
  -- NULL: open epoch (still operating)
  end_time_us INTEGER,
  latitude_deg REAL NOT NULL,
  longitude_deg REAL NOT NULL,
  elevation_m REAL,
  depth_m REAL,
  azimuth_deg REAL,
  dip_deg REAL,
  sample_rate_hz REAL NOT NULL,
  sensitivity REAL,
  sensitivity_frequency_hz REAL,
  input_units TEXT,
  instrument TEXT,
  UNIQUE (channel_id, start_time_us)
);

CREATE TABLE download_chunks (
  id INTEGER PRIMARY KEY,
  datacenter TEXT NOT NULL,
  network TEXT NOT NULL,
  station TEXT NOT NULL,
  location TEXT NOT NULL,
  -- comma-joined channel codes asked for in one request, e.g. 'BH1,BH2,BHZ'
  channels TEXT NOT NULL,
  start_time_us INTEGER NOT NULL,
  end_time_us INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('data', 'no-data')),
  http_status INTEGER NOT NULL,
  -- the raw miniSEED body (dtype uint8); NULL for no-data
  array_id INTEGER REFERENCES arrays(id),
  records INTEGER NOT NULL DEFAULT 0,
  -- JSON array of problems kept after retries (e.g. a bad record the server keeps sending)
  problems TEXT NOT NULL DEFAULT '[]',
  created_at_ms INTEGER NOT NULL,
  CHECK (end_time_us > start_time_us),
  CHECK ((status = 'data') = (array_id IS NOT NULL)),
  UNIQUE (datacenter, network, station, location, channels, start_time_us, end_time_us)
);
CREATE INDEX download_chunks_by_stream ON download_chunks (datacenter, network, station, location, channels, start_time_us);
`;
