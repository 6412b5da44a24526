/**
 * The synthetic project: station(s), events, segments and ground truth as a plain description
 * (`generateSyntheticProject`, no waveforms, cheap), and the waveforms of one segment on demand
 * (`generateSegment`), so a caller writes each segment to disk and drops it.
 *
 * Random streams (see prng.ts), keyed by the seed and the segment's station and time span
 * ("IU.MAJO@<startTimeMs>+<sampleCount>"):
 *   levels/<key>            microseism level offset and drift, DC offsets
 *   noise/<key>             the background noise
 *   local-events/<key>      times and sizes of small local earthquakes
 *   local-event-waves/<key> their waveforms
 *   precursor/<key>         the precursor tremor
 * so the noise of a segment never depends on the precursor settings (strength 0 is bit-identical
 * to no precursor) nor on which other segments exist.
 */
import { ForeseisError } from '../../shared/errors';
import { eventsFromTable1, placeNoiseB, randomEvents, type SyntheticEvent } from './catalogue';
import { addLocalEvents, localEventTruth, planLocalEvents, type LocalEventTruth } from './local-events';
import { diurnalCulturalGainDb, recordedNoisePsd, type NoiseLevelsDb } from './noise-model';
import { addPrecursor, meanSquaredEnvelope } from './precursor';
import { Xoshiro128 } from './prng';
import { resolveSyntheticSettings, type SyntheticPrecursorSettings, type SyntheticSettings, type SyntheticSettingsInput } from './settings';
import { majoStation, syntheticChannelCodes, syntheticStation, type SyntheticStation } from './station';
import { synthesizeStationNoise } from './station-noise';

export const syntheticGenerator = { name: 'foreseis-synthetic', version: 1 } as const;

export type SyntheticSegmentKind = 'event' | 'noise-b';

/** Which segment: the event segment of events[eventIndex], or the index-th noise-B segment. */
export type SegmentRef = { kind: 'event'; eventIndex: number } | { kind: 'noise-b'; index: number };

export interface SyntheticSegmentPlan {
  /** "event-07", "noise-b-03" */
  id: string;
  ref: SegmentRef;
  kind: SyntheticSegmentKind;
  stationCode: string;
  startTimeMs: number;
  sampleRateHz: number;
  sampleCount: number;
  durationSeconds: number;
  /** the event's origin time (= the segment's end) for event segments, else null */
  originTimeMs: number | null;
  eventIndex: number | null;
}

export interface PrecursorLineTruth {
  frequencyHz: number;
  /** RMS of the line at origin time (envelope 1), counts, [BH1, BH2, BHZ] */
  amplitudeCounts: [number, number, number];
  /** modelled background RMS in the line's band over the reference window, counts, [BH1, BH2, BHZ] */
  backgroundBandRmsCounts: [number, number, number];
}

/** What was injected: the precursor settings as resolved, plus the origin and each line's levels. */
export interface PrecursorTruth extends SyntheticPrecursorSettings {
  originTimeMs: number;
  lines: PrecursorLineTruth[];
}

export interface SegmentTruth {
  segmentId: string;
  kind: SyntheticSegmentKind;
  stationCode: string;
  startTimeMs: number;
  endTimeMs: number;
  noise: {
    /** microseism level at the segment start relative to the model, dB */
    microseismOffsetDb: number;
    microseismDriftDbPer10Hours: number;
    culturalDayNightDb: number;
    dcOffsetsCounts: [number, number, number];
  };
  /** null for noise-B segments */
  precursor: PrecursorTruth | null;
  localEvents: LocalEventTruth[];
}

export interface SyntheticProject {
  generator: typeof syntheticGenerator;
  settings: SyntheticSettings;
  /** IU.MAJO */
  station: SyntheticStation;
  /** every station used by an event or segment (IU.MAJO, and IU.MA2 with Table 1) */
  stations: SyntheticStation[];
  channelCodes: typeof syntheticChannelCodes;
  events: SyntheticEvent[];
  segments: SyntheticSegmentPlan[];
  /** one per segment, same order */
  truth: SegmentTruth[];
}

export interface SyntheticSegment {
  id: string;
  kind: SyntheticSegmentKind;
  stationCode: string;
  channelCodes: typeof syntheticChannelCodes;
  /** counts (integer-valued), [BH1, BH2, BHZ] */
  channels: [Float32Array, Float32Array, Float32Array];
  startTimeMs: number;
  sampleRateHz: number;
  sampleCount: number;
}

