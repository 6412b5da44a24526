/**
 * Quality checks and curation, the contract side: the settings of every check (each a plain JSON
 * object stored with what it found), the findings, the per-event report with its suggestion, and
 * the analyst's exclusion history. The tool suggests, the analyst decides (PAPER-NOTES.md "Data").
 */
import { z } from 'zod';

const positive = z.number().positive();

export const gapSettingsSchema = z
  .object({
    /** a step between pieces longer than one period by more than this fraction of a period is a gap (libmseed: ½) */
    toleranceSamples: positive.default(0.5),
  })
  .strict();

export const channelLengthSettingsSchema = z
  .object({
    /** the channels an event's recording must hold, in order */
    expectedChannels: z.array(z.string().min(1)).default(['BH1', 'BH2', 'BHZ']),
    /** first/last sample times that differ by more than this many periods are a mismatch */
    toleranceSamples: positive.default(0.5),
  })
  .strict();

export const spikeSettingsSchema = z
  .object({
    /** Butterworth high-pass applied first, so that microseisms do not hide a spike */
    highpassHz: positive.default(1),
    highpassOrder: z.number().int().min(1).max(10).default(4),
    /** a sample is an outlier when |x − median| / (1.4826 · MAD) of its piece exceeds this */
    thresholdMads: positive.default(20),
    /** outliers closer than this belong to one excursion */
    mergeSeconds: positive.default(1),
    /** an excursion is a spike when its samples above `widthFraction` of its peak score span at most this (longer ones are signals) */
    maxWidthSeconds: positive.default(0.25),
    widthFraction: z.number().gt(0).lt(1).default(0.25),
  })
  .strict();

export const impulsiveSettingsSchema = z
  .object({
    /** band-pass of the characteristic function, Hz (local earthquakes: a few Hz) */
    bandHz: z.tuple([positive, positive]).default([2, 15]),
    filterOrder: z.number().int().min(1).max(10).default(4),
    /** short- and long-term average windows of the classic STA/LTA, s */
    staSeconds: positive.default(1),
    ltaSeconds: positive.default(30),
    /** trigger on above this ratio, off below `offRatio` (ObsPy trigger_onset thres1/thres2) */
    onRatio: positive.default(5),
    offRatio: positive.default(1.5),
    /** a trigger longer than this is cut (ObsPy max_len) */
    maxTriggerSeconds: positive.default(300),
    /** triggers (of any channel) closer than this count as one signal: a local quake's P and S (S − P up to ~20 s) */
    groupSeconds: z.number().min(0).default(30),
  })
  .strict()
  .refine((s) => s.offRatio <= s.onRatio, { message: 'offRatio must not exceed onRatio', path: ['offRatio'] })
  .refine((s) => s.bandHz[0] < s.bandHz[1], { message: 'bandHz must be [low, high] with low < high', path: ['bandHz'] })
  .refine((s) => s.ltaSeconds >= s.staSeconds, { message: 'ltaSeconds must be at least staSeconds', path: ['ltaSeconds'] });

export const clippingSettingsSchema = z
  .object({
    /** runs of at least this many consecutive samples at the channel's maximum or minimum value */
    minRunSamples: z.number().int().min(2).default(3),
    /** the digitizer's full scale, counts (e.g. 8388607 for 24 bits): every sample at or beyond it counts; null = unknown */
    fullScaleCounts: positive.nullable().default(null),
  })
  .strict();

export const flatLineSettingsSchema = z
  .object({
    /** runs of constant value at least this long */
    minDurationSeconds: positive.default(1),
    /** consecutive samples within this many counts are "the same value" */
    toleranceCounts: z.number().min(0).default(0),
  })
  .strict();

export const qcSettingsSchema = z
  .object({
    gaps: gapSettingsSchema.prefault({}),
    channelLengths: channelLengthSettingsSchema.prefault({}),
    spikes: spikeSettingsSchema.prefault({}),
    impulsive: impulsiveSettingsSchema.prefault({}),
    clipping: clippingSettingsSchema.prefault({}),
    flatLines: flatLineSettingsSchema.prefault({}),
  })
  .strict();

