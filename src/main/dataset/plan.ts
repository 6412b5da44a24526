/**
 * Which windows a dataset holds, and with which label and split: a pure function of the event
 * list, the noise-B segments and the settings. Nothing here reads samples; `materialize.ts` does.
 */
import { ForeseisError } from '../../shared/errors';
import type { Split, WindowLabel } from '../../shared/records';
import { type DatasetSettings, macroWindowSamples, precursorWindowIndex } from './settings';
import { subWindowStride } from './subwindows';

const US_PER_S = 1e6;
const US_PER_H = 3600 * US_PER_S;

export interface PlanEvent {
  eventId: number;
  /** the segment holding the recording before this event */
  segmentId: number | null;
  originTimeUs: number;
  segmentStartUs: number | null;
  segmentEndUs: number | null;
  split: Split | null;
  excluded: boolean;
}

export interface PlanNoiseSegment {
  segmentId: number;
  startTimeUs: number;
  endTimeUs: number;
}

export interface PlannedWindow {
  segmentId: number;
  eventId: number | null;
  /** 1-based macro-window index before the event, null for noise-B windows */
  macroIndex: number | null;
  startTimeUs: number;
  nSamples: number;
  label: WindowLabel;
  split: Split;
}

export interface DatasetPlan {
  windows: PlannedWindow[];
  splits: Map<number, Split>;
  skippedExcluded: number[];
}

/** Start time of the 1-based macro-window k of an event (window `count` ends at origin time). */
export function macroWindowStartUs(originTimeUs: number, k: number, s: DatasetSettings): number {
  return originTimeUs - (s.macroWindowCount - k + 1) * s.macroWindowSeconds * US_PER_S;
}

function fmt(us: number): string {
  return new Date(us / 1000).toISOString();
}

