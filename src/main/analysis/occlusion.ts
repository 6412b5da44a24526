/**
 * Pure parts of the model-based analyses of §6: where the time-occlusion mask goes and which
 * stretches it marks (Fig. 7), the cutoffs of the frequency-occlusion sweep and where accuracy
 * drops (Fig. 8), and the largest rise of sequential scores (Fig. 6).
 */
import type { CutoffScore, OcclusionRegion, SequentialScores } from '../../shared/analysis';

/**
 * Mask start positions over a sub-window of `length` samples: 0, stride, 2 stride, … while the
 * start is inside the window, so every sample is masked at least once when stride <= mask (the
 * last mask is clipped at the window's end; the paper's 16384/400 gives 41 positions).
 */
export function maskStarts(length: number, maskSamples: number, strideSamples: number): number[] {
  if (!(maskSamples >= 1 && strideSamples >= 1 && length >= 1)) throw new RangeError('mask, stride and window length must be >= 1');
  const starts: number[] = [];
  for (let s = 0; s < length; s += strideSamples) starts.push(s);
  return starts;
}

/** Zero samples [start, start + mask) of an interleaved [length, channels] window, in one channel or all (channel = -1). */
export function applyMask(window: Float32Array, channels: number, start: number, maskSamples: number, channel: number): void {
  const length = window.length / channels;
  const end = Math.min(length, start + maskSamples);
  for (let i = start; i < end; i++) {
    if (channel < 0) window.fill(0, i * channels, (i + 1) * channels);
    else window[i * channels + channel] = 0;
  }
}

/**
 * The stretches of the window where the occluded score falls below the threshold: consecutive
 * mask positions below it merged into one region spanning their masks (clipped to the window).
 */
export function regionsBelow(scores: readonly number[], starts: readonly number[], maskSamples: number, length: number, threshold: number, sampleRateHz: number): OcclusionRegion[] {
  const regions: OcclusionRegion[] = [];
  let open: OcclusionRegion | null = null;
  for (let i = 0; i < scores.length; i++) {
    const end = Math.min(length, starts[i] + maskSamples);
    if (scores[i] < threshold) {
      if (open) {
        open.endSample = end;
        open.minScore = Math.min(open.minScore, scores[i]);
      } else open = { startSample: starts[i], endSample: end, startS: 0, endS: 0, minScore: scores[i] };
    } else if (open) {
      regions.push(open);
      open = null;
    }
  }
  if (open) regions.push(open);
  for (const r of regions) {
    r.startS = r.startSample / sampleRateHz;
    r.endS = r.endSample / sampleRateHz;
  }
  return regions;
}

/** Cutoffs start, start − step, … down to stop (inclusive within a millionth of a step), rounded to 1e-9 Hz. */
export function cutoffSweep(startHz: number, stopHz: number, stepHz: number): number[] {
  if (!(startHz >= stopHz)) throw new RangeError(`the sweep starts at ${startHz} Hz, below its end ${stopHz} Hz`);
  const count = Math.floor((startHz - stopHz) / stepHz + 1e-6) + 1;
  return Array.from({ length: count }, (_, k) => Math.round((startHz - k * stepHz) * 1e9) / 1e9);
}

/**
 * Whether accuracy pc (fraction) is significantly below p0 on n windows each: the drop exceeds
 * `sigmas` standard errors of the difference of two binomial proportions AND minimumDropPercent.
 */
export function isSignificantDrop(p0: number, pc: number, n: number, sigmas: number, minimumDropPercent: number): boolean {
  const drop = p0 - pc;
  const se = Math.sqrt((p0 * (1 - p0) + pc * (1 - pc)) / n);
  return drop * 100 >= minimumDropPercent && drop > sigmas * se;
}

/**
 * The cutoff below which accuracy drops: with cutoffs from high to low, the lowest cutoff that is
 * not a significant drop such that every lower one is. Null when the lowest cutoff is not a drop;
 * the highest cutoff when every cutoff is one.
 */
export function dropBelowHz(cutoffs: readonly CutoffScore[]): number | null {
  let k = cutoffs.length;
  while (k > 0 && cutoffs[k - 1].significantDrop) k--;
  if (k === cutoffs.length) return null;
  return cutoffs[Math.max(0, k - 1)].cutoffHz;
}

/** The largest increase between consecutive scores. */
export function largestRise(scores: readonly number[]): SequentialScores['largestRise'] {
  let best: SequentialScores['largestRise'] = null;
  for (let i = 0; i + 1 < scores.length; i++) {
    const rise = scores[i + 1] - scores[i];
    if (best === null || rise > best.rise) best = { fromIndex: i, toIndex: i + 1, fromScore: scores[i], toScore: scores[i + 1], rise };
  }
  return best;
}

/** Mean cross-entropy of precursor scores (softmax probability of class 1) against 0/1 labels. */
export function crossEntropy(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < labels.length; k++) sum -= Math.log(Math.max(1e-7, labels[k] === 1 ? scores[k] : 1 - scores[k]));
  return labels.length ? sum / labels.length : NaN;
}
