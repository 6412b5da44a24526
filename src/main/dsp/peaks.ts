/**
 * Peak finding like `scipy.signal.find_peaks(x, height, distance=..., prominence=..., wlen=...)`:
 * local maxima (flat tops count once, at their middle, rounded down), then the height condition,
 * then the distance condition (higher peaks win), then the prominence condition, in scipy's order.
 */
import { assertFinite } from './finite';

/** A lower bound, or [lower, upper] with null for "no bound" (scipy's `(min, max)` / `None`). */
export type PeakBound = number | readonly [number | null, number | null];

export interface FindPeaksOptions {
  height?: PeakBound;
  /** Minimal horizontal distance in samples (>= 1) between kept peaks; rounded up like scipy. */
  distance?: number;
  prominence?: PeakBound;
  /** Window in samples for prominence bases (scipy's `wlen`); default: the whole signal. */
  wlen?: number;
}

export interface Peaks {
  /** Sample indices of the peaks, increasing. */
  peaks: Int32Array;
  /** x at each peak. */
  peakHeights: Float64Array;
  /** Prominence of each peak (computed whether or not a prominence condition was given). */
  prominences: Float64Array;
  leftBases: Int32Array;
  rightBases: Int32Array;
}

/** scipy's _local_maxima_1d: maxima with plateaus; first and last samples are never peaks. */
export function localMaxima(x: ArrayLike<number>): number[] {
  const peaks: number[] = [];
  const iMax = x.length - 1;
  let i = 1;
  while (i < iMax) {
    if (x[i - 1] < x[i]) {
      let ahead = i + 1;
      while (ahead < iMax && x[ahead] === x[i]) ahead++;
      if (x[ahead] < x[i]) {
        peaks.push(Math.floor((i + ahead - 1) / 2));
        i = ahead;
      }
    }
    i++;
  }
  return peaks;
}

function bounds(b: PeakBound): [number | null, number | null] {
  return typeof b === 'number' ? [b, null] : [b[0], b[1]];
}

function within(v: number, [lo, hi]: [number | null, number | null]): boolean {
  return (lo === null || lo <= v) && (hi === null || v <= hi);
}

/** scipy's _select_by_peak_distance: visit peaks from highest to lowest, drop close neighbours. */
function selectByDistance(peaks: number[], x: ArrayLike<number>, distance: number): number[] {
  const d = Math.ceil(distance);
  const keep = new Uint8Array(peaks.length).fill(1);
  // Ascending by height then walked backwards; ties (equal heights) resolve to the later peak
  // first, a deterministic choice (numpy's quicksort leaves equal keys in an unspecified order).
  const order = peaks.map((_, i) => i).sort((a, b) => x[peaks[a]] - x[peaks[b]]);
  for (let r = order.length - 1; r >= 0; r--) {
    const j = order[r];
    if (!keep[j]) continue;
    for (let k = j - 1; k >= 0 && peaks[j] - peaks[k] < d; k--) keep[k] = 0;
    for (let k = j + 1; k < peaks.length && peaks[k] - peaks[j] < d; k++) keep[k] = 0;
  }
  return peaks.filter((_, i) => keep[i] === 1);
}

/** scipy's _peak_prominences for one peak. */
function prominence(x: ArrayLike<number>, peak: number, wlen: number): [number, number, number] {
  let iMin = 0;
  let iMax = x.length - 1;
  if (wlen >= 2) {
    iMin = Math.max(peak - Math.floor(wlen / 2), iMin);
    iMax = Math.min(peak + Math.floor(wlen / 2), iMax);
  }
  const top = x[peak];
  let leftBase = peak;
  let leftMin = top;
  for (let i = peak; i >= iMin && x[i] <= top; i--) {
    if (x[i] < leftMin) {
      leftMin = x[i];
      leftBase = i;
    }
  }
  let rightBase = peak;
  let rightMin = top;
  for (let i = peak; i <= iMax && x[i] <= top; i++) {
    if (x[i] < rightMin) {
      rightMin = x[i];
      rightBase = i;
    }
  }
  return [top - Math.max(leftMin, rightMin), leftBase, rightBase];
}

/**
 * Throws RangeError on NaN/Infinity in `x` (scipy would silently never find a peak next to a NaN)
 * and on distance < 1. Empty or 1-2 sample signals have no peaks.
 */
export function findPeaks(x: ArrayLike<number>, options: FindPeaksOptions = {}): Peaks {
  assertFinite(x, 'findPeaks');
  if (options.distance !== undefined && !(options.distance >= 1)) {
    throw new RangeError(`findPeaks: distance must be >= 1, got ${options.distance}`);
  }
  let wlen = -1;
  if (options.wlen !== undefined) {
    if (!(options.wlen > 1)) throw new RangeError(`findPeaks: wlen must be > 1, got ${options.wlen}`);
    wlen = Math.ceil(options.wlen);
  }
  let peaks = localMaxima(x);
  if (options.height !== undefined) {
    const b = bounds(options.height);
    peaks = peaks.filter((p) => within(x[p], b));
  }
  if (options.distance !== undefined) peaks = selectByDistance(peaks, x, options.distance);
  let props = peaks.map((p) => prominence(x, p, wlen));
  if (options.prominence !== undefined) {
    const b = bounds(options.prominence);
    const keep = props.map((pr) => within(pr[0], b));
    peaks = peaks.filter((_, i) => keep[i]);
    props = props.filter((_, i) => keep[i]);
  }
  return {
    peaks: Int32Array.from(peaks),
    peakHeights: Float64Array.from(peaks, (p) => x[p]),
    prominences: Float64Array.from(props, (p) => p[0]),
    leftBases: Int32Array.from(props, (p) => p[1]),
    rightBases: Int32Array.from(props, (p) => p[2]),
  };
}
