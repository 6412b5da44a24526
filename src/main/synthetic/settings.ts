/**
 * Settings of the synthetic generator: one plain JSON object, stored with what it produced.
 * `resolveSyntheticSettings` fills defaults and validates; every other function takes the resolved
 * form.
 */
import { ForeseisError } from '../../shared/errors';
import type { PrecursorGate } from './precursor';

export interface SyntheticPrecursorSettings {
  /** centre frequencies of the tremor lines, Hz (default [0.16, 0.21], the peaks of the paper's Fig. 11) */
  frequenciesHz: number[];
  /** width of each line's flat band, Hz (default 0.01) */
  bandwidthHz: number;
  /**
   * e-folding time of the amplitude's growth toward origin, s. Default 7200: the in-band excess
   * power is x1.6 of its last-1000-s value 1 h before origin, x0.14 at 3 h (so a detector's onset
   * falls 2-3 h before origin, as in the paper's Fig. 5), and the amplitude 9-10 h before is
   * e^-4.5..e^-5 ~ 1 % of its final value (1e-4 in power: negligible in noise-A windows).
   */
  timeConstantSeconds: number;
  /**
   * RMS of one line over the reference window (the last referenceWindowSeconds before origin,
   * ungated) / RMS of the modelled background noise of the same channel in that line's band
   * [f - bandwidthHz/2, f + bandwidthHz/2] over the same window. 0 = the null control (the output
   * is then bit-identical to a generation without precursor). Default 10 (+20 dB in each 0.01 Hz
   * band over the last 1000 s; still under 7 % of the background RMS 9–10 h before origin, so
   * noise-A windows stay clean): the level at which the compact network learns it from the 24
   * training events within the demo's budget (measured: 95–99 % test accuracy over 3 seeds, while
   * strength 1 — +3 dB — stays near chance and 3 reaches about 82 %). Strength 1 is the subtle case.
   */
  relativeStrength: number;
  /** the window over which relativeStrength is defined, s (default 1000: the paper's window 36) */
  referenceWindowSeconds: number;
  /** if set, the precursor exists only inside this part of the data (for occlusion tests) */
  gate: PrecursorGate | null;
  /** per-channel factor on relativeStrength, [BH1, BH2, BHZ] (default [1, 1, 1]) */
  channelWeights: [number, number, number];
}

export interface SyntheticNoiseSettings {
  /** added to the whole noise model, dB (default 0) */
  levelOffsetDb: number;
  /** standard deviation of each segment's microseism level offset, dB (default 3; clipped at 2 sigma) */
  microseismLevelSpreadDb: number;
  /** standard deviation of each segment's linear microseism drift, dB per 10 h (default 2; clipped at 2 sigma) */
  microseismDriftSpreadDbPer10Hours: number;
  /** cultural-noise level at 15:00 local time above 03:00, dB (default 8) */
  culturalDayNightDb: number;
  /** fraction of the horizontals' microseism power that BH1 and BH2 share (default 0.5) */
  horizontalCoherentFraction: number;
  /** mean number of small local earthquakes per 10 h (default 3; 0 = none) */
  localEventsPer10Hours: number;
  /** range of their peak ground velocity, m/s, drawn log-uniformly (default [3e-7, 1e-5]) */
  localEventPeakVelocityRangeMps: [number, number];
  /** each channel's constant offset is uniform in +-this many counts (default 2000) */
  dcOffsetRangeCounts: number;
}

export interface SyntheticNoiseBSettings {
  /** number of noise-B segments; null = one per event (default null) */
  count: number | null;
  /** length of each, s (default 1200, so that a random 1000 s can be chosen inside) */
  durationSeconds: number;
  /** minimum distance of a segment from every origin time, h (default 48, as in the paper) */
  minHoursFromEvent: number;
}

export interface SyntheticCatalogueSettings {
  /** 'auto' = Table 1 when eventCount is 31, otherwise random (default 'auto') */
  source: 'auto' | 'table1' | 'random';
  /** time span of random origins and of noise-B segments, ISO UTC (default 2012-03-01 .. 2020-03-01) */
  startTime: string;
  endTime: string;
  /** minimum time between random origins, days (default 5) */
  minSeparationDays: number;
}

export interface SyntheticSettings {
  /** any integer (default 1) */
  seed: number;
  /** number of events (default 31: Table 1) */
  eventCount: number;
  /** data before each origin, h (default 10) */
  hoursBeforeOrigin: number;
  /** default 40 */
  sampleRateHz: number;
  catalogue: SyntheticCatalogueSettings;
  noiseB: SyntheticNoiseBSettings;
  precursor: SyntheticPrecursorSettings;
  noise: SyntheticNoiseSettings;
}

