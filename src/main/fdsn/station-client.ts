/**
 * fdsnws-station client: one query (with the retries of http.ts) parsed into channel epochs, and
 * the storing of a chosen station with its channels and every channel epoch in the project.
 */
import { ForeseisError } from '../../shared/errors';
import type { StationRecord } from '../../shared/records';
import { type Project, upsertStation } from '../store';
import { type DataCenter, serviceUrl } from './datacenters';
import { defaultRetryPolicy, fdsnRequest, type RetryPolicy, withRetries } from './http';
import { type StationQuery, stationUrl } from './query';
import { type ChannelEpoch, parseStationText, parseStationXml, type StationEpoch } from './station-metadata';

export interface ClientOptions {
  retry?: RetryPolicy;
  stallTimeoutMs?: number;
  signal?: AbortSignal;
}

/** Query the station service; "no data" (204/404) is an empty list, other failures throw 'network'. */
export async function fetchStations(dc: DataCenter, query: StationQuery, options: ClientOptions = {}): Promise<StationEpoch[]> {
  const url = stationUrl(serviceUrl(dc, 'station'), query);
  const r = await withRetries(() => fdsnRequest({ url, stallTimeoutMs: options.stallTimeoutMs, signal: options.signal }), {
    ...(options.retry ?? defaultRetryPolicy),
    signal: options.signal,
  });
  if (r.kind === 'no-data') return [];
  if (r.kind !== 'data') throw new ForeseisError('network', `station metadata from ${dc.name}: ${r.message}`);
  const body = new TextDecoder().decode(r.body);
  return (query.format ?? 'xml') === 'text' ? parseStationText(body) : parseStationXml(body);
}

/**
 * Store a station, its channels (the epoch in force for the data) and all their epochs. Several
 * rows: one transaction (joins the caller's if there is one).
 */
export function storeStationMetadata(project: Project, record: StationRecord, epochs: readonly ChannelEpoch[]): { stationId: number; channelIds: Map<string, number> } {
  return project.db.transaction(() => {
    const ids = upsertStation(project, record);
    const insert = project.db.prepare(
      `INSERT INTO channel_epochs (channel_id, start_time_us, end_time_us, latitude_deg, longitude_deg, elevation_m, depth_m, azimuth_deg, dip_deg,
         sample_rate_hz, sensitivity, sensitivity_frequency_hz, input_units, instrument)
       VALUES (@channelId, @startTimeUs, @endTimeUs, @latitudeDeg, @longitudeDeg, @elevationM, @depthM, @azimuthDeg, @dipDeg,
         @sampleRateHz, @sensitivity, @sensitivityFrequencyHz, @inputUnits, @instrument)
       ON CONFLICT (channel_id, start_time_us) DO UPDATE SET end_time_us = excluded.end_time_us, latitude_deg = excluded.latitude_deg,
         longitude_deg = excluded.longitude_deg, elevation_m = excluded.elevation_m, depth_m = excluded.depth_m, azimuth_deg = excluded.azimuth_deg,
         dip_deg = excluded.dip_deg, sample_rate_hz = excluded.sample_rate_hz, sensitivity = excluded.sensitivity,
         sensitivity_frequency_hz = excluded.sensitivity_frequency_hz, input_units = excluded.input_units, instrument = excluded.instrument`,
    );
    for (const e of epochs) {
      const channelId = ids.channelIds.get(e.channel);
      if (channelId === undefined || e.location !== record.location) continue;
      insert.run({ ...e, channelId });
    }
    return ids;
  })();
}

/** Every stored epoch of one channel, oldest first. */
export function listChannelEpochs(project: Project, channelId: number): { startTimeUs: number; endTimeUs: number | null; azimuthDeg: number | null; dipDeg: number | null; sampleRateHz: number; sensitivity: number | null }[] {
  return project.db
    .prepare(
      `SELECT start_time_us AS startTimeUs, end_time_us AS endTimeUs, azimuth_deg AS azimuthDeg, dip_deg AS dipDeg, sample_rate_hz AS sampleRateHz, sensitivity
       FROM channel_epochs WHERE channel_id = ? ORDER BY start_time_us`,
    )
    .all(channelId) as { startTimeUs: number; endTimeUs: number | null; azimuthDeg: number | null; dipDeg: number | null; sampleRateHz: number; sensitivity: number | null }[];
}
