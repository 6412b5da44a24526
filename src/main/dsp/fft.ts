/**
 * Real FFT: the one FFT of Foreseis (DESIGN.md: "one FFT ... used by training, analysis and figures
 * alike"). Backed by fft.js (indutny, radix-4, power-of-two sizes).
 *
 * Contract (stable; callers rely on it):
 *   rfft(x) -> { re, im } of length floor(n/2)+1, unnormalized like numpy.fft.rfft.
 *   irfft(re, im, n) -> real signal of length n, normalized by 1/n like numpy.fft.irfft.
 */
import FFT from 'fft.js';

const plans = new Map<number, FFT>();

function plan(n: number): FFT {
  let p = plans.get(n);
  if (!p) {
    p = new FFT(n);
    plans.set(n, p);
  }
  return p;
}

export function isPowerOfTwo(n: number): boolean {
  return n >= 2 && (n & (n - 1)) === 0;
}

export function nextPowerOfTwo(n: number): number {
  let p = 2;
  while (p < n) p *= 2;
  return p;
}

export interface ComplexSpectrum {
  re: Float64Array;
  im: Float64Array;
}

export function rfft(x: ArrayLike<number>): ComplexSpectrum {
  const n = x.length;
  if (!isPowerOfTwo(n)) throw new RangeError(`rfft: length ${n} is not a power of two`);
  const p = plan(n);
  const input = x instanceof Float64Array ? x : Float64Array.from(x);
  const out = new Float64Array(2 * n);
  p.realTransform(out, input);
  const m = n / 2 + 1;
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    re[k] = out[2 * k];
    im[k] = out[2 * k + 1];
  }
  return { re, im };
}

export function irfft(re: Float64Array, im: Float64Array, n: number): Float64Array {
  if (!isPowerOfTwo(n)) throw new RangeError(`irfft: length ${n} is not a power of two`);
  const m = n / 2 + 1;
  if (re.length !== m || im.length !== m) throw new RangeError(`irfft: spectrum must have ${m} bins`);
  const p = plan(n);
  const full = new Float64Array(2 * n);
  for (let k = 0; k < m; k++) {
    full[2 * k] = re[k];
    full[2 * k + 1] = im[k];
  }
  // Hermitian completion for the negative frequencies.
  for (let k = m; k < n; k++) {
    full[2 * k] = re[n - k];
    full[2 * k + 1] = -im[n - k];
  }
  const out = new Float64Array(2 * n);
  p.inverseTransform(out, full);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = out[2 * i]; // fft.js inverseTransform already divides by n
  return y;
}
