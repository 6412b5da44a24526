/**
 * What part of a time window a set of traces covers. A sample at t covers [t, t + 1/rate). The
 * window's edges need not fall on the data's sample grid, so a hole is counted only where a
 * sample of that grid is absent: at the window's start only when the first sample comes a whole
 * period or more after it; between traces when the hole exceeds half a sample (libmseed's merge
 * tolerance, which absorbs record-time jitter); at the end when the next sample due after the last
 * one would still fall inside the window.
 */
import type { Trace } from '../seismic';

export interface Span {
  startTimeUs: number;
  endTimeUs: number;
}

/** µs of slack for times rounded to the microsecond */
const ROUNDING_US = 1;

/** Holes in [startTimeUs, endTimeUs) not covered by `traces` (all of one channel). */
export function missingSpans(traces: readonly Pick<Trace, 'startTimeUs' | 'sampleRateHz' | 'samples'>[], window: Span): Span[] {
  const sorted = [...traces].filter((t) => t.samples.length > 0).sort((a, b) => a.startTimeUs - b.startTimeUs);
  if (sorted.length === 0) return [{ ...window }];
  const missing: Span[] = [];
  let cursor = window.startTimeUs;
  sorted.forEach((t, i) => {
    const periodUs = 1e6 / t.sampleRateHz;
    const end = t.startTimeUs + Math.round(t.samples.length * periodUs);
    const allowed = i === 0 ? periodUs - ROUNDING_US : periodUs / 2;
    if (cursor < window.endTimeUs && t.startTimeUs - cursor > allowed) missing.push({ startTimeUs: cursor, endTimeUs: Math.min(t.startTimeUs, window.endTimeUs) });
    cursor = Math.max(cursor, end);
  });
  if (window.endTimeUs - cursor > ROUNDING_US) missing.push({ startTimeUs: cursor, endTimeUs: window.endTimeUs });
  return missing;
}

/** The part of a trace whose samples fall in [startTimeUs, endTimeUs), or null if none does. */
export function trimTrace<T extends Trace>(t: T, window: Span): T | null {
  const periodUs = 1e6 / t.sampleRateHz;
  // first sample at or after the window start, first sample at or after its end (half-µs slack for rounding)
  const first = Math.max(0, Math.ceil((window.startTimeUs - t.startTimeUs - 0.5) / periodUs));
  const stop = Math.min(t.samples.length, Math.ceil((window.endTimeUs - t.startTimeUs - 0.5) / periodUs));
  if (stop <= first) return null;
  return {
    ...t,
    startTimeUs: t.startTimeUs + Math.round(first * periodUs),
    endTimeUs: t.startTimeUs + Math.round((stop - 1) * periodUs),
    samples: t.samples.slice(first, stop),
  };
}
