/**
 * The classic STA/LTA trigger, ported from ObsPy (obspy/signal/trigger.py and
 * obspy/signal/src/stalta.c, LGPL-3.0; the algorithm, not the code, is what is reused here):
 *
 *   classic_sta_lta(a, nsta, nlta): cf[i] = (Σ_{j=i−nsta+1..i} a[j]² / nsta) / (Σ_{j=i−nlta+1..i} a[j]² / nlta)
 *     for i ≥ nlta − 1, and 0 before (the C version: running sums, "frac" = nlta / nsta).
 *   trigger_onset(cf, thres1, thres2, max_len, max_len_delete): [on, off] index pairs; a trigger
 *     switches on where cf rises above thres1 and off at the last sample of the run above thres2
 *     that contains it; a trigger longer than max_len samples is cut there (or dropped with
 *     max_len_delete), and a new one can start as soon as cf is again above thres1.
 *
 * Running sums drift by rounding over millions of samples; they are recomputed exactly every
 * RESUM_EVERY samples (ObsPy's C loop never does; the results agree to ~1e-12 relative).
 */

const RESUM_EVERY = 1 << 16;

/** ObsPy's np.finfo(0.0).tiny guard: an LTA of exactly zero becomes this. */
const TINY = 2.2250738585072014e-308;

function sumSquares(a: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let j = from; j < to; j++) s += a[j] * a[j];
  return s;
}

export function classicStaLta(a: ArrayLike<number>, nsta: number, nlta: number): Float64Array {
  if (!Number.isInteger(nsta) || !Number.isInteger(nlta) || nsta < 1 || nlta < nsta) {
    throw new RangeError(`classicStaLta: need integers 1 <= nsta <= nlta, got nsta=${nsta}, nlta=${nlta}`);
  }
  if (a.length < nlta) throw new RangeError(`classicStaLta: ${a.length} samples are fewer than nlta=${nlta}`);
  const cf = new Float64Array(a.length);
  let sta = sumSquares(a, nlta - nsta, nlta);
  let lta = sumSquares(a, 0, nlta);
  const frac = nlta / nsta;
  cf[nlta - 1] = (sta / Math.max(lta, TINY)) * frac;
  for (let i = nlta; i < a.length; i++) {
    if ((i - nlta) % RESUM_EVERY === RESUM_EVERY - 1) {
      sta = sumSquares(a, i - nsta + 1, i + 1);
      lta = sumSquares(a, i - nlta + 1, i + 1);
    } else {
      const x2 = a[i] * a[i];
      const s = a[i - nsta];
      const l = a[i - nlta];
      sta += x2 - s * s;
      lta += x2 - l * l;
    }
    // Rounding can leave a tiny negative sum where the data are exactly zero.
    const st = Math.max(sta, 0);
    cf[i] = (st / Math.max(lta, TINY)) * frac;
  }
  return cf;
}

/** ObsPy's trigger_onset: [on, off] sample-index pairs (inclusive). */
export function triggerOnset(cf: ArrayLike<number>, thres1: number, thres2: number, maxLen = 9e99, maxLenDelete = false): [number, number][] {
  const ind1: number[] = [];
  const ind2: number[] = [];
  for (let i = 0; i < cf.length; i++) {
    if (cf[i] > thres1) ind1.push(i);
    if (cf[i] > thres2) ind2.push(i);
  }
  if (ind1.length === 0) return [];
  if (ind2.length === 0) throw new RangeError('triggerOnset: the off threshold must not exceed the on threshold');
  const on: number[] = [ind1[0]];
  const of: number[] = [-1];
  // The ends of the runs above thres2, and the starts of the runs above thres1.
  for (let k = 0; k < ind2.length; k++) if (k === ind2.length - 1 || ind2[k + 1] - ind2[k] > 1) of.push(ind2[k]);
  for (let k = 1; k < ind1.length; k++) if (ind1[k] - ind1[k - 1] > 1) on.push(ind1[k]);
  if (maxLenDelete) {
    of.push(1e99);
    on.push(on[on.length - 1]);
  } else {
    of.push(ind2[ind2.length - 1]);
  }
  // The deques of the Python version as arrays with a moving head.
  let oh = 0;
  let fh = 0;
  const pick: [number, number][] = [];
  while (oh < on.length && fh < of.length && on[on.length - 1] > of[fh]) {
    while (oh < on.length && on[oh] <= of[fh]) oh++;
    while (fh < of.length && oh < on.length && of[fh] < on[oh]) fh++;
    if (oh >= on.length || fh >= of.length) break;
    if (of[fh] - on[oh] > maxLen) {
      if (maxLenDelete) {
        oh++;
        continue;
      }
      // appendleft(on[0] + max_len)
      if (fh > 0) of[--fh] = on[oh] + maxLen;
      else of.unshift(on[oh] + maxLen);
    }
    pick.push([on[oh], of[fh]]);
  }
  return pick;
}
