/**
 * The injected precursor: narrow-band tremor lines whose amplitude grows toward origin time.
 *
 * Each line at frequency f0 is Gaussian noise whose PSD is flat over [f0 - B/2, f0 + B/2]
 * (B = bandwidthHz) and zero elsewhere, built as x(t) = zr(t) cos(2 pi f0 t) - zi(t) sin(2 pi f0 t)
 * from two independent unit-variance base-band processes zr, zi (flat PSD over [0, B/2]) that are
 * synthesized at a low rate and linearly interpolated (the base band is >= 20x oversampled, so the
 * interpolation error is below 0.1 %). Lines and channels are independent realizations.
 *
 * Envelope and strength, for a channel c and a line k:
 *
 *     precursor(t) = A_ck * exp(-(t_origin - t) / timeConstantSeconds) * gate(t) * x_k(t)
 *
 *     A_ck = relativeStrength * channelWeights[c] * sqrt(Pbg_ck) / sqrt(mean of exp(-2 (t_origin - t) / T) over the reference window)
 *
 * where Pbg_ck is the modelled background-noise variance of channel c in the band
 * [f0 - B/2, f0 + B/2] during the reference window (the last referenceWindowSeconds = 1000 s before
 * origin), from the noise model at that time (not from the random realization, so the precursor
 * never depends on the noise draws). In words: **relativeStrength is the RMS of one line over the
 * last 1000 s divided by the RMS of the background in that line's own band over the same 1000 s**;
 * in that band the expected PSD of the last 1000 s is (1 + relativeStrength^2) x the background
 * (strength 1: +3 dB). The gate only zeroes the precursor outside [origin - start, origin - end]
 * (with an optional cosine taper); it does not rescale it, so a gated precursor equals the ungated
 * one inside the gate.
 */
import { hartley, weightSequence } from './spectral-synthesis';
import type { Xoshiro128 } from './prng';

export interface PrecursorGate {
  /** the gate opens this many seconds before origin time */
  startSecondsBeforeOrigin: number;
  /** the gate closes this many seconds before origin time (0 = at origin) */
  endSecondsBeforeOrigin: number;
  /** cosine taper inside each edge of the gate, s (0 = hard edges) */
  taperSeconds?: number;
}

/** Mean of exp(-2 u / T) for u (seconds before origin) uniform over [0, R]. */
export function meanSquaredEnvelope(timeConstantSeconds: number, referenceSeconds: number): number {
  const x = (2 * referenceSeconds) / timeConstantSeconds;
  return x < 1e-9 ? 1 : (1 - Math.exp(-x)) / x;
}

/** Gate weight at `secondsBeforeOrigin`. */
export function gateWeight(gate: PrecursorGate | null, secondsBeforeOrigin: number): number {
  if (!gate) return 1;
  const { startSecondsBeforeOrigin: a, endSecondsBeforeOrigin: b } = gate;
  const u = secondsBeforeOrigin;
  if (u > a || u < b) return 0;
  const taper = Math.min(gate.taperSeconds ?? 0, (a - b) / 2);
  if (taper <= 0) return 1;
  const d = Math.min(a - u, u - b);
  return d >= taper ? 1 : 0.5 * (1 - Math.cos((Math.PI * d) / taper));
}

export interface PrecursorLine {
  frequencyHz: number;
  /** A_ck in counts: the RMS of this line at origin time (envelope 1), per channel [BH1, BH2, BHZ] */
  amplitudeCounts: [number, number, number];
}

export interface PrecursorRequest {
  sampleRateHz: number;
  sampleCount: number;
  /** sample index of origin time (= sampleCount for an event segment that ends at origin) */
  originIndex: number;
  bandwidthHz: number;
  timeConstantSeconds: number;
  gate: PrecursorGate | null;
  lines: PrecursorLine[];
  rng: Xoshiro128;
}

