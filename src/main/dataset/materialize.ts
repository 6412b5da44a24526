/**
 * Turn planned windows into standardized, channels-last sample arrays. Each macro-window is read
 * by byte range from the stored waveform files (never the whole 10 h), standardized jointly over
 * its channels (PAPER-NOTES.md: one mean and one std for all 3×40000 samples), and its sub-windows
 * are views into it (see subwindows.ts).
 */
import { standardizeJointInterleaved } from '../dsp/standardize';
import type { PlannedWindow } from './plan';
import { subWindowViews } from './subwindows';

/** Where samples come from: the project store in the app, arrays in memory in tests. */
export interface WaveformSource {
  read(segmentId: number, channelCode: string, startTimeUs: number, nSamples: number): Float32Array;
}

export function loadMacroWindow(
  source: WaveformSource,
  w: Pick<PlannedWindow, 'segmentId' | 'startTimeUs' | 'nSamples'>,
  channels: readonly string[],
): Float32Array {
  const perChannel = channels.map((c) => source.read(w.segmentId, c, w.startTimeUs, w.nSamples));
  return standardizeJointInterleaved(perChannel);
}

export interface MaterializedWindow {
  window: PlannedWindow;
  /** standardized macro-window, [nSamples, channels] flattened */
  samples: Float32Array;
  /** views of `samples`, each [subWindowSamples, channels] flattened */
  subWindows: Float32Array[];
}

export function materializeWindows(
  source: WaveformSource,
  windows: readonly PlannedWindow[],
  channels: readonly string[],
  subWindowSamples: number,
  subWindowsPerWindow: number,
  onProgress?: (done: number, total: number) => void,
): MaterializedWindow[] {
  return windows.map((w, i) => {
    const samples = loadMacroWindow(source, w, channels);
    onProgress?.(i + 1, windows.length);
    return { window: w, samples, subWindows: subWindowViews(samples, channels.length, subWindowSamples, subWindowsPerWindow) };
  });
}
