/**
 * Down-sampling by an integer factor with an anti-alias filter, as
 * `scipy.signal.decimate(x, q, ftype='iir', zero_phase=True)`: an order-8 Chebyshev type I
 * low-pass (0.05 dB ripple, corner at 0.8 of the new Nyquist) run forward and backward
 * (sosfiltfilt, so no phase shift), then every q-th sample from the first.
 *
 * IIR rather than 'fir' because it is scipy's default (the reference every analysis is checked
 * against) and because its cost does not grow with q.
 */
import { cheby1 } from './cheby1';
import type { SecondOrderSections } from './sos';
import { sosfiltfilt } from './sosfiltfilt';

const cache = new Map<number, SecondOrderSections>();

/** The anti-alias filter decimate uses for factor q (cached: the design is the same every time). */
export function decimationFilter(q: number): SecondOrderSections {
  let sos = cache.get(q);
  if (!sos) {
    sos = cheby1(8, 0.05, 0.8 / q, 'lowpass');
    cache.set(q, sos);
  }
  return sos;
}

/**
 * @param q integer factor >= 1. scipy advises q <= 13 per stage: decimate by 40 as 8 then 5.
 * @returns `ceil(x.length / q)` samples at sampleRate / q. Input shorter than or equal to the
 *   filter's pad length (27 samples) throws a RangeError, as in scipy.
 */
export function decimate(x: ArrayLike<number>, q: number): Float64Array {
  if (!Number.isInteger(q) || q < 1) throw new RangeError(`decimate: factor q must be an integer >= 1, got ${q}`);
  const y = sosfiltfilt(decimationFilter(q), x);
  const out = new Float64Array(Math.ceil(y.length / q));
  for (let i = 0, j = 0; j < out.length; i += q, j++) out[j] = y[i];
  return out;
}
