/**
 * Savitzky-Golay smoothing (and differentiation), like
 * `scipy.signal.savgol_filter(x, windowLength, polyorder, deriv, delta, mode=..., cval=...)`:
 * each output is the value (or derivative) at the window centre of the least-squares polynomial of
 * degree `polyorder` fitted to the `windowLength` samples around it.
 *
 * Coefficients come from a Householder QR of the (scaled) Vandermonde matrix rather than the
 * normal equations, whose condition number explodes for long windows and high orders.
 */
import { assertFinite } from './finite';

export type SavgolMode = 'interp' | 'nearest' | 'mirror' | 'constant' | 'wrap';

export interface SavgolOptions {
  /** Derivative order (0 = smoothing). Above polyorder the result is all zeros, as in scipy. */
  deriv?: number;
  /** Sample spacing (e.g. 1 / sampleRateHz) for derivatives; default 1. */
  delta?: number;
  /**
   * Edge handling: 'interp' (default) fits a polynomial to the first/last window and evaluates it
   * at the edge samples; the others extend the signal as scipy.ndimage does ('mirror' reflects
   * about the end samples, 'nearest' repeats them, 'wrap' is periodic, 'constant' pads `cval`).
   */
  mode?: SavgolMode;
  cval?: number;
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/**
 * Weights w (length windowLength) such that sum_j w[j] * x[j] is the `deriv`-th derivative, at
 * window position `pos`, of the degree-`polyorder` least-squares fit to x[0..windowLength-1]
 * (scipy's savgol_coeffs(..., pos=pos, use='dot')).
 */
export function savgolWeights(windowLength: number, polyorder: number, deriv = 0, delta = 1, pos = (windowLength - 1) / 2): Float64Array {
  const m = windowLength;
  const p1 = polyorder + 1;
  const w = new Float64Array(m);
  if (deriv > polyorder) return w;
  // Scale abscissae into [-1, 1]: A = D * As with D = diag(s^k), so the right-hand side scales by 1/s^deriv.
  const s = Math.max(pos, m - 1 - pos, 1);
  // Q R factorisation of B = As^T (m x p1), B[j][k] = ((j - pos) / s)^k, by Householder reflections.
  const b = new Float64Array(m * p1);
  for (let j = 0; j < m; j++) {
    const t = (j - pos) / s;
    let v = 1;
    for (let k = 0; k < p1; k++) {
      b[j * p1 + k] = v;
      v *= t;
    }
  }
  const vs: Float64Array[] = [];
  const rdiag = new Float64Array(p1);
  for (let k = 0; k < p1; k++) {
    let norm = 0;
    for (let j = k; j < m; j++) norm += b[j * p1 + k] ** 2;
    norm = Math.sqrt(norm);
    const alpha = b[k * p1 + k] > 0 ? -norm : norm;
    const v = new Float64Array(m);
    for (let j = k; j < m; j++) v[j] = b[j * p1 + k];
    v[k] -= alpha;
    let vnorm2 = 0;
    for (let j = k; j < m; j++) vnorm2 += v[j] * v[j];
    if (vnorm2 > 0) {
      for (let c = k; c < p1; c++) {
        let dot = 0;
        for (let j = k; j < m; j++) dot += v[j] * b[j * p1 + c];
        const f = (2 * dot) / vnorm2;
        for (let j = k; j < m; j++) b[j * p1 + c] -= f * v[j];
      }
    }
    rdiag[k] = b[k * p1 + k];
    vs.push(v);
  }
  // Minimum-norm solution of As c = y: c = Q u with R^T u = y, y = e_deriv * deriv! / (delta^deriv s^deriv).
  const y = new Float64Array(p1);
  y[deriv] = factorial(deriv) / (delta ** deriv * s ** deriv);
  const u = new Float64Array(m);
  for (let k = 0; k < p1; k++) {
    let acc = y[k];
    for (let i = 0; i < k; i++) acc -= b[i * p1 + k] * u[i];
    u[k] = acc / rdiag[k];
  }
  // Q = H_0 H_1 ... H_{p1-1}; apply in reverse to u.
  for (let k = p1 - 1; k >= 0; k--) {
    const v = vs[k];
    let vnorm2 = 0;
    let dot = 0;
    for (let j = k; j < m; j++) {
      vnorm2 += v[j] * v[j];
      dot += v[j] * u[j];
    }
    if (vnorm2 > 0) {
      const f = (2 * dot) / vnorm2;
      for (let j = k; j < m; j++) u[j] -= f * v[j];
    }
  }
  w.set(u);
  return w;
}

interface SavgolKernel {
  centre: Float64Array;
  /** interp mode: weights for output positions 0..half-1 (left) and n-half..n-1 (right). */
  left: Float64Array[];
  right: Float64Array[];
}

const kernels = new Map<string, SavgolKernel>();

function kernel(windowLength: number, polyorder: number, deriv: number, delta: number): SavgolKernel {
  const key = `${windowLength}/${polyorder}/${deriv}/${delta}`;
  let k = kernels.get(key);
  if (!k) {
    const half = (windowLength - 1) / 2;
    const left: Float64Array[] = [];
    const right: Float64Array[] = [];
    for (let i = 0; i < half; i++) {
      left.push(savgolWeights(windowLength, polyorder, deriv, delta, i));
      right.push(savgolWeights(windowLength, polyorder, deriv, delta, half + 1 + i));
    }
    k = { centre: savgolWeights(windowLength, polyorder, deriv, delta, half), left, right };
    if (kernels.size > 64) kernels.clear();
    kernels.set(key, k);
  }
  return k;
}

/** Map an out-of-range index to the sample scipy.ndimage's extension modes would read. */
function extendedIndex(i: number, n: number, mode: Exclude<SavgolMode, 'interp' | 'constant'>): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'nearest':
      return i < 0 ? 0 : n - 1;
    case 'wrap':
      return ((i % n) + n) % n;
    case 'mirror': {
      if (n === 1) return 0;
      const period = 2 * (n - 1);
      const r = ((i % period) + period) % period;
      return r < n ? r : period - r;
    }
  }
}

