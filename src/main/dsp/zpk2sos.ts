/**
 * Zeros/poles/gain to second-order sections: a port of scipy.signal.zpk2sos with pairing
 * 'nearest' (digital). Sections are ordered so that the poles closest to the unit circle come last
 * and each pole pair is matched with its nearest zeros, which minimises round-off in the cascade.
 * Kept step for step like scipy's so the sections match scipy's, not just the overall response.
 */
import { cabs, cconj, cmul, cneg, complex, isReal, type Complex } from './complex';
import type { Zpk } from './prototypes';
import type { SecondOrderSections } from './sos';

const EPS = 2.220446049250313e-16;

/** numpy.poly: coefficients (highest power first) of the monic polynomial with these roots. */
export function polyFromRoots(roots: readonly Complex[]): Complex[] {
  let a: Complex[] = [complex(1, 0)];
  for (const r of roots) {
    const minusR = cneg(r);
    const next: Complex[] = [];
    for (let i = 0; i <= a.length; i++) {
      const fromOne = i < a.length ? a[i] : complex(0, 0);
      const fromR = i > 0 ? cmul(a[i - 1], minusR) : complex(0, 0);
      next.push(complex(fromOne.re + fromR.re, fromOne.im + fromR.im));
    }
    a = next;
  }
  return a;
}

/**
 * scipy's _cplxreal: split into complex values with positive imaginary part (one per conjugate
 * pair, averaged with its partner) and real values, each sorted by real part.
 */
export function cplxreal(values: readonly Complex[]): { zc: Complex[]; zr: number[] } {
  if (values.length === 0) return { zc: [], zr: [] };
  const tol = 100 * EPS;
  // Sort by real part, then |imag| (Array.prototype.sort is stable, like numpy.lexsort).
  const z = [...values].sort((a, b) => a.re - b.re || Math.abs(a.im) - Math.abs(b.im));
  const realMask = z.map((v) => Math.abs(v.im) <= tol * cabs(v));
  const zr = z.filter((_, i) => realMask[i]).map((v) => v.re);
  if (zr.length === z.length) return { zc: [], zr };
  const rest = z.filter((_, i) => !realMask[i]);
  const zp = rest.filter((v) => v.im > 0);
  const zn = rest.filter((v) => v.im < 0);
  if (zp.length !== zn.length) throw new RangeError('cplxreal: complex value with no matching conjugate');
  // Within runs of (nearly) equal real part, sort by |imag| so conjugates line up.
  let start = 0;
  while (start < zp.length) {
    let stop = start + 1;
    while (stop < zp.length && zp[stop].re - zp[stop - 1].re <= tol * cabs(zp[stop - 1])) stop++;
    if (stop - start > 1) {
      const byImag = (a: Complex, b: Complex): number => Math.abs(a.im) - Math.abs(b.im);
      zp.splice(start, stop - start, ...zp.slice(start, stop).sort(byImag));
      zn.splice(start, stop - start, ...zn.slice(start, stop).sort(byImag));
    }
    start = stop;
  }
  for (let i = 0; i < zp.length; i++) {
    if (cabs(complex(zp[i].re - zn[i].re, zp[i].im + zn[i].im)) > tol * cabs(zn[i])) {
      throw new RangeError('cplxreal: complex value with no matching conjugate');
    }
  }
  // Average out numerical inaccuracy in real vs imaginary parts of pairs.
  const zc = zp.map((v, i) => complex((v.re + zn[i].re) / 2, (v.im - zn[i].im) / 2));
  return { zc, zr };
}

/** Index of the pole closest to the unit circle (first one on ties, like numpy.argmin). */
function idxWorst(p: readonly Complex[]): number {
  let best = 0;
  let bestVal = Infinity;
  for (let i = 0; i < p.length; i++) {
    const v = Math.abs(1 - cabs(p[i]));
    if (v < bestVal) {
      bestVal = v;
      best = i;
    }
  }
  return best;
}

/** scipy's _nearest_real_complex_idx: nearest value to `to`, optionally only real or complex. */
function nearestIdx(fro: readonly Complex[], to: Complex, which: 'real' | 'complex' | 'any'): number {
  const order = fro.map((_, i) => i);
  const dist = fro.map((v) => cabs(complex(v.re - to.re, v.im - to.im)));
  order.sort((a, b) => dist[a] - dist[b]);
  if (which === 'any') return order[0];
  const found = order.find((i) => (which === 'real') === isReal(fro[i]));
  if (found === undefined) throw new RangeError(`zpk2sos: no ${which} zero left to pair`);
  return found;
}

