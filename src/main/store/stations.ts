import type { ChannelRecord, StationRecord } from '../../shared/records';
import type { Project } from './project';

interface StationRow {
  id: number;
  network: string;
  station: string;
  location: string;
  latitude_deg: number;
  longitude_deg: number;
  elevation_m: number | null;
  site_name: string | null;
}

interface ChannelRow {
  id: number;
  code: string;
  sample_rate_hz: number;
  azimuth_deg: number | null;
  dip_deg: number | null;
  sensitivity: number | null;
  sensitivity_frequency_hz: number | null;
  input_units: string | null;
  instrument: string | null;
}

/** Insert or update a station and its channels; returns the station id and channel ids by code. */
export function upsertStation(project: Project, s: StationRecord): { stationId: number; channelIds: Map<string, number> } {
  const db = project.db;
  const run = db.transaction(() => {
    db.prepare(
      `INSERT INTO stations (network, station, location, latitude_deg, longitude_deg, elevation_m, site_name)
       VALUES (@network, @station, @location, @latitudeDeg, @longitudeDeg, @elevationM, @siteName)
       ON CONFLICT (network, station, location) DO UPDATE SET
         latitude_deg = excluded.latitude_deg, longitude_deg = excluded.longitude_deg,
         elevation_m = excluded.elevation_m, site_name = excluded.site_name`,
    ).run(s);
    const { id: stationId } = db
      .prepare('SELECT id FROM stations WHERE network = ? AND station = ? AND location = ?')
      .get(s.network, s.station, s.location) as { id: number };
    const channelIds = new Map<string, number>();
    const upsert = db.prepare(
      `INSERT INTO channels (station_id, code, sample_rate_hz, azimuth_deg, dip_deg, sensitivity, sensitivity_frequency_hz, input_units, instrument)
       VALUES (@stationId, @code, @sampleRateHz, @azimuthDeg, @dipDeg, @sensitivity, @sensitivityFrequencyHz, @inputUnits, @instrument)
       ON CONFLICT (station_id, code) DO UPDATE SET
         sample_rate_hz = excluded.sample_rate_hz, azimuth_deg = excluded.azimuth_deg, dip_deg = excluded.dip_deg,
         sensitivity = excluded.sensitivity, sensitivity_frequency_hz = excluded.sensitivity_frequency_hz,
         input_units = excluded.input_units, instrument = excluded.instrument
       RETURNING id`,
    );
    for (const c of s.channels) {
      const row = upsert.get({ stationId, ...c }) as { id: number };
      channelIds.set(c.code, row.id);
    }
    return { stationId, channelIds };
  });
  return run();
}

function toChannel(r: ChannelRow): ChannelRecord {
  return {
    code: r.code,
    sampleRateHz: r.sample_rate_hz,
    azimuthDeg: r.azimuth_deg,
    dipDeg: r.dip_deg,
    sensitivity: r.sensitivity,
    sensitivityFrequencyHz: r.sensitivity_frequency_hz,
    inputUnits: r.input_units,
    instrument: r.instrument,
  };
}

export function listStations(project: Project): StationRecord[] {
  const rows = project.db.prepare('SELECT * FROM stations ORDER BY network, station, location').all() as StationRow[];
  const channels = project.db.prepare('SELECT * FROM channels WHERE station_id = ? ORDER BY code');
  return rows.map((r) => ({
    id: r.id,
    network: r.network,
    station: r.station,
    location: r.location,
    latitudeDeg: r.latitude_deg,
    longitudeDeg: r.longitude_deg,
    elevationM: r.elevation_m,
    siteName: r.site_name,
    channels: (channels.all(r.id) as ChannelRow[]).map(toChannel),
  }));
}

export function findStationId(project: Project, code: string): number | undefined {
  const [network, station] = code.split('.');
  const row = project.db.prepare('SELECT id FROM stations WHERE network = ? AND station = ? ORDER BY location LIMIT 1').get(network, station) as
    | { id: number }
    | undefined;
  return row?.id;
}
