/**
 * Digital IIR design from an analog prototype, as scipy.signal.iirfilter(..., output='sos'):
 * pre-warp the cutoffs, transform the prototype (lp/hp/bp/bs), bilinear to the z-plane, pair into
 * second-order sections. butter.ts and cheby1.ts are thin wrappers over this.
 */
import { buttap, cheb1ap, type Zpk } from './prototypes';
import type { SecondOrderSections } from './sos';
import { bilinearZpk, lp2bpZpk, lp2bsZpk, lp2hpZpk, lp2lpZpk } from './transforms';
import { zpk2sos } from './zpk2sos';

export type BandType = 'lowpass' | 'highpass' | 'bandpass' | 'bandstop';

/** The orders Foreseis designs: beyond 10 a single IIR stage is the wrong tool for seismic data. */
export const MIN_FILTER_ORDER = 1;
export const MAX_FILTER_ORDER = 10;

export type Prototype = { kind: 'butter' } | { kind: 'cheby1'; rippleDb: number };

export interface IirDesign {
  order: number;
  /** One cutoff for low/high-pass, [low, high] for band filters. */
  cutoff: number | readonly [number, number];
  btype: BandType;
  /** Sampling rate in Hz. When given, cutoffs are in Hz; when omitted, they are fractions of Nyquist. */
  sampleRateHz?: number;
  prototype: Prototype;
}

function describeCutoffs(cutoff: number | readonly [number, number]): number[] {
  return typeof cutoff === 'number' ? [cutoff] : [cutoff[0], cutoff[1]];
}

export function iirfilterSos(design: IirDesign): SecondOrderSections {
  const { order, btype, sampleRateHz, prototype } = design;
  if (!Number.isInteger(order) || order < MIN_FILTER_ORDER || order > MAX_FILTER_ORDER) {
    throw new RangeError(`filter order must be an integer in ${MIN_FILTER_ORDER}..${MAX_FILTER_ORDER}, got ${order}`);
  }
  const isBand = btype === 'bandpass' || btype === 'bandstop';
  const cutoffs = describeCutoffs(design.cutoff);
  if (isBand && cutoffs.length !== 2) throw new RangeError(`${btype} needs two cutoffs [low, high]`);
  if (!isBand && cutoffs.length !== 1) throw new RangeError(`${btype} needs a single cutoff`);
  if (sampleRateHz !== undefined && !(Number.isFinite(sampleRateHz) && sampleRateHz > 0)) {
    throw new RangeError(`sampleRateHz must be a positive finite number, got ${sampleRateHz}`);
  }
  // Normalise to a fraction of Nyquist (scipy: Wn = Wn / (fs/2)).
  const wn = sampleRateHz === undefined ? cutoffs : cutoffs.map((c) => c / (sampleRateHz / 2));
  const unit = sampleRateHz === undefined ? '' : ' Hz';
  const limit = sampleRateHz === undefined ? '1 (Nyquist)' : `the Nyquist frequency ${sampleRateHz / 2} Hz`;
  cutoffs.forEach((c, i) => {
    if (!Number.isFinite(c) || !(wn[i] > 0) || !(wn[i] < 1)) {
      throw new RangeError(`cutoff ${c}${unit} must be > 0 and < ${limit}`);
    }
  });
  if (isBand && !(wn[0] < wn[1])) throw new RangeError(`band cutoffs must satisfy low < high, got [${cutoffs.join(', ')}]`);

  let zpk: Zpk = prototype.kind === 'butter' ? buttap(order) : cheb1ap(order, prototype.rippleDb);
  // Pre-warp for the bilinear transform, at scipy's internal fs = 2.
  const fs = 2.0;
  const warped = wn.map((w) => 2 * fs * Math.tan((Math.PI * w) / fs));
  switch (btype) {
    case 'lowpass':
      zpk = lp2lpZpk(zpk, warped[0]);
      break;
    case 'highpass':
      zpk = lp2hpZpk(zpk, warped[0]);
      break;
    case 'bandpass':
      zpk = lp2bpZpk(zpk, Math.sqrt(warped[0] * warped[1]), warped[1] - warped[0]);
      break;
    case 'bandstop':
      zpk = lp2bsZpk(zpk, Math.sqrt(warped[0] * warped[1]), warped[1] - warped[0]);
      break;
    default: {
      const never: never = btype;
      throw new RangeError(`unknown band type ${String(never)}`);
    }
  }
  return zpk2sos(bilinearZpk(zpk, fs));
}
