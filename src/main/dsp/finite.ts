/**
 * The NaN policy of the DSP core, in one place: every function THROWS a RangeError on NaN or
 * +-Infinity input instead of propagating it. Seismic records have gaps; a gap that reaches a
 * filter as NaN would silently poison the whole output of an IIR filter (or a whole spectrum), so
 * gaps must be filled or cut upstream (seismic/ merges them explicitly).
 */

/** Message naming the first non-finite sample, for the RangeError thrown by the caller. */
export function describeNonFinite(x: ArrayLike<number>): string {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) return `input contains a non-finite value (${x[i]}) at index ${i}; fill or cut gaps first`;
  }
  return 'the result overflowed (input values too large for float64)';
}

/** Scan `x` and throw a RangeError naming the first NaN/Infinity. For cheap, non-recursive paths. */
export function assertFinite(x: ArrayLike<number>, what: string): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new RangeError(`${what}: ${describeNonFinite(x)}`);
  }
}
