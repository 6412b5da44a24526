/**
 * Frequency-occlusion benchmark (issue 7): the Fig. 8 sweep on the compact preset over the paper's
 * 7-event test set (the Table 1 split: 7 test events × (1 precursor + 1 noise-A window) × n
 * sub-windows). The data are a synthetic 31-event project (1 h per event, windows 1 and 3 of
 * 1000 s as noise A and precursor, so the test set has the paper's shape without synthesizing
 * 10 h per event); the network is the compact preset with seeded random weights (the sweep's cost
 * does not depend on what the weights learned, and training at L = 16384 here would take hours).
 *
 * For each case it runs the sweep over the first `--cutoffs` cutoffs of 20 → 0.1 Hz (plus the
 * unfiltered pass) and prints one JSON line:
 *   {"bench":"analysis","what":"frequency-occlusion","preset":"compact","length":16384,
 *    "testSubWindows":518,"passes":4,"seconds":..,"filterSeconds":..,"inferenceSeconds":..,
 *    "secondsPerPass":..,"subWindowsPerSecond":..,"projectedFullSweepSeconds":..,"engine":"wasm: …"}
 * projectedFullSweepSeconds = 201 passes (200 cutoffs + unfiltered) × secondsPerPass.
 *
 * Run: npx tsx bench/analysis.ts [--cutoffs N] [--length L[,L…]]
 *   defaults: --cutoffs 3 --length 16384,2048 (L = 2048 with the demo's 9 sub-windows per window).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { handle } from '../src/main/api';
import { silentContext } from '../src/main/api/context';
import { frequencyOcclusion } from '../src/main/interpret/model';
import { buildModel, loadSpec, selectEngine, withInputLength } from '../src/main/model';
import { openProject } from '../src/main/store';
import { loadDataset } from '../src/main/training/data';
import type { RunRow } from '../src/main/store';
import { frequencyOcclusionSettingsSchema } from '../src/shared/analysis';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const cutoffs = Number(flag('cutoffs') ?? 3);
const lengths = (flag('length') ?? '16384,2048').split(',').map(Number);
const FULL_PASSES = 201;

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'foreseis-bench-analysis-'));
  try {
    const dir = path.join(root, 'project');
    await handle('synth.generate', { dir, settings: { events: 31, seed: 1, hoursBeforeEvent: 1, noiseBSegments: 0 } }, silentContext);
    const engine = await selectEngine('auto');
    for (const length of lengths) {
      const count = length === 16384 ? 37 : 9;
      const windows = await handle('windows.build', { dir, settings: { noise: 'A', macroWindowCount: 3, subWindowSamples: length, subWindowsPerWindow: count } }, silentContext);
      const project = openProject(dir);
      try {
        const dataset = loadDataset(project, windows.datasetId);
        const model = buildModel(withInputLength(loadSpec('compact'), length), { seed: 1 });
        const settings = frequencyOcclusionSettingsSchema.parse({ startHz: 20, stopHz: 20 - 0.1 * (cutoffs - 1), stepHz: 0.1, batchSize: 64 });
        // frequencyOcclusion reads the dataset and project only; the run row is not consulted.
        const ctx = { project, dataset, row: {} as RunRow };
        const r = await frequencyOcclusion(ctx, { model, engine: engine.description }, settings, { progress: () => {}, check: () => {} });
        model.dispose();
        // 20 Hz is Nyquist at 40 Hz: that cutoff re-uses the unfiltered pass, so it is not a pass.
        const passes = 1 + r.cutoffs.filter((c) => c.cutoffHz < 20).length;
        const secondsPerPass = r.seconds / passes;
        console.log(
          JSON.stringify({
            bench: 'analysis',
            what: 'frequency-occlusion',
            preset: 'compact',
            length,
            testEvents: r.testEvents,
            testSubWindows: r.testSubWindows,
            passes,
            seconds: r.seconds,
            filterSeconds: r.filterSeconds,
            inferenceSeconds: r.inferenceSeconds,
            secondsPerPass,
            subWindowsPerSecond: (passes * r.testSubWindows) / r.inferenceSeconds,
            projectedFullSweepSeconds: FULL_PASSES * secondsPerPass,
            engine: r.engine,
            loadavg: os.loadavg()[0],
          }),
        );
      } finally {
        project.close();
      }
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

void main();
