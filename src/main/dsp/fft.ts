/**
 * Real FFT: the one FFT of Foreseis (DESIGN.md: "one FFT ... used by training, analysis and figures
 * alike"), for ANY length, in float64.
 *
 * Contract (stable; callers rely on it):
 *   rfft(x) -> { re, im } of length floor(n/2)+1, unnormalized like numpy.fft.rfft.
 *   irfft(re, im, n) -> real signal of length n, normalized by 1/n like numpy.fft.irfft.
 * Hot loops should hold a plan (`realFftPlan(n)`) and reuse their output buffers.
 *
 * Backend: fft.js (indutny; radix-4, float64, power-of-two sizes, works unchanged in Node, workers
 * and the browser). Measured here against the alternatives on npm (3996 real transforms of 16384
 * samples, 2-core EPYC): fft.js realTransform ~1.15 s; fourier-transform 2.5 ~1.8 s;
 * @echogarden/pffft-wasm (SIMD) ~0.58 s but float32 only, sizes multiple of 32 and an async
 * WebAssembly start-up; kissfft-wasm / kissfft-js / webfft: float32. A hand-written radix-4 in
 * plain JS ran at fft.js's speed (and at gcc -O2 scalar C's), so there is nothing to gain by
 * writing our own: fft.js stays.
 *
 * Against numpy (pocketfft, vectorized C) fft.js is ~2x slower on this machine: the gap is SIMD,
 * which plain JavaScript cannot use; bench/dsp.ts reports the ratio.
 *
 * What we add on top of it, because no maintained float64 mixed-radix FFT exists on npm:
 *   - other lengths by Bluestein's chirp-z algorithm, which turns a length-m DFT into a circular
 *     convolution done with power-of-two fft.js transforms (spectrogram windows are 1000 samples);
 *   - even lengths through a complex FFT of half the length plus the standard split step, so a
 *     1000-sample window costs a 500-point transform instead of a 1000-point one;
 *   - amplitudePair: two real windows in one complex FFT, for batches of power-of-two windows.
 *
 * The float32 batch engine (Float32AmplitudePlan, end of this file). The one place the DSP core
 * does NOT use fft.js: amplitude spectra of many float32 windows (amplitudeSpectra in
 * spectrum.ts), the 3996 x 16384 sweep of the benchmark issue, where fft.js is ~2x numpy and
 * the target is <= 1.5x. The windows are float32 already (standardized windows are stored as
 * Float32Array), so a float32 transform adds only float32 rounding (measured: max |err| /
 * max |ref| ~2e-7 at n = 16384, tested <= 1e-5 in test/unit/dsp/fft32.test.ts). Engine: PFFFT
 * (J. Pommier; FFTPACK-derived, BSD-style FFTPACK licence, a widely used C library) built for
 * WebAssembly SIMD by @echogarden/pffft-wasm (BSD-3-Clause; no dependencies; Node, workers and
 * browsers). Measured on the 2-core EPYC, same sweep, one thread: PFFFT-wasm SIMD ~0.50 s,
 * numpy float64 ~0.6 s (float32 ~0.75 s), fft.js ~1.3 s; scalar C and kissfft-wasm/webfft were
 * slower than PFFFT SIMD, and the other npm FFTs (fourier-transform, ml-fft, ndarray-fft,
 * @thi.ng/dsp) are plain JavaScript like fft.js. Limits that shape the API:
 *   - WebAssembly start-up is asynchronous, so the engine is off until `await initFastFft()` (the
 *     batch entry point calls it once); until then, and wherever WebAssembly is unavailable (the
 *     renderer's CSP has no 'wasm-unsafe-eval'), everything runs on fft.js;
 *   - lengths must be multiples of 32 made of factors 2, 3 and 5; other lengths use fft.js;
 *   - rfft/irfft/spectrogram/psd and single spectra stay on the exact float64 path above.
 */
import FFT from 'fft.js';
import { describeNonFinite } from './finite';

export interface ComplexSpectrum {
  re: Float64Array;
  im: Float64Array;
}

