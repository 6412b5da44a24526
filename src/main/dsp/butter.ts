/**
 * Butterworth filters as second-order sections, like
 * `scipy.signal.butter(order, cutoff, btype, fs=sampleRateHz, output='sos')`.
 * Maximally flat pass band; the default filter of Foreseis (the paper low-passes with it).
 */
import { iirfilterSos, type BandType } from './iirfilter';
import type { SecondOrderSections } from './sos';

export type { BandType } from './iirfilter';

/**
 * @param order 1..10 (a band filter has 2*order poles, so `order` sections).
 * @param cutoffHz one corner for 'lowpass'/'highpass', `[lowHz, highHz]` for 'bandpass'/'bandstop';
 *   each must be > 0 and < sampleRateHz / 2 (RangeError otherwise: a corner at Nyquist is not a
 *   filter, use a lower corner or no filter).
 * @param sampleRateHz sampling rate of the data the filter will run on.
 */
export function butter(
  order: number,
  cutoffHz: number | readonly [number, number],
  btype: BandType,
  sampleRateHz: number,
): SecondOrderSections {
  return iirfilterSos({ order, cutoff: cutoffHz, btype, sampleRateHz, prototype: { kind: 'butter' } });
}

/** Convenience for the common case: `butter(order, cutoffHz, 'lowpass', sampleRateHz)`. */
export function butterLowpass(order: number, cutoffHz: number, sampleRateHz: number): SecondOrderSections {
  return butter(order, cutoffHz, 'lowpass', sampleRateHz);
}
