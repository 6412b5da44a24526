/**
 * All quality checks of one recording, in one call: each check's settings and findings, every
 * finding in one list (check order, then time), and the suggestion. A trigger that a spike on the
 * same channel explains is kept but demoted to a warning: the spike is the finding, not a quake.
 */
import { qcCheckNames, type QcCheckResult, type QcFinding, type QcSettings, type QcSuggestion } from '../../../shared/qc';
import { checkChannelLengths } from './channel-lengths';
import { checkClipping } from './clipping';
import { checkFlatLines } from './flat-lines';
import { checkGaps } from './gaps';
import { checkImpulsive } from './impulsive';
import type { QcRecording } from './recording';
import { checkSpikes } from './spikes';
import { suggestExclusion } from './suggest';

export interface QcResult {
  checks: QcCheckResult[];
  findings: QcFinding[];
  suggestion: QcSuggestion;
}

function steps(rec: QcRecording, settings: QcSettings): [string, () => QcCheckResult][] {
  return [
    ['gaps', () => checkGaps(rec, settings.gaps)],
    ['channel-lengths', () => checkChannelLengths(rec, settings.channelLengths)],
    ['flat-lines', () => checkFlatLines(rec, settings.flatLines)],
    ['clipping', () => checkClipping(rec, settings.clipping)],
    ['spikes', () => checkSpikes(rec, settings.spikes)],
    ['impulsive', () => checkImpulsive(rec, settings.impulsive)],
  ];
}

/** `beforeCheck` runs before each check (e.g. to throw on cancel). */
export function runQualityChecks(rec: QcRecording, settings: QcSettings, beforeCheck: (check: string) => void = () => {}): QcResult {
  const checks: QcCheckResult[] = [];
  for (const [name, run] of steps(rec, settings)) {
    beforeCheck(name);
    checks.push(run());
  }
  return combine(checks);
}

/**
 * The same, awaiting `beforeCheck` before each check: a host on one thread (the CLI, the main
 * process) yields there so that a cancel request gets through within one check (≤ about a second
 * for 10 h at 40 Hz) rather than one event.
 */
export async function runQualityChecksAsync(rec: QcRecording, settings: QcSettings, beforeCheck: (check: string) => Promise<void>): Promise<QcResult> {
  const checks: QcCheckResult[] = [];
  for (const [name, run] of steps(rec, settings)) {
    await beforeCheck(name);
    checks.push(run());
  }
  return combine(checks);
}

function combine(checks: QcCheckResult[]): QcResult {
  const spikes = checks.find((c) => c.check === 'spikes')?.findings ?? [];
  for (const t of checks.find((c) => c.check === 'impulsive')?.findings ?? []) {
    const endUs = t.startTimeUs + t.durationSeconds * 1e6;
    const spike = spikes.find((s) => s.channel === t.channel && s.startTimeUs >= t.startTimeUs - 1e6 && s.startTimeUs <= endUs);
    if (spike) {
      t.severity = 'warning';
      t.reason += ' (a spike, not a quake)';
      t.detail.explainedBySpike = true;
    }
  }
  const rank = (c: string): number => (qcCheckNames as readonly string[]).indexOf(c);
  const findings = checks.flatMap((c) => c.findings).sort((a, b) => rank(a.check) - rank(b.check) || a.startTimeUs - b.startTimeUs || (a.channel ?? '').localeCompare(b.channel ?? ''));
  return { checks: checks.sort((a, b) => rank(a.check) - rank(b.check)), findings, suggestion: suggestExclusion(findings) };
}
