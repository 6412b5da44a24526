/**
 * qc.run: the quality checks of every event of a set (or one event), each event's run stored and
 * reused when its settings and data are unchanged. One event at a time, each in its own
 * transaction, so a cancel keeps the events already checked and a re-run picks up from there.
 */
import { createHash } from 'node:crypto';
import type { OpOutput, OpParsedInput } from '../../shared/api';
import { type QcEventReport, qcCheckNames } from '../../shared/qc';
import { QC_ALGORITHM_VERSION, runQualityChecksAsync } from '../seismic/qc';
import {
  currentDecision,
  eventSegment,
  findQcRun,
  insertQcRun,
  listEvents,
  loadRecording,
  recordingChecksum,
  resolveEventRef,
  resolveEventSet,
  withProject,
  type EventRef,
} from '../store';
import { type HandlerContext, progressReporter, throwIfCancelled } from './context';

export function qcSettingsChecksum(settings: OpParsedInput<'qc.run'>['settings']): string {
  return createHash('sha256').update(JSON.stringify({ version: QC_ALGORITHM_VERSION, settings })).digest('hex');
}

export function qcRunHandler(input: OpParsedInput<'qc.run'>, ctx: HandlerContext): Promise<OpOutput<'qc.run'>> {
  const report = progressReporter(ctx);
  const settingsChecksum = qcSettingsChecksum(input.settings);
  return withProject(input.dir, {}, async (p) => {
    const events: EventRef[] =
      input.event !== undefined ? [resolveEventRef(p, input.event)] : listEvents(p, resolveEventSet(p, input.set).id).map((e) => ({ id: e.id, publicId: e.publicId, originTimeMs: e.originTimeMs }));
    const reports: QcEventReport[] = [];
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      throwIfCancelled(ctx.signal);
      report(i / events.length, `event ${e.publicId} (${i + 1}/${events.length})`);
      // Let Ctrl-C and progress through between events: one event's checks run synchronously.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const base = { eventId: e.id, publicId: e.publicId, originTimeMs: e.originTimeMs, decision: currentDecision(p, e.id) };
      const seg = eventSegment(p, e.id);
      if (!seg) {
        reports.push({ ...base, segmentId: null, qcRunId: null, reused: false, checks: [], findings: [], suggestion: { exclude: true, reason: 'no recorded data' } });
        continue;
      }
      const originTimeUs = e.originTimeMs * 1000;
      const dataChecksum = recordingChecksum(p, seg, originTimeUs);
      const cached = input.force ? null : findQcRun(p, e.id, settingsChecksum, dataChecksum);
      if (cached) {
        reports.push({ ...base, segmentId: seg.segmentId, qcRunId: cached.runId, reused: true, checks: cached.checks, findings: cached.findings, suggestion: cached.suggestion });
        continue;
      }
      let checksDone = 0;
      const result = await runQualityChecksAsync(loadRecording(p, seg, originTimeUs), input.settings, async (check) => {
        await new Promise<void>((resolve) => setImmediate(resolve));
        throwIfCancelled(ctx.signal);
        report((i + checksDone++ / qcCheckNames.length) / events.length, `event ${e.publicId} (${i + 1}/${events.length}): ${check}`);
      });
      const runId = await p.writeTransaction(() =>
        insertQcRun(p, { eventId: e.id, segmentId: seg.segmentId, settings: input.settings, settingsChecksum, dataChecksum, ...result }),
      );
      reports.push({ ...base, segmentId: seg.segmentId, qcRunId: runId, reused: false, ...result });
    }
    report(1, `${events.length} event${events.length === 1 ? '' : 's'} checked`);
    return { settings: input.settings, settingsChecksum, events: reports };
  });
}
