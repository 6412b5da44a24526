/**
 * Analog low-pass prototypes (cutoff 1 rad/s) as zeros, poles and gain: ports of scipy.signal's
 * buttap and cheb1ap, written the same way so designed filters match scipy's bit for bit or nearly.
 */
import { cneg, cprod, type Complex } from './complex';

export interface Zpk {
  readonly z: Complex[];
  readonly p: Complex[];
  readonly k: number;
}

/** m = -N+1, -N+3, ..., N-1: the pole angles of both prototypes. */
function poleIndices(order: number): number[] {
  const m: number[] = [];
  for (let v = -order + 1; v < order; v += 2) m.push(v);
  return m;
}

/** Butterworth: N poles evenly spaced on the left half of the unit circle, no zeros, unit gain. */
export function buttap(order: number): Zpk {
  // p = -exp(i*pi*m/(2N)); m = 0 (odd N) gives an exactly real pole, as in scipy.
  const p = poleIndices(order).map((m) => {
    const theta = (Math.PI * m) / (2 * order);
    return cneg({ re: Math.cos(theta), im: Math.sin(theta) });
  });
  return { z: [], p, k: 1 };
}

/** Chebyshev type I with `rippleDb` of pass-band ripple: poles on an ellipse. */
export function cheb1ap(order: number, rippleDb: number): Zpk {
  if (order === 0) return { z: [], p: [], k: 10 ** (-rippleDb / 20) };
  const eps = Math.sqrt(10 ** (0.1 * rippleDb) - 1.0);
  const mu = (1.0 / order) * Math.asinh(1 / eps);
  // p = -sinh(mu + i*theta) = -(sinh(mu)cos(theta) + i cosh(mu)sin(theta))
  const p = poleIndices(order).map((m) => {
    const theta = (Math.PI * m) / (2 * order);
    return cneg({ re: Math.sinh(mu) * Math.cos(theta), im: Math.cosh(mu) * Math.sin(theta) });
  });
  let k = cprod(p.map(cneg)).re;
  // Even orders have a DC gain of -rippleDb: scale so the pass band ripples below 0 dB.
  if (order % 2 === 0) k = k / Math.sqrt(1 + eps * eps);
  return { z: [], p, k };
}
