/**
 * Long traces reduced for drawing: each device pixel column keeps the minimum and the maximum of
 * the samples that fall in it, in time order. The drawn envelope is then exactly the full trace's
 * (every peak stays), unlike ECharts' LTTB sampling, which drops peaks that matter here.
 */

export interface UniformTrace {
  /** time of the first sample, s (any origin: the figure decides) */
  startSeconds: number;
  sampleRateHz: number;
  values: ArrayLike<number>;
}

/** [time s, value] pairs, at most 2 per bucket; NaN samples are skipped. */
export function minMaxDecimate(trace: UniformTrace, buckets: number): [number, number][] {
  const { values, startSeconds, sampleRateHz } = trace;
  const n = values.length;
  const at = (i: number): [number, number] => [startSeconds + i / sampleRateHz, values[i]];
  const out: [number, number][] = [];
  if (n <= 2 * buckets) {
    for (let i = 0; i < n; i++) if (!Number.isNaN(values[i])) out.push(at(i));
    return out;
  }
  const b = Math.max(1, Math.floor(buckets));
  for (let k = 0; k < b; k++) {
    const from = Math.floor((k * n) / b);
    const to = Math.floor(((k + 1) * n) / b);
    let lo = -1;
    let hi = -1;
    for (let i = from; i < to; i++) {
      const v = values[i];
      if (Number.isNaN(v)) continue;
      if (lo < 0 || v < values[lo]) lo = i;
      if (hi < 0 || v > values[hi]) hi = i;
    }
    if (lo < 0) continue;
    if (lo === hi) out.push(at(lo));
    else if (lo < hi) out.push(at(lo), at(hi));
    else out.push(at(hi), at(lo));
  }
  return out;
}