/** One section [b0 b1 b2 1 a1 a2] from up to two zeros and two poles, gain 1. */
function singleSection(z: readonly Complex[], p: readonly Complex[]): number[] {
  const row = [0, 0, 0, 0, 0, 0];
  const b = polyFromRoots(z).map((c) => c.re);
  const a = polyFromRoots(p).map((c) => c.re);
  for (let i = 0; i < b.length; i++) row[3 - b.length + i] = b[i];
  for (let i = 0; i < a.length; i++) row[6 - a.length + i] = a[i];
  return row;
}

function takeAt<T>(list: T[], idx: number): T {
  return list.splice(idx, 1)[0];
}

/** Digital zpk to sections with scipy's default pairing 'nearest'. */
export function zpk2sos(zpk: Zpk): SecondOrderSections {
  let z: Complex[] = [...zpk.z];
  let p: Complex[] = [...zpk.p];
  const k = zpk.k;
  if (z.length === 0 && p.length === 0) {
    return { nSections: 1, coefficients: Float64Array.of(k, 0, 0, 1, 0, 0) };
  }
  // Same number of poles and zeros (extra ones at the origin), and an even count for 'nearest'.
  while (p.length < z.length) p.push(complex(0, 0));
  while (z.length < p.length) z.push(complex(0, 0));
  const nSections = (Math.max(p.length, z.length) + 1) >> 1;
  if (p.length % 2 === 1) {
    p.push(complex(0, 0));
    z.push(complex(0, 0));
  }
  const zs = cplxreal(z);
  z = [...zs.zc, ...zs.zr.map((v) => complex(v, 0))];
  const ps = cplxreal(p);
  p = [...ps.zc, ...ps.zr.map((v) => complex(v, 0))];

  const rows: number[][] = new Array(nSections);
  // Fill from the last section backwards so the "worst" poles (nearest |z| = 1) end up last.
  for (let si = nSections - 1; si >= 0; si--) {
    const p1 = takeAt(p, idxWorst(p));
    const realPolesLeft = p.filter(isReal).length;
    if (isReal(p1) && realPolesLeft === 0) {
      // Special case 1: the last remaining real pole pairs with the nearest real zero.
      const z1 = takeAt(z, nearestIdx(z, p1, 'real'));
      rows[si] = singleSection([z1, complex(0, 0)], [p1, complex(0, 0)]);
    } else if (p.length + 1 === z.length && !isReal(p1) && realPolesLeft === 1 && z.filter(isReal).length === 1) {
      // Special case 2: one real pole and one real zero left, equal counts: take a complex zero.
      const z1 = takeAt(z, nearestIdx(z, p1, 'complex'));
      rows[si] = singleSection([z1, cconj(z1)], [p1, cconj(p1)]);
    } else {
      let p2: Complex;
      if (isReal(p1)) {
        const realIdx = p.map((v, i) => (isReal(v) ? i : -1)).filter((i) => i >= 0);
        p2 = takeAt(p, realIdx[idxWorst(realIdx.map((i) => p[i]))]);
      } else {
        p2 = cconj(p1);
      }
      if (z.length > 0) {
        const z1 = takeAt(z, nearestIdx(z, p1, 'any'));
        if (!isReal(z1)) {
          rows[si] = singleSection([z1, cconj(z1)], [p1, p2]);
        } else if (z.length > 0) {
          const z2 = takeAt(z, nearestIdx(z, p1, 'real'));
          rows[si] = singleSection([z1, z2], [p1, p2]);
        } else {
          rows[si] = singleSection([z1], [p1, p2]);
        }
      } else {
        rows[si] = singleSection([], [p1, p2]);
      }
    }
  }
  const coefficients = new Float64Array(nSections * 6);
  rows.forEach((row, s) => coefficients.set(row, 6 * s));
  // The overall gain goes into the first section's numerator.
  coefficients[0] *= k;
  coefficients[1] *= k;
  coefficients[2] *= k;
  return { nSections, coefficients };
}