interface Plan {
  settings: SyntheticSettings;
  stations: SyntheticStation[];
  events: SyntheticEvent[];
  segments: SyntheticSegmentPlan[];
}

const planCache = new Map<string, Plan>();

function pad(i: number, width: number): string {
  return String(i).padStart(width, '0');
}

function planFor(settings: SyntheticSettings): Plan {
  const key = JSON.stringify(settings);
  const hit = planCache.get(key);
  if (hit) return hit;
  const fs = settings.sampleRateHz;
  const majo = majoStation(fs);
  const c = settings.catalogue;
  const startMs = Date.parse(c.startTime);
  const endMs = Date.parse(c.endTime);
  const useTable1 = c.source === 'table1' || (c.source === 'auto' && settings.eventCount === 31);
  const events = useTable1
    ? eventsFromTable1()
    : randomEvents({
        seed: settings.seed,
        count: settings.eventCount,
        startTimeMs: startMs,
        endTimeMs: endMs,
        minSeparationDays: c.minSeparationDays,
        hoursBeforeOrigin: settings.hoursBeforeOrigin,
        station: majo,
      });
  const eventSamples = Math.round(settings.hoursBeforeOrigin * 3600 * fs);
  const width = Math.max(2, String(Math.max(events.length, settings.noiseB.count ?? events.length) - 1).length);
  const segments: SyntheticSegmentPlan[] = events.map((e, i) => ({
    id: `event-${pad(i, width)}`,
    ref: { kind: 'event', eventIndex: i },
    kind: 'event',
    stationCode: e.stationCode,
    startTimeMs: e.originTimeMs - Math.round((eventSamples / fs) * 1000),
    sampleRateHz: fs,
    sampleCount: eventSamples,
    durationSeconds: eventSamples / fs,
    originTimeMs: e.originTimeMs,
    eventIndex: i,
  }));
  const nb = settings.noiseB;
  const nbSamples = Math.round(nb.durationSeconds * fs);
  const starts = placeNoiseB({
    seed: settings.seed,
    count: nb.count ?? events.length,
    durationSeconds: nbSamples / fs,
    minHoursFromEvent: nb.minHoursFromEvent,
    hoursBeforeOrigin: settings.hoursBeforeOrigin,
    startTimeMs: startMs,
    endTimeMs: endMs,
    originTimesMs: events.map((e) => e.originTimeMs),
  });
  starts.forEach((startTimeMs, i) =>
    segments.push({
      id: `noise-b-${pad(i, width)}`,
      ref: { kind: 'noise-b', index: i },
      kind: 'noise-b',
      stationCode: majo.code,
      startTimeMs,
      sampleRateHz: fs,
      sampleCount: nbSamples,
      durationSeconds: nbSamples / fs,
      originTimeMs: null,
      eventIndex: null,
    }),
  );
  const codes = [...new Set([majo.code, ...segments.map((s) => s.stationCode)])];
  const plan: Plan = { settings, stations: codes.map((code) => syntheticStation(code, fs)), events, segments };
  if (planCache.size > 8) planCache.clear();
  planCache.set(key, plan);
  return plan;
}

function findSegment(plan: Plan, ref: SegmentRef): SyntheticSegmentPlan {
  const seg =
    ref.kind === 'event'
      ? plan.segments.find((s) => s.kind === 'event' && s.eventIndex === ref.eventIndex)
      : plan.segments.filter((s) => s.kind === 'noise-b')[ref.index];
  if (!seg) throw new ForeseisError('not-found', `no synthetic segment ${JSON.stringify(ref)}`);
  return seg;
}

function streamKey(seg: SyntheticSegmentPlan): string {
  return `${seg.stationCode}@${seg.startTimeMs}+${seg.sampleCount}`;
}

/** Clipped normal deviate. */
function clippedNormal(rng: Xoshiro128, sigma: number): number {
  return Math.max(-2, Math.min(2, rng.normal())) * sigma;
}

interface SegmentLevels {
  microseismOffsetDb: number;
  microseismDriftDbPer10Hours: number;
  dcOffsetsCounts: [number, number, number];
  levelsAt: (timeMs: number) => NoiseLevelsDb;
}