export type QcSettings = z.output<typeof qcSettingsSchema>;
export type QcSettingsInput = z.input<typeof qcSettingsSchema>;
export type GapSettings = QcSettings['gaps'];
export type ChannelLengthSettings = QcSettings['channelLengths'];
export type SpikeSettings = QcSettings['spikes'];
export type ImpulsiveSettings = QcSettings['impulsive'];
export type ClippingSettings = QcSettings['clipping'];
export type FlatLineSettings = QcSettings['flatLines'];

export const qcCheckNames = ['gaps', 'channel-lengths', 'spikes', 'impulsive', 'clipping', 'flat-lines'] as const;
export type QcCheckName = (typeof qcCheckNames)[number];

/** info: worth knowing; warning: look at it; exclude: the paper's criteria say exclude the event. */
export type QcSeverity = 'info' | 'warning' | 'exclude';

export interface QcFinding {
  check: QcCheckName;
  /** e.g. gap, overlap, missing-start, count-mismatch, spike, trigger, clip, flat */
  kind: string;
  /** null when the finding concerns the recording as a whole */
  channel: string | null;
  /** first sample concerned, µs since epoch */
  startTimeUs: number;
  /** (origin − start) in s; null for a recording without an origin */
  secondsBeforeOrigin: number | null;
  durationSeconds: number;
  score: number;
  /** what the score counts: 'samples', 'MADs', 'STA/LTA', 's' */
  scoreUnit: string;
  severity: QcSeverity;
  /** the exclusion reason this finding alone would suggest */
  reason: string;
  detail: Record<string, number | string | boolean | null>;
}

/** One check's output: its settings as run, and what it found. */
export interface QcCheckResult {
  check: QcCheckName;
  settings: Record<string, unknown>;
  findings: QcFinding[];
}

export interface QcSuggestion {
  exclude: boolean;
  /** e.g. "3 impulsive signals (largest STA/LTA 7.2 at 2.31 h before origin)"; null when nothing suggests exclusion */
  reason: string | null;
}

export type ExclusionAction = 'exclude' | 'include';

export interface ExclusionRecord {
  id: number;
  eventId: number;
  publicId: string;
  action: ExclusionAction;
  reason: string;
  author: string;
  createdAtMs: number;
}

export interface QcEventReport {
  eventId: number;
  publicId: string;
  originTimeMs: number;
  /** null when the event has no stored recording */
  segmentId: number | null;
  /** the stored run these findings belong to (null without a recording) */
  qcRunId: number | null;
  /** true when an earlier run with the same settings and data was reused */
  reused: boolean;
  checks: QcCheckResult[];
  findings: QcFinding[];
  suggestion: QcSuggestion;
  /** the analyst's current decision (the latest history row), null when never decided */
  decision: ExclusionRecord | null;
}

export interface QcRunResult {
  settings: QcSettings;
  settingsChecksum: string;
  events: QcEventReport[];
}

const projectDir = z.string().min(1, 'a project folder is required');
/** an event by its id (a number) or its public id */
const eventRef = z.union([z.number().int().positive(), z.string().min(1)]);

export const qcRunInput = z
  .object({
    dir: projectDir,
    /** one event (default: every event of the set) */
    event: eventRef.optional(),
    set: z.string().min(1).optional(),
    settings: qcSettingsSchema.prefault({}),
    /** recompute even when a run with the same settings and data exists */
    force: z.boolean().default(false),
  })
  .strict();

export const exclusionSetInput = z
  .object({
    dir: projectDir,
    event: eventRef,
    action: z.enum(['exclude', 'include']),
    /** required (non-blank) to exclude; including without one records "included" */
    reason: z.string().optional(),
    /** who decides (default: the operating-system user name) */
    author: z.string().min(1).optional(),
  })
  .strict();

export const exclusionHistoryInput = z.object({ dir: projectDir, event: eventRef.optional() }).strict();

export interface ExclusionSetResult {
  decision: ExclusionRecord;
  /** every decision about this event, oldest first */
  history: ExclusionRecord[];
}
