import type { WaveformSource } from '../dataset/materialize';
import type { Project } from './project';
import { readChannelRange } from './segments';

/** The project's stored samples as the dataset stage's WaveformSource. */
export function projectWaveformSource(project: Project): WaveformSource {
  return { read: (segmentId, channel, startTimeUs, n) => readChannelRange(project, segmentId, channel, startTimeUs, n) };
}
