/**
 * Zero-phase filtering, forward then backward, exactly as `scipy.signal.sosfiltfilt(sos, x,
 * padtype, padlen)`: the signal is extended at both ends (odd extension by default), each pass
 * starts from the steady-state conditions of `sosfilt_zi` scaled by its first sample, and the
 * extension is cut off again. Output magnitude response is |H|^2, phase zero.
 *
 * Both passes run in place in the output array (the backward pass walks from the end, so no
 * reversed copies), with the two extensions in small side arrays.
 */
import { validateSos, type SecondOrderSections } from './sos';
import { assertFiniteState, isTypedArray, sosCascadeInPlace, sosfiltZi } from './sosfilt';

export type PadType = 'odd' | 'even' | 'constant' | 'none';

export interface SosfiltfiltOptions {
  /** Extension at both ends: 'odd' (scipy's default), 'even', 'constant' or 'none'. */
  padtype?: PadType;
  /** Samples of extension at each end; default 3 * (2 * nSections + 1 - trailing-zero sections). */
  padlen?: number;
  /** Write the result here (length of x) instead of allocating. */
  out?: Float64Array;
}

/**
 * scipy's default pad length: 3 * ntaps with ntaps = 2 * nSections + 1, minus the number of
 * sections that are really first order (b2 = a2 = 0, counted as scipy does).
 */
export function defaultPadlen(sos: SecondOrderSections): number {
  const c = sos.coefficients;
  let zeroB2 = 0;
  let zeroA2 = 0;
  for (let s = 0; s < sos.nSections; s++) {
    if (c[6 * s + 2] === 0) zeroB2++;
    if (c[6 * s + 5] === 0) zeroA2++;
  }
  return 3 * (2 * sos.nSections + 1 - Math.min(zeroB2, zeroA2));
}

/**
 * Zero-phase filter `x` (Float32Array or Float64Array; result always float64).
 * Throws RangeError when `x.length <= padlen` (scipy: "The length of the input vector x must be
 * greater than padlen"), and on non-finite input (a NaN would spread over the whole output).
 */
export function sosfiltfilt(
  sos: SecondOrderSections,
  x: ArrayLike<number>,
  options: SosfiltfiltOptions = {},
): Float64Array {
  validateSos(sos);
  const padtype = options.padtype ?? 'odd';
  const n = x.length;
  const edge = padtype === 'none' ? 0 : (options.padlen ?? defaultPadlen(sos));
  if (!Number.isInteger(edge) || edge < 0) throw new RangeError(`sosfiltfilt: padlen must be a non-negative integer, got ${edge}`);
  if (n === 0) throw new RangeError('sosfiltfilt: empty input');
  if (n <= edge) {
    throw new RangeError(`sosfiltfilt: the input has ${n} samples; it must be longer than padlen, which is ${edge}`);
  }
  const out = options.out;
  if (out !== undefined && out.length !== n) throw new RangeError(`sosfiltfilt: out has length ${out.length}, expected ${n}`);

  // The result array is the working buffer for the middle; the two extensions live in small
  // arrays of their own, so no (n + 2 * padlen) copy is ever made. The filter state carries over
  // from one segment to the next exactly as if they were contiguous.
  const result = out ?? new Float64Array(n);
  if (isTypedArray(x)) result.set(x);
  else for (let i = 0; i < n; i++) result[i] = x[i];
  const left = new Float64Array(edge);
  const right = new Float64Array(edge);
  if (edge > 0) {
    const first = result[0];
    const last = result[n - 1];
    for (let j = 1; j <= edge; j++) {
      // left[edge - j] mirrors x[j] about x[0]; right[j - 1] mirrors x[n-1-j] about x[n-1].
      if (padtype === 'odd') {
        left[edge - j] = 2 * first - result[j];
        right[j - 1] = 2 * last - result[n - 1 - j];
      } else if (padtype === 'even') {
        left[edge - j] = result[j];
        right[j - 1] = result[n - 1 - j];
      } else {
        left[edge - j] = first;
        right[j - 1] = last;
      }
    }
  }

  const zi = sosfiltZi(sos);
  const state = new Float64Array(zi.length);
  // Forward pass from the steady state for a step of height ext[0].
  const x0 = edge > 0 ? left[0] : result[0];
  for (let i = 0; i < zi.length; i++) state[i] = zi[i] * x0;
  sosCascadeInPlace(sos, left, 0, edge, 1, state);
  sosCascadeInPlace(sos, result, 0, n, 1, state);
  sosCascadeInPlace(sos, right, 0, edge, 1, state);
  assertFiniteState(state, x, 'sosfiltfilt');
  // Backward pass from the steady state for a step of height y[-1] of the forward output. The
  // left extension is not filtered backwards: scipy cuts that part of the output off anyway.
  const y0 = edge > 0 ? right[edge - 1] : result[n - 1];
  for (let i = 0; i < zi.length; i++) state[i] = zi[i] * y0;
  sosCascadeInPlace(sos, right, edge - 1, edge, -1, state);
  sosCascadeInPlace(sos, result, n - 1, n, -1, state);
  assertFiniteState(state, x, 'sosfiltfilt');
  return result;
}
