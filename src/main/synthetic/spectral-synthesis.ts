/**
 * Gaussian noise of a prescribed power spectrum by spectral synthesis with one real FFT.
 *
 * For a real sequence a[k] = s[min(k, N-k)] * w[k] (w iid standard normal), its discrete Hartley
 * transform x[n] = sum_k a[k] cas(2 pi k n / N), cas = cos + sin, is a stationary (circular)
 * Gaussian process whose bin k carries independent cosine and sine parts of variance 2 s_k^2:
 * exactly random-phase Gaussian synthesis. With A = rfft(a): x[n] = Re A[n] - Im A[n] for
 * n <= N/2, and x[N-n] = Re A[n] + Im A[n]. So one real FFT (half the cost of the complex inverse
 * that irfft needs) and N normal deviates give N samples.
 *
 * For a one-sided PSD P(f) (units^2/Hz) at sample rate fs: s_k = sqrt(P(k fs / N) * fs / (2 N)).
 */
import { realFftPlan } from '../dsp/fft';

/** Per-bin amplitude s_k (k = 0..N/2) for a one-sided PSD sampled at the bins, into `out` (may be `psd`). */
export function amplitudeFromPsd(psd: Float64Array, sampleRateHz: number, n: number, out: Float64Array = new Float64Array(psd.length)): Float64Array {
  const c = sampleRateHz / (2 * n);
  for (let k = 0; k < psd.length; k++) out[k] = Math.sqrt(Math.max(0, psd[k]) * c);
  return out;
}

/** Spread `s` (N/2+1 bins) over the N-long weight sequence: a[k] = s[min(k, N-k)] * w[k], in place on w. */
export function weightSequence(s: Float64Array, w: Float64Array): Float64Array {
  const n = w.length;
  const half = n / 2;
  w[0] *= s[0];
  for (let k = 1; k < half; k++) {
    w[k] *= s[k];
    w[n - k] *= s[k];
  }
  w[half] *= s[half];
  return w;
}

/**
 * Discrete Hartley transforms of one power-of-two length with reused buffers (hot loops allocate
 * nothing: large typed arrays live outside V8's heap and are slow to allocate and collect).
 */
export class Hartley {
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  constructor(readonly n: number) {
    this.re = new Float64Array(n / 2 + 1);
    this.im = new Float64Array(n / 2 + 1);
  }

  /** DHT of `a` (length n) into `out` (length n; must not be `a`); returns `out`. */
  transform(a: Float64Array, out: Float64Array): Float64Array {
    const n = this.n;
    const { re, im } = this;
    realFftPlan(n).forward(a, re, im);
    const half = n / 2;
    out[0] = re[0] - im[0];
    for (let k = 1; k < half; k++) {
      out[k] = re[k] - im[k];
      out[n - k] = re[k] + im[k];
    }
    out[half] = re[half] - im[half];
    return out;
  }
}

/** The discrete Hartley transform of a real, power-of-two-long sequence (allocating form). */
export function hartley(a: Float64Array): Float64Array {
  return new Hartley(a.length).transform(a, new Float64Array(a.length));
}
