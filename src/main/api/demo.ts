/**
 * The whole method on the built-in synthetic data, in one operation: synthesize → window → train
 * → evaluate → temporal curve → report. Each stage is the same handler the UI and the CLI call on
 * their own; this only chains them, maps their progress onto one bar, and writes the HTML report.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { OpOutput, OpParsedInput } from '../../shared/api';
import { ForeseisError } from '../../shared/errors';
import { buildRunReportHtml } from '../figures/run-report';
import { figureFonts } from '../export/fonts';
import { DATABASE_FILE, openProject } from '../store';
import { demoSettings } from '../training/demo-settings';
import type { HandlerContext } from './context';
import { generateSynthetic } from './synth';
import { curveRunHandler, evaluateRunHandler, trainRunHandler } from './training';
import { buildWindows } from './windows';
import { synthSettingsSchema } from '../../shared/api';
import { datasetSettingsSchema } from '../dataset';
import { trainSettingsSchema } from '../../shared/training';

const DEMO_MARKER_KEY = 'created_by';
const DEMO_MARKER = 'demo';

/** A stage's progress as a slice [from, to] of the whole demo's bar. */
function slice(ctx: HandlerContext, from: number, to: number, label: string): HandlerContext {
  return {
    ...ctx,
    progress: (p) => ctx.progress({ fraction: from + (to - from) * p.fraction, step: `${label}: ${p.step}`, etaSeconds: undefined }),
  };
}

function isPreviousDemo(dir: string): boolean {
  if (!fs.existsSync(path.join(dir, DATABASE_FILE))) return false;
  try {
    const p = openProject(dir, { readonly: true });
    try {
      return p.getMeta(DEMO_MARKER_KEY) === DEMO_MARKER;
    } finally {
      p.close();
    }
  } catch {
    return false;
  }
}

export async function runDemo(input: OpParsedInput<'demo.run'>, ctx: HandlerContext): Promise<OpOutput<'demo.run'>> {
  const started = Date.now();
  const dir = path.resolve(input.dir);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    if (!isPreviousDemo(dir)) throw new ForeseisError('bad-input', `${dir} is not empty and not a previous demo project; choose another folder`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const synthSettings = synthSettingsSchema.parse({
    ...demoSettings.synth,
    ...(input.seed === undefined ? {} : { seed: input.seed }),
    ...(input.strength === undefined ? {} : { precursorStrength: input.strength }),
  });
  const synth = await generateSynthetic({ dir, settings: synthSettings }, slice(ctx, 0, 0.15, 'synthesizing'));
  const marker = openProject(dir);
  try {
    marker.setMeta(DEMO_MARKER_KEY, DEMO_MARKER);
  } finally {
    marker.close();
  }
  const windowSettings = datasetSettingsSchema.parse({
    ...demoSettings.windows,
    ...(input.noise === undefined ? {} : { noise: input.noise }),
  });
  const windows = await buildWindows({ dir, settings: windowSettings }, slice(ctx, 0.15, 0.2, 'windowing'));
  const trainSettings = trainSettingsSchema.parse({
    ...demoSettings.train,
    ...(input.seed === undefined ? {} : { seed: input.seed }),
    ...(input.repeats === undefined ? {} : { repeats: input.repeats }),
    ...(input.engine === undefined ? {} : { engine: input.engine }),
  });
  const train = await trainRunHandler({ dir, datasetId: windows.datasetId, settings: trainSettings }, slice(ctx, 0.2, 0.85, 'training'));
  const firstRun = train.runs[0];
  if (!firstRun || firstRun.status !== 'done') throw new ForeseisError('internal', `training did not finish (${firstRun?.status ?? 'no run'}${firstRun?.error ? `: ${firstRun.error}` : ''})`);
  const evaluation = await evaluateRunHandler({ dir, run: firstRun.id }, slice(ctx, 0.85, 0.9, 'evaluating'));
  const reportsDir = path.join(dir, 'reports');
  fs.mkdirSync(reportsDir, { recursive: true });
  const csvPath = path.join(reportsDir, 'temporal-curve.csv');
  const curve = await curveRunHandler({ dir, run: firstRun.id, csv: csvPath }, slice(ctx, 0.9, 0.99, 'temporal curve'));
  const reportPath = path.join(reportsDir, 'demo-report.html');
  figureFonts(); // the report's figures are laid out with the metrics of the font they name
  const settingsText = JSON.stringify({ synth: synthSettings, windows: windowSettings, train: trainSettings, engine: firstRun.engineDescription ?? firstRun.engine }, null, 2);
  fs.writeFileSync(
    reportPath,
    buildRunReportHtml({
      title: 'Foreseis demo: the method on synthetic data',
      subtitle: `${synth.events} synthetic events (precursor strength ${synthSettings.precursorStrength ?? 'default'}), noise ${windows.noise}, ${train.runs.length} run(s) on ${firstRun.engine ?? '?'} — ${new Date().toISOString().slice(0, 19)} UTC`,
      evaluation,
      curve,
      settingsText,
    }),
  );
  ctx.progress({ fraction: 1, step: 'done' });
  return { dir, synth, windows, train, evaluation, curve, reportPath, seconds: (Date.now() - started) / 1000 };
}
