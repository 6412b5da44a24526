/**
 * The cache key of a stored analysis, apart from the code that computes one: the request with
 * every default filled in, and the SHA-256 of what determines the result. Kept free of TensorFlow
 * (unlike model.ts) so the figure export can look a stored result up in the main thread.
 */
import { createHash } from 'node:crypto';
import type { AnalysisKind, AnalysisRequest } from '../../shared/analysis';
import { type DatasetSettings, macroWindowSamples, subWindowStride } from '../dataset';
import { chooseInterval, type RunContext } from './selection';

export const modelKinds: readonly AnalysisKind[] = ['sequential', 'time-occlusion', 'frequency-occlusion'];

/** The dataset's sub-window stride; with one sub-window per window, consecutive non-overlapping sub-windows. */
export function defaultSequentialStride(d: DatasetSettings): number {
  return d.subWindowsPerWindow > 1 ? subWindowStride(macroWindowSamples(d), d.subWindowSamples, d.subWindowsPerWindow) : d.subWindowSamples;
}

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

/**
 * SHA-256 of what determines the result: kind, settings (not the engine, batch size or threads),
 * the dataset's checksum and, for the model-based kinds, the SHA-256 of the run's weights.
 */
export function settingsChecksum(request: AnalysisRequest, datasetChecksum: string, weightsSha256 = ''): string {
  const { engine: _engine, batchSize: _batch, threads: _threads, ...rest } = request.settings as Record<string, unknown>;
  void _engine;
  void _batch;
  void _threads;
  const canonical = JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))));
  return createHash('sha256').update(`${request.what}\n${canonical}\n${datasetChecksum}\n${weightsSha256}`).digest('hex');
}

/** The resolved request and its cache key for run `ctx.row`. */
export function analysisCacheKey(ctx: RunContext, raw: AnalysisRequest): { request: AnalysisRequest; checksum: string } {
  const request = resolveRequest(ctx, raw);
  const weights =
    modelKinds.includes(request.what) && ctx.row.weights_array_id !== null
      ? ((ctx.project.db.prepare('SELECT sha256 FROM arrays WHERE id = ?').get(ctx.row.weights_array_id) as { sha256: string } | undefined)?.sha256 ?? '')
      : '';
  return { request, checksum: settingsChecksum(request, ctx.dataset.checksum, weights) };
}
