/**
 * One analysis of a run, cached: the settings are resolved (every default filled in, the chosen
 * event and interval included), hashed with the kind and the dataset's checksum, and a stored
 * result under that key is returned as it is; otherwise the analysis runs and is stored. Runs in
 * the worker thread (it loads TensorFlow for the model-based kinds).
 */
import os from 'node:os';
import type { AnalysisData, AnalysisRecord, AnalysisRequest, FrequencyOcclusionSettings } from '../../shared/analysis';
import { ForeseisError } from '../../shared/errors';
import { initFastFft } from '../dsp/fft';
import { findAnalysis, openProject, saveAnalysis } from '../store';
import { startWorker, type FinalEvent } from '../training/jobs';
import { analysisCacheKey, modelKinds } from './cache-key';
import { type CutoffShare, frequencyOcclusion, loadModel, scoreCutoffShare, sequentialScores, type ShareRunner, timeOcclusion } from './model';
import { runContext, type RunContext } from './selection';
import { cumulativeSpectra, intervalSpectrogram, relativeDifference, type Steps } from './spectral';

export interface AnalysisOptions {
  force?: boolean;
  progress?: (fraction: number, step: string) => void;
  cancelled?: () => boolean;
}

export { resolveRequest, settingsChecksum } from './cache-key';

function stepsOf(options: AnalysisOptions): Steps {
  return {
    progress: (fraction, step) => options.progress?.(fraction, step),
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
    const threads = request.settings.threads ?? (model.singleThreaded ? os.availableParallelism() : 1);
    return await frequencyOcclusion(ctx, model, request.settings, steps, { shares: threads, run: shareRunner(ctx.project.dir, ctx.row.id, request.settings) });
  } finally {
    model.model.dispose();
  }
}

async function cached(ctx: RunContext, raw: AnalysisRequest, options: AnalysisOptions): Promise<AnalysisRecord> {
  const { request, checksum } = analysisCacheKey(ctx, raw);
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

/** A share of a frequency-occlusion sweep, in a worker thread of its own (worker.ts 'occlusion-share'). */
export async function occlusionShare(
  job: { dir: string; runId: number; windowIds: number[]; cutoffs: number[]; settings: FrequencyOcclusionSettings },
  options: AnalysisOptions,
): Promise<CutoffShare> {
  const project = openProject(job.dir, { readonly: true });
  try {
    const ctx = runContext(project, job.runId, true);
    const model = await loadModel(ctx, job.settings.engine);
    try {
      return await scoreCutoffShare(ctx, model, job.windowIds, job.cutoffs, job.settings, stepsOf(options));
    } finally {
      model.model.dispose();
    }
  } finally {
    project.close();
  }
}

/** Run the shares in worker threads, one each; progress is their mean; a cancel reaches them all. */
function shareRunner(dir: string, runId: number, settings: FrequencyOcclusionSettings): ShareRunner {
  return async (shares, cutoffs, steps) => {
    const fractions = shares.map(() => 0);
    const handles = shares.map((windowIds, j) =>
      startWorker({ kind: 'occlusion-share', dir, runId, windowIds, cutoffs: [...cutoffs], settings }, (event) => {
        if (event.type !== 'progress') return;
        fractions[j] = event.fraction;
        steps.progress(fractions.reduce((a, b) => a + b, 0) / shares.length, `${shares.length} threads: ${event.step}`);
      }),
    );
    const poll = setInterval(() => {
      try {
        steps.check();
      } catch {
        handles.forEach((h) => h.cancel());
      }
    }, 200);
    let finals: FinalEvent[];
    try {
      finals = await Promise.all(handles.map((h) => h.finished));
    } finally {
      clearInterval(poll);
    }
    const failed = finals.find((f) => f.type === 'failed');
    if (failed && failed.type === 'failed') throw ForeseisError.fromSerialized(failed.error);
    if (finals.some((f) => f.type === 'cancelled')) throw new ForeseisError('cancelled', 'cancelled');
    return finals.map((f) => {
      if (f.type !== 'done' || f.share === undefined) throw new ForeseisError('internal', 'a frequency-occlusion thread ended without its scores');
      return f.share;
    });
  };
}
