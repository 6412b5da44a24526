/**
 * Frequency transforms of an analog low-pass prototype (to low-, high-, band-pass, band-stop) and
 * the bilinear transform to the z-plane: ports of scipy.signal's lp2*_zpk and bilinear_zpk, on
 * zeros/poles/gain so no polynomial is ever formed (that is what keeps high orders accurate).
 */
import { cadd, cdiv, cmul, cneg, complex, cprod, cscale, csqrt, csub, type Complex } from './complex';
import type { Zpk } from './prototypes';

function relativeDegree(zpk: Zpk): number {
  const degree = zpk.p.length - zpk.z.length;
  if (degree < 0) throw new RangeError('improper transfer function: more zeros than poles');
  return degree;
}

const zeroC = complex(0, 0);

/** Scale the cutoff from 1 rad/s to `wo` rad/s. */
export function lp2lpZpk(zpk: Zpk, wo: number): Zpk {
  const degree = relativeDegree(zpk);
  return {
    z: zpk.z.map((v) => cscale(v, wo)),
    p: zpk.p.map((v) => cscale(v, wo)),
    // Each shifted pole divides the gain by wo, each zero multiplies it: compensate.
    k: zpk.k * wo ** degree,
  };
}

/** Low-pass to high-pass at `wo`: invert about the unit circle; zeros at infinity go to 0. */
export function lp2hpZpk(zpk: Zpk, wo: number): Zpk {
  const degree = relativeDegree(zpk);
  const w = complex(wo, 0);
  const z = zpk.z.map((v) => cdiv(w, v));
  for (let i = 0; i < degree; i++) z.push(zeroC);
  const p = zpk.p.map((v) => cdiv(w, v));
  const k = zpk.k * cdiv(cprod(zpk.z.map(cneg)), cprod(zpk.p.map(cneg))).re;
  return { z, p, k };
}

/** Shift each point s to the two roots of s^2 - 2*s*s0 + wo^2 (the band transform's quadratic). */
function splitAroundWo(points: readonly Complex[], scale: number, wo: number, invert: boolean): Complex[] {
  const lp = points.map((v) => (invert ? cdiv(complex(scale, 0), v) : cscale(v, scale)));
  const root = lp.map((v) => csqrt(csub(cmul(v, v), complex(wo * wo, 0))));
  return [...lp.map((v, i) => cadd(v, root[i])), ...lp.map((v, i) => csub(v, root[i]))];
}

/** Low-pass to band-pass centred at `wo` (geometric centre) with bandwidth `bw`, both rad/s. */
export function lp2bpZpk(zpk: Zpk, wo: number, bw: number): Zpk {
  const degree = relativeDegree(zpk);
  const z = splitAroundWo(zpk.z, bw / 2, wo, false);
  const p = splitAroundWo(zpk.p, bw / 2, wo, false);
  // Half the zeros at infinity move to the origin, the rest stay at infinity.
  for (let i = 0; i < degree; i++) z.push(zeroC);
  return { z, p, k: zpk.k * bw ** degree };
}

/** Low-pass to band-stop centred at `wo` with bandwidth `bw`, both rad/s. */
export function lp2bsZpk(zpk: Zpk, wo: number, bw: number): Zpk {
  const degree = relativeDegree(zpk);
  const z = splitAroundWo(zpk.z, bw / 2, wo, true);
  const p = splitAroundWo(zpk.p, bw / 2, wo, true);
  // Zeros at infinity move to the centre of the stop band, +-j*wo.
  for (let i = 0; i < degree; i++) z.push(complex(0, wo));
  for (let i = 0; i < degree; i++) z.push(complex(0, -wo));
  const k = zpk.k * cdiv(cprod(zpk.z.map(cneg)), cprod(zpk.p.map(cneg))).re;
  return { z, p, k };
}

/** Bilinear transform s -> 2*fs*(z-1)/(z+1); zeros at infinity land at Nyquist (z = -1). */
export function bilinearZpk(zpk: Zpk, fs: number): Zpk {
  const degree = relativeDegree(zpk);
  const fs2 = complex(2.0 * fs, 0);
  const z = zpk.z.map((v) => cdiv(cadd(fs2, v), csub(fs2, v)));
  for (let i = 0; i < degree; i++) z.push(complex(-1, 0));
  const p = zpk.p.map((v) => cdiv(cadd(fs2, v), csub(fs2, v)));
  const k = zpk.k * cdiv(cprod(zpk.z.map((v) => csub(fs2, v))), cprod(zpk.p.map((v) => csub(fs2, v)))).re;
  return { z, p, k };
}