export function isPowerOfTwo(n: number): boolean {
  return n >= 2 && (n & (n - 1)) === 0;
}

export function nextPowerOfTwo(n: number): number {
  let p = 2;
  while (p < n) p *= 2;
  return p;
}

/** Interleaved [re0, im0, re1, im1, ...] work buffers; plain double arrays are what fft.js is fastest on. */
type Interleaved = number[];

function interleaved(n: number): Interleaved {
  return new Array<number>(2 * n).fill(0);
}

/** Forward complex DFT of length m (any m >= 1), on interleaved buffers. */
interface ComplexTransform {
  readonly size: number;
  /** out = DFT(input); both interleaved, length 2m; input is left unchanged. */
  forward(out: Interleaved, input: Interleaved): void;
}

class Pow2Transform implements ComplexTransform {
  private readonly fft: FFT;
  constructor(readonly size: number) {
    this.fft = new FFT(size);
  }
  forward(out: Interleaved, input: Interleaved): void {
    this.fft.transform(out, input);
  }
}

class TrivialTransform implements ComplexTransform {
  readonly size = 1;
  forward(out: Interleaved, input: Interleaved): void {
    out[0] = input[0];
    out[1] = input[1];
  }
}

/**
 * Bluestein: X[k] = w[k] * sum_j (x[j] w[j]) conj(w[k - j]) with w[j] = exp(-i pi j^2 / m), a
 * circular convolution of length M >= 2m - 1 (a power of two) done with fft.js.
 */
class BluesteinTransform implements ComplexTransform {
  private readonly big: FFT;
  private readonly bigSize: number;
  /** chirp w[j], interleaved. */
  private readonly chirp: Float64Array;
  /** FFT of the conjugate chirp, wrapped circularly, interleaved. */
  private readonly chirpSpectrum: Interleaved;
  private readonly a: Interleaved;
  private readonly aSpec: Interleaved;
  private readonly conv: Interleaved;

  constructor(readonly size: number) {
    const m = size;
    this.bigSize = nextPowerOfTwo(2 * m - 1);
    this.big = new FFT(this.bigSize);
    this.chirp = new Float64Array(2 * m);
    for (let j = 0; j < m; j++) {
      // j^2 mod 2m in exact integer arithmetic keeps the angle accurate for large j.
      const r = (j * j) % (2 * m);
      const angle = (Math.PI * r) / m;
      this.chirp[2 * j] = Math.cos(angle);
      this.chirp[2 * j + 1] = -Math.sin(angle);
    }
    const b = interleaved(this.bigSize);
    for (let j = 0; j < m; j++) {
      b[2 * j] = this.chirp[2 * j];
      b[2 * j + 1] = -this.chirp[2 * j + 1];
      if (j > 0) {
        b[2 * (this.bigSize - j)] = this.chirp[2 * j];
        b[2 * (this.bigSize - j) + 1] = -this.chirp[2 * j + 1];
      }
    }
    this.chirpSpectrum = interleaved(this.bigSize);
    this.big.transform(this.chirpSpectrum, b);
    this.a = interleaved(this.bigSize);
    this.aSpec = interleaved(this.bigSize);
    this.conv = interleaved(this.bigSize);
  }

  forward(out: Interleaved, input: Interleaved): void {
    const m = this.size;
    const w = this.chirp;
    const a = this.a;
    for (let j = 0; j < m; j++) {
      const xr = input[2 * j], xi = input[2 * j + 1];
      const wr = w[2 * j], wi = w[2 * j + 1];
      a[2 * j] = xr * wr - xi * wi;
      a[2 * j + 1] = xr * wi + xi * wr;
    }
    for (let j = 2 * m; j < 2 * this.bigSize; j++) a[j] = 0;
    this.big.transform(this.aSpec, a);
    const s = this.aSpec;
    const h = this.chirpSpectrum;
    for (let k = 0; k < this.bigSize; k++) {
      const sr = s[2 * k], si = s[2 * k + 1];
      const hr = h[2 * k], hi = h[2 * k + 1];
      s[2 * k] = sr * hr - si * hi;
      s[2 * k + 1] = sr * hi + si * hr;
    }
    this.big.inverseTransform(this.conv, s);
    const c = this.conv;
    for (let k = 0; k < m; k++) {
      const cr = c[2 * k], ci = c[2 * k + 1];
      const wr = w[2 * k], wi = w[2 * k + 1];
      out[2 * k] = cr * wr - ci * wi;
      out[2 * k + 1] = cr * wi + ci * wr;
    }
  }
}

