/**
 * The suggestion: one line an analyst can accept as the exclusion reason, built from the findings
 * whose severity is 'exclude', one clause per check in the paper's order of criteria.
 */
import type { QcCheckName, QcFinding, QcSuggestion } from '../../../shared/qc';
import { groupSignals } from './impulsive';

function when(f: QcFinding): string {
  if (f.secondsBeforeOrigin === null) return `at ${new Date(f.startTimeUs / 1000).toISOString()}`;
  const h = f.secondsBeforeOrigin / 3600;
  return h >= 0 ? `at ${h.toFixed(2)} h before origin` : `at ${(-h).toFixed(2)} h after origin`;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function largest(list: readonly QcFinding[]): QcFinding {
  return list.reduce((a, b) => (b.score > a.score ? b : a));
}

const clauses: Record<QcCheckName, (list: QcFinding[]) => string> = {
  impulsive: (list) => {
    const signals = groupSignals(list, Number(list[0].detail.groupSeconds ?? 0));
    const top = largest(list);
    return `${plural(signals.length, 'impulsive signal')} (largest STA/LTA ${top.score.toFixed(1)} ${when(top)})`;
  },
  spikes: (list) => {
    const top = largest(list);
    return `${plural(list.length, 'spike')} (largest ${top.score.toFixed(0)} MADs on ${top.channel ?? '?'} ${when(top)})`;
  },
  gaps: (list) => {
    const missing = list.reduce((n, f) => n + f.score, 0);
    const channels = [...new Set(list.map((f) => f.channel))].join(', ');
    return `discontinuous data: ${plural(list.length, 'gap')} on ${channels} (${missing} samples missing, first ${when(list[0])})`;
  },
  'channel-lengths': (list) => {
    const parts = [...new Set(list.map((f) => f.reason.replace(/^channels of different lengths: /, '')))];
    return `channels of different lengths (${parts.slice(0, 3).join('; ')}${parts.length > 3 ? '; …' : ''})`;
  },
  clipping: (list) => {
    const samples = list.reduce((n, f) => n + f.score, 0);
    const channels = [...new Set(list.map((f) => f.channel))].join(', ');
    return `clipped data: ${plural(list.length, 'run')} at the digital limit on ${channels} (${samples} samples, first ${when(list[0])})`;
  },
  'flat-lines': (list) => {
    const parts: string[] = [];
    const flat = list.filter((f) => f.kind === 'flat');
    const corrupt = list.filter((f) => f.kind === 'non-finite');
    if (flat.length) {
      const top = flat.reduce((a, b) => (b.durationSeconds > a.durationSeconds ? b : a));
      parts.push(`${plural(flat.length, 'flat line')} (longest ${top.durationSeconds.toFixed(1)} s on ${top.channel ?? '?'} ${when(top)})`);
    }
    if (corrupt.length) parts.push(`corrupted data: ${corrupt.reduce((n, f) => n + f.score, 0)} non-finite samples (first ${when(corrupt[0])})`);
    return parts.join('; ');
  },
};

/** Paper order: impulsive signals, spikes, discontinuous or corrupted data, channels of different lengths. */
const order: QcCheckName[] = ['impulsive', 'spikes', 'gaps', 'flat-lines', 'clipping', 'channel-lengths'];

export function suggestExclusion(findings: readonly QcFinding[]): QcSuggestion {
  const parts: string[] = [];
  for (const check of order) {
    const list = findings.filter((f) => f.check === check && f.severity === 'exclude').sort((a, b) => a.startTimeUs - b.startTimeUs);
    if (list.length > 0) parts.push(clauses[check](list));
  }
  return parts.length ? { exclude: true, reason: parts.join('; ') } : { exclude: false, reason: null };
}
