/**
 * The STA/LTA check on seeded synthetic event recordings (10 h × 3 channels at 40 Hz) against the
 * generator's ground truth of the small local quakes it injected (src/main/synthetic/local-events.ts):
 * every quake found, its P onset within a second, and no signal where none was injected.
 */
import { describe, expect, it } from 'vitest';
import { checkImpulsive, groupSignals, type QcRecording } from '../../../../src/main/seismic/qc';
import { generateSegment, generateSyntheticProject } from '../../../../src/main/synthetic';
import { qcSettingsSchema } from '../../../../src/shared/qc';

const settings = { seed: 3, eventCount: 6 };
const impulsive = qcSettingsSchema.parse({}).impulsive;

function recordingOf(eventIndex: number): QcRecording {
  const seg = generateSegment(settings, { kind: 'event', eventIndex });
  const start = seg.startTimeMs * 1000;
  return {
    spanStartUs: start,
    spanEndUs: start + (seg.sampleCount / seg.sampleRateHz) * 1e6,
    originTimeUs: (seg.startTimeMs + (seg.sampleCount / seg.sampleRateHz) * 1000) * 1000,
    channels: seg.channelCodes.map((code, c) => ({ code, sampleRateHz: seg.sampleRateHz, pieces: [{ startTimeUs: start, data: seg.channels[c] }] })),
  };
}

describe('STA/LTA on synthetic recordings with injected local quakes', () => {
  it('finds every injected quake at its P onset and nothing else (seed 3, events 0, 1, 3, 4)', () => {
    const project = generateSyntheticProject(settings);
    let injected = 0;
    let found = 0;
    let falseSignals = 0;
    const onsetErrorsSeconds: number[] = [];
    for (const k of [0, 1, 3, 4]) {
      const truth = project.truth[k].localEvents;
      const r = checkImpulsive(recordingOf(k), impulsive);
      const signals = groupSignals(r.findings, impulsive.groupSeconds);
      injected += truth.length;
      for (const q of truth) {
        const pUs = q.pOnsetTimeMs * 1000;
        const hit = signals.find((g) => Math.abs(g[0].startTimeUs - pUs) < 5e6);
        if (hit) {
          found++;
          onsetErrorsSeconds.push((hit[0].startTimeUs - pUs) / 1e6);
        }
      }
      falseSignals += signals.filter((g) => !truth.some((q) => Math.abs(g[0].startTimeUs - q.pOnsetTimeMs * 1000) < 5e6)).length;
    }
    // The seed holds 9 quakes over 4 recordings, one recording with none (the false-alarm case).
    expect(injected).toBe(9);
    expect(project.truth[4].localEvents).toHaveLength(0);
    expect(found / injected).toBe(1);
    expect(falseSignals).toBe(0);
    // STA/LTA switches on a little after the true onset, never before it by more than a sample or two
    for (const e of onsetErrorsSeconds) {
      expect(e).toBeGreaterThan(-0.1);
      expect(e).toBeLessThan(0.5);
    }
  }, 60_000);
});