/** What a caller may pass: any subset; missing values take their defaults. */
export interface SyntheticSettingsInput {
  seed?: number;
  eventCount?: number;
  hoursBeforeOrigin?: number;
  sampleRateHz?: number;
  catalogue?: Partial<SyntheticCatalogueSettings>;
  noiseB?: Partial<SyntheticNoiseBSettings>;
  precursor?: Partial<SyntheticPrecursorSettings>;
  noise?: Partial<SyntheticNoiseSettings>;
}

export function defaultSyntheticSettings(): SyntheticSettings {
  return {
    seed: 1,
    eventCount: 31,
    hoursBeforeOrigin: 10,
    sampleRateHz: 40,
    catalogue: { source: 'auto', startTime: '2012-03-01T00:00:00Z', endTime: '2020-03-01T00:00:00Z', minSeparationDays: 5 },
    noiseB: { count: null, durationSeconds: 1200, minHoursFromEvent: 48 },
    precursor: {
      frequenciesHz: [0.16, 0.21],
      bandwidthHz: 0.01,
      timeConstantSeconds: 7200,
      relativeStrength: 10,
      referenceWindowSeconds: 1000,
      gate: null,
      channelWeights: [1, 1, 1],
    },
    noise: {
      levelOffsetDb: 0,
      microseismLevelSpreadDb: 3,
      microseismDriftSpreadDbPer10Hours: 2,
      culturalDayNightDb: 8,
      horizontalCoherentFraction: 0.5,
      localEventsPer10Hours: 3,
      localEventPeakVelocityRangeMps: [3e-7, 1e-5],
      dcOffsetRangeCounts: 2000,
    },
  };
}

function bad(message: string): never {
  throw new ForeseisError('bad-input', `synthetic settings: ${message}`);
}

function finite(x: unknown, name: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) bad(`${name} must be a finite number`);
  return x;
}

