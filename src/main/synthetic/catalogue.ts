/**
 * The events and noise-B time spans of a synthetic project: the paper's Table 1 (31 events, its
 * 24/7 split) or a seeded random catalogue, and noise-B segments far from every event.
 */
import { table1Events } from '../catalogue/table1-preset';
import { ForeseisError } from '../../shared/errors';
import type { Split } from '../../shared/records';
import { Xoshiro128 } from './prng';

export { type Table1Row, table1Events } from '../catalogue/table1-preset';

export interface SyntheticEvent {
  index: number;
  publicId: string;
  /** origin time, ISO 8601 UTC */
  time: string;
  originTimeMs: number;
  latitudeDeg: number;
  longitudeDeg: number;
  depthKm: number;
  catalogue: string;
  mw: number;
  /** Table 1's printed distance, or the drawn distance for a random catalogue, degrees */
  deltaDeg: number;
  split: Split;
  /** recording station, "NET.STA" */
  stationCode: string;
}

export function eventsFromTable1(): SyntheticEvent[] {
  return table1Events.map((r, index) => ({
    index,
    publicId: `table1:${r.time}`,
    time: r.time,
    originTimeMs: Date.parse(r.time),
    latitudeDeg: r.latitudeDeg,
    longitudeDeg: r.longitudeDeg,
    depthKm: r.depthKm,
    catalogue: r.catalogue,
    mw: r.mw,
    deltaDeg: r.deltaDeg,
    split: r.split,
    stationCode: r.station,
  }));
}

const dayMs = 86_400_000;
const hourMs = 3_600_000;

/** Destination on a sphere from (lat, lon) at `distanceDeg` along `azimuthDeg`. */
function destination(latDeg: number, lonDeg: number, distanceDeg: number, azimuthDeg: number): [number, number] {
  const r = Math.PI / 180;
  const p1 = latDeg * r;
  const d = distanceDeg * r;
  const az = azimuthDeg * r;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(az));
  const l2 = lonDeg * r + Math.atan2(Math.sin(az) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  let lon = l2 / r;
  lon = ((((lon + 180) % 360) + 360) % 360) - 180;
  return [p2 / r, lon];
}

function round(x: number, digits: number): number {
  const m = 10 ** digits;
  return Math.round(x * m) / m;
}

export interface RandomCatalogueRequest {
  seed: number;
  count: number;
  startTimeMs: number;
  endTimeMs: number;
  minSeparationDays: number;
  /** data needed before each origin, hours: origins fall at least this long after startTimeMs */
  hoursBeforeOrigin: number;
  station: { code: string; latitudeDeg: number; longitudeDeg: number };
}

/**
 * N seeded random events: origin times uniform in the span (whole seconds) at least
 * minSeparationDays apart; epicentres 2-20 degrees from the station at a uniform azimuth; depth
 * 5-60 km (70 %) or 60-600 km log-uniform (30 %); Mw from Gutenberg-Richter with b = 1 above 6.0,
 * capped at 8.0. Split: a seeded shuffle, round(N * 24/31) events for training.
 */
export function randomEvents(req: RandomCatalogueRequest): SyntheticEvent[] {
  const rng = Xoshiro128.forStream(req.seed, 'catalogue');
  const first = req.startTimeMs + req.hoursBeforeOrigin * hourMs;
  const span = req.endTimeMs - first;
  const sep = req.minSeparationDays * dayMs;
  if (!(span > 0)) throw new ForeseisError('bad-input', 'the catalogue time span is too short');
  if ((req.count - 1) * sep > span) {
    throw new ForeseisError('bad-input', `${req.count} events ${req.minSeparationDays} days apart do not fit in the time span`);
  }
  const times: number[] = [];
  let attempts = 0;
  while (times.length < req.count) {
    if (++attempts > 200_000) {
      throw new ForeseisError('bad-input', `could not place ${req.count} events ${req.minSeparationDays} days apart`);
    }
    const t = first + Math.floor((rng.nextFloat() * span) / 1000) * 1000;
    if (times.every((u) => Math.abs(u - t) >= sep)) times.push(t);
  }
  times.sort((a, b) => a - b);
  const events: SyntheticEvent[] = times.map((originTimeMs, index) => {
    const distance = rng.uniform(2, 20);
    const [lat, lon] = destination(req.station.latitudeDeg, req.station.longitudeDeg, distance, rng.uniform(0, 360));
    const deep = rng.nextFloat() < 0.3;
    const depth = deep ? 60 * 10 ** rng.nextFloat() : rng.uniform(5, 60);
    const mw = Math.min(8, 6 - Math.log10(1 - rng.nextFloat()));
    const time = new Date(originTimeMs).toISOString().replace('.000Z', 'Z');
    return {
      index,
      publicId: `synthetic:${time}`,
      time,
      originTimeMs,
      latitudeDeg: round(lat, 4),
      longitudeDeg: round(lon, 4),
      depthKm: round(depth, 1),
      catalogue: 'synthetic',
      mw: round(mw, 1),
      deltaDeg: round(distance, 2),
      split: 'test' as Split,
      stationCode: req.station.code,
    };
  });
  const split = Xoshiro128.forStream(req.seed, 'split');
  const order = events.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = split.nextInt(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const nTrain = Math.round((req.count * 24) / 31);
  for (let i = 0; i < nTrain; i++) events[order[i]].split = 'train';
  return events;
}

export interface NoiseBRequest {
  seed: number;
  count: number;
  durationSeconds: number;
  minHoursFromEvent: number;
  hoursBeforeOrigin: number;
  startTimeMs: number;
  endTimeMs: number;
  originTimesMs: readonly number[];
}

/**
 * Start times (UTC ms, whole seconds, ascending) of noise-B segments: each span
 * [start, start + duration] is at least minHoursFromEvent from every origin time, outside every
 * event's pre-origin data, and does not overlap another noise-B span.
 */
export function placeNoiseB(req: NoiseBRequest): number[] {
  const rng = Xoshiro128.forStream(req.seed, 'noise-b');
  const dur = req.durationSeconds * 1000;
  const gap = req.minHoursFromEvent * hourMs;
  const pre = req.hoursBeforeOrigin * hourMs;
  const span = req.endTimeMs - dur - req.startTimeMs;
  if (!(span > 0)) throw new ForeseisError('bad-input', 'the noise-B time span is too short');
  const starts: number[] = [];
  let attempts = 0;
  while (starts.length < req.count) {
    if (++attempts > 200_000) throw new ForeseisError('bad-input', `could not place ${req.count} noise-B segments`);
    const s = req.startTimeMs + Math.floor((rng.nextFloat() * span) / 1000) * 1000;
    const e = s + dur;
    const clear = req.originTimesMs.every((o) => (o < s - gap || o > e + gap) && (e <= o - pre || s >= o));
    if (clear && starts.every((u) => s >= u + dur || e <= u)) starts.push(s);
  }
  return starts.sort((a, b) => a - b);
}
