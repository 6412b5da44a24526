/**
 * Causal filtering by second-order sections (transposed direct form II), like
 * `scipy.signal.sosfilt(sos, x, zi=zi)`, plus the steady-state initial conditions of
 * `scipy.signal.sosfilt_zi`. Float64 throughout; Float32Array or Float64Array input.
 *
 * Speed: the cascade runs up to four sections per sweep over the samples with every coefficient
 * and state in a local variable. The sections' recurrences are independent of each other within a
 * sample step, so the CPU overlaps them; a section-at-a-time loop would instead wait on one
 * section's dependency chain (about three floating-point latencies per sample) four times over.
 */
import { describeNonFinite } from './finite';
import { validateSos, type SecondOrderSections } from './sos';

export type SampleArray = Float64Array | Float32Array;

/**
 * Filter `buf[first]`, `buf[first + step]`, ... (`count` samples) in place through sections
 * `s0 .. s0 + n - 1` (n = 1..4), reading and updating `state` ([z0, z1] per section).
 * `step` is +1 or -1 so the backward pass of filtfilt needs no reversed copy.
 */
function sweep(
  c: Float64Array,
  s0: number,
  n: number,
  buf: Float64Array,
  first: number,
  count: number,
  step: number,
  state: Float64Array,
): void {
  const o = 6 * s0;
  const q = 2 * s0;
  const b00 = c[o], b01 = c[o + 1], b02 = c[o + 2], a01 = c[o + 4], a02 = c[o + 5];
  let z00 = state[q], z01 = state[q + 1];
  let i = first;
  const end = first + count * step;
  if (n === 1) {
    for (; i !== end; i += step) {
      const x = buf[i];
      const y = b00 * x + z00;
      z00 = b01 * x - a01 * y + z01;
      z01 = b02 * x - a02 * y;
      buf[i] = y;
    }
    state[q] = z00; state[q + 1] = z01;
    return;
  }
  const b10 = c[o + 6], b11 = c[o + 7], b12 = c[o + 8], a11 = c[o + 10], a12 = c[o + 11];
  let z10 = state[q + 2], z11 = state[q + 3];
  if (n === 2) {
    for (; i !== end; i += step) {
      const x = buf[i];
      const y0 = b00 * x + z00;
      z00 = b01 * x + z01 - a01 * y0;
      z01 = b02 * x - a02 * y0;
      const y1 = b10 * y0 + z10;
      z10 = b11 * y0 + z11 - a11 * y1;
      z11 = b12 * y0 - a12 * y1;
      buf[i] = y1;
    }
    state[q] = z00; state[q + 1] = z01; state[q + 2] = z10; state[q + 3] = z11;
    return;
  }
  const b20 = c[o + 12], b21 = c[o + 13], b22 = c[o + 14], a21 = c[o + 16], a22 = c[o + 17];
  let z20 = state[q + 4], z21 = state[q + 5];
  if (n === 3) {
    for (; i !== end; i += step) {
      const x = buf[i];
      const y0 = b00 * x + z00;
      z00 = b01 * x + z01 - a01 * y0;
      z01 = b02 * x - a02 * y0;
      const y1 = b10 * y0 + z10;
      z10 = b11 * y0 + z11 - a11 * y1;
      z11 = b12 * y0 - a12 * y1;
      const y2 = b20 * y1 + z20;
      z20 = b21 * y1 + z21 - a21 * y2;
      z21 = b22 * y1 - a22 * y2;
      buf[i] = y2;
    }
    state[q] = z00; state[q + 1] = z01; state[q + 2] = z10; state[q + 3] = z11;
    state[q + 4] = z20; state[q + 5] = z21;
    return;
  }
  const b30 = c[o + 18], b31 = c[o + 19], b32 = c[o + 20], a31 = c[o + 22], a32 = c[o + 23];
  let z30 = state[q + 6], z31 = state[q + 7];
  for (; i !== end; i += step) {
    const x = buf[i];
    const y0 = b00 * x + z00;
    z00 = b01 * x + z01 - a01 * y0;
    z01 = b02 * x - a02 * y0;
    const y1 = b10 * y0 + z10;
    z10 = b11 * y0 + z11 - a11 * y1;
    z11 = b12 * y0 - a12 * y1;
    const y2 = b20 * y1 + z20;
    z20 = b21 * y1 + z21 - a21 * y2;
    z21 = b22 * y1 - a22 * y2;
    const y3 = b30 * y2 + z30;
    z30 = b31 * y2 + z31 - a31 * y3;
    z31 = b32 * y2 - a32 * y3;
    buf[i] = y3;
  }
  state[q] = z00; state[q + 1] = z01; state[q + 2] = z10; state[q + 3] = z11;
  state[q + 4] = z20; state[q + 5] = z21; state[q + 6] = z30; state[q + 7] = z31;
}