function complexTransform(m: number): ComplexTransform {
  if (m === 1) return new TrivialTransform();
  if (isPowerOfTwo(m)) return new Pow2Transform(m);
  return new BluesteinTransform(m);
}

/**
 * A real FFT of one length, with its tables and work buffers. Not re-entrant (shared buffers), which
 * is fine in JavaScript's single thread; each worker has its own plans.
 */
export class RealFftPlan {
  /** Number of output bins, floor(n/2) + 1. */
  readonly bins: number;
  private readonly mode: 'pow2' | 'half' | 'full';
  private readonly pow2?: FFT;
  private readonly inner?: ComplexTransform;
  private readonly work: Interleaved;
  private readonly zbuf?: Interleaved;
  private readonly spec: Interleaved;
  /** exp(-2 pi i k / n), k < n/2, for the even-length split step. */
  private readonly twiddle?: Float64Array;

  constructor(readonly n: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`rfft: length must be a positive integer, got ${n}`);
    this.bins = Math.floor(n / 2) + 1;
    if (isPowerOfTwo(n) && n >= 4) {
      this.mode = 'pow2';
      this.pow2 = new FFT(n);
      this.work = [];
      this.spec = interleaved(n);
    } else if (n % 2 === 0) {
      this.mode = 'half';
      const h = n / 2;
      this.inner = complexTransform(h);
      this.work = interleaved(h);
      this.zbuf = interleaved(h);
      this.spec = interleaved(h + 1);
      this.twiddle = new Float64Array(2 * h);
      for (let k = 0; k < h; k++) {
        this.twiddle[2 * k] = Math.cos((2 * Math.PI * k) / n);
        this.twiddle[2 * k + 1] = -Math.sin((2 * Math.PI * k) / n);
      }
    } else {
      this.mode = 'full';
      this.inner = complexTransform(n);
      this.work = interleaved(n);
      this.spec = interleaved(n);
    }
  }

  /**
   * Transform `x` (length n) and leave the spectrum in the internal buffer as interleaved pairs,
   * bins 0..n/2 at [2k, 2k+1]. Returns that buffer (valid until the next call).
   */
  private transform(x: ArrayLike<number>): Interleaved {
    if (x.length !== this.n) throw new RangeError(`rfft plan for ${this.n} samples given ${x.length}`);
    const n = this.n;
    const spec = this.spec;
    if (this.mode === 'pow2') {
      this.pow2!.realTransform(spec, x);
      return spec;
    }
    const work = this.work;
    if (this.mode === 'full') {
      for (let j = 0; j < n; j++) {
        work[2 * j] = x[j];
        work[2 * j + 1] = 0;
      }
      this.inner!.forward(spec, work);
      return spec;
    }
    // Even n: z[j] = x[2j] + i x[2j+1] is exactly x read as interleaved complex of length n/2.
    const h = n / 2;
    for (let j = 0; j < n; j++) work[j] = x[j];
    const z = this.zbuf!;
    this.inner!.forward(z, work);
    // Split: X[k] = (Z[k] + conj Z[h-k]) / 2 - i/2 * w^k (Z[k] - conj Z[h-k]), w = exp(-2 pi i / n).
    const tw = this.twiddle!;
    const z0r = z[0], z0i = z[1];
    spec[0] = z0r + z0i;
    spec[1] = 0;
    for (let k = 1; k < h; k++) {
      const ar = z[2 * k], ai = z[2 * k + 1];
      const br = z[2 * (h - k)], bi = -z[2 * (h - k) + 1];
      const er = ar + br, ei = ai + bi;
      const dr = ar - br, di = ai - bi;
      const wr = tw[2 * k], wi = tw[2 * k + 1];
      // -i * (dr + i di) = di - i dr, then times w^k.
      const pr = di, pi = -dr;
      spec[2 * k] = 0.5 * (er + (wr * pr - wi * pi));
      spec[2 * k + 1] = 0.5 * (ei + (wr * pi + wi * pr));
    }
    spec[2 * h] = z0r - z0i;
    spec[2 * h + 1] = 0;
    return spec;
  }

  /** numpy.fft.rfft(x) into `re`/`im` (each of length `bins`). */
  forward(x: ArrayLike<number>, re: Float64Array, im: Float64Array): void {
    if (re.length !== this.bins || im.length !== this.bins) throw new RangeError(`rfft: re/im must have ${this.bins} bins`);
    const spec = this.transform(x);
    for (let k = 0; k < this.bins; k++) {
      re[k] = spec[2 * k];
      im[k] = spec[2 * k + 1];
    }
    // Real input: DC and (even n) Nyquist are real; fft.js may leave -0 or rounding there.
    im[0] = 0;
    if (this.n % 2 === 0) im[this.bins - 1] = 0;
  }

  private pairFft?: ComplexTransform;
  private pairIn?: Interleaved;
  private pairOut?: Interleaved;

  /**
   * |rfft(a)| into `outA` and |rfft(b)| into `outB` with ONE complex FFT of length n: a goes in
   * as the real part, b as the imaginary part, and the two spectra are separated by symmetry
   * (A[k] = (Z[k] + conj Z[n-k]) / 2, B[k] = (Z[k] - conj Z[n-k]) / 2i). For power-of-two n this
   * is ~20 % cheaper than two fft.js real transforms (measured: 3996 windows of 16384, 1.03 s vs
   * 1.30 s CPU); for other n, two `amplitude` calls are as fast, so use those.
   */
  amplitudePair(a: ArrayLike<number>, b: ArrayLike<number>, outA: Float64Array, outB: Float64Array): void {
    const n = this.n;
    if (a.length !== n || b.length !== n) throw new RangeError(`rfft plan for ${n} samples given ${a.length} and ${b.length}`);
    if (outA.length !== this.bins || outB.length !== this.bins) throw new RangeError(`amplitude: outputs must have ${this.bins} bins`);
    if (!this.pairFft) {
      this.pairFft = complexTransform(n);
      this.pairIn = interleaved(n);
      this.pairOut = interleaved(n);
    }
    const zin = this.pairIn!;
    const z = this.pairOut!;
    for (let j = 0; j < n; j++) {
      zin[2 * j] = a[j];
      zin[2 * j + 1] = b[j];
    }
    this.pairFft.forward(z, zin);
    let sum = Math.abs(z[0]) + Math.abs(z[1]);
    outA[0] = Math.abs(z[0]);
    outB[0] = Math.abs(z[1]);
    for (let k = 1; k < this.bins; k++) {
      const zr = z[2 * k], zi = z[2 * k + 1];
      const cr = z[2 * (n - k)], ci = -z[2 * (n - k) + 1];
      const ar = zr + cr, ai = zi + ci;
      const br = zr - cr, bi = zi - ci;
      const va = 0.5 * Math.sqrt(ar * ar + ai * ai);
      const vb = 0.5 * Math.sqrt(br * br + bi * bi);
      outA[k] = va;
      outB[k] = vb;
      sum += va + vb;
    }
    if (!Number.isFinite(sum)) {
      const bad = Array.prototype.some.call(a, (v: number) => !Number.isFinite(v)) ? a : b;
      throw new RangeError(`amplitude spectrum: ${describeNonFinite(bad)}`);
    }
  }

  /**
   * |rfft(x)| into `out` (length `bins`); returns `out`. Throws RangeError on non-finite input.
   */
  amplitude(x: ArrayLike<number>, out: Float64Array): Float64Array {
    if (out.length !== this.bins) throw new RangeError(`amplitude: out must have ${this.bins} bins`);
    const spec = this.transform(x);
    let sum = 0;
    for (let k = 0; k < this.bins; k++) {
      const r = spec[2 * k], i = spec[2 * k + 1];
      const a = Math.sqrt(r * r + i * i);
      out[k] = a;
      sum += a;
    }
    // Any NaN/Inf sample makes every bin non-finite: one check of the sum covers the input.
    if (!Number.isFinite(sum)) throw new RangeError(`amplitude spectrum: ${describeNonFinite(x)}`);
    return out;
  }
}