/** Defaults filled in, then validated. Throws ForeseisError('bad-input') on a bad value. */
export function resolveSyntheticSettings(input: SyntheticSettingsInput = {}): SyntheticSettings {
  const d = defaultSyntheticSettings();
  const s: SyntheticSettings = {
    seed: input.seed ?? d.seed,
    eventCount: input.eventCount ?? d.eventCount,
    hoursBeforeOrigin: input.hoursBeforeOrigin ?? d.hoursBeforeOrigin,
    sampleRateHz: input.sampleRateHz ?? d.sampleRateHz,
    catalogue: { ...d.catalogue, ...stripUndefined(input.catalogue) },
    noiseB: { ...d.noiseB, ...stripUndefined(input.noiseB) },
    precursor: { ...d.precursor, ...stripUndefined(input.precursor) },
    noise: { ...d.noise, ...stripUndefined(input.noise) },
  };
  if (s.precursor.gate) s.precursor.gate = { ...s.precursor.gate };
  s.precursor.frequenciesHz = [...s.precursor.frequenciesHz];
  s.precursor.channelWeights = [...s.precursor.channelWeights] as [number, number, number];
  s.noise.localEventPeakVelocityRangeMps = [...s.noise.localEventPeakVelocityRangeMps] as [number, number];

  if (!Number.isInteger(s.seed)) bad('seed must be an integer');
  if (!Number.isInteger(s.eventCount) || s.eventCount < 1 || s.eventCount > 1000) bad('eventCount must be an integer in 1..1000');
  const fs = finite(s.sampleRateHz, 'sampleRateHz');
  if (fs < 1 || fs > 1000) bad('sampleRateHz must be in 1..1000');
  const samples = finite(s.hoursBeforeOrigin, 'hoursBeforeOrigin') * 3600 * fs;
  if (s.hoursBeforeOrigin <= 0 || s.hoursBeforeOrigin > 48 || Math.abs(samples - Math.round(samples)) > 1e-6) {
    bad('hoursBeforeOrigin must be in (0, 48] and give a whole number of samples');
  }
  const c = s.catalogue;
  if (!['auto', 'table1', 'random'].includes(c.source)) bad(`unknown catalogue source ${String(c.source)}`);
  if (c.source === 'table1' && s.eventCount !== 31) bad('the Table 1 catalogue has 31 events');
  if (!(Date.parse(c.startTime) < Date.parse(c.endTime))) bad('catalogue.startTime must precede catalogue.endTime');
  if (finite(c.minSeparationDays, 'catalogue.minSeparationDays') < 0) bad('catalogue.minSeparationDays must be >= 0');
  const nb = s.noiseB;
  if (nb.count !== null && (!Number.isInteger(nb.count) || nb.count < 0 || nb.count > 10_000)) bad('noiseB.count must be null or an integer in 0..10000');
  if (finite(nb.durationSeconds, 'noiseB.durationSeconds') < 1 || nb.durationSeconds > 48 * 3600) bad('noiseB.durationSeconds must be in [1, 172800]');
  if (finite(nb.minHoursFromEvent, 'noiseB.minHoursFromEvent') < 0) bad('noiseB.minHoursFromEvent must be >= 0');
  const p = s.precursor;
  const bw = finite(p.bandwidthHz, 'precursor.bandwidthHz');
  if (bw <= 0) bad('precursor.bandwidthHz must be > 0');
  if (!Array.isArray(p.frequenciesHz) || p.frequenciesHz.length < 1) bad('precursor.frequenciesHz needs at least one frequency');
  for (const f of p.frequenciesHz) {
    finite(f, 'precursor.frequenciesHz[]');
    if (f - bw / 2 <= 0 || f + bw / 2 >= 0.4 * fs) bad(`precursor line ${f} Hz +- ${bw / 2} Hz must lie inside (0, ${0.4 * fs}) Hz`);
  }
  if (finite(p.timeConstantSeconds, 'precursor.timeConstantSeconds') <= 0) bad('precursor.timeConstantSeconds must be > 0');
  if (finite(p.relativeStrength, 'precursor.relativeStrength') < 0) bad('precursor.relativeStrength must be >= 0');
  if (finite(p.referenceWindowSeconds, 'precursor.referenceWindowSeconds') <= 0) bad('precursor.referenceWindowSeconds must be > 0');
  if (!Array.isArray(p.channelWeights) || p.channelWeights.length !== 3) bad('precursor.channelWeights needs 3 values [BH1, BH2, BHZ]');
  for (const w of p.channelWeights) if (finite(w, 'precursor.channelWeights[]') < 0) bad('precursor.channelWeights must be >= 0');
  if (p.gate) {
    const a = finite(p.gate.startSecondsBeforeOrigin, 'precursor.gate.startSecondsBeforeOrigin');
    const b = finite(p.gate.endSecondsBeforeOrigin, 'precursor.gate.endSecondsBeforeOrigin');
    if (!(a > b && b >= 0)) bad('precursor.gate needs startSecondsBeforeOrigin > endSecondsBeforeOrigin >= 0');
    if (p.gate.taperSeconds !== undefined && finite(p.gate.taperSeconds, 'precursor.gate.taperSeconds') < 0) bad('precursor.gate.taperSeconds must be >= 0');
  }
  const n = s.noise;
  finite(n.levelOffsetDb, 'noise.levelOffsetDb');
  if (finite(n.microseismLevelSpreadDb, 'noise.microseismLevelSpreadDb') < 0) bad('noise.microseismLevelSpreadDb must be >= 0');
  if (finite(n.microseismDriftSpreadDbPer10Hours, 'noise.microseismDriftSpreadDbPer10Hours') < 0) bad('noise.microseismDriftSpreadDbPer10Hours must be >= 0');
  if (finite(n.culturalDayNightDb, 'noise.culturalDayNightDb') < 0) bad('noise.culturalDayNightDb must be >= 0');
  const hc = finite(n.horizontalCoherentFraction, 'noise.horizontalCoherentFraction');
  if (hc < 0 || hc > 1) bad('noise.horizontalCoherentFraction must be in [0, 1]');
  if (finite(n.localEventsPer10Hours, 'noise.localEventsPer10Hours') < 0 || n.localEventsPer10Hours > 100) bad('noise.localEventsPer10Hours must be in [0, 100]');
  const [lo, hi] = n.localEventPeakVelocityRangeMps;
  if (!(finite(lo, 'noise.localEventPeakVelocityRangeMps[0]') > 0 && finite(hi, 'noise.localEventPeakVelocityRangeMps[1]') >= lo)) {
    bad('noise.localEventPeakVelocityRangeMps must be [min > 0, max >= min]');
  }
  if (finite(n.dcOffsetRangeCounts, 'noise.dcOffsetRangeCounts') < 0) bad('noise.dcOffsetRangeCounts must be >= 0');
  return s;
}

function stripUndefined<T extends object>(o: T | null | undefined): Partial<T> {
  if (!o) return {};
  const r: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (r as Record<string, unknown>)[k] = v;
  return r;
}