/**
 * Run the whole cascade in place over `count` samples of `buf` starting at `first`, moving by
 * `step` (+1 forward, -1 backward). `state` (2 per section) is read as the initial conditions and
 * left holding the final ones. The building block of sosfilt and sosfiltfilt.
 */
export function sosCascadeInPlace(
  sos: SecondOrderSections,
  buf: Float64Array,
  first: number,
  count: number,
  step: 1 | -1,
  state: Float64Array,
): void {
  for (let s0 = 0; s0 < sos.nSections; s0 += 4) {
    sweep(sos.coefficients, s0, Math.min(4, sos.nSections - s0), buf, first, count, step, state);
  }
}

export interface SosfiltResult {
  y: Float64Array;
  /** Final filter state, 2 per section ([z0, z1] of section 0, then section 1, ...). */
  zf: Float64Array;
}

/**
 * `scipy.signal.sosfilt(sos, x, zi=zi)`: returns the output and the final state. `zi` (2 per
 * section) defaults to zeros (filter at rest). Empty input gives empty output. Non-finite input
 * throws a RangeError: an IIR filter would smear one NaN over the rest of the record.
 */
export function sosfilt(sos: SecondOrderSections, x: ArrayLike<number>, zi?: ArrayLike<number>): SosfiltResult {
  validateSos(sos);
  const state = new Float64Array(2 * sos.nSections);
  if (zi !== undefined) {
    if (zi.length !== state.length) throw new RangeError(`sosfilt: zi has ${zi.length} values, expected ${state.length}`);
    state.set(zi);
  }
  const y = new Float64Array(x.length);
  if (isTypedArray(x)) y.set(x);
  else for (let i = 0; i < x.length; i++) y[i] = x[i];
  sosCascadeInPlace(sos, y, 0, y.length, 1, state);
  assertFiniteState(state, x, 'sosfilt');
  return { y, zf: state };
}

/** Typed arrays copy with `set` (a native conversion loop) rather than element by element. */
export function isTypedArray(x: ArrayLike<number>): x is Float64Array | Float32Array {
  return x instanceof Float64Array || x instanceof Float32Array;
}

/**
 * A filter's state stays finite unless a non-finite sample went in (or the output overflowed):
 * checking it once costs nothing, unlike scanning the input first. On failure, locate the culprit.
 */
export function assertFiniteState(state: Float64Array, x: ArrayLike<number>, what: string): void {
  for (let i = 0; i < state.length; i++) {
    if (!Number.isFinite(state[i])) {
      throw new RangeError(`${what}: ${describeNonFinite(x)}`);
    }
  }
}

/**
 * Steady-state initial conditions of the cascade for a unit step, `scipy.signal.sosfilt_zi(sos)`:
 * scale by the first input sample to start the filter as if the signal had always been there.
 */
export function sosfiltZi(sos: SecondOrderSections): Float64Array {
  validateSos(sos);
  const c = sos.coefficients;
  const zi = new Float64Array(2 * sos.nSections);
  let scale = 1.0;
  for (let s = 0; s < sos.nSections; s++) {
    const o = 6 * s;
    const b0 = c[o], b1 = c[o + 1], b2 = c[o + 2], a1 = c[o + 4], a2 = c[o + 5];
    const [z0, z1] = biquadZi(b0, b1, b2, a1, a2);
    zi[2 * s] = scale * z0;
    zi[2 * s + 1] = scale * z1;
    // This section's DC gain H(1) scales the step seen by the next one.
    scale *= (b0 + b1 + b2) / (1 + a1 + a2);
  }
  return zi;
}

/**
 * `scipy.signal.lfilter_zi` for one biquad (a0 = 1): solve (I - A) zi = B with
 * I - A = [[1 + a1, -1], [a2, 1]] and B = [b1 - a1 b0, b2 - a2 b0], by Gaussian elimination with
 * partial pivoting as LAPACK's gesv does (the system is ill-conditioned for poles near z = 1).
 */
function biquadZi(b0: number, b1: number, b2: number, a1: number, a2: number): [number, number] {
  let m00 = 1 + a1, m01 = -1, m10 = a2, m11 = 1;
  let r0 = b1 - a1 * b0, r1 = b2 - a2 * b0;
  if (Math.abs(m10) > Math.abs(m00)) {
    [m00, m01, m10, m11] = [m10, m11, m00, m01];
    [r0, r1] = [r1, r0];
  }
  if (m00 === 0) throw new RangeError('sosfiltZi: singular section (pole at z = 1)');
  const l = m10 / m00;
  const u11 = m11 - l * m01;
  const y1 = r1 - l * r0;
  if (u11 === 0) throw new RangeError('sosfiltZi: singular section (pole at z = 1)');
  const zi1 = y1 / u11;
  const zi0 = (r0 - m01 * zi1) / m00;
  return [zi0, zi1];
}
