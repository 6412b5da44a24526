/**
 * Stored analyses looked up without computing anything (the figure export asks here first, and the
 * report draws the long frequency-occlusion sweep only when it is stored). Same cache key as
 * run.ts: a result counts only while the run's dataset and weights are those it was made from.
 */
import type { AnalysisKind, AnalysisRequest } from '../../shared/analysis';
import { findAnalysis, listAnalyses, openProject, type StoredAnalysis } from '../store';
import { analysisCacheKey, modelKinds } from './cache-key';
import { runContext } from './selection';

/** The stored result of `request` (defaults resolved as the analysis resolves them), if any. */
export function storedAnalysis(dir: string, runId: number, request: AnalysisRequest): StoredAnalysis | undefined {
  const project = openProject(dir, { readonly: true });
  try {
    const ctx = runContext(project, runId, modelKinds.includes(request.what));
    return findAnalysis(project, runId, request.what, analysisCacheKey(ctx, request).checksum);
  } finally {
    project.close();
  }
}

/** The newest stored result of `kind` for the run, under any settings, that is still valid for its data and weights. */
export function latestStoredAnalysis(dir: string, runId: number, kind: AnalysisKind): StoredAnalysis | undefined {
  const project = openProject(dir, { readonly: true });
  try {
    const rows = listAnalyses(project, runId).filter((r) => r.kind === kind);
    if (rows.length === 0) return undefined;
    const ctx = runContext(project, runId, modelKinds.includes(kind));
    for (const row of rows.sort((a, b) => b.createdAtMs - a.createdAtMs || b.id - a.id)) {
      const stored = findAnalysis(project, runId, kind, row.settingsChecksum);
      if (!stored) continue;
      const { checksum } = analysisCacheKey(ctx, { what: kind, settings: stored.data.settings } as AnalysisRequest);
      if (checksum === row.settingsChecksum) return stored;
    }
    return undefined;
  } finally {
    project.close();
  }
}
