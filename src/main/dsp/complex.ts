/**
 * The few complex-number operations the filter designers need (poles and zeros of a handful of
 * sections: clarity over speed). Division and square root follow numpy's algorithms (Smith's
 * division, principal-branch sqrt) so designed filters match scipy's to the last bits.
 */
export interface Complex {
  readonly re: number;
  readonly im: number;
}

export function complex(re: number, im = 0): Complex {
  return { re, im };
}

export function cadd(a: Complex, b: Complex): Complex {
  return { re: a.re + b.re, im: a.im + b.im };
}

export function csub(a: Complex, b: Complex): Complex {
  return { re: a.re - b.re, im: a.im - b.im };
}

export function cmul(a: Complex, b: Complex): Complex {
  return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
}

export function cscale(a: Complex, s: number): Complex {
  return { re: a.re * s, im: a.im * s };
}

export function cneg(a: Complex): Complex {
  return { re: -a.re, im: -a.im };
}

export function cconj(a: Complex): Complex {
  return { re: a.re, im: -a.im };
}

/** Smith's algorithm, as numpy's complex division: avoids overflow of |b|^2. */
export function cdiv(a: Complex, b: Complex): Complex {
  const absBr = Math.abs(b.re);
  const absBi = Math.abs(b.im);
  if (absBr >= absBi) {
    if (absBr === 0 && absBi === 0) return { re: a.re / absBr, im: a.im / absBi };
    const rat = b.im / b.re;
    const scl = 1.0 / (b.re + b.im * rat);
    return { re: (a.re + a.im * rat) * scl, im: (a.im - a.re * rat) * scl };
  }
  const rat = b.re / b.im;
  const scl = 1.0 / (b.im + b.re * rat);
  return { re: (a.re * rat + a.im) * scl, im: (a.im * rat - a.re) * scl };
}

export function cabs(a: Complex): number {
  return Math.hypot(a.re, a.im);
}

/** Principal square root (branch cut on the negative real axis, sign of im kept as C99 csqrt). */
export function csqrt(a: Complex): Complex {
  const { re, im } = a;
  if (re === 0 && im === 0) return { re: 0, im };
  const t = Math.sqrt((Math.abs(re) + Math.hypot(re, im)) / 2);
  if (re >= 0) return { re: t, im: im / (2 * t) };
  return { re: Math.abs(im) / (2 * t), im: im < 0 || Object.is(im, -0) ? -t : t };
}

/** True when the imaginary part is exactly zero, like numpy.isreal. */
export function isReal(a: Complex): boolean {
  return a.im === 0;
}

/** Product of a list, multiplied left to right like numpy.prod; 1 for an empty list. */
export function cprod(values: readonly Complex[]): Complex {
  let acc: Complex = { re: 1, im: 0 };
  for (const v of values) acc = cmul(acc, v);
  return acc;
}
