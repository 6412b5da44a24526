/**
 * The contract between the UI (or the CLI) and the Node side, declared once (electron-trpc's
 * habit): every operation has a name, a runtime schema for its input (parsed by the handler at the
 * boundary) and a response type. Both transports — Electron IPC and the browser-mode WebSocket —
 * carry exactly these operations, and the preload refuses any name not listed here.
 */
import { z } from 'zod';
import { datasetSettingsInputSchema } from './dataset-settings';
import type { OperationName } from './operations';
import type { EventSummary, SegmentSummary, StationRecord, Split, WindowLabel } from './records';
import { catalogueBuildInput, type CatalogueResult, exportRunInput, type ExportResult, importRunInput, type ImportResult } from './catalogue';
import { type AnalysisRecord, analysisRunInputSchema } from './analysis';
import { type CurveResult, enginePreferences, type EvaluateResult, type RunSummary, type TrainResult, trainSettingsSchema } from './training';
import { type ExclusionRecord, exclusionHistoryInput, exclusionSetInput, type ExclusionSetResult, qcRunInput, type QcRunResult } from './qc';
import { type DownloadResult, downloadRunInput } from './download';
import { type FigureExportResult, figureExportInput, type FigureReportResult, figureReportInput } from './figures';

const projectDir = z.string().min(1, 'a project folder is required');

export const synthSettingsSchema = z
  .object({
    events: z.number().int().min(1).max(1000).default(31),
    seed: z.number().int().default(1),
    /** precursor tremor frequencies, Hz */
    precursorFrequenciesHz: z.array(z.number().positive().lt(20)).min(1).default([0.16, 0.21]),
    /** precursor strength relative to the background (0 = the null control) */
    precursorStrength: z.number().min(0).optional(),
    /** e-folding time of the precursor's growth toward origin time, s */
    precursorTimeConstantSeconds: z.number().positive().optional(),
    /** hours of data before each event */
    hoursBeforeEvent: z.number().positive().max(48).default(10),
    /** noise-B segments (each far from every event) */
    noiseBSegments: z.number().int().min(0).optional(),
    /** the precursor exists only between these times before origin, s (to place it in a known part of a window) */
    precursorGate: z.object({ startSecondsBeforeOrigin: z.number().positive(), endSecondsBeforeOrigin: z.number().min(0), taperSeconds: z.number().min(0).optional() }).strict().optional(),
  })
  .strict();
export type SynthSettings = z.output<typeof synthSettingsSchema>;

export interface ProjectInfo {
  dir: string;
  schemaVersion: number;
  createdAtMs: number | null;
  stations: StationRecord[];
  eventSets: { id: number; name: string; description: string; size: number }[];
  events: number;
  segments: { event: number; noiseB: number };
  datasets: { id: number; name: string; windows: number; createdAtMs: number }[];
  diskBytes: number;
}

export interface SynthResult {
  dir: string;
  eventSet: string;
  events: number;
  noiseBSegments: number;
  samplesWritten: number;
  seconds: number;
}

export interface WindowCountRow {
  split: Split;
  label: WindowLabel;
  macroWindows: number;
  subWindows: number;
}

export interface WindowsResult {
  datasetId: number;
  eventSet: string;
  noise: 'A' | 'B';
  strideSamples: number;
  subWindowSamples: number;
  subWindowsPerWindow: number;
  counts: WindowCountRow[];
  totals: { train: number; test: number };
  excludedEvents: number[];
  checksum: string;
}

const runId = z.number().int().positive();

/** Train a group of runs on a dataset, or resume one run (and the rest of its group). */
const trainRunInput = z
  .object({
    dir: projectDir,
    /** the dataset to train on (default: the latest one, or the latest with `noise` and `length`) */
    datasetId: z.number().int().positive().optional(),
    /** with no dataset of this noise class yet, one is built first (windows.build, random split) */
    noise: z.enum(['A', 'B']).optional(),
    /** sub-window length L of the dataset to pick or build */
    length: z.number().int().min(1).optional(),
    /** sub-windows per macro-window n of a dataset built here */
    count: z.number().int().min(1).optional(),
    settings: trainSettingsSchema.default(trainSettingsSchema.parse({})),
    /** resume this run from its last checkpoint (the other fields are then taken from the run) */
    resume: runId.optional(),
  })
  .strict();

const demoRunInput = z
  .object({
    dir: projectDir,
    seed: z.number().int().min(0).optional(),
    /** precursor strength of the synthetic data (0 = the null control); default: the demo's */
    strength: z.number().min(0).optional(),
    noise: z.enum(['A', 'B']).optional(),
    repeats: z.number().int().min(1).max(20).optional(),
    engine: z.enum(enginePreferences).optional(),
  })
  .strict();

export interface DemoResult {
  dir: string;
  synth: SynthResult;
  windows: WindowsResult;
  train: TrainResult;
  evaluation: EvaluateResult;
  curve: CurveResult;
  reportPath: string;
  seconds: number;
}

const runsListInput = z.object({ dir: projectDir, group: runId.optional() }).strict();

const evaluateRunInput = z
  .object({
    dir: projectDir,
    /** a run: every finished run of its group is evaluated */
    run: runId,
    engine: z.enum(enginePreferences).optional(),
  })
  .strict();