/** Fisher–Yates with the caller's seeded uniform generator. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

export function assignSplits(events: readonly PlanEvent[], s: DatasetSettings, random: () => number): Map<number, Split> {
  const splits = new Map<number, Split>();
  if (s.split.kind === 'preset') {
    for (const e of events) {
      if (!e.split) {
        throw new ForeseisError('bad-input', `event ${e.eventId} has no train/test split in this event set; use a random split (--split random)`);
      }
      splits.set(e.eventId, e.split);
    }
    return splits;
  }
  const order = shuffled(
    events.map((e) => e.eventId).sort((a, b) => a - b),
    random,
  );
  const testCount = Math.max(1, Math.round(order.length * s.split.testFraction));
  order.forEach((id, i) => splits.set(id, i < testCount ? 'test' : 'train'));
  return splits;
}

function checkInside(e: PlanEvent, startUs: number, s: DatasetSettings): void {
  const endUs = startUs + s.macroWindowSeconds * US_PER_S;
  if (e.segmentId === null || e.segmentStartUs === null || e.segmentEndUs === null) {
    throw new ForeseisError('data-out-of-range', `event ${e.eventId} (${fmt(e.originTimeUs)}) has no recorded data`);
  }
  // Half a sample of tolerance: segment bounds are sample times, windows are exact multiples of 1 s.
  const tolUs = (0.5 / s.sampleRateHz) * US_PER_S;
  if (startUs < e.segmentStartUs - tolUs || endUs > e.segmentEndUs + tolUs) {
    throw new ForeseisError(
      'data-out-of-range',
      `event ${e.eventId} (${fmt(e.originTimeUs)}): window ${fmt(startUs)} – ${fmt(endUs)} runs past its data (${fmt(e.segmentStartUs)} – ${fmt(e.segmentEndUs)})`,
    );
  }
}

export function planDataset(
  events: readonly PlanEvent[],
  noiseSegments: readonly PlanNoiseSegment[],
  allEventOriginsUs: readonly number[],
  s: DatasetSettings,
  random: () => number,
): DatasetPlan {
  const n = macroWindowSamples(s);
  // Validate the augmentation settings up front: a bad L or n is a settings error, not a data one.
  try {
    subWindowStride(n, s.subWindowSamples, s.subWindowsPerWindow);
  } catch (err) {
    throw new ForeseisError('bad-input', (err as Error).message);
  }
  const precursorK = precursorWindowIndex(s);
  if (precursorK > s.macroWindowCount || s.noiseAWindow > s.macroWindowCount) {
    throw new ForeseisError('bad-input', `window indices must be within 1..${s.macroWindowCount}`);
  }
  if (s.noise === 'A' && precursorK === s.noiseAWindow) throw new ForeseisError('bad-input', 'the precursor and noise-A windows are the same window');

  const included = events.filter((e) => !e.excluded);
  const skippedExcluded = events.filter((e) => e.excluded).map((e) => e.eventId);
  if (included.length === 0) throw new ForeseisError('bad-input', 'no events to window (all excluded or none in the set)');
  const splits = assignSplits(included, s, random);
  const windows: PlannedWindow[] = [];

  for (const e of included) {
    const split = splits.get(e.eventId) as Split;
    const pStart = macroWindowStartUs(e.originTimeUs, precursorK, s);
    checkInside(e, pStart, s);
    windows.push({ segmentId: e.segmentId as number, eventId: e.eventId, macroIndex: precursorK, startTimeUs: pStart, nSamples: n, label: 'precursor', split });
    if (s.noise === 'A') {
      const aStart = macroWindowStartUs(e.originTimeUs, s.noiseAWindow, s);
      checkInside(e, aStart, s);
      windows.push({ segmentId: e.segmentId as number, eventId: e.eventId, macroIndex: s.noiseAWindow, startTimeUs: aStart, nSamples: n, label: 'noise-a', split });
    }
  }

  if (s.noise === 'B') {
    const windowUs = s.macroWindowSeconds * US_PER_S;
    const minSepUs = s.noiseBMinSeparationHours * US_PER_H;
    // A noise-B window must be far from every catalogue event, excluded ones included.
    const farFromEvents = (startUs: number): boolean =>
      allEventOriginsUs.every((o) => startUs - o >= minSepUs || o - (startUs + windowUs) >= minSepUs);
    const usable = noiseSegments.filter((g) => g.endTimeUs - g.startTimeUs >= windowUs);
    if (usable.length === 0) {
      throw new ForeseisError('bad-input', `noise B needs segments of at least ${s.macroWindowSeconds} s far from events; this project has none`);
    }
    // One noise-B window per included event (the paper's counts: as many noise as precursor windows),
    // drawn from the segments in a seeded order, each segment used once before any is reused.
    let pool = shuffled(usable, random);
    for (const e of included) {
      let placed = false;
      for (let attempt = 0; attempt < 20 && !placed; attempt++) {
        if (pool.length === 0) pool = shuffled(usable, random);
        const g = pool.pop() as PlanNoiseSegment;
        const slackUs = g.endTimeUs - g.startTimeUs - windowUs;
        const startUs = g.startTimeUs + Math.floor((random() * slackUs) / 1e6) * 1e6;
        if (!farFromEvents(startUs)) continue;
        windows.push({ segmentId: g.segmentId, eventId: null, macroIndex: null, startTimeUs: startUs, nSamples: n, label: 'noise-b', split: splits.get(e.eventId) as Split });
        placed = true;
      }
      if (!placed) {
        throw new ForeseisError('bad-input', `no noise-B window at least ${s.noiseBMinSeparationHours} h from every event could be placed`);
      }
    }
  }
  return { windows, splits, skippedExcluded };
}

export interface WindowCounts {
  split: Split;
  label: WindowLabel;
  macroWindows: number;
  subWindows: number;
}

/** Counts per class and split, in sub-windows (the unit the network sees) and macro-windows. */
export function countWindows(windows: readonly Pick<PlannedWindow, 'split' | 'label'>[], s: DatasetSettings): WindowCounts[] {
  const order: Split[] = ['train', 'test'];
  const labels: WindowLabel[] = ['precursor', 'noise-a', 'noise-b'];
  const out: WindowCounts[] = [];
  for (const split of order) {
    for (const label of labels) {
      const m = windows.filter((w) => w.split === split && w.label === label).length;
      if (m > 0) out.push({ split, label, macroWindows: m, subWindows: m * s.subWindowsPerWindow });
    }
  }
  return out;
}
