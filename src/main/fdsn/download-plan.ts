/**
 * Pure planning of a download: which time windows to fetch (the hours before each event, and
 * noise-B windows far from every event), and which spans of a window are still missing given the
 * spans already answered, cut on a fixed grid of chunk boundaries (multiples of the chunk length
 * since the epoch, so windows of nearby events share their chunks).
 */
import { mulberry32 } from '../../shared/random';

export interface Interval {
  startUs: number;
  endUs: number;
}

/** The parts of [startUs, endUs) that no interval of `covered` covers, in time order. */
export function missingIntervals(window: Interval, covered: readonly Interval[]): Interval[] {
  const sorted = covered.filter((c) => c.endUs > window.startUs && c.startUs < window.endUs).sort((a, b) => a.startUs - b.startUs);
  const out: Interval[] = [];
  let at = window.startUs;
  for (const c of sorted) {
    if (c.startUs > at) out.push({ startUs: at, endUs: Math.min(c.startUs, window.endUs) });
    at = Math.max(at, c.endUs);
    if (at >= window.endUs) break;
  }
  if (at < window.endUs) out.push({ startUs: at, endUs: window.endUs });
  return out;
}

/** Cut intervals at every multiple of chunkUs (since the epoch). */
export function cutOnGrid(intervals: readonly Interval[], chunkUs: number): Interval[] {
  const out: Interval[] = [];
  for (const iv of intervals) {
    let at = iv.startUs;
    while (at < iv.endUs) {
      const next = Math.min(iv.endUs, (Math.floor(at / chunkUs) + 1) * chunkUs);
      out.push({ startUs: at, endUs: next });
      at = next;
    }
  }
  return out;
}

/** Halves of a span refused as too large (413), cut on the whole second at or before the middle when the span allows. */
export function halve(iv: Interval): [Interval, Interval] {
  const mid = iv.startUs + Math.floor((iv.endUs - iv.startUs) / 2);
  const onSecond = Math.floor(mid / 1e6) * 1e6;
  const cut = onSecond > iv.startUs && onSecond < iv.endUs ? onSecond : mid;
  return [
    { startUs: iv.startUs, endUs: cut },
    { startUs: cut, endUs: iv.endUs },
  ];
}

export interface NoiseBPlanInput {
  seed: number;
  count: number;
  durationUs: number;
  /** every sample of a noise-B window lies at least this far from every catalogue origin time */
  minDistanceUs: number;
  originTimesUs: readonly number[];
  /** where noise-B windows may lie (default: from the earliest to the latest origin time) */
  rangeStartUs?: number;
  rangeEndUs?: number;
}

/**
 * Seeded noise-B windows: start times on whole seconds, uniformly drawn over the range, kept when
 * at least `minDistanceUs` from every origin time and not overlapping one already kept. The same
 * inputs give the same windows (a re-run resumes the same plan). Throws RangeError when the range
 * cannot hold them.
 */
export function planNoiseB(input: NoiseBPlanInput): Interval[] {
  if (input.count === 0) return [];
  const origins = [...input.originTimesUs].sort((a, b) => a - b);
  const from = input.rangeStartUs ?? origins[0];
  const to = input.rangeEndUs ?? origins[origins.length - 1];
  if (from === undefined || to === undefined) throw new RangeError('noise-B windows need a catalogue (no event in the project) or an explicit time range');
  const span = to - input.durationUs - from;
  if (!(span > 0)) throw new RangeError('the noise-B time range is shorter than one noise-B window');
  const random = mulberry32(input.seed);
  const kept: Interval[] = [];
  const maxAttempts = 10_000 * input.count;
  for (let attempt = 0; kept.length < input.count; attempt++) {
    if (attempt >= maxAttempts) {
      throw new RangeError(`could not place ${input.count} noise-B windows of ${input.durationUs / 3.6e9} h at least ${input.minDistanceUs / 3.6e9} h from every event (placed ${kept.length})`);
    }
    const startUs = Math.floor((from + random() * span) / 1e6) * 1e6;
    const endUs = startUs + input.durationUs;
    const clear = origins.every((o) => o <= startUs - input.minDistanceUs || o >= endUs + input.minDistanceUs);
    if (clear && kept.every((k) => startUs >= k.endUs || endUs <= k.startUs)) kept.push({ startUs, endUs });
  }
  return kept.sort((a, b) => a.startUs - b.startUs);
}