function segmentLevels(settings: SyntheticSettings, seg: SyntheticSegmentPlan, station: SyntheticStation): SegmentLevels {
  const n = settings.noise;
  const rng = Xoshiro128.forStream(settings.seed, `levels/${streamKey(seg)}`);
  const offset = clippedNormal(rng, n.microseismLevelSpreadDb);
  const drift = clippedNormal(rng, n.microseismDriftSpreadDbPer10Hours);
  const dc: [number, number, number] = [0, 0, 0];
  for (let c = 0; c < 3; c++) dc[c] = Math.round(rng.uniform(-1, 1) * n.dcOffsetRangeCounts);
  const overallDb = station.noiseLevelOffsetDb + n.levelOffsetDb;
  return {
    microseismOffsetDb: offset,
    microseismDriftDbPer10Hours: drift,
    dcOffsetsCounts: dc,
    levelsAt: (timeMs) => ({
      microseismDb: offset + (drift * (timeMs - seg.startTimeMs)) / 36_000_000,
      culturalDb: diurnalCulturalGainDb(timeMs, station.utcOffsetHours, n.culturalDayNightDb),
      overallDb,
    }),
  };
}

function precursorTruth(
  settings: SyntheticSettings,
  seg: SyntheticSegmentPlan,
  station: SyntheticStation,
  levels: SegmentLevels,
): PrecursorTruth | null {
  if (seg.kind !== 'event' || seg.originTimeMs === null) return null;
  const p = settings.precursor;
  const fs = settings.sampleRateHz;
  const sens = station.channels[0].sensitivity ?? 1;
  const refCentreMs = seg.originTimeMs - (p.referenceWindowSeconds * 1000) / 2;
  const lv = levels.levelsAt(refCentreMs);
  const envRms = Math.sqrt(meanSquaredEnvelope(p.timeConstantSeconds, p.referenceWindowSeconds));
  const lines: PrecursorLineTruth[] = p.frequenciesHz.map((f0) => {
    const bg: [number, number, number] = [0, 0, 0];
    const amp: [number, number, number] = [0, 0, 0];
    for (let c = 0; c < 3; c++) {
      const component = syntheticChannelCodes[c] === 'BHZ' ? 'Z' : 'H';
      const steps = 64;
      const df = p.bandwidthHz / steps;
      let v = 0;
      for (let i = 0; i < steps; i++) v += recordedNoisePsd(component, f0 - p.bandwidthHz / 2 + (i + 0.5) * df, lv, fs, sens) * df;
      bg[c] = Math.sqrt(v);
      amp[c] = (p.relativeStrength * p.channelWeights[c] * bg[c]) / envRms;
    }
    return { frequencyHz: f0, amplitudeCounts: amp, backgroundBandRmsCounts: bg };
  });
  return {
    originTimeMs: seg.originTimeMs,
    frequenciesHz: [...p.frequenciesHz],
    bandwidthHz: p.bandwidthHz,
    timeConstantSeconds: p.timeConstantSeconds,
    relativeStrength: p.relativeStrength,
    referenceWindowSeconds: p.referenceWindowSeconds,
    gate: p.gate ? { ...p.gate } : null,
    channelWeights: [...p.channelWeights],
    lines,
  };
}

function localEventPlan(settings: SyntheticSettings, seg: SyntheticSegmentPlan) {
  const rng = Xoshiro128.forStream(settings.seed, `local-events/${streamKey(seg)}`);
  return planLocalEvents(
    rng,
    seg.startTimeMs,
    seg.durationSeconds,
    settings.noise.localEventsPer10Hours,
    settings.noise.localEventPeakVelocityRangeMps,
  );
}

function truthFor(settings: SyntheticSettings, seg: SyntheticSegmentPlan): SegmentTruth {
  const station = syntheticStation(seg.stationCode, settings.sampleRateHz);
  const levels = segmentLevels(settings, seg, station);
  return {
    segmentId: seg.id,
    kind: seg.kind,
    stationCode: seg.stationCode,
    startTimeMs: seg.startTimeMs,
    endTimeMs: seg.startTimeMs + (seg.sampleCount / seg.sampleRateHz) * 1000,
    noise: {
      microseismOffsetDb: levels.microseismOffsetDb,
      microseismDriftDbPer10Hours: levels.microseismDriftDbPer10Hours,
      culturalDayNightDb: settings.noise.culturalDayNightDb,
      dcOffsetsCounts: levels.dcOffsetsCounts,
    },
    precursor: precursorTruth(settings, seg, station, levels),
    localEvents: localEventPlan(settings, seg).map(localEventTruth),
  };
}

