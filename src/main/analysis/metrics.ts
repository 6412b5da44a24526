/**
 * Classification scores of the paper (§5) and the honest ones it leaves out. Pure functions of
 * per-window predictions. Classes: 1 = precursor (positive), 0 = noise.
 */
import type { EvaluateResult, EventAccuracyRecord, RunEvaluation } from '../../shared/training';

export interface WindowPrediction {
  /** true class: 1 precursor, 0 noise */
  label: 0 | 1;
  /** the network's precursor score (softmax output for the precursor class), 0..1 */
  score: number;
  /** the event a window belongs to (null for noise-B windows, which belong to no event) */
  eventId: number | null;
}

export interface ConfusionMatrix {
  /** rows: true class; columns: predicted class; [noise, precursor] order */
  trueNoise: { predictedNoise: number; predictedPrecursor: number };
  truePrecursor: { predictedNoise: number; predictedPrecursor: number };
}

export interface ClassificationScores {
  windows: number;
  /** f = 100 (TP + TN) / N, percent (the paper's accuracy) */
  accuracyPercent: number;
  confusion: ConfusionMatrix;
  /** fraction of precursor windows called precursor */
  truePositiveRate: number;
  /** fraction of noise windows called precursor */
  falsePositiveRate: number;
  /** TPR − FPR (§7's skill score; 0 for a random or constant classifier) */
  skill: number;
  /** area under the ROC curve of the score; 0.5 = no skill; null when a class is absent */
  rocAuc: number | null;
}

/** A window is called precursor when its precursor score wins the 2-class softmax. */
export const DECISION_THRESHOLD = 0.5;

export function classify(score: number): 0 | 1 {
  return score > DECISION_THRESHOLD ? 1 : 0;
}

/**
 * ROC AUC as the Mann–Whitney statistic: the probability that a random precursor window scores
 * above a random noise window, ties counting one half. O(n log n) by ranking.
 */
export function rocAuc(predictions: readonly Pick<WindowPrediction, 'label' | 'score'>[]): number | null {
  const pos = predictions.filter((p) => p.label === 1).length;
  const neg = predictions.length - pos;
  if (pos === 0 || neg === 0) return null;
  const sorted = predictions.map((p) => ({ s: p.score, l: p.label })).sort((a, b) => a.s - b.s);
  let rankSumPos = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1].s === sorted[i].s) j++;
    const midRank = (i + j) / 2 + 1; // 1-based average rank of the tie group
    for (let k = i; k <= j; k++) if (sorted[k].l === 1) rankSumPos += midRank;
    i = j + 1;
  }
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

export function scoreClassification(predictions: readonly WindowPrediction[]): ClassificationScores {
  let tp = 0;
  let tn = 0;
  let fp = 0;
  let fn = 0;
  for (const p of predictions) {
    const called = classify(p.score);
    if (p.label === 1) {
      if (called === 1) tp++;
      else fn++;
    } else if (called === 1) fp++;
    else tn++;
  }
  const n = predictions.length;
  const tpr = tp + fn > 0 ? tp / (tp + fn) : 0;
  const fpr = fp + tn > 0 ? fp / (fp + tn) : 0;
  return {
    windows: n,
    accuracyPercent: n > 0 ? (100 * (tp + tn)) / n : 0,
    confusion: { trueNoise: { predictedNoise: tn, predictedPrecursor: fp }, truePrecursor: { predictedNoise: fn, predictedPrecursor: tp } },
    truePositiveRate: tpr,
    falsePositiveRate: fpr,
    skill: tpr - fpr,
    rocAuc: rocAuc(predictions),
  };
}

export interface EventAccuracy {
  eventId: number;
  windows: number;
  correct: number;
  /** fraction of the event's windows classified correctly (Table 2's form) */
  accuracy: number;
}

/** Per-event accuracy over the windows that belong to an event (Table 2). */
export function perEventAccuracy(predictions: readonly WindowPrediction[]): EventAccuracy[] {
  const by = new Map<number, { windows: number; correct: number }>();
  for (const p of predictions) {
    if (p.eventId === null) continue;
    const e = by.get(p.eventId) ?? { windows: 0, correct: 0 };
    e.windows++;
    if (classify(p.score) === p.label) e.correct++;
    by.set(p.eventId, e);
  }
  return [...by.entries()].sort((a, b) => a[0] - b[0]).map(([eventId, e]) => ({ eventId, ...e, accuracy: e.correct / e.windows }));
}

export interface MeanStd {
  mean: number;
  /** sample standard deviation (n − 1); 0 for a single value */
  std: number;
  n: number;
}

export function meanStd(values: readonly number[]): MeanStd {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN, n: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, n };
}

/** Mean ± std over a group's runs of every score and of each event's accuracy (Table 2 over repeats). */
export function summarizeEvaluations(runs: RunEvaluation[]): EvaluateResult['summary'] {
  const eventIds = [...new Set(runs.flatMap((r) => r.events.map((e) => e.eventId)))].sort((a, b) => a - b);
  const finite = (xs: (number | null)[]): number[] => xs.filter((x): x is number => x !== null && Number.isFinite(x));
  return {
    accuracyPercent: meanStd(runs.map((r) => r.scores.accuracyPercent)),
    truePositiveRate: meanStd(runs.map((r) => r.scores.truePositiveRate)),
    falsePositiveRate: meanStd(runs.map((r) => r.scores.falsePositiveRate)),
    skill: meanStd(runs.map((r) => r.scores.skill)),
    rocAuc: meanStd(finite(runs.map((r) => r.scores.rocAuc))),
    events: eventIds.map((eventId) => {
      const rows = runs.map((r) => r.events.find((e) => e.eventId === eventId)).filter((e): e is EventAccuracyRecord => e !== undefined);
      return { eventId, originTimeMs: rows[0].originTimeMs, accuracy: meanStd(rows.map((e) => e.accuracy)) };
    }),
  };
}