/**
 * Smooth `x` (or differentiate it). `windowLength` must be odd and > polyorder; in 'interp' mode
 * it must also be <= x.length (scipy's rule). Throws RangeError on bad arguments, empty input and
 * NaN/Infinity (naming the index). Returns a new Float64Array.
 */
export function savgolFilter(x: ArrayLike<number>, windowLength: number, polyorder: number, options: SavgolOptions = {}): Float64Array {
  const deriv = options.deriv ?? 0;
  const delta = options.delta ?? 1;
  const mode = options.mode ?? 'interp';
  const cval = options.cval ?? 0;
  const n = x.length;
  if (!Number.isInteger(windowLength) || windowLength < 1 || windowLength % 2 === 0) {
    throw new RangeError(`savgolFilter: windowLength must be a positive odd integer, got ${windowLength}`);
  }
  if (!Number.isInteger(polyorder) || polyorder < 0 || polyorder >= windowLength) {
    throw new RangeError(`savgolFilter: polyorder must be an integer in 0..windowLength-1, got ${polyorder}`);
  }
  if (!Number.isInteger(deriv) || deriv < 0) throw new RangeError(`savgolFilter: deriv must be a non-negative integer, got ${deriv}`);
  if (!(Number.isFinite(delta) && delta > 0)) throw new RangeError(`savgolFilter: delta must be positive, got ${delta}`);
  if (!['interp', 'nearest', 'mirror', 'constant', 'wrap'].includes(mode)) {
    throw new RangeError(`savgolFilter: unknown mode '${String(mode)}'`);
  }
  if (n === 0) throw new RangeError('savgolFilter: empty input');
  if (mode === 'interp' && windowLength > n) {
    throw new RangeError(`savgolFilter: in 'interp' mode windowLength (${windowLength}) must be <= the signal length (${n})`);
  }
  // One concrete array type for the hot loops (a Float32Array or plain array would make every
  // load polymorphic); the copy is cheap next to the windowLength multiplies per sample.
  const xs = x instanceof Float64Array ? x : Float64Array.from(x);
  assertFinite(xs, 'savgolFilter');

  const { centre, left, right } = kernel(windowLength, polyorder, deriv, delta);
  const half = (windowLength - 1) / 2;
  const y = new Float64Array(n);
  if (mode === 'interp') {
    convolveValid(xs, centre, y, half, n - half);
    for (let i = 0; i < half; i++) {
      y[i] = dot(left[i], xs, 0);
      y[n - half + i] = dot(right[i], xs, n - windowLength);
    }
    return y;
  }
  // Extend by `half` samples on each side, then a plain sliding dot product.
  const ext = new Float64Array(n + 2 * half);
  for (let i = -half; i < n + half; i++) {
    ext[i + half] = i >= 0 && i < n ? xs[i] : mode === 'constant' ? cval : xs[extendedIndex(i, n, mode)];
  }
  convolveValid(ext, centre, y, 0, n, half);
  return y;
}

/**
 * y[i] = sum_j w[j] * x[i - half + j + shift] for i in [from, to), half = (w.length - 1) / 2.
 * Four outputs per pass: four independent sums hide the floating-point add latency that a single
 * running sum would wait on at every tap, and each weight is loaded once for all four.
 */
function convolveValid(x: Float64Array, w: Float64Array, y: Float64Array, from: number, to: number, shift = 0): void {
  const m = w.length;
  const half = (m - 1) / 2;
  let i = from;
  for (; i + 3 < to; i += 4) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    const base = i - half + shift;
    let x0 = x[base], x1 = x[base + 1], x2 = x[base + 2];
    for (let j = 0; j < m; j++) {
      const x3 = x[base + j + 3];
      const wj = w[j];
      a0 += wj * x0;
      a1 += wj * x1;
      a2 += wj * x2;
      a3 += wj * x3;
      x0 = x1;
      x1 = x2;
      x2 = x3;
    }
    y[i] = a0;
    y[i + 1] = a1;
    y[i + 2] = a2;
    y[i + 3] = a3;
  }
  for (; i < to; i++) {
    let acc = 0;
    const base = i - half + shift;
    for (let j = 0; j < m; j++) acc += w[j] * x[base + j];
    y[i] = acc;
  }
}

function dot(w: Float64Array, x: Float64Array, offset: number): number {
  let acc = 0;
  for (let j = 0; j < w.length; j++) acc += w[j] * x[offset + j];
  return acc;
}