const realPlans = new Map<number, RealFftPlan>();

/** The cached plan for length n (tables are built once per length). */
export function realFftPlan(n: number): RealFftPlan {
  let p = realPlans.get(n);
  if (!p) {
    p = new RealFftPlan(n);
    realPlans.set(n, p);
  }
  return p;
}

/** numpy.fft.rfft(x): bins 0..floor(n/2), unnormalized. Any length n >= 1. */
export function rfft(x: ArrayLike<number>): ComplexSpectrum {
  if (x.length === 0) throw new RangeError('rfft: empty input');
  const plan = realFftPlan(x.length);
  const re = new Float64Array(plan.bins);
  const im = new Float64Array(plan.bins);
  plan.forward(x, re, im);
  return { re, im };
}

const inversePlans = new Map<number, ComplexTransform>();

/**
 * numpy.fft.irfft(re + i im, n): the real signal of length n whose rfft is the given half
 * spectrum (floor(n/2)+1 bins), normalized by 1/n. Imaginary parts of DC and (even n) Nyquist are
 * ignored, as numpy does. Any length n >= 1.
 */
export function irfft(re: Float64Array, im: Float64Array, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`irfft: length must be a positive integer, got ${n}`);
  const m = Math.floor(n / 2) + 1;
  if (re.length !== m || im.length !== m) throw new RangeError(`irfft: spectrum must have ${m} bins`);
  let t = inversePlans.get(n);
  if (!t) {
    t = complexTransform(n);
    inversePlans.set(n, t);
  }
  // ifft(X) = conj(fft(conj(X))) / n; only the real part is kept, so the outer conj is moot.
  const full = interleaved(n);
  for (let k = 0; k < m; k++) {
    full[2 * k] = re[k];
    full[2 * k + 1] = -im[k];
  }
  // Hermitian completion for the negative frequencies: X[n-k] = conj(X[k]).
  for (let k = m; k < n; k++) {
    full[2 * k] = re[n - k];
    full[2 * k + 1] = im[n - k];
  }
  const out = interleaved(n);
  t.forward(out, full);
  const y = new Float64Array(n);
  for (let j = 0; j < n; j++) y[j] = out[2 * j] / n;
  return y;
}

