/**
 * The temporal precursor curve (Fig. 5): every trained run applied to all macro-window intervals
 * of every test event; per interval, the fraction of sub-windows called precursor; mean ± std over
 * repeated runs; and the onset, where the mean leaves the band of the early intervals.
 */
import { classify, meanStd, type MeanStd } from './metrics';

export interface IntervalScores {
  /** 1-based interval index (1 = earliest, count = the one ending at origin time) */
  interval: number;
  /** precursor scores of every sub-window of this interval, over all test events */
  scores: readonly number[];
}

/** Fraction of sub-windows called precursor, per interval, for one run. */
export function precursorFractions(intervals: readonly IntervalScores[]): number[] {
  return intervals.map((iv) => (iv.scores.length ? iv.scores.filter((s) => classify(s) === 1).length / iv.scores.length : NaN));
}

export interface TemporalCurvePoint extends MeanStd {
  interval: number;
  /** start and end of the interval relative to origin time, s (negative = before) */
  startSecondsBeforeOrigin: number;
  endSecondsBeforeOrigin: number;
}

export interface OnsetSettings {
  /** how many early intervals define the background band (default 12: the first 3.3 h of 10 h) */
  baselineIntervals: number;
  /** the band is the baseline mean ± this many standard deviations of the baseline values */
  bandSigmas: number;
}

export const defaultOnsetSettings: OnsetSettings = { baselineIntervals: 12, bandSigmas: 3 };

export interface TemporalCurve {
  points: TemporalCurvePoint[];
  band: { low: number; high: number; baselineIntervals: number; bandSigmas: number };
  /** first interval after which the mean stays above the band to the end, or null */
  onsetInterval: number | null;
  /** its start time before origin, s (e.g. 11 880 s = 3.3 h), or null */
  onsetSecondsBeforeOrigin: number | null;
}

/**
 * @param runs one array of per-interval precursor fractions per trained run, all the same length
 * @param intervalSeconds length of an interval, s (1000 in the paper)
 */
export function temporalCurve(runs: readonly (readonly number[])[], intervalSeconds: number, settings: OnsetSettings = defaultOnsetSettings): TemporalCurve {
  if (runs.length === 0) throw new RangeError('temporal curve: no runs');
  const count = runs[0].length;
  if (runs.some((r) => r.length !== count)) throw new RangeError('temporal curve: runs have different numbers of intervals');
  if (settings.baselineIntervals < 2 || settings.baselineIntervals >= count) {
    throw new RangeError(`temporal curve: baselineIntervals must be in 2..${count - 1}`);
  }
  const points: TemporalCurvePoint[] = [];
  for (let k = 0; k < count; k++) {
    const ms = meanStd(runs.map((r) => r[k]));
    points.push({ interval: k + 1, ...ms, startSecondsBeforeOrigin: (count - k) * intervalSeconds, endSecondsBeforeOrigin: (count - k - 1) * intervalSeconds });
  }
  const base = meanStd(points.slice(0, settings.baselineIntervals).map((p) => p.mean));
  const low = base.mean - settings.bandSigmas * base.std;
  const high = base.mean + settings.bandSigmas * base.std;
  // Onset: the earliest interval from which the mean stays above the band until origin time.
  let onset: number | null = null;
  for (let k = count - 1; k >= settings.baselineIntervals; k--) {
    if (points[k].mean > high) onset = k;
    else break;
  }
  return {
    points,
    band: { low, high, baselineIntervals: settings.baselineIntervals, bandSigmas: settings.bandSigmas },
    onsetInterval: onset === null ? null : onset + 1,
    onsetSecondsBeforeOrigin: onset === null ? null : points[onset].startSecondsBeforeOrigin,
  };
}
