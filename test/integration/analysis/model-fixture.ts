/**
 * A small trained run for the model-based analyses: 30 synthetic events with 1 h of data, cut into
 * three 1000-s windows (window 3 ends at origin = precursor, window 1 = noise A), each with ONE
 * sub-window of 2048 samples (51.2 s) at its start, and a strong precursor (strength 20 at 0.16 and
 * 0.21 Hz, flat envelope) that exists only in the last 12.8 s of the precursor window's sub-window:
 * samples 1536..2047 of it, 961.6..948.8 s before origin. Standardization runs over the whole
 * 1000-s window, where those 12.8 s barely change the scale, so the rest of the sub-window looks
 * like noise. The compact network is trained for a few epochs on a seeded random split by event.
 */
import { handle } from '../../../src/main/api';
import { silentContext } from '../../../src/main/api/context';
import { syntheticDataset } from './fixture';

export const SAMPLE_RATE_HZ = 40;
export const SUB_WINDOW_SAMPLES = 2048;
/** the precursor's place in the precursor window's sub-window, samples [start, end) */
export const GATED_SAMPLES: [number, number] = [1536, 2048];
const WINDOW_SECONDS = 1000;

export async function trainedGatedRun(dir: string): Promise<{ runId: number; accuracyPercent: number }> {
  const toSeconds = (samples: number): number => samples / SAMPLE_RATE_HZ;
  const datasetId = await syntheticDataset(dir, {
    events: 30,
    seed: 3,
    strength: 20,
    timeConstantSeconds: 1e6,
    gate: { startSecondsBeforeOrigin: WINDOW_SECONDS - toSeconds(GATED_SAMPLES[0]), endSecondsBeforeOrigin: WINDOW_SECONDS - toSeconds(GATED_SAMPLES[1]) },
    windows: { macroWindowSeconds: WINDOW_SECONDS, macroWindowCount: 3, subWindowSamples: SUB_WINDOW_SAMPLES, subWindowsPerWindow: 1 },
  });
  const train = await handle('train.run', { dir, datasetId, settings: { spec: 'compact', epochs: 12, batchSize: 8, seed: 1 } }, silentContext);
  const run = train.runs[0];
  if (run.status !== 'done') throw new Error(`fixture training ended ${run.status}: ${run.error ?? ''}`);
  const evaluation = await handle('evaluate.run', { dir, run: run.id }, silentContext);
  return { runId: run.id, accuracyPercent: evaluation.runs[0].scores.accuracyPercent };
}
