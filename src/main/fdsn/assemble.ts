/**
 * From dataselect bodies to the continuous traces of one time window. A data centre answers with
 * whole stored records, so the bodies of two adjacent requests both hold the record that straddles
 * their common boundary, and a request split after a 413 or fetched again after a cut-off body may
 * repeat records too. Samples already seen (same channel, same time within half a sample) are
 * dropped, the rest merged with libmseed's rule (src/main/seismic), then cut to the window
 * [startUs, endUs). Nothing is filled: what the source lacks is reported as a gap.
 */
import { decodeMiniseed, type DecodedRecord, mergeTraces, type MiniseedProblem, type Samples, type Trace } from '../seismic';

export interface StreamSelection {
  network: string;
  station: string;
  location: string;
  channels: readonly string[];
}

/** Decode a body and keep the records of the selected channels (a server may add others). */
export function decodeSelected(body: Uint8Array, sel: StreamSelection): { records: DecodedRecord[]; errors: MiniseedProblem[] } {
  const { records, errors } = decodeMiniseed(body);
  return {
    records: records.filter((r) => r.network === sel.network && r.station === sel.station && r.location === sel.location && sel.channels.includes(r.channel)),
    errors,
  };
}

function slice(s: Samples, from: number, to: number): Samples {
  return s.subarray(from, to);
}

/**
 * Drop samples repeated across records of one channel: records are taken in time order, and the
 * samples of a record due no later than half a sample after the last sample already kept are
 * dropped (a whole repeated record disappears; a record that overlaps partly keeps its new tail).
 */
export function dropRepeatedSamples(records: readonly DecodedRecord[]): DecodedRecord[] {
  const byNslc = new Map<string, DecodedRecord[]>();
  for (const r of records) {
    if (r.samples.length === 0 || !(r.sampleRateHz > 0)) continue;
    const list = byNslc.get(r.nslc) ?? [];
    list.push(r);
    byNslc.set(r.nslc, list);
  }
  const out: DecodedRecord[] = [];
  for (const list of byNslc.values()) {
    list.sort((a, b) => a.startTimeUs - b.startTimeUs || b.samples.length - a.samples.length);
    let lastUs = -Infinity;
    for (const r of list) {
      const periodUs = 1e6 / r.sampleRateHz;
      const n = r.samples.length;
      // first sample index due later than lastUs + half a period
      const skip = r.startTimeUs > lastUs + periodUs / 2 ? 0 : Math.floor((lastUs + periodUs / 2 - r.startTimeUs) / periodUs) + 1;
      if (skip >= n) continue;
      if (skip === 0) out.push(r);
      else out.push({ ...r, startTimeUs: r.startTimeUs + Math.round(skip * periodUs), samples: slice(r.samples, skip, n) });
      lastUs = Math.max(lastUs, r.endTimeUs);
    }
  }
  return out;
}

/** Cut a trace to the samples whose time t satisfies startUs <= t < endUs; null if none remain. */
export function trimTrace(t: Trace, startUs: number, endUs: number): Trace | null {
  const periodUs = 1e6 / t.sampleRateHz;
  const n = t.samples.length;
  // 1e-9 sample of slack: a sample due exactly at a bound must not fall out through float
  // rounding, while one a single µs early (1e-6 of a 1 sps period) must.
  const first = Math.max(0, Math.ceil((startUs - t.startTimeUs) / periodUs - 1e-9));
  const end = Math.min(n, Math.ceil((endUs - t.startTimeUs) / periodUs - 1e-9));
  if (end <= first) return null;
  if (first === 0 && end === n) return t;
  return {
    ...t,
    startTimeUs: t.startTimeUs + Math.round(first * periodUs),
    endTimeUs: t.startTimeUs + Math.round((end - 1) * periodUs),
    samples: slice(t.samples, first, end),
  };
}

export interface WindowGap {
  channel: string;
  /** time the first missing sample was due, µs */
  startTimeUs: number;
  /** end of the missing stretch (the next sample present, or the window end), µs */
  endTimeUs: number;
  lengthSeconds: number;
  /** missing samples, rounded */
  lengthSamples: number;
  where: 'start' | 'inside' | 'end' | 'whole';
}

export interface AssembledWindow {
  traces: Trace[];
  gaps: WindowGap[];
  /** channels asked for that have no sample at all in the window */
  missingChannels: string[];
  /** records that could not be decoded, with the body they came from */
  problems: string[];
}

/**
 * Assemble the window [startUs, endUs) of the selected channels from any number of bodies (in any
 * order; overlapping requests allowed). Gaps: before the first sample, between traces, after the
 * last sample, each at least one sample period long.
 */
export function assembleWindow(bodies: readonly Uint8Array[], sel: StreamSelection, startUs: number, endUs: number): AssembledWindow {
  const records: DecodedRecord[] = [];
  const problems: string[] = [];
  bodies.forEach((b, i) => {
    const d = decodeSelected(b, sel);
    records.push(...d.records);
    for (const e of d.errors) problems.push(`body ${i + 1}: ${e.message}`);
  });
  const merged = mergeTraces(dropRepeatedSamples(records));
  const traces = merged.traces.map((t) => trimTrace(t, startUs, endUs)).filter((t): t is Trace => t !== null);
  const gaps: WindowGap[] = [];
  const missingChannels: string[] = [];
  for (const channel of sel.channels) {
    const mine = traces.filter((t) => t.channel === channel).sort((a, b) => a.startTimeUs - b.startTimeUs);
    if (mine.length === 0) {
      missingChannels.push(channel);
      continue;
    }
    const rate = mine[0].sampleRateHz;
    const periodUs = 1e6 / rate;
    const push = (from: number, to: number, where: WindowGap['where']): void => {
      const lengthSamples = Math.round((to - from) / periodUs);
      if (lengthSamples >= 1) gaps.push({ channel, startTimeUs: Math.round(from), endTimeUs: Math.round(to), lengthSeconds: (to - from) / 1e6, lengthSamples, where });
    };
    // The first sample due in the window on this channel's time grid.
    const firstDue = mine[0].startTimeUs - Math.floor((mine[0].startTimeUs - startUs) / periodUs + 1e-6) * periodUs;
    push(firstDue, mine[0].startTimeUs, 'start');
    for (let i = 1; i < mine.length; i++) push(mine[i - 1].endTimeUs + periodUs, mine[i].startTimeUs, 'inside');
    const last = mine[mine.length - 1];
    const lastDue = last.endTimeUs + Math.floor((endUs - 1 - last.endTimeUs) / periodUs + 1e-6) * periodUs;
    push(last.endTimeUs + periodUs, lastDue + periodUs, 'end');
  }
  return { traces, gaps, missingChannels, problems };
}
