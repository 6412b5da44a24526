/**
 * Small local earthquakes: the impulsive signals that the paper's analysts excluded (Fig. 3), here
 * injected on purpose so that quality control has something to find.
 *
 * Each event is a P wave packet then an S wave packet, S - P = 2..20 s (roughly 15-160 km away):
 * band-limited noise (a resonator at a dominant frequency of 2-8 Hz, Q = 1.5) under an envelope
 * that rises in 0.05 s (P) / 0.15 s (S) and decays exponentially (P: 1-2 s; S, which carries the
 * coda: 2 + 0.3 (S-P) + 0..4 s). P is strongest on BHZ, S on the horizontals (S/P = 3). The packet
 * is scaled so that its largest absolute ground velocity over the three channels is
 * peakVelocityMps, drawn log-uniformly in the configured range.
 *
 * The list (times, amplitudes) comes from one random stream and the waveforms from another, so
 * the ground truth can be computed without synthesizing any waveform.
 */
import type { Xoshiro128 } from './prng';

export interface LocalEventTruth {
  /** P onset, UTC ms */
  pOnsetTimeMs: number;
  /** S onset, UTC ms */
  sOnsetTimeMs: number;
  /** largest absolute ground velocity of the packet over the three channels, m/s */
  peakVelocityMps: number;
  dominantFrequencyHz: number;
  /** time after the P onset at which the packet has decayed below 1e-3 of its peak, s */
  durationSeconds: number;
}

interface LocalEventPlan extends LocalEventTruth {
  pDecaySeconds: number;
  sDecaySeconds: number;
  horizontalWeights: [number, number];
}

/** Poisson deviate (Knuth; fine for the small means used here). */
function poisson(rng: Xoshiro128, mean: number): number {
  if (mean <= 0) return 0;
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  for (;;) {
    p *= rng.nextFloat();
    if (p <= l) return k;
    k++;
  }
}

/**
 * Plan the local events of a segment [startTimeMs, startTimeMs + durationSeconds). Onsets are kept
 * at least 10 s after the start and the whole packet before the end.
 */
export function planLocalEvents(
  rng: Xoshiro128,
  startTimeMs: number,
  durationSeconds: number,
  eventsPer10Hours: number,
  peakVelocityRangeMps: readonly [number, number],
): LocalEventPlan[] {
  const count = poisson(rng, (eventsPer10Hours * durationSeconds) / 36_000);
  const events: LocalEventPlan[] = [];
  for (let i = 0; i < count; i++) {
    const sMinusP = rng.uniform(2, 20);
    const pDecay = rng.uniform(1, 2);
    const sDecay = 2 + 0.3 * sMinusP + rng.uniform(0, 4);
    const durationS = sMinusP + sDecay * Math.log(1000) + 1;
    const [lo, hi] = peakVelocityRangeMps;
    const peak = lo * (hi / lo) ** rng.nextFloat();
    const fd = 2 * 4 ** rng.nextFloat();
    const baz = rng.uniform(0, 2 * Math.PI);
    const latest = durationSeconds - durationS - 1;
    const onsetS = rng.uniform(10, Math.max(10, latest));
    if (latest <= 10) continue; // the segment is too short to hold this packet: draw it but skip it
    const pMs = startTimeMs + Math.round(onsetS * 1000);
    events.push({
      pOnsetTimeMs: pMs,
      sOnsetTimeMs: pMs + Math.round(sMinusP * 1000),
      peakVelocityMps: peak,
      dominantFrequencyHz: fd,
      durationSeconds: durationS,
      pDecaySeconds: pDecay,
      sDecaySeconds: sDecay,
      horizontalWeights: [0.6 + 0.4 * Math.abs(Math.sin(baz)), 0.6 + 0.4 * Math.abs(Math.cos(baz))],
    });
  }
  events.sort((a, b) => a.pOnsetTimeMs - b.pOnsetTimeMs);
  return events;
}

export function localEventTruth(e: LocalEventPlan): LocalEventTruth {
  return {
    pOnsetTimeMs: e.pOnsetTimeMs,
    sOnsetTimeMs: e.sOnsetTimeMs,
    peakVelocityMps: e.peakVelocityMps,
    dominantFrequencyHz: e.dominantFrequencyHz,
    durationSeconds: e.durationSeconds,
  };
}

/** Band-pass resonator (RBJ biquad, constant 0 dB peak gain) applied in place. */
function resonate(x: Float64Array, centreHz: number, q: number, sampleRateHz: number): void {
  const w0 = (2 * Math.PI * centreHz) / sampleRateHz;
  const alpha = Math.sin(w0) / (2 * q);
  const a0 = 1 + alpha;
  const b0 = alpha / a0;
  const b2 = -alpha / a0;
  const a1 = (-2 * Math.cos(w0)) / a0;
  const a2 = (1 - alpha) / a0;
  let x1 = 0;
  let x2 = 0;
  let y1 = 0;
  let y2 = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const y = b0 * xi + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = xi;
    y2 = y1;
    y1 = y;
    x[i] = y;
  }
}

/**
 * Add the planned events' waveforms (counts) to [BH1, BH2, BHZ]. Draws 6 noise sequences per event
 * (P and S for each channel) from `rng`.
 */
export function addLocalEvents(
  channels: [Float64Array, Float64Array, Float64Array],
  events: readonly LocalEventPlan[],
  startTimeMs: number,
  sampleRateHz: number,
  sensitivityCountsPerMps: number,
  rng: Xoshiro128,
): void {
  const fs = sampleRateHz;
  for (const e of events) {
    const i0 = Math.round(((e.pOnsetTimeMs - startTimeMs) / 1000) * fs);
    const spSamples = ((e.sOnsetTimeMs - e.pOnsetTimeMs) / 1000) * fs;
    const len = Math.ceil(e.durationSeconds * fs);
    const pW = [0.35 * e.horizontalWeights[0], 0.35 * e.horizontalWeights[1], 1];
    const sW = [3 * e.horizontalWeights[0], 3 * e.horizontalWeights[1], 1.5];
    const packets: Float64Array[] = [];
    let peak = 0;
    for (let c = 0; c < 3; c++) {
      const p = new Float64Array(len);
      const s = new Float64Array(len);
      rng.fillNormal(p);
      rng.fillNormal(s);
      resonate(p, e.dominantFrequencyHz, 1.5, fs);
      resonate(s, e.dominantFrequencyHz * 0.8, 1.5, fs);
      const y = new Float64Array(len);
      for (let j = 0; j < len; j++) {
        const tp = j / fs;
        let v = pW[c] * (1 - Math.exp(-tp / 0.05)) * Math.exp(-tp / e.pDecaySeconds) * p[j];
        const ts = (j - spSamples) / fs;
        if (ts >= 0) v += sW[c] * (1 - Math.exp(-ts / 0.15)) * Math.exp(-ts / e.sDecaySeconds) * s[j];
        y[j] = v;
        const m = Math.abs(v);
        if (m > peak) peak = m;
      }
      packets.push(y);
    }
    const scale = peak > 0 ? (e.peakVelocityMps * sensitivityCountsPerMps) / peak : 0;
    for (let c = 0; c < 3; c++) {
      const out = channels[c];
      const y = packets[c];
      const end = Math.min(len, out.length - i0);
      for (let j = Math.max(0, -i0); j < end; j++) out[i0 + j] += scale * y[j];
    }
  }
}