/**
 * The whole synthetic project as a plain description: settings (resolved), stations, events,
 * segment plans and the ground truth of every segment. No waveforms; takes milliseconds.
 */
export function generateSyntheticProject(input: SyntheticSettingsInput | SyntheticSettings = {}): SyntheticProject {
  const settings = resolveSyntheticSettings(input);
  const plan = planFor(settings);
  return {
    generator: syntheticGenerator,
    settings,
    station: plan.stations[0],
    stations: plan.stations,
    channelCodes: syntheticChannelCodes,
    events: plan.events.map((e) => ({ ...e })),
    segments: plan.segments.map((s) => ({ ...s })),
    truth: plan.segments.map((s) => truthFor(settings, s)),
  };
}

/** The ground truth of one segment (the same object as in generateSyntheticProject().truth). */
export function segmentTruth(input: SyntheticSettingsInput | SyntheticSettings, ref: SegmentRef): SegmentTruth {
  const settings = resolveSyntheticSettings(input);
  const plan = planFor(settings);
  return truthFor(settings, findSegment(plan, ref));
}

/**
 * The waveforms of one segment: 3 channels [BH1, BH2, BHZ] in integer counts, deterministic in the
 * settings and the segment. About 0.3-0.5 s for 10 h x 3 channels at 40 Hz on one slow core.
 */
export function generateSegment(input: SyntheticSettingsInput | SyntheticSettings, ref: SegmentRef): SyntheticSegment {
  const settings = resolveSyntheticSettings(input);
  const plan = planFor(settings);
  const seg = findSegment(plan, ref);
  const station = syntheticStation(seg.stationCode, settings.sampleRateHz);
  const sens = station.channels[0].sensitivity ?? 1;
  const levels = segmentLevels(settings, seg, station);
  const key = streamKey(seg);

  const x = synthesizeStationNoise({
    sampleRateHz: seg.sampleRateHz,
    sampleCount: seg.sampleCount,
    startTimeMs: seg.startTimeMs,
    sensitivityCountsPerMps: sens,
    horizontalCoherentFraction: settings.noise.horizontalCoherentFraction,
    levelsAt: levels.levelsAt,
    rng: Xoshiro128.forStream(settings.seed, `noise/${key}`),
  });

  const quakes = localEventPlan(settings, seg);
  if (quakes.length > 0) {
    addLocalEvents(x, quakes, seg.startTimeMs, seg.sampleRateHz, sens, Xoshiro128.forStream(settings.seed, `local-event-waves/${key}`));
  }

  const truth = precursorTruth(settings, seg, station, levels);
  if (truth && truth.relativeStrength > 0 && seg.originTimeMs !== null) {
    addPrecursor(x, {
      sampleRateHz: seg.sampleRateHz,
      sampleCount: seg.sampleCount,
      originIndex: Math.round(((seg.originTimeMs - seg.startTimeMs) / 1000) * seg.sampleRateHz),
      bandwidthHz: truth.bandwidthHz,
      timeConstantSeconds: truth.timeConstantSeconds,
      gate: truth.gate,
      lines: truth.lines.map((l) => ({ frequencyHz: l.frequencyHz, amplitudeCounts: l.amplitudeCounts })),
      rng: Xoshiro128.forStream(settings.seed, `precursor/${key}`),
    });
  }

  const channels: [Float32Array, Float32Array, Float32Array] = [
    toCounts(x[0], levels.dcOffsetsCounts[0]),
    toCounts(x[1], levels.dcOffsetsCounts[1]),
    toCounts(x[2], levels.dcOffsetsCounts[2]),
  ];

  return {
    id: seg.id,
    kind: seg.kind,
    stationCode: seg.stationCode,
    channelCodes: syntheticChannelCodes,
    channels,
    startTimeMs: seg.startTimeMs,
    sampleRateHz: seg.sampleRateHz,
    sampleCount: seg.sampleCount,
  };
}

/** Add the DC offset and round to whole counts (a digitizer's output). */
function toCounts(x: Float64Array, dcCounts: number): Float32Array {
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = Math.floor(x[i] + dcCounts + 0.5);
  return y;
}