/** Base-band decimation: a low rate of about max(20 B, 1 Hz) (>= 40 x the base band's width B/2), an integer fraction of the sample rate. */
function lowRate(sampleRateHz: number, bandwidthHz: number): { factor: number; rateHz: number } {
  const wanted = Math.max(20 * bandwidthHz, Math.min(1, sampleRateHz));
  const factor = Math.max(1, Math.floor(sampleRateHz / wanted));
  return { factor, rateHz: sampleRateHz / factor };
}

/** Unit-variance base-band Gaussian process, flat over (0, B/2], `length` samples at rateHz. */
function baseband(rng: Xoshiro128, length: number, rateHz: number, bandwidthHz: number): Float64Array {
  let n = 1024;
  // at least `length` samples and at least 64 bins inside the band
  while (n < length || (bandwidthHz / 2) / (rateHz / n) < 64) n *= 2;
  const half = n / 2;
  const kMax = Math.min(half - 1, Math.floor((bandwidthHz / 2) / (rateHz / n)));
  const s = new Float64Array(half + 1);
  const amp = 1 / Math.sqrt(2 * kMax);
  for (let k = 1; k <= kMax; k++) s[k] = amp;
  const w = new Float64Array(n);
  rng.fillNormal(w);
  return hartley(weightSequence(s, w));
}

/** Add the precursor (counts) to [BH1, BH2, BHZ]. Draws 2 base-band sequences per channel and line. */
export function addPrecursor(channels: [Float64Array, Float64Array, Float64Array], req: PrecursorRequest): void {
  const fs = req.sampleRateHz;
  const { factor, rateHz } = lowRate(fs, req.bandwidthHz);
  const lowLength = Math.ceil(req.sampleCount / factor) + 2;
  const tau = req.timeConstantSeconds;
  // Skip samples where the envelope is below 1e-9 (the signal there is < 1e-9 of its final RMS).
  const skipSeconds = tau * Math.log(1e9);
  // Start on a low-rate sample boundary so that each pass below covers whole interpolation intervals.
  const firstLow = Math.max(0, Math.floor((req.originIndex - skipSeconds * fs) / factor));
  const envStep = Math.exp(1 / (fs * tau));

  for (let c = 0; c < 3; c++) {
    for (const line of req.lines) {
      const zr = baseband(req.rng, lowLength, rateHz, req.bandwidthHz);
      const zi = baseband(req.rng, lowLength, rateHz, req.bandwidthHz);
      const amp = line.amplitudeCounts[c];
      if (amp === 0) continue;
      const out = channels[c];
      const dTheta = (2 * Math.PI * line.frequencyHz) / fs;
      const cd = Math.cos(dTheta);
      const sd = Math.sin(dTheta);
      // One interval [j, j+1) of the low-rate base band at a time: exact phase and envelope at its
      // start, then recurrences over its `factor` samples (drift over <= `factor` steps is ~1e-15).
      for (let j = firstLow; j * factor < req.sampleCount; j++) {
        const i0 = j * factor;
        const i1 = Math.min(req.sampleCount, i0 + factor);
        const rel0 = i0 - req.originIndex;
        const cycles = (line.frequencyHz * rel0) / fs;
        const th = 2 * Math.PI * (cycles - Math.floor(cycles));
        let cs = Math.cos(th);
        let sn = Math.sin(th);
        let env = amp * Math.exp(rel0 / (fs * tau));
        let r = zr[j];
        let q = zi[j];
        const dr = (zr[j + 1] - r) / factor;
        const dq = (zi[j + 1] - q) / factor;
        const gated = req.gate !== null;
        for (let i = i0; i < i1; i++) {
          const g = gated ? gateWeight(req.gate, (req.originIndex - i) / fs) : 1;
          out[i] += g * env * (r * cs - q * sn);
          const c2 = cs * cd - sn * sd;
          sn = sn * cd + cs * sd;
          cs = c2;
          env *= envStep;
          r += dr;
          q += dq;
        }
      }
    }
  }
}
