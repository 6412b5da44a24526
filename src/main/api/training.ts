/**
 * The training, evaluation and temporal-curve operations. The work runs in worker threads
 * (src/main/training); these handlers pick the dataset, map the workers' events to progress and
 * log lines, and write the curve's CSV.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { OpOutput, OpParsedInput } from '../../shared/api';
import { ForeseisError } from '../../shared/errors';
import { datasetSettingsSchema } from '../dataset';
import { listDatasets, withProject } from '../store';
import { curveCsv, curveGroup, evaluateGroup, listRuns, resume, train, type TrainEventContext, type WorkerEvent } from '../training';
import type { HandlerContext } from './context';
import { buildWindows } from './windows';

interface DatasetChoice {
  id: number;
  noise: 'A' | 'B';
  length: number;
}

function datasetChoices(dir: string): Promise<DatasetChoice[]> {
  return withProject(dir, {}, (p) =>
    listDatasets(p).map((d) => {
      const settings = datasetSettingsSchema.parse(JSON.parse((p.db.prepare('SELECT settings_json FROM datasets WHERE id = ?').get(d.id) as { settings_json: string }).settings_json));
      return { id: d.id, noise: settings.noise, length: settings.subWindowSamples };
    }),
  );
}

/** The dataset a training request means: the given one, the latest matching one, or one built now. */
async function resolveDataset(input: OpParsedInput<'train.run'>, ctx: HandlerContext): Promise<number> {
  const choices = await datasetChoices(input.dir);
  if (input.datasetId !== undefined) {
    const chosen = choices.find((c) => c.id === input.datasetId);
    if (!chosen) throw new ForeseisError('not-found', `no dataset #${input.datasetId} in ${path.resolve(input.dir)}${choices.length ? ` (datasets: ${choices.map((c) => `#${c.id}`).join(', ')})` : ''}`);
    if (input.length !== undefined && chosen.length !== input.length) throw new ForeseisError('bad-input', `dataset #${chosen.id} has sub-windows of ${chosen.length} samples, not ${input.length}`);
    return chosen.id;
  }
  const matching = choices.filter((c) => (input.noise === undefined || c.noise === input.noise) && (input.length === undefined || c.length === input.length));
  if (matching.length > 0) return matching[matching.length - 1].id;
  if (input.noise === undefined) {
    if (choices.length === 0) {
      throw new ForeseisError('bad-input', `project ${path.resolve(input.dir)} has no labelled windows: run 'foreseis windows ${input.dir}' first (or pass --noise A to build them here)`);
    }
    throw new ForeseisError('bad-input', `no dataset with sub-windows of ${input.length} samples (datasets: ${choices.map((c) => `#${c.id} noise ${c.noise} L=${c.length}`).join(', ')}); pass --dataset ID, or --noise to build one`);
  }
  const settings = { noise: input.noise, subWindowSamples: input.length, subWindowsPerWindow: input.count };
  ctx.log?.(`no dataset with noise ${input.noise}${input.length ? ` and L = ${input.length}` : ''} yet: building one`);
  try {
    return (await buildWindows({ dir: input.dir, settings: datasetSettingsSchema.parse({ ...settings, split: { kind: 'preset' } }) }, ctx)).datasetId;
  } catch (error) {
    if (!(error instanceof ForeseisError && /no train\/test split/.test(error.message))) throw error;
    // Events without a stored split (e.g. a random synthetic catalogue): a seeded random split by event, the paper's 7/31 in test.
    return (await buildWindows({ dir: input.dir, settings: datasetSettingsSchema.parse({ ...settings, split: { kind: 'random', seed: input.settings.seed, testFraction: 7 / 31 } }) }, ctx)).datasetId;
  }
}

function fmt(x: number, digits = 3): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '–';
}

/** Worker events as progress (fraction over all runs, ETA) and log lines (one per epoch). */
function trainingReporter(ctx: HandlerContext): (event: WorkerEvent, where: TrainEventContext) => void {
  let firstEpoch = 1;
  const label = (runId: number, where: TrainEventContext): string => `run #${runId}${where.count > 1 ? ` (${where.index + 1}/${where.count})` : ''}`;
  return (event, where) => {
    switch (event.type) {
      case 'started':
        firstEpoch = event.firstEpoch;
        ctx.log?.(
          `${label(event.runId, where)}: ${event.engine.description}; ${event.trainExamples} training and ${event.validationExamples} validation windows ` +
            `(validation events ${event.validationEvents.join(', ')}), ${event.batchesPerEpoch} batches per epoch${event.firstEpoch > 1 ? `, resuming at epoch ${event.firstEpoch}` : ''}`,
        );
        break;
      case 'batch': {
        const within = ((event.epoch - firstEpoch) * event.batches + event.batch) / ((event.epochs - firstEpoch + 1) * event.batches);
        const remainingRuns = where.count - where.index - 1;
        const perRun = event.etaSeconds / Math.max(1e-9, 1 - within);
        ctx.progress({
          fraction: (where.index + within) / where.count,
          step: `${label(event.runId, where)} epoch ${event.epoch}/${event.epochs} batch ${event.batch}/${event.batches} loss ${fmt(event.loss)} acc ${fmt(event.accuracy, 2)} ${event.samplesPerSecond.toFixed(0)}/s`,
          etaSeconds: event.etaSeconds + remainingRuns * perRun,
        });
        break;
      }
      case 'epoch':
        ctx.log?.(
          `${label(event.runId, where)} epoch ${event.epoch}/${event.epochs}: loss ${fmt(event.trainLoss)} acc ${fmt(event.trainAccuracy)} · ` +
            `val_loss ${fmt(event.valLoss)} val_acc ${fmt(event.valAccuracy)} · ${event.seconds.toFixed(1)} s${event.improved ? ' · best so far' : ''} · checkpoint saved` +
            (event.stopping ? ' · early stop' : ''),
        );
        break;
      default:
        break;
    }
  };
}

export async function trainRunHandler(input: OpParsedInput<'train.run'>, ctx: HandlerContext): Promise<OpOutput<'train.run'>> {
  const options = { onEvent: trainingReporter(ctx), signal: ctx.signal };
  if (input.resume !== undefined) return resume(input.dir, input.resume, options);
  const datasetId = await resolveDataset(input, ctx);
  return train(input.dir, datasetId, input.settings, options);
}

export function runsListHandler(input: OpParsedInput<'runs.list'>): Promise<OpOutput<'runs.list'>> {
  return listRuns(input.dir, input.group);
}

export function evaluateRunHandler(input: OpParsedInput<'evaluate.run'>, ctx: HandlerContext): Promise<OpOutput<'evaluate.run'>> {
  return evaluateGroup(input.dir, input.run, input.engine, { signal: ctx.signal, onProgress: (fraction, step) => ctx.progress({ fraction, step }) });
}

export async function curveRunHandler(input: OpParsedInput<'curve.run'>, ctx: HandlerContext): Promise<OpOutput<'curve.run'>> {
  const curve = await curveGroup(
    input.dir,
    input.run,
    { engine: input.engine, baselineIntervals: input.baselineIntervals, bandSigmas: input.bandSigmas },
    { signal: ctx.signal, onProgress: (fraction, step) => ctx.progress({ fraction, step }) },
  );
  let csvPath: string | null = null;
  if (input.csv !== undefined) {
    csvPath = path.resolve(input.csv);
    fs.mkdirSync(path.dirname(csvPath), { recursive: true });
    fs.writeFileSync(csvPath, curveCsv(curve));
  }
  return { ...curve, csvPath };
}