/** numpy.fft.rfftfreq(n, d = 1 / sampleRateHz): the frequency of each rfft bin, in Hz. */
export function rfftFrequencies(n: number, sampleRateHz: number): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`rfftFrequencies: length must be a positive integer, got ${n}`);
  if (!(Number.isFinite(sampleRateHz) && sampleRateHz > 0)) {
    throw new RangeError(`rfftFrequencies: sampleRateHz must be positive and finite, got ${sampleRateHz}`);
  }
  // Same arithmetic as numpy: val = 1 / (n * d); f = k * val.
  const val = 1.0 / (n * (1.0 / sampleRateHz));
  const f = new Float64Array(Math.floor(n / 2) + 1);
  for (let k = 0; k < f.length; k++) f[k] = k * val;
  return f;
}

/** The part of the Emscripten module of @echogarden/pffft-wasm that the float32 engine uses. */
interface PffftModule {
  /** View of the WebAssembly memory; replaced when memory grows, so re-read after allocating. */
  HEAPF32: Float32Array;
  _pffft_new_setup(n: number, transform: number): number;
  _pffft_transform_ordered(setup: number, input: number, output: number, work: number, direction: number): void;
  _pffft_aligned_malloc(bytes: number): number;
}
const PFFFT_REAL = 0;
const PFFFT_FORWARD = 0;

let pffft: PffftModule | undefined;
let pffftLoading: Promise<boolean> | undefined;

