/**
 * Frequency-occlusion benchmark (issue 7): the Fig. 8 sweep on the compact preset over the paper's
 * 7-event test set (the Table 1 split: 7 test events × (1 precursor + 1 noise-A window) × n
 * sub-windows). The data are a synthetic 31-event project (1 h per event, windows 1 and 3 of
 * 1000 s as noise A and precursor, so the test set has the paper's shape without synthesizing
 * 10 h per event); the run is the compact preset with seeded random weights stored as a finished
 * run (the sweep's cost does not depend on what the weights learned, and training at L = 16384
 * here would take hours). The sweep runs through `runAnalysis`, as `foreseis analyze` does.
 *
 * For each length and thread count it runs the first `--cutoffs` cutoffs of 20 → 0.1 Hz (plus
 * the unfiltered pass) and prints one JSON line:
 *   {"bench":"analysis","what":"frequency-occlusion","preset":"compact","length":16384,"threads":2,
 *    "testSubWindows":518,"passes":3,"seconds":..,"filterSeconds":..,"inferenceSeconds":..,
 *    "secondsPerPass":..,"subWindowsPerSecond":..,"projectedFullSweepSeconds":..,"engine":"wasm: …"}
 * passes excludes the 20 Hz cutoff (Nyquist at 40 Hz: it re-uses the unfiltered pass);
 * projectedFullSweepSeconds = 200 passes (199 cutoffs below Nyquist + unfiltered) × secondsPerPass;
 * filter and inference seconds are summed over threads.
 *
 * Run: npx tsx bench/analysis.ts [--cutoffs N] [--length L[,L…]] [--threads T[,T…]]
 *   defaults: --cutoffs 3 --length 16384,2048 --threads 1,<cores> (L = 2048: the demo's 9 sub-windows per window).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { handle } from '../src/main/api';
import { silentContext } from '../src/main/api/context';
import { runAnalysis } from '../src/main/interpret/run';
import { buildModel, selectEngine } from '../src/main/model';
import { finishRun, openProject } from '../src/main/store';
import { modelToBytes } from '../src/main/training/model-io';
import { createTrainingRuns, specForDataset } from '../src/main/training/run';
import { analysisRequestSchema, type FrequencyOcclusionResult } from '../src/shared/analysis';
import { trainSettingsSchema } from '../src/shared/training';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const cutoffs = Number(flag('cutoffs') ?? 3);
const lengths = (flag('length') ?? '16384,2048').split(',').map(Number);
const threadCounts = [...new Set((flag('threads') ?? `1,${os.availableParallelism()}`).split(',').map(Number))];
const FULL_PASSES = 200;

/** A finished run of the compact preset with seeded random weights on the dataset. */
async function randomRun(dir: string, datasetId: number, length: number): Promise<number> {
  await selectEngine('auto');
  const project = openProject(dir);
  try {
    const [runId] = createTrainingRuns(project, datasetId, trainSettingsSchema.parse({ spec: 'compact', seed: 1 }));
    const model = buildModel(specForDataset('compact', length, 3), { seed: 1 });
    await finishRun(project, runId, await modelToBytes(model), '{}');
    model.dispose();
    return runId;
  } finally {
    project.close();
  }
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'foreseis-bench-analysis-'));
  try {
    const dir = path.join(root, 'project');
    await handle('synth.generate', { dir, settings: { events: 31, seed: 1, hoursBeforeEvent: 1, noiseBSegments: 0 } }, silentContext);
    for (const length of lengths) {
      const count = length === 16384 ? 37 : 9;
      const windows = await handle('windows.build', { dir, settings: { noise: 'A', macroWindowCount: 3, subWindowSamples: length, subWindowsPerWindow: count } }, silentContext);
      const runId = await randomRun(dir, windows.datasetId, length);
      for (const threads of threadCounts) {
        const request = analysisRequestSchema.parse({ what: 'frequency-occlusion', settings: { startHz: 20, stopHz: 20 - 0.1 * (cutoffs - 1), stepHz: 0.1, threads } });
        const r = (await runAnalysis(dir, runId, request, { force: true })).data as FrequencyOcclusionResult;
        const passes = 1 + r.cutoffs.filter((c) => c.cutoffHz < 20).length;
        const secondsPerPass = r.seconds / passes;
        console.log(
          JSON.stringify({
            bench: 'analysis',
            what: 'frequency-occlusion',
            preset: 'compact',
            length,
            threads: r.threads,
            testEvents: r.testEvents,
            testSubWindows: r.testSubWindows,
            passes,
            seconds: r.seconds,
            filterSeconds: r.filterSeconds,
            inferenceSeconds: r.inferenceSeconds,
            secondsPerPass,
            subWindowsPerSecond: (passes * r.testSubWindows) / r.seconds,
            projectedFullSweepSeconds: FULL_PASSES * secondsPerPass,
            engine: r.engine,
            loadavg: os.loadavg()[0],
          }),
        );
      }
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

void main();
