/** Robust location and scale: the median and the median absolute deviation. */

/** Median of x (a sorted copy; x is left as it is). NaN for an empty array. */
export function median(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return NaN;
  const s = Float64Array.from(x).sort();
  return n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Median absolute deviation about the median (unscaled: × 1.4826 estimates σ of Gaussian data). */
export function medianAbsoluteDeviation(x: ArrayLike<number>, centre = median(x)): number {
  const d = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) d[i] = Math.abs(x[i] - centre);
  return median(d);
}

/** 1 / Φ⁻¹(3/4): MAD × this is a consistent estimate of a Gaussian's standard deviation. */
export const MAD_TO_SIGMA = 1.4826;
