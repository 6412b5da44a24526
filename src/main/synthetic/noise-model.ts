/**
 * The background-noise model of a quiet-to-average continental broadband station, as tables of
 * acceleration PSD (dB re 1 (m/s^2)^2/Hz) at knot frequencies, interpolated linearly in dB against
 * log10(f) (Peterson's own convention) and held flat beyond the first and last knots.
 *
 * Shape, component by component (compare Peterson 1993, and e.g. McNamara & Buland 2004 for the
 * "mode" of real stations):
 * - ocean microseisms: the primary peak near 0.07 Hz (~14 s, waves hitting the coast) as a small
 *   bump, and the stronger secondary (double-frequency) peak near 0.18 Hz (~5.5 s), with a broad
 *   shoulder to ~0.5 Hz; horizontals 1 dB above the vertical;
 * - cultural noise above ~1 Hz (traffic, machinery), flat in acceleration from ~3 to 10 Hz, louder
 *   by day: its level follows a diurnal cycle in local time (see diurnalCulturalGainDb);
 *   horizontals 2 dB above the vertical;
 * - long-period tilt noise on the horizontals only (below ~0.1 Hz): horizontals are noisier than
 *   the vertical at long periods, as at every real station.
 *
 * At its 0 dB levels the model lies at least ~11 dB above the NLNM and ~13 dB below the NHNM from
 * 0.05 to 10 Hz, so per-segment level offsets (+-6 dB at most) keep it inside (checked in
 * test/unit/synthetic/noise.test.ts).
 *
 * The instrument response (STS-2 long-period corner at 120 s, a digitizer anti-alias roll-off at
 * 0.4 x the sample rate) multiplies the ground-motion PSD; it is flat between the two, i.e. over
 * 0.05-10 Hz at 40 Hz, so the declared nominal sensitivity converts counts to m/s there.
 */
import { sts2CornerHz } from './station';

export type KnotTable = readonly (readonly [number, number])[];

/** Vertical microseism, acceleration dB (night-independent). */
export const microseismVerticalDb: KnotTable = [
  [0.001, -185],
  [0.01, -178],
  [0.02, -172],
  [0.035, -162],
  [0.05, -153],
  [0.068, -145],
  [0.088, -150],
  [0.1, -146],
  [0.125, -133],
  [0.15, -126],
  [0.18, -123],
  [0.22, -125],
  [0.3, -130],
  [0.45, -136],
  [0.7, -145],
  [1, -155],
  [2, -166],
  [5, -180],
  [20, -200],
];

/** Vertical cultural noise at its quietest hour (about 03:00 local), acceleration dB. */
export const culturalVerticalNightDb: KnotTable = [
  [0.3, -195],
  [0.7, -168],
  [1, -159],
  [2, -151],
  [4, -147],
  [8, -146],
  [12, -148],
  [20, -152],
];

/** Long-period tilt noise, horizontals only, acceleration dB. */
export const tiltHorizontalDb: KnotTable = [
  [0.001, -150],
  [0.01, -156],
  [0.03, -160],
  [0.05, -163],
  [0.1, -178],
  [0.3, -205],
  [20, -260],
];

export const horizontalMicroseismOffsetDb = 1;
export const horizontalCulturalOffsetDb = 2;
/** Local hour of the cultural-noise minimum; the maximum is 12 h later. */
export const culturalQuietestLocalHour = 3;

/** Interpolate a knot table at `frequencyHz` (linear in dB vs log10 f, flat outside). */
export function knotDb(table: KnotTable, frequencyHz: number): number {
  if (frequencyHz <= table[0][0]) return table[0][1];
  const last = table[table.length - 1];
  if (frequencyHz >= last[0]) return last[1];
  let k = 0;
  while (frequencyHz >= table[k + 1][0]) k++;
  const [f0, d0] = table[k];
  const [f1, d1] = table[k + 1];
  const w = Math.log10(frequencyHz / f0) / Math.log10(f1 / f0);
  return d0 + w * (d1 - d0);
}

/**
 * Power response of the synthetic instrument relative to its flat passband: an STS-2-like
 * second-order high-pass at 1/120 Hz (|H|^2 = 1 / (1 + (fc/f)^4)) and an 8th-order low-pass at
 * 0.4 x sampleRateHz standing in for the digitizer's FIR anti-alias filter.
 */
export function instrumentPowerResponse(frequencyHz: number, sampleRateHz: number): number {
  if (frequencyHz <= 0) return 0;
  const hp = 1 / (1 + (sts2CornerHz / frequencyHz) ** 4);
  const lp = 1 / (1 + (frequencyHz / (0.4 * sampleRateHz)) ** 16);
  return hp * lp;
}

/**
 * Cultural-noise gain (dB, power) at a UTC time: 0 dB at 03:00 local time, `dayNightDb` at 15:00,
 * a raised-cosine cycle in between.
 */
export function diurnalCulturalGainDb(timeMs: number, utcOffsetHours: number, dayNightDb: number): number {
  const localHours = (((timeMs / 3_600_000 + utcOffsetHours) % 24) + 24) % 24;
  return dayNightDb * 0.5 * (1 - Math.cos((2 * Math.PI * (localHours - culturalQuietestLocalHour)) / 24));
}

/** The separate parts of the ground-velocity PSD, (m/s)^2/Hz, at one frequency (no instrument). */
export interface VelocityPsdParts {
  microseism: number;
  cultural: number;
  tilt: number;
}

/** Velocity PSD parts for a vertical ('Z') or horizontal ('H') component at gains 0 dB. */
export function velocityPsdParts(component: 'Z' | 'H', frequencyHz: number): VelocityPsdParts {
  const w2 = (2 * Math.PI * frequencyHz) ** 2;
  const h = component === 'H';
  const micro = knotDb(microseismVerticalDb, frequencyHz) + (h ? horizontalMicroseismOffsetDb : 0);
  const cult = knotDb(culturalVerticalNightDb, frequencyHz) + (h ? horizontalCulturalOffsetDb : 0);
  return {
    microseism: 10 ** (micro / 10) / w2,
    cultural: 10 ** (cult / 10) / w2,
    tilt: h ? 10 ** (knotDb(tiltHorizontalDb, frequencyHz) / 10) / w2 : 0,
  };
}

/** Time-dependent levels of one segment's noise, dB (power). */
export interface NoiseLevelsDb {
  microseismDb: number;
  culturalDb: number;
  /** applies to everything (site offset + user offset) */
  overallDb: number;
}

/**
 * Modelled PSD of the recorded background noise (counts^2/Hz, one-sided) of a component, including
 * the instrument response and sensitivity: what a long Welch estimate converges to.
 */
export function recordedNoisePsd(
  component: 'Z' | 'H',
  frequencyHz: number,
  levels: NoiseLevelsDb,
  sampleRateHz: number,
  sensitivityCountsPerMps: number,
): number {
  const p = velocityPsdParts(component, frequencyHz);
  const v =
    p.microseism * 10 ** (levels.microseismDb / 10) + p.cultural * 10 ** (levels.culturalDb / 10) + p.tilt;
  return v * 10 ** (levels.overallDb / 10) * instrumentPowerResponse(frequencyHz, sampleRateHz) * sensitivityCountsPerMps ** 2;
}
