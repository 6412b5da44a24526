/**
 * The interpretation analyses of the paper's §6 (PAPER-NOTES.md "Interpretation"): their
 * settings (zod schemas, every number a setting with the paper's value as default) and their
 * results as plain, serializable data (number[] with units in the names) that the figure side
 * (src/main/figures) and the UI consume. Each result carries the resolved settings it was made
 * with, the run and dataset it describes, and the settings' checksum under which it is cached.
 */
import { z } from 'zod';
import { enginePreferences } from './training';

export const analysisKinds = ['spectra', 'relative-difference', 'spectrogram', 'sequential', 'time-occlusion', 'frequency-occlusion'] as const;
export type AnalysisKind = (typeof analysisKinds)[number];

/** Which samples a spectral analysis transforms. */
export const spectralSegmentSchema = z.enum(['macro-windows', 'sub-windows']);

/** Fig. 10: amplitude spectra of noise and precursor windows, summed over events and channels. */
export const spectraSettingsSchema = z
  .object({
    /**
     * 'macro-windows' (default, ours): the whole labelled window (1000 s, 0.001 Hz bins), the same
     * samples the sub-windows cover at the finest frequency resolution; 'sub-windows': every
     * sub-window the network sees (L samples each; coarser bins, e.g. 0.0195 Hz for L = 2048).
     */
    segment: spectralSegmentSchema.default('macro-windows'),
    /** spectra are kept up to this frequency, Hz (default 20 = Nyquist at 40 Hz) */
    maxFrequencyHz: z.number().positive().default(20),
  })
  .strict();
export type SpectraSettings = z.output<typeof spectraSettingsSchema>;

/** Fig. 11: (precursor − noise) / noise in %, Savitzky-Golay smoothed, and its significant peaks. */
export const relativeDifferenceSettingsSchema = spectraSettingsSchema
  .extend({
    /** Savitzky-Golay window width, Hz (the paper: 0.062); rounded to an odd number of bins */
    smoothingWidthHz: z.number().positive().default(0.062),
    /** Savitzky-Golay polynomial order (ours: 2) */
    smoothingPolyorder: z.number().int().min(0).max(6).default(2),
    /** peaks are searched, and the noise level measured, in this band, Hz (ours: 0.05–2 Hz) */
    peakBandHz: z.tuple([z.number().min(0), z.number().positive()]).default([0.05, 2]),
    /**
     * a peak is significant (ours) when both its prominence and its height above the band's median
     * exceed this many noise levels of the smoothed curve (default 5). The noise level is the
     * curve's sampling noise over events: the leave-one-event-out jackknife standard error of the
     * smoothed curve, its median over the peak band (see analysis/spectral.ts for why).
     */
    significanceSigmas: z.number().positive().default(5),
    /**
     * and when its height above the median exceeds this many jackknife standard errors at its own
     * frequency (default 4): a bump that one event makes (a small local earthquake in one window)
     * has a large standard error there, a line that every event carries a small one
     */
    consistencySigmas: z.number().positive().default(4),
    /** a train peak and a test peak closer than this are one common peak, Hz (ours: 0.02) */
    matchToleranceHz: z.number().positive().default(0.02),
  })
  .strict();
export type RelativeDifferenceSettings = z.output<typeof relativeDifferenceSettingsSchema>;

/** Which window of which event (1-based interval; default: the dataset's precursor interval). */
const windowChoice = {
  /** event id (default: the first test event) */
  eventId: z.number().int().positive().optional(),
  /** 1-based macro-window interval (default: the precursor window, e.g. 36) */
  interval: z.number().int().min(1).optional(),
};

/** Fig. 9: sliding-window Fourier amplitude of one interval of one event, per channel. */
export const spectrogramSettingsSchema = z
  .object({
    ...windowChoice,
    windowSamples: z.number().int().min(2).default(1000),
    strideSamples: z.number().int().min(1).default(500),
    maxFrequencyHz: z.number().positive().default(20),
  })
  .strict();
export type SpectrogramAnalysisSettings = z.output<typeof spectrogramSettingsSchema>;

const engineChoice = { engine: z.enum(enginePreferences).optional(), batchSize: z.number().int().min(1).max(4096).default(64) };

/** Fig. 6: the precursor score of consecutive sub-windows of one interval. */
export const sequentialSettingsSchema = z
  .object({
    ...windowChoice,
    ...engineChoice,
    /** samples between consecutive sub-windows (default: the dataset's sub-window stride) */
    strideSamples: z.number().int().min(1).optional(),
    /**
     * also score every interval of every test event and report the one whose scores rise the most
     * between two consecutive sub-windows (default false)
     */
    search: z.boolean().default(false),
  })
  .strict();
export type SequentialSettings = z.output<typeof sequentialSettingsSchema>;

