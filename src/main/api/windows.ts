import { createHash } from 'node:crypto';
import os from 'node:os';
import type { OpOutput, OpParsedInput } from '../../shared/api';
import { ForeseisError } from '../../shared/errors';
import { mulberry32 } from '../../shared/random';
import { countWindows, datasetSettingsSchema, loadMacroWindow, type PlanEvent, type PlanNoiseSegment, planDataset, subWindowStride, macroWindowSamples } from '../dataset';
import { insertDataset, listEvents, projectWaveformSource, resolveEventSet, withProject } from '../store';
import { type HandlerContext, progressReporter, throwIfCancelled } from './context';

export function buildWindows(input: OpParsedInput<'windows.build'>, ctx: HandlerContext): Promise<OpOutput<'windows.build'>> {
  const parsed = datasetSettingsSchema.safeParse(input.settings);
  if (!parsed.success) throw new ForeseisError('bad-input', `dataset settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const settings = parsed.data;
  const report = progressReporter(ctx);
  return withProject(input.dir, {}, async (p) => {
    const set = resolveEventSet(p, input.set);
    const events = listEvents(p, set.id);
    const eventSegments = p.db
      .prepare("SELECT id, event_id, start_time_us, end_time_us FROM segments WHERE kind = 'event'")
      .all() as { id: number; event_id: number; start_time_us: number; end_time_us: number }[];
    const segByEvent = new Map(eventSegments.map((s) => [s.event_id, s]));
    const planEvents: PlanEvent[] = events.map((e) => {
      const s = segByEvent.get(e.id);
      return {
        eventId: e.id,
        segmentId: s?.id ?? null,
        originTimeUs: e.originTimeMs * 1000,
        segmentStartUs: s?.start_time_us ?? null,
        segmentEndUs: s?.end_time_us ?? null,
        split: e.split,
        excluded: e.excluded,
      };
    });
    const noise = (p.db.prepare("SELECT id AS segmentId, start_time_us AS startTimeUs, end_time_us AS endTimeUs FROM segments WHERE kind = 'noise-b' ORDER BY id").all() as PlanNoiseSegment[]);
    const allOrigins = (p.db.prepare('SELECT origin_time_ms FROM events').all() as { origin_time_ms: number }[]).map((r) => r.origin_time_ms * 1000);
    const random = mulberry32(settings.split.kind === 'random' ? settings.split.seed : settings.noiseBSeed);
    const plan = planDataset(planEvents, noise, allOrigins, settings, random);

    // Read every window once: proves the data exist, are continuous and not constant before
    // anything is stored, and feeds the checksum with the samples' own bytes.
    const source = projectWaveformSource(p);
    const hash = createHash('sha256').update(JSON.stringify(settings));
    for (let i = 0; i < plan.windows.length; i++) {
      throwIfCancelled(ctx.signal);
      const w = plan.windows[i];
      let samples: Float32Array;
      try {
        samples = loadMacroWindow(source, w, settings.channels);
      } catch (err) {
        if (err instanceof ForeseisError) throw err;
        throw new ForeseisError('bad-input', `window at ${new Date(w.startTimeUs / 1000).toISOString()} (segment ${w.segmentId}): ${(err as Error).message}`);
      }
      hash.update(`${w.segmentId}:${w.startTimeUs}:${w.label}:${w.split}`).update(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
      report((i + 1) / plan.windows.length, `reading window ${i + 1}/${plan.windows.length}`);
    }
    const checksum = hash.digest('hex');
    const name = `noise-${settings.noise} ${set.name}`;
    const datasetId = insertDataset(p, name, JSON.stringify(settings), checksum, plan.windows, os.userInfo().username);
    const counts = countWindows(plan.windows, settings);
    const total = (split: 'train' | 'test'): number => counts.filter((c) => c.split === split).reduce((a, c) => a + c.subWindows, 0);
    return {
      datasetId,
      eventSet: set.name,
      noise: settings.noise,
      strideSamples: subWindowStride(macroWindowSamples(settings), settings.subWindowSamples, settings.subWindowsPerWindow),
      subWindowSamples: settings.subWindowSamples,
      subWindowsPerWindow: settings.subWindowsPerWindow,
      counts,
      totals: { train: total('train'), test: total('test') },
      excludedEvents: plan.skippedExcluded,
      checksum,
    };
  });
}
