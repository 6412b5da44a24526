/**
 * Small synthetic projects for the analysis tests: a random catalogue of a few events with 1 h of
 * data each, cut into 1000-s windows (window 3 ends at origin = precursor, window 1 = noise A) with
 * a seeded random event split. The precursor grows with a 600-s time constant, so the noise-A
 * window 2000–3000 s before origin holds under 4 % of its final amplitude.
 */
import { handle } from '../../../src/main/api';
import { silentContext } from '../../../src/main/api/context';
import type { DatasetRecord } from '../../../src/main/training/data';
import { loadDataset } from '../../../src/main/training/data';
import { openProject, type Project } from '../../../src/main/store';
import type { DatasetSettingsInput } from '../../../src/shared/dataset-settings';

export interface FixtureOptions {
  events?: number;
  seed?: number;
  strength: number;
  frequenciesHz?: number[];
  hoursBeforeEvent?: number;
  timeConstantSeconds?: number;
  gate?: { startSecondsBeforeOrigin: number; endSecondsBeforeOrigin: number; taperSeconds?: number };
  windows?: DatasetSettingsInput;
}

export async function syntheticDataset(dir: string, o: FixtureOptions): Promise<number> {
  await handle(
    'synth.generate',
    {
      dir,
      settings: {
        events: o.events ?? 12,
        seed: o.seed ?? 1,
        precursorStrength: o.strength,
        precursorFrequenciesHz: o.frequenciesHz ?? [0.16, 0.21],
        precursorTimeConstantSeconds: o.timeConstantSeconds ?? 600,
        hoursBeforeEvent: o.hoursBeforeEvent ?? 1,
        noiseBSegments: 0,
        ...(o.gate ? { precursorGate: o.gate } : {}),
      },
    },
    silentContext,
  );
  const r = await handle(
    'windows.build',
    { dir, settings: { noise: 'A', macroWindowCount: 3, subWindowSamples: 2048, subWindowsPerWindow: 9, split: { kind: 'random', seed: 1, testFraction: 0.34 }, ...o.windows } },
    silentContext,
  );
  return r.datasetId;
}

/** The project and dataset as the no-model analyses read them. */
export function openDataContext(dir: string, datasetId: number): { project: Project; dataset: DatasetRecord } {
  const project = openProject(dir);
  return { project, dataset: loadDataset(project, datasetId) };
}
