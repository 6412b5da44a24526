/** How `foreseis qc` prints an event: one row per impulsive signal, the suggestion, the decision. */
import { describe, expect, it } from 'vitest';
import { formatHistory, formatQcEvent } from '../../../src/main/cli/commands-qc';
import type { QcEventReport, QcFinding } from '../../../src/shared/qc';

const origin = Date.UTC(2013, 3, 12, 20, 33, 17);

function trigger(channel: string, hoursBefore: number, seconds: number, score: number): QcFinding {
  const startTimeUs = (origin - hoursBefore * 3600_000) * 1000;
  return {
    check: 'impulsive',
    kind: 'trigger',
    channel,
    startTimeUs,
    secondsBeforeOrigin: hoursBefore * 3600,
    durationSeconds: seconds,
    score,
    scoreUnit: 'STA/LTA',
    severity: 'exclude',
    reason: `impulsive signal on ${channel}`,
    detail: { groupSeconds: 30 },
  };
}

const report: QcEventReport = {
  eventId: 7,
  publicId: 'ev-7',
  originTimeMs: origin,
  segmentId: 3,
  qcRunId: 12,
  reused: true,
  checks: [],
  // one quake (P on BHZ, S on BH1 10 s later) and a second one an hour later
  findings: [trigger('BHZ', 2.31, 3, 7.2), trigger('BH1', 2.31 - 10 / 3600, 6, 5.5), trigger('BHZ', 1.31, 2, 6)],
  suggestion: { exclude: true, reason: '2 impulsive signals (largest STA/LTA 7.2 at 2.31 h before origin)' },
  decision: { id: 1, eventId: 7, publicId: 'ev-7', action: 'exclude', reason: 'quake at 2.31 h', author: 'alice', createdAtMs: Date.UTC(2026, 0, 2, 3, 4, 5) },
};

describe('formatQcEvent', () => {
  it('groups the triggers of one signal into a row and prints the suggestion and the decision', () => {
    const text = formatQcEvent(report);
    const rows = text.split('\n');
    expect(rows[0]).toBe('event 7 (ev-7, origin 2013-04-12 20:33:17 UTC) — 3 findings (qc run #12, reused)');
    const signalRows = rows.filter((r) => r.includes('signal ('));
    expect(signalRows).toHaveLength(2);
    expect(signalRows[0]).toMatch(/signal \(2 trig\.\)\s+BH1,BHZ\s+2\.310 h\s+16\.0 s\s+STA\/LTA 7\.2\s+exclude/);
    expect(signalRows[1]).toMatch(/signal \(1 trig\.\)\s+BHZ\s+1\.310 h\s+2\.0 s\s+STA\/LTA 6\.0/);
    expect(text).toContain('  suggest exclude: 2 impulsive signals (largest STA/LTA 7.2 at 2.31 h before origin)');
    expect(text).toContain('  decision: excluded by alice on 2026-01-02 03:04:05 UTC: "quake at 2.31 h"');
  });

  it('--all prints every trigger on its own row', () => {
    expect(formatQcEvent(report, true).split('\n').filter((r) => r.includes(' trigger '))).toHaveLength(3);
  });

  it('an event without data or findings says so', () => {
    const none = formatQcEvent({ ...report, qcRunId: null, segmentId: null, findings: [], suggestion: { exclude: true, reason: 'no recorded data' }, decision: null });
    expect(none).toContain('— no recording stored');
    expect(none).toContain('suggest exclude: no recorded data');
    expect(none).toContain('decision: no decision yet (included)');
    expect(formatHistory([])).toBe('no decisions recorded yet');
  });
});
