/**
 * The training, evaluation and temporal-curve part of the contract: the settings a run records and
 * the records the UI and the CLI get back. Pure types and schemas (zod), shared by both sides.
 */
import { z } from 'zod';

/**
 * Engines as `selectEngine` names them, plus 'auto' (the best installed, see DESIGN.md "Training
 * engines") and 'wasm' (the best wasm engine: 'wasm-simd', else 'wasm-stock').
 */
export const enginePreferences = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu', 'wasm-simd', 'wasm-stock'] as const;
export type EnginePreferenceName = (typeof enginePreferences)[number];

/** What a training run is asked to do; stored with the run (runs.settings_json). */
export const trainSettingsSchema = z
  .object({
    /** preset name ('compact', 'paper') or the path of a spec file */
    spec: z.string().min(1).default('compact'),
    engine: z.enum(enginePreferences).default('auto'),
    /** threads of the 'wasm-simd' engine (default: FORESEIS_THREADS, else every core) */
    threads: z.number().int().min(1).max(64).optional(),
    /** epochs at most (default: the spec's maxEpochs); early stopping may end a run sooner */
    epochs: z.number().int().min(1).optional(),
    /** sub-windows per training step (default: the spec's) */
    batchSize: z.number().int().min(1).optional(),
    /** seed of the first run; repeat k uses seed + k */
    seed: z.number().int().min(0).max(2_000_000_000).default(1),
    /** fraction of the training events held out for early stopping (at least one event) */
    validationFraction: z.number().gt(0).lt(1).default(0.15),
    /** seed of the choice of validation events (default: the first run's seed, so repeats share it) */
    validationSeed: z.number().int().min(0).optional(),
    /** independent runs from new random weights (the paper: 5) */
    repeats: z.number().int().min(1).max(100).default(1),
    /**
     * recompute the batch-norm layers' moving statistics from the training windows at the end of
     * every epoch, before the validation score (so the kept weights carry statistics that match
     * them); without it a short run scores at chance in inference mode
     */
    recalibrateBatchNorm: z.boolean().default(true),
  })
  .strict();
export type TrainSettings = z.output<typeof trainSettingsSchema>;
export type TrainSettingsInput = z.input<typeof trainSettingsSchema>;

export type RunStatus = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

export interface EpochRecord {
  /** 1-based */
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  valLoss: number;
  valAccuracy: number;
  seconds: number;
}

export interface RunSummary {
  id: number;
  /** id of the group's first run; repeats share it */
  group: number;
  /** 0-based position in the group */
  repeatIndex: number;
  status: RunStatus;
  datasetId: number | null;
  dataChecksum: string | null;
  seed: number | null;
  /** engine name as selectEngine reports it ('wasm-simd', 'wasm-stock', 'tensorflow', …; 'wasm' in runs from before wasm-simd), null before the run started */
  engine: string | null;
  engineDescription: string | null;
  specName: string | null;
  inputLength: number | null;
  settings: Partial<TrainSettings> & { epochs?: number; batchSize?: number; validationSeed?: number };
  epochs: EpochRecord[];
  /** epoch whose weights the final model carries (early stopping restores the best) */
  bestEpoch: number | null;
  stoppedEarly: boolean;
  hasCheckpoint: boolean;
  hasModel: boolean;
  createdAtMs: number;
  finishedAtMs: number | null;
  error: string | null;
}

export interface TrainResult {
  group: number;
  datasetId: number;
  runs: RunSummary[];
}

export interface MeanStdRecord {
  mean: number;
  std: number;
  n: number;
}

/** The classification scores of §5 (mirrors analysis/metrics ClassificationScores). */
export interface ScoresRecord {
  windows: number;
  accuracyPercent: number;
  confusion: {
    trueNoise: { predictedNoise: number; predictedPrecursor: number };
    truePrecursor: { predictedNoise: number; predictedPrecursor: number };
  };
  truePositiveRate: number;
  falsePositiveRate: number;
  skill: number;
  rocAuc: number | null;
}

export interface EventAccuracyRecord {
  eventId: number;
  originTimeMs: number;
  windows: number;
  correct: number;
  accuracy: number;
}

export interface RunEvaluation {
  runId: number;
  seed: number | null;
  engine: string;
  scores: ScoresRecord;
  events: EventAccuracyRecord[];
}

export interface EvaluateResult {
  group: number;
  datasetId: number;
  runs: RunEvaluation[];
  /** mean ± std over the group's runs (std 0 for a single run) */
  summary: {
    accuracyPercent: MeanStdRecord;
    truePositiveRate: MeanStdRecord;
    falsePositiveRate: MeanStdRecord;
    skill: MeanStdRecord;
    rocAuc: MeanStdRecord;
    events: { eventId: number; originTimeMs: number; accuracy: MeanStdRecord }[];
  };
}

export interface CurvePointRecord extends MeanStdRecord {
  interval: number;
  startSecondsBeforeOrigin: number;
  endSecondsBeforeOrigin: number;
}

export interface CurveResult {
  curveId: number;
  group: number;
  datasetId: number;
  runIds: number[];
  testEvents: number[];
  intervalSeconds: number;
  subWindowsPerInterval: number;
  points: CurvePointRecord[];
  /** per run: fraction of sub-windows called precursor per interval (null where an interval had none) */
  perRun: { runId: number; fractions: (number | null)[] }[];
  band: { low: number; high: number; baselineIntervals: number; bandSigmas: number };
  onsetInterval: number | null;
  onsetSecondsBeforeOrigin: number | null;
  /** where the CSV was written, when asked */
  csvPath: string | null;
}
