/**
 * One analysis of a run, cached: the settings are resolved (every default filled in, the chosen
 * event and interval included), hashed with the kind and the dataset's checksum, and a stored
 * result under that key is returned as it is; otherwise the analysis runs and is stored. Runs in
 * the worker thread (it loads TensorFlow for the model-based kinds).
 */
import { createHash } from 'node:crypto';
import type { AnalysisData, AnalysisKind, AnalysisRecord, AnalysisRequest } from '../../shared/analysis';
import { ForeseisError } from '../../shared/errors';
import { initFastFft } from '../dsp/fft';
import { findAnalysis, openProject, saveAnalysis } from '../store';
import { defaultSequentialStride, frequencyOcclusion, loadModel, sequentialScores, timeOcclusion } from './model';
import { chooseInterval, runContext, type RunContext } from './selection';
import { cumulativeSpectra, intervalSpectrogram, relativeDifference, type Steps } from './spectral';

export interface AnalysisOptions {
  force?: boolean;
  progress?: (fraction: number, step: string) => void;
  cancelled?: () => boolean;
}

const modelKinds: readonly AnalysisKind[] = ['sequential', 'time-occlusion', 'frequency-occlusion'];

/** The request with every default the analysis would choose filled in (so the cache key is exact). */
export function resolveRequest(ctx: RunContext, request: AnalysisRequest): AnalysisRequest {
  const d = ctx.dataset.settings;
  switch (request.what) {
    case 'spectrogram':
    case 'sequential':
    case 'time-occlusion': {
      const chosen = chooseInterval(ctx, request.settings.eventId, request.settings.interval);
      const where = { eventId: chosen.ref.eventId, interval: chosen.ref.interval };
      if (request.what === 'spectrogram') return { what: request.what, settings: { ...request.settings, ...where } };
      if (request.what === 'sequential') {
        return { what: request.what, settings: { ...request.settings, ...where, strideSamples: request.settings.strideSamples ?? defaultSequentialStride(d) } };
      }
      return { what: request.what, settings: { ...request.settings, ...where, subIndex: request.settings.subIndex ?? d.subWindowsPerWindow - 1 } };
    }
    default:
      return request;
  }
}

/** SHA-256 of what determines the result: kind, settings (not the engine or batch size), dataset checksum. */
export function settingsChecksum(request: AnalysisRequest, datasetChecksum: string): string {
  const { engine: _engine, batchSize: _batch, ...rest } = request.settings as Record<string, unknown>;
  void _engine;
  void _batch;
  const canonical = JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))));
  return createHash('sha256').update(`${request.what}\n${canonical}\n${datasetChecksum}`).digest('hex');
}

function stepsOf(options: AnalysisOptions, from = 0, to = 1): Steps {
  return {
    progress: (fraction, step) => options.progress?.(from + (to - from) * fraction, step),
    check: () => {
      if (options.cancelled?.()) throw new ForeseisError('cancelled', 'cancelled');
    },
  };
}

async function compute(ctx: RunContext, request: AnalysisRequest, options: AnalysisOptions): Promise<AnalysisData> {
  const steps = stepsOf(options);
  // Float32 windows' spectra on the WebAssembly SIMD FFT (float32 rounding only, see dsp/fft.ts).
  if (request.what === 'spectra' || request.what === 'relative-difference') await initFastFft();
  if (request.what === 'spectra') return cumulativeSpectra(ctx, request.settings, steps);
  if (request.what === 'relative-difference') return relativeDifference(ctx, request.settings, steps);
  if (request.what === 'spectrogram') return intervalSpectrogram(ctx, request.settings, steps);
  const model = await loadModel(ctx, request.settings.engine);
  try {
    if (request.what === 'sequential') return await sequentialScores(ctx, model, request.settings, steps);
    if (request.what === 'time-occlusion') return await timeOcclusion(ctx, model, request.settings, steps);
    return await frequencyOcclusion(ctx, model, request.settings, steps);
  } finally {
    model.model.dispose();
  }
}

async function cached(ctx: RunContext, raw: AnalysisRequest, options: AnalysisOptions): Promise<AnalysisRecord> {
  const request = resolveRequest(ctx, raw);
  const checksum = settingsChecksum(request, ctx.dataset.checksum);
  if (!options.force) {
    const stored = findAnalysis(ctx.project, ctx.row.id, request.what, checksum);
    if (stored) return { ...stored, cached: true, csvPath: null };
  }
  const started = Date.now();
  const data = await compute(ctx, request, options);
  const saved = saveAnalysis(ctx.project, { runId: ctx.row.id, datasetId: ctx.dataset.id, kind: request.what, settingsChecksum: checksum, seconds: (Date.now() - started) / 1000, data });
  return { ...saved, cached: false, csvPath: null };
}

/** Run (or fetch) one analysis of run `runId` in project `dir`. */
export async function runAnalysis(dir: string, runId: number, request: AnalysisRequest, options: AnalysisOptions = {}): Promise<AnalysisRecord> {
  const project = openProject(dir);
  try {
    const ctx = runContext(project, runId, modelKinds.includes(request.what));
    return await cached(ctx, request, options);
  } finally {
    project.close();
  }
}