const curveRunInput = z
  .object({
    dir: projectDir,
    run: runId,
    engine: z.enum(enginePreferences).optional(),
    /** write the curve as CSV here too */
    csv: z.string().min(1).optional(),
    /** early intervals that define the background band (default 12) */
    baselineIntervals: z.number().int().min(2).optional(),
    bandSigmas: z.number().positive().optional(),
  })
  .strict();

function op<I extends z.ZodType, O>(input: I, description: string): { input: I; description: string; output?: O } {
  return { input, description };
}

export const api = {
  'project.init': op<z.ZodObject<{ dir: typeof projectDir }>, ProjectInfo>(z.object({ dir: projectDir }).strict(), 'create an empty project folder'),
  'project.info': op<z.ZodObject<{ dir: typeof projectDir }>, ProjectInfo>(z.object({ dir: projectDir }).strict(), 'describe a project'),
  'events.list': op<z.ZodObject<{ dir: typeof projectDir; set: z.ZodOptional<z.ZodString> }>, EventSummary[]>(
    z.object({ dir: projectDir, set: z.string().optional() }).strict(),
    'list the events of an event set',
  ),
  'segments.list': op<z.ZodObject<{ dir: typeof projectDir }>, SegmentSummary[]>(z.object({ dir: projectDir }).strict(), 'list stored recordings'),
  'synth.generate': op<z.ZodObject<{ dir: typeof projectDir; settings: typeof synthSettingsSchema }>, SynthResult>(
    z.object({ dir: projectDir, settings: synthSettingsSchema }).strict(),
    'write a synthetic project',
  ),
  'windows.build': op<z.ZodObject<{ dir: typeof projectDir; set: z.ZodOptional<z.ZodString>; settings: typeof datasetSettingsInputSchema }>, WindowsResult>(
    z.object({ dir: projectDir, set: z.string().optional(), settings: datasetSettingsInputSchema }).strict(),
    'cut, label and split windows',
  ),
  'train.run': op<typeof trainRunInput, TrainResult>(trainRunInput, 'train a group of runs (or resume one) in a worker thread'),
  'runs.list': op<typeof runsListInput, RunSummary[]>(runsListInput, 'list training runs'),
  'evaluate.run': op<typeof evaluateRunInput, EvaluateResult>(evaluateRunInput, "score a run's group on the test windows"),
  'curve.run': op<typeof curveRunInput, CurveResult>(curveRunInput, "the temporal curve of a run's group over the test events"),
  'demo.run': op<typeof demoRunInput, DemoResult>(demoRunInput, 'synthesize, window, train, evaluate and report on the built-in synthetic data'),
  'catalogue.build': op<typeof catalogueBuildInput, CatalogueResult>(catalogueBuildInput, 'build an event catalogue from an FDSN event service or the Table 1 preset'),
  'import.run': op<typeof importRunInput, ImportResult>(importRunInput, 'import miniSEED files and match them to the events'),
  'export.run': op<typeof exportRunInput, ExportResult>(exportRunInput, "write an event's stored samples as miniSEED or CSV"),
  // quality checks and curation (src/shared/qc.ts)
  'qc.run': op<typeof qcRunInput, QcRunResult>(qcRunInput, 'run the quality checks of the events (stored, reused when unchanged) and suggest exclusions'),
  'exclusions.set': op<typeof exclusionSetInput, ExclusionSetResult>(exclusionSetInput, "append the analyst's exclude/include decision about an event to its history"),
  'exclusions.history': op<typeof exclusionHistoryInput, ExclusionRecord[]>(exclusionHistoryInput, 'the history of exclude/include decisions'),
  'download.run': op<typeof downloadRunInput, DownloadResult>(downloadRunInput, 'download the recordings before events (and noise-B windows) from an FDSN data centre, resumably'),
  // figures (src/shared/figures.ts)
  'figure.export': op<typeof figureExportInput, FigureExportResult>(figureExportInput, "one figure of a run's group to SVG/PNG/PDF with its CSV and JSON sidecar"),
  'figure.report': op<typeof figureReportInput, FigureReportResult>(figureReportInput, "every available figure and table of a run's group in one folder and one HTML page"),
  'analysis.run': op<typeof analysisRunInputSchema, AnalysisRecord>(analysisRunInputSchema, "one interpretation analysis of a run (§6), stored with it and re-used while its settings do not change"),
} as const;

export type OpName = keyof typeof api;
import { operationNames } from './operations';
export { operationNames };

// Compile-time check that operations.ts lists exactly the operations declared above.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const namesMatch: Same<OpName, OperationName> = true;
void namesMatch;
export type OpInput<K extends OpName> = z.input<(typeof api)[K]['input']>;
export type OpParsedInput<K extends OpName> = z.output<(typeof api)[K]['input']>;
export type OpOutput<K extends OpName> = NonNullable<(typeof api)[K]['output']>;

export function isOpName(name: unknown): name is OpName {
  return typeof name === 'string' && (operationNames as readonly string[]).includes(name);
}

/** Progress of a long operation: fraction in [0, 1], what it is doing, and an ETA when known. */
export interface Progress {
  fraction: number;
  step: string;
  etaSeconds?: number;
}