/** Fig. 7: a zero mask slid along one sub-window; the score at each position. */
export const timeOcclusionSettingsSchema = z
  .object({
    ...windowChoice,
    ...engineChoice,
    /** 0-based sub-window of the interval (default: the last, which ends at the interval's end) */
    subIndex: z.number().int().min(0).optional(),
    maskSamples: z.number().int().min(1).default(400),
    strideSamples: z.number().int().min(1).default(400),
    /** a region is marked where the score falls below this (the classification threshold, 0.5) */
    threshold: z.number().gt(0).lt(1).default(0.5),
  })
  .strict();
export type TimeOcclusionSettings = z.output<typeof timeOcclusionSettingsSchema>;

/** Fig. 8: the test set low-passed at decreasing cutoffs; accuracy and loss at each. */
export const frequencyOcclusionSettingsSchema = z
  .object({
    ...engineChoice,
    /** first (highest) cutoff, Hz */
    startHz: z.number().positive().default(20),
    /** last (lowest) cutoff, Hz */
    stopHz: z.number().positive().default(0.1),
    stepHz: z.number().positive().default(0.1),
    /** Butterworth order (the paper: 8, −48 dB/octave) */
    order: z.number().int().min(1).max(10).default(8),
    /**
     * 'causal' (default): one forward pass, the filter's magnitude response exactly as stated
     * (8th order, −48 dB/octave, −3 dB at the cutoff), started in its steady state for the first
     * sample so no step transient enters; 'zero-phase': forward-backward (no time shift, but the
     * magnitude response squared: −96 dB/octave, −6 dB at the cutoff).
     */
    phase: z.enum(['causal', 'zero-phase']).default('causal'),
    /**
     * accuracy has dropped significantly at a cutoff when it is below the unfiltered accuracy by
     * more than this many binomial standard errors of the difference AND by at least
     * minimumDropPercent (ours: 3 SE and 5 percentage points)
     */
    dropSigmas: z.number().positive().default(3),
    minimumDropPercent: z.number().min(0).default(5),
    /**
     * worker threads that share the sweep (default: every core when the engine uses one, as the
     * wasm and cpu engines do; 1 with a native engine, which uses the cores itself)
     */
    threads: z.number().int().min(1).max(64).optional(),
  })
  .strict();
export type FrequencyOcclusionSettings = z.output<typeof frequencyOcclusionSettingsSchema>;

export const analysisRequestSchema = z.discriminatedUnion('what', [
  z.object({ what: z.literal('spectra'), settings: spectraSettingsSchema.prefault({}) }).strict(),
  z.object({ what: z.literal('relative-difference'), settings: relativeDifferenceSettingsSchema.prefault({}) }).strict(),
  z.object({ what: z.literal('spectrogram'), settings: spectrogramSettingsSchema.prefault({}) }).strict(),
  z.object({ what: z.literal('sequential'), settings: sequentialSettingsSchema.prefault({}) }).strict(),
  z.object({ what: z.literal('time-occlusion'), settings: timeOcclusionSettingsSchema.prefault({}) }).strict(),
  z.object({ what: z.literal('frequency-occlusion'), settings: frequencyOcclusionSettingsSchema.prefault({}) }).strict(),
]);
export type AnalysisRequest = z.output<typeof analysisRequestSchema>;
export type AnalysisRequestInput = z.input<typeof analysisRequestSchema>;

