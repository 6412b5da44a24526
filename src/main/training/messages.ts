/**
 * The protocol between a caller and a training worker (node:worker_threads): one job in
 * `workerData`, cancel requests in, typed events out. Errors cross as SerializedError values.
 */
import type { AnalysisRecord, AnalysisRequest, FrequencyOcclusionSettings } from '../../shared/analysis';
import type { SerializedError } from '../../shared/errors';
import type { CurveResult, EnginePreferenceName, EvaluateResult, RunSummary } from '../../shared/training';

export type WorkerJob =
  | { kind: 'train'; dir: string; runId: number }
  | { kind: 'evaluate'; dir: string; runIds: number[]; engine?: EnginePreferenceName }
  | {
      kind: 'curve';
      dir: string;
      runIds: number[];
      engine?: EnginePreferenceName;
      baselineIntervals?: number;
      bandSigmas?: number;
    }
  | { kind: 'analysis'; dir: string; runId: number; request: AnalysisRequest; force: boolean }
  /** one thread's share of a frequency-occlusion sweep: these test windows at every cutoff */
  | { kind: 'occlusion-share'; dir: string; runId: number; windowIds: number[]; cutoffs: number[]; settings: FrequencyOcclusionSettings };

export type WorkerRequest = { type: 'cancel' };

export interface BatchProgress {
  type: 'batch';
  runId: number;
  /** 1-based */
  epoch: number;
  epochs: number;
  /** 1-based */
  batch: number;
  batches: number;
  /** running mean over the epoch so far */
  loss: number;
  accuracy: number;
  samplesPerSecond: number;
  /** to the end of the run if it uses every epoch (early stopping may end it sooner) */
  etaSeconds: number;
}

export interface EpochEnd {
  type: 'epoch';
  runId: number;
  epoch: number;
  epochs: number;
  trainLoss: number;
  trainAccuracy: number;
  valLoss: number;
  valAccuracy: number;
  seconds: number;
  /** this epoch's weights are the best so far (kept for the final model) */
  improved: boolean;
  /** early stopping ends the run after this epoch */
  stopping: boolean;
}

export type WorkerEvent =
  | {
      type: 'started';
      runId: number;
      engine: { name: string; description: string };
      /** epoch the run starts at (1, or the one after its checkpoint) */
      firstEpoch: number;
      epochs: number;
      batchesPerEpoch: number;
      trainExamples: number;
      validationExamples: number;
      validationEvents: number[];
    }
  | BatchProgress
  | EpochEnd
  | { type: 'progress'; fraction: number; step: string }
  | { type: 'done'; run?: RunSummary; evaluation?: EvaluateResult; curve?: Omit<CurveResult, 'csvPath'>; analysis?: AnalysisRecord; share?: { scores: number[][]; filterMs: number; inferenceMs: number } }
  | { type: 'failed'; error: SerializedError }
  | { type: 'cancelled' };