/**
 * Start the float32 batch engine (WebAssembly SIMD PFFFT) once; later calls return the same
 * promise. Resolves to true when the engine is ready, false when WebAssembly SIMD cannot be loaded
 * here (then every spectrum keeps using fft.js: results differ only by float32 rounding). The
 * dynamic import keeps the WebAssembly out of code that never asks for it.
 */
export function initFastFft(): Promise<boolean> {
  pffftLoading ??= (async () => {
    try {
      const { default: createModule } = await import('@echogarden/pffft-wasm/simd');
      pffft = (await createModule()) as PffftModule;
      return true;
    } catch {
      return false;
    }
  })();
  return pffftLoading;
}

/** True once `initFastFft()` has loaded the float32 engine. */
export function fastFftReady(): boolean {
  return pffft !== undefined;
}

/**
 * |rfft(x)| of float32 windows of one length with PFFFT in float32 (see the top of this file for
 * when and why). Buffers live in the WebAssembly heap and are reused: not re-entrant, like
 * RealFftPlan.
 */
export class Float32AmplitudePlan {
  readonly bins: number;
  private readonly inOffset: number;
  private readonly outOffset: number;

  constructor(
    readonly n: number,
    private readonly engine: PffftModule,
    private readonly setup: number,
    private readonly inPtr: number,
    private readonly outPtr: number,
    private readonly workPtr: number,
  ) {
    this.bins = n / 2 + 1;
    this.inOffset = inPtr >> 2;
    this.outOffset = outPtr >> 2;
  }

  /** |rfft(x)| into `out` (length `bins`), amplitudes computed in float64 from the float32 spectrum. */
  amplitude(x: Float32Array, out: Float64Array): Float64Array {
    const n = this.n;
    if (x.length !== n) throw new RangeError(`rfft plan for ${n} samples given ${x.length}`);
    if (out.length !== this.bins) throw new RangeError(`amplitude: out must have ${this.bins} bins`);
    const heap = this.engine.HEAPF32;
    heap.set(x, this.inOffset);
    this.engine._pffft_transform_ordered(this.setup, this.inPtr, this.outPtr, this.workPtr, PFFFT_FORWARD);
    // Ordered real output: [X0, X(n/2), re1, im1, re2, im2, ...] (DC and Nyquist are real).
    const o = this.outOffset;
    const last = this.bins - 1;
    out[0] = Math.abs(heap[o]);
    out[last] = Math.abs(heap[o + 1]);
    let sum = out[0] + out[last];
    for (let k = 1; k < last; k++) {
      const r = heap[o + 2 * k], i = heap[o + 2 * k + 1];
      const a = Math.sqrt(r * r + i * i);
      out[k] = a;
      sum += a;
    }
    if (!Number.isFinite(sum)) {
      for (let j = 0; j < n; j++) {
        if (!Number.isFinite(x[j])) throw new RangeError(`amplitude spectrum: ${describeNonFinite(x)}`);
      }
      // Finite float32 input whose spectrum overflowed float32 (|x| near 3e38): float64 has room.
      return realFftPlan(n).amplitude(x, out);
    }
    return out;
  }
}

const float32Plans = new Map<number, Float32AmplitudePlan | null>();

/**
 * The cached float32 plan for length n, or undefined when the engine is not started (see
 * initFastFft) or PFFFT does not take n (not a multiple of 32, or a prime factor above 5).
 */
export function float32AmplitudePlan(n: number): Float32AmplitudePlan | undefined {
  const engine = pffft;
  if (!engine || !Number.isInteger(n) || n < 32 || n % 32 !== 0) return undefined;
  let p = float32Plans.get(n);
  if (p === undefined) {
    const setup = engine._pffft_new_setup(n, PFFFT_REAL);
    if (setup === 0) {
      p = null;
    } else {
      const bytes = 4 * n;
      p = new Float32AmplitudePlan(
        n,
        engine,
        setup,
        engine._pffft_aligned_malloc(bytes),
        engine._pffft_aligned_malloc(bytes),
        engine._pffft_aligned_malloc(bytes),
      );
    }
    float32Plans.set(n, p);
  }
  return p ?? undefined;
}