export const analysisRunInputSchema = z
  .object({
    dir: z.string().min(1, 'a project folder is required'),
    run: z.number().int().positive(),
    request: analysisRequestSchema,
    /** recompute even when a stored result with the same settings exists */
    force: z.boolean().default(false),
    /** write the result's main table as CSV here too */
    csv: z.string().min(1).optional(),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Results

export interface ClassSpectra {
  /** summed amplitude spectra (counts of standardized data × bins), one value per frequency */
  noiseAmplitude: number[];
  precursorAmplitude: number[];
  /** how many single-channel spectra went into each sum */
  noiseSpectra: number;
  precursorSpectra: number;
  /** how many events contributed */
  events: number;
}

export interface SpectraResult {
  kind: 'spectra';
  frequencyHz: number[];
  train: ClassSpectra;
  test: ClassSpectra;
  channels: string[];
  sampleRateHz: number;
  /** samples per transformed segment (40000 for a 1000-s macro-window at 40 Hz) */
  segmentSamples: number;
  settings: SpectraSettings;
}

export interface SpectralPeak {
  frequencyHz: number;
  /** smoothed relative difference at the peak, % */
  relativeDifferencePercent: number;
  prominencePercent: number;
  /** prominence in noise levels */
  prominenceSigmas: number;
  /** height above the band's median in noise levels */
  excessSigmas: number;
  /** height above the band's median in jackknife standard errors at the peak's frequency */
  consistencySigmas: number;
}

export interface RelativeDifferenceCurve {
  /** 100 (precursor − noise) / noise per frequency, % (raw) */
  relativeDifferencePercent: number[];
  /** the same, Savitzky-Golay smoothed */
  smoothedPercent: number[];
  /** noise level of the smoothed curve: median over the peak band of its leave-one-event-out jackknife standard error, % */
  noiseLevelPercent: number;
  /** median of the smoothed curve over the peak band, % */
  medianPercent: number;
  peaks: SpectralPeak[];
}

export interface RelativeDifferenceResult {
  kind: 'relative-difference';
  frequencyHz: number[];
  train: RelativeDifferenceCurve;
  test: RelativeDifferenceCurve;
  /** peaks found in both train and test (within matchToleranceHz), at the mean of the two frequencies */
  commonPeaks: { frequencyHz: number; trainFrequencyHz: number; testFrequencyHz: number }[];
  /** Savitzky-Golay window actually used, bins (odd) */
  smoothingWindowBins: number;
  binWidthHz: number;
  settings: RelativeDifferenceSettings;
}

export interface WindowRef {
  eventId: number;
  /** 1-based interval */
  interval: number;
  label: 'precursor' | 'noise-a' | 'noise-b' | 'unlabelled';
  /** start of the interval, ms since 1970 UTC */
  startTimeMs: number;
  /** start of the interval before the event's origin time, s */
  secondsBeforeOrigin: number;
}

export interface SpectrogramResult {
  kind: 'spectrogram';
  window: WindowRef;
  frequencyHz: number[];
  /** centre of each spectrogram window from the interval's start, s */
  timeS: number[];
  /** per channel: amplitude[t][f] of the standardized interval */
  channels: { channel: string; amplitude: number[][] }[];
  sampleRateHz: number;
  settings: SpectrogramAnalysisSettings;
}

export interface SequentialScores {
  window: WindowRef;
  /** start of each sub-window within the interval, samples */
  startSamples: number[];
  /** its start from the interval's start, s */
  startS: number[];
  /** precursor score (softmax probability of the precursor class) */
  scores: number[];
  /** the largest increase between consecutive sub-windows (null with fewer than 2) */
  largestRise: { fromIndex: number; toIndex: number; fromScore: number; toScore: number; rise: number } | null;
}

export interface SequentialResult extends SequentialScores {
  kind: 'sequential';
  subWindowSamples: number;
  strideSamples: number;
  /** with search: the interval of a test event whose consecutive scores rise the most */
  search: (SequentialScores & { intervalsSearched: number }) | null;
  engine: string;
  settings: SequentialSettings;
}

export interface OcclusionRegion {
  startSample: number;
  /** exclusive */
  endSample: number;
  startS: number;
  endS: number;
  /** lowest score inside */
  minScore: number;
}

export interface OcclusionCurve {
  /** 'all' masks every channel at once; otherwise the one channel masked */
  masked: string;
  scores: number[];
  regionsBelowThreshold: OcclusionRegion[];
}

export interface TimeOcclusionResult {
  kind: 'time-occlusion';
  window: WindowRef;
  subIndex: number;
  /** the sub-window's start within the interval, samples */
  subWindowStartSample: number;
  subWindowSamples: number;
  /** start of the mask at each position, samples from the sub-window's start (the last mask may be clipped) */
  maskStartSamples: number[];
  maskStartS: number[];
  /** score of the unmasked sub-window */
  baselineScore: number;
  curves: OcclusionCurve[];
  sampleRateHz: number;
  engine: string;
  settings: TimeOcclusionSettings;
}

export interface CutoffScore {
  cutoffHz: number;
  accuracyPercent: number;
  /** mean cross-entropy over the test sub-windows */
  loss: number;
  /** accuracy significantly below the unfiltered accuracy */
  significantDrop: boolean;
}

export interface FrequencyOcclusionResult {
  kind: 'frequency-occlusion';
  /** the unfiltered test set */
  baseline: { accuracyPercent: number; loss: number };
  /** highest cutoff first */
  cutoffs: CutoffScore[];
  /**
   * the cutoff below which accuracy drops significantly: the lowest cutoff not significantly below
   * the baseline such that every lower cutoff is; null when no drop persists to the lowest cutoff
   */
  dropBelowHz: number | null;
  testSubWindows: number;
  testEvents: number;
  /** worker threads that shared the sweep */
  threads: number;
  /** wall time of the sweep, and the time spent low-passing and in inference summed over threads, s */
  seconds: number;
  filterSeconds: number;
  inferenceSeconds: number;
  engine: string;
  settings: FrequencyOcclusionSettings;
}

export type AnalysisData = SpectraResult | RelativeDifferenceResult | SpectrogramResult | SequentialResult | TimeOcclusionResult | FrequencyOcclusionResult;

/** One stored analysis: what it describes, when, under which settings' checksum, and its data. */
export interface AnalysisRecord {
  id: number;
  runId: number;
  datasetId: number;
  kind: AnalysisKind;
  /** SHA-256 of the kind, the resolved settings, the dataset's checksum and (model-based kinds) the run's weights: the cache key with the run */
  settingsChecksum: string;
  createdAtMs: number;
  seconds: number;
  /** true when this call found it stored and did not recompute it */
  cached: boolean;
  csvPath: string | null;
  data: AnalysisData;
}
