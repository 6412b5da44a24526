/**
 * Channels of different lengths (the paper's exclusion criterion): per channel the first sample,
 * the sample after the last, and the number of samples held; a channel that starts or ends more
 * than the tolerance away from the others, or holds fewer samples than the fullest channel, is a
 * mismatch. An expected channel with no data at all is one too.
 */
import type { ChannelLengthSettings, QcCheckResult, QcFinding } from '../../../shared/qc';
import { describeWhen, finding, pieceEndUs, type QcRecording } from './recording';

interface Extent {
  code: string;
  startUs: number;
  endUs: number;
  samples: number;
  periodUs: number;
}

export function checkChannelLengths(rec: QcRecording, settings: ChannelLengthSettings): QcCheckResult {
  const findings: QcFinding[] = [];
  const extents: Extent[] = [];
  for (const ch of rec.channels) {
    const pieces = ch.pieces.filter((p) => p.data.length > 0);
    if (pieces.length === 0) continue;
    extents.push({
      code: ch.code,
      startUs: pieces[0].startTimeUs,
      endUs: pieceEndUs(pieces[pieces.length - 1], ch.sampleRateHz),
      samples: pieces.reduce((n, p) => n + p.data.length, 0),
      periodUs: 1e6 / ch.sampleRateHz,
    });
  }
  const present = new Set(extents.map((e) => e.code));
  for (const code of settings.expectedChannels) {
    if (!present.has(code)) {
      findings.push(
        finding(rec, 'channel-lengths', {
          kind: 'missing-channel',
          channel: code,
          startTimeUs: rec.spanStartUs,
          durationSeconds: (rec.spanEndUs - rec.spanStartUs) / 1e6,
          score: 1,
          scoreUnit: 'channels',
          severity: 'exclude',
          reason: `channel ${code} has no data`,
        }),
      );
    }
  }
  if (extents.length === 0) return { check: 'channel-lengths', settings: { ...settings, expectedChannels: [...settings.expectedChannels] }, findings };

  // Reference: the earliest start, the latest end and the largest count over the channels.
  const refStart = Math.min(...extents.map((e) => e.startUs));
  const refEnd = Math.max(...extents.map((e) => e.endUs));
  const refSamples = Math.max(...extents.map((e) => e.samples));
  for (const e of extents) {
    const tolUs = settings.toleranceSamples * e.periodUs;
    const detail = { firstSampleUs: e.startUs, endUs: e.endUs, samples: e.samples, longestChannelSamples: refSamples };
    if (e.startUs - refStart > tolUs) {
      const n = Math.round((e.startUs - refStart) / e.periodUs);
      findings.push(
        finding(rec, 'channel-lengths', {
          kind: 'start-mismatch',
          channel: e.code,
          startTimeUs: refStart,
          durationSeconds: (e.startUs - refStart) / 1e6,
          score: n,
          scoreUnit: 'samples',
          severity: 'exclude',
          reason: `channels of different lengths: ${e.code} starts ${n} sample${n === 1 ? '' : 's'} after the others (${describeWhen(rec, refStart)})`,
          detail,
        }),
      );
    }
    if (refEnd - e.endUs > tolUs) {
      const n = Math.round((refEnd - e.endUs) / e.periodUs);
      findings.push(
        finding(rec, 'channel-lengths', {
          kind: 'end-mismatch',
          channel: e.code,
          startTimeUs: e.endUs,
          durationSeconds: (refEnd - e.endUs) / 1e6,
          score: n,
          scoreUnit: 'samples',
          severity: 'exclude',
          reason: `channels of different lengths: ${e.code} ends ${n} sample${n === 1 ? '' : 's'} before the others`,
          detail,
        }),
      );
    }
    if (e.samples < refSamples) {
      const n = refSamples - e.samples;
      findings.push(
        finding(rec, 'channel-lengths', {
          kind: 'count-mismatch',
          channel: e.code,
          startTimeUs: e.startUs,
          durationSeconds: (e.endUs - e.startUs) / 1e6,
          score: n,
          scoreUnit: 'samples',
          severity: 'exclude',
          reason: `channels of different lengths: ${e.code} holds ${e.samples} samples, ${n} fewer than the longest channel`,
          detail,
        }),
      );
    }
  }
  return { check: 'channel-lengths', settings: { ...settings, expectedChannels: [...settings.expectedChannels] }, findings };
}
