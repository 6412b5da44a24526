/**
 * Second-order sections: the one filter representation of Foreseis (as ObsPy and scipy do, because
 * a cascade of biquads stays stable where one high-order polynomial loses its poles to rounding).
 */

/**
 * `coefficients` holds `nSections` rows of `[b0, b1, b2, a0, a1, a2]`, row-major: the layout of
 * scipy's `sos` array flattened, so `coefficients[6 * s + j] === sos[s][j]`. `a0` is always 1.
 */
export interface SecondOrderSections {
  readonly nSections: number;
  readonly coefficients: Float64Array;
}

/** Build sections from scipy-style rows (`sos.tolist()`); validates shape and a0 = 1. */
export function sosFromRows(rows: readonly (readonly number[])[]): SecondOrderSections {
  if (rows.length === 0) throw new RangeError('sos: need at least one section');
  const coefficients = new Float64Array(rows.length * 6);
  rows.forEach((row, s) => {
    if (row.length !== 6) throw new RangeError(`sos: section ${s} has ${row.length} coefficients, expected 6`);
    coefficients.set(row, 6 * s);
  });
  const sos = { nSections: rows.length, coefficients };
  validateSos(sos);
  return sos;
}

/** Rows `[b0, b1, b2, a0, a1, a2]`, e.g. to store a filter's description beside its output. */
export function sosToRows(sos: SecondOrderSections): number[][] {
  const rows: number[][] = [];
  for (let s = 0; s < sos.nSections; s++) rows.push(Array.from(sos.coefficients.subarray(6 * s, 6 * s + 6)));
  return rows;
}

/** scipy's _validate_sos: shape (n, 6) with n >= 1 and every a0 exactly 1. */
export function validateSos(sos: SecondOrderSections): void {
  const { nSections, coefficients } = sos;
  if (!Number.isInteger(nSections) || nSections < 1) throw new RangeError('sos: need at least one section');
  if (coefficients.length !== 6 * nSections) {
    throw new RangeError(`sos: ${coefficients.length} coefficients for ${nSections} sections, expected ${6 * nSections}`);
  }
  for (let s = 0; s < nSections; s++) {
    if (coefficients[6 * s + 3] !== 1) throw new RangeError(`sos: section ${s} has a0 = ${coefficients[6 * s + 3]}, expected 1`);
  }
}
