/**
 * The filters the checks run, from the one DSP core (Butterworth SOS + sosfilt). Each piece is
 * filtered causally from the steady state of its first sample (sosfilt_zi · x[0], as scipy's
 * lfilter_zi is meant to be used), so a large DC offset does not ring at the start of every piece.
 */
import { butter, type SecondOrderSections, sosfilt, sosfiltZi } from '../../dsp';

export function butterSos(order: number, cutoffHz: number | readonly [number, number], btype: 'highpass' | 'bandpass', sampleRateHz: number): SecondOrderSections {
  return butter(order, cutoffHz, btype, sampleRateHz);
}

export function filterFromFirstSample(sos: SecondOrderSections, x: ArrayLike<number>): Float64Array {
  if (x.length === 0) return new Float64Array(0);
  const zi = sosfiltZi(sos);
  const x0 = x[0];
  for (let i = 0; i < zi.length; i++) zi[i] *= x0;
  return sosfilt(sos, x, zi).y;
}
