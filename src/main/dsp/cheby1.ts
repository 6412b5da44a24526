/**
 * Chebyshev type I filters as second-order sections, like
 * `scipy.signal.cheby1(order, rippleDb, cutoff, btype, fs=..., output='sos')`. Foreseis uses it for
 * the anti-alias filter of decimate (scipy's default there), where its steeper roll-off than a
 * Butterworth of the same order buys a cutoff closer to the new Nyquist.
 */
import { iirfilterSos, type BandType } from './iirfilter';
import type { SecondOrderSections } from './sos';

/**
 * @param rippleDb pass-band ripple in dB, > 0.
 * @param cutoff in Hz when `sampleRateHz` is given, else as a fraction of Nyquist (0..1).
 */
export function cheby1(
  order: number,
  rippleDb: number,
  cutoff: number | readonly [number, number],
  btype: BandType,
  sampleRateHz?: number,
): SecondOrderSections {
  if (!(Number.isFinite(rippleDb) && rippleDb > 0)) throw new RangeError(`rippleDb must be > 0, got ${rippleDb}`);
  return iirfilterSos({ order, cutoff, btype, sampleRateHz, prototype: { kind: 'cheby1', rippleDb } });
}
