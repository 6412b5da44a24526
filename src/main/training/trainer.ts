/**
 * One training run, start to finish, as the worker runs it: pick the engine, load the run's
 * dataset, hold out validation events, build the seeded model, then epoch by epoch train with
 * trainOnBatch on seeded batches, score the validation events, keep the best weights, write a
 * checkpoint, and stop early when the validation loss stops improving. The final model carries
 * the best epoch's weights.
 *
 * Determinism: everything random is seeded from the run's seed: initial weights (buildModel),
 * the random input layer's kernel (re-drawn each epoch from the seed and the epoch), dropout masks
 * (SeededDropout: seed + call count, saved in the checkpoint), the batch order (seed and epoch),
 * the validation events (validationSeed). Batch-norm recalibration (settings.recalibrateBatchNorm,
 * batch-norm.ts) replaces the moving statistics at each epoch's end, before the validation score;
 * training itself never reads them, so it changes no gradient. A run resumed from a checkpoint restores the weights,
 * the best weights, the optimizer's moments and those counters, so it continues exactly as the
 * uninterrupted run would have.
 */
import { createPredictor } from '../model/predictor';
import * as tf from '@tensorflow/tfjs';
import { ForeseisError } from '../../shared/errors';
import type { EpochRecord, TrainSettings } from '../../shared/training';
import { buildModel, compileModel, type ModelSpec, parseSpec, randomInputLayers, SeededDropout, selectEngine } from '../model';
import { finishRun, markRunStarted, openProject, type Project, readArrayBytes, requireRunRow, runSummary, saveCheckpoint } from '../store';
import { recalibrateBatchNorm } from './batch-norm';
import { batchOrder, checkTrainable, deriveSeed, type Examples, labelled, loadDataset, materializeExamples, splitValidation } from './data';
import type { WorkerEvent } from './messages';
import { decodeTensors, encodeTensors, modelToBytes, type NamedTensor } from './model-io';

/** Settings as stored with a run: every default resolved. */
export type ResolvedTrainSettings = TrainSettings & { epochs: number; batchSize: number; validationSeed: number };

export class CancelledError extends ForeseisError {
  constructor() {
    super('cancelled', 'cancelled');
  }
}

/** What a checkpoint's JSON records beside its tensor buffer. */
interface CheckpointState {
  version: 1;
  /** last completed epoch (1-based) */
  epoch: number;
  bestValLoss: number | null;
  bestEpoch: number;
  /** epochs since the last improvement */
  wait: number;
  dropoutCalls: number[];
  specs: tf.io.WeightsManifestEntry[];
  counts: { model: number; best: number; optimizer: number };
}

const EPSILON = 1e-7;

/**
 * Batch-norm recalibration reads at most this many training examples, evenly spread over them
 * (every event contributes): millions of (example, position) pairs per layer at any L, for about a
 * tenth of an epoch's cost on the demo's data.
 */
export const RECALIBRATION_EXAMPLES = 512;

/** Categorical cross-entropy and accuracy of 2-class softmax outputs, as Keras computes them. */
export function lossAndAccuracy(probabilities: Float32Array, labels: ArrayLike<0 | 1>): { loss: number; accuracy: number } {
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const p1 = probabilities[2 * i + 1];
    const p0 = probabilities[2 * i];
    const pTrue = labels[i] === 1 ? p1 : p0;
    loss -= Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, pTrue)));
    if ((p1 > p0 ? 1 : 0) === labels[i]) correct++;
  }
  return { loss: loss / labels.length, accuracy: correct / labels.length };
}

/** Softmax outputs [count, 2] of a model on examples, in batches (inference mode). */
export async function predictExamples(model: tf.LayersModel, examples: Examples, batchSize: number, onBatch?: (done: number) => void): Promise<Float32Array> {
  const out = new Float32Array(examples.count * 2);
  const size = examples.subWindowSamples * examples.channels;
  const buffer = new Float32Array(batchSize * size);
  const predict = createPredictor(model);
  for (let start = 0; start < examples.count; start += batchSize) {
    const indices = Int32Array.from({ length: Math.min(batchSize, examples.count - start) }, (_, i) => start + i);
    const data = examples.fill(indices, buffer);
    out.set(predict(data, indices.length), start * 2);
    onBatch?.(start + indices.length);
    // let a cancel request or a progress message through between batches
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return out;
}

function dropoutLayers(model: tf.LayersModel): SeededDropout[] {
  return model.layers.filter((l): l is SeededDropout => l instanceof SeededDropout);
}

/** SeededDropout keeps its call count private; the checkpoint must carry it for an exact resume. */
function dropoutCalls(layer: SeededDropout): number {
  return (layer as unknown as { calls: number }).calls;
}

function setDropoutCalls(layer: SeededDropout, calls: number): void {
  (layer as unknown as { calls: number }).calls = calls;
}

async function writeCheckpoint(
  project: Project,
  runId: number,
  model: tf.LayersModel,
  best: tf.Tensor[] | null,
  state: Omit<CheckpointState, 'specs' | 'counts' | 'version' | 'dropoutCalls'>,
  epoch: EpochRecord,
): Promise<void> {
  const current = model.getWeights();
  const optimizer = await model.optimizer.getWeights();
  const named: NamedTensor[] = [
    ...current.map((tensor, i) => ({ name: `model/${i}`, tensor })),
    ...(best ?? []).map((tensor, i) => ({ name: `best/${i}`, tensor })),
    ...optimizer.map((w, i) => ({ name: `optimizer/${i}`, tensor: w.tensor })),
  ];
  const { bytes, specs } = await encodeTensors(named);
  const full: CheckpointState = {
    version: 1,
    ...state,
    dropoutCalls: dropoutLayers(model).map(dropoutCalls),
    specs,
    counts: { model: current.length, best: best?.length ?? 0, optimizer: optimizer.length },
  };
  await saveCheckpoint(project, runId, bytes, JSON.stringify(full), epoch);
}

async function restoreCheckpoint(model: tf.LayersModel, bytes: Uint8Array, state: CheckpointState): Promise<tf.Tensor[] | null> {
  const map = decodeTensors(bytes, state.specs);
  const take = (prefix: string, count: number): tf.Tensor[] =>
    Array.from({ length: count }, (_, i) => {
      const t = map[`${prefix}/${i}`];
      if (t === undefined) throw new ForeseisError('corrupt-project', `checkpoint lacks ${prefix}/${i}`);
      return t;
    });
  const current = take('model', state.counts.model);
  model.setWeights(current);
  tf.dispose(current);
  const optimizer = take('optimizer', state.counts.optimizer);
  if (optimizer.length > 0) await model.optimizer.setWeights(optimizer.map((tensor, i) => ({ name: `optimizer/${i}`, tensor })));
  dropoutLayers(model).forEach((layer, i) => setDropoutCalls(layer, state.dropoutCalls[i] ?? 0));
  const best = take('best', state.counts.best);
  return best.length > 0 ? best.map((t) => tf.keep(t)) : null;
}

export interface TrainHooks {
  post(event: WorkerEvent): void;
  cancelled(): boolean;
}

/** Train (or resume) run `runId` of the project in `dir`. Marks the run done; throws on failure or cancel. */
export async function trainRun(dir: string, runId: number, hooks: TrainHooks): Promise<void> {
  const project = openProject(dir);
  try {
    const row = requireRunRow(project, runId);
    if (row.status === 'done') throw new ForeseisError('bad-input', `run #${runId} is already finished`);
    if (row.dataset_id === null || row.spec_json === null || row.seed === null) throw new ForeseisError('corrupt-project', `run #${runId} lacks its dataset, spec or seed`);
    const settings = JSON.parse(row.settings_json) as ResolvedTrainSettings;
    const spec: ModelSpec = parseSpec(JSON.parse(row.spec_json), `run #${runId}'s model spec`);
    const seed = row.seed;

    const engine = await selectEngine(settings.engine, { threads: settings.threads });
    markRunStarted(project, runId, engine, process.pid);

    const dataset = loadDataset(project, row.dataset_id);
    if (dataset.checksum !== row.data_checksum) {
      throw new ForeseisError('corrupt-project', `dataset #${dataset.id} changed since run #${runId} started (checksum ${dataset.checksum.slice(0, 12)} ≠ ${String(row.data_checksum).slice(0, 12)})`);
    }
    checkTrainable(dataset, dir);
    if (dataset.settings.subWindowSamples !== spec.input.length || dataset.settings.channels.length !== spec.input.channels) {
      throw new ForeseisError('bad-input', `run #${runId}'s model takes [${spec.input.length}, ${spec.input.channels}] windows, dataset #${dataset.id} has [${dataset.settings.subWindowSamples}, ${dataset.settings.channels.length}]`);
    }
    const { fit, validation, validationEvents } = splitValidation(labelled(dataset.windows, 'train'), settings.validationFraction, settings.validationSeed);
    const fitExamples = materializeExamples(project, dataset, fit);
    const valExamples = materializeExamples(project, dataset, validation);

    const model = buildModel(spec, { seed });
    compileModel(model, spec);
    const { patience, minDelta } = spec.training.earlyStopping;

    let state = { epoch: 0, bestValLoss: null as number | null, bestEpoch: 0, wait: 0 };
    let best: tf.Tensor[] | null = null;
    if (row.checkpoint_array_id !== null && row.checkpoint_json !== null) {
      const saved = JSON.parse(row.checkpoint_json) as CheckpointState;
      best = await restoreCheckpoint(model, readArrayBytes(project, row.checkpoint_array_id), saved);
      state = { epoch: saved.epoch, bestValLoss: saved.bestValLoss, bestEpoch: saved.bestEpoch, wait: saved.wait };
    }

    const batchSize = settings.batchSize;
    const batches = Math.ceil(fitExamples.count / batchSize);
    const maxEpochs = settings.epochs;
    hooks.post({
      type: 'started',
      runId,
      engine: { name: engine.name, description: engine.description },
      firstEpoch: state.epoch + 1,
      epochs: maxEpochs,
      batchesPerEpoch: batches,
      trainExamples: fitExamples.count,
      validationExamples: valExamples.count,
      validationEvents,
    });

    const size = spec.input.length * spec.input.channels;
    const buffer = new Float32Array(batchSize * size);
    const randomLayers = randomInputLayers(model);
    const started = Date.now();
    let stepsDone = 0;
    const stepsToDo = (maxEpochs - state.epoch) * batches;
    let stoppedEarly = false;

    for (let epoch = state.epoch + 1; epoch <= maxEpochs; epoch++) {
      const epochStarted = Date.now();
      randomLayers.forEach((layer, i) => layer.redraw(deriveSeed(seed, 2, epoch * 16 + i)));
      const order = batchOrder(fitExamples.count, seed, epoch);
      let lossSum = 0;
      let correctSum = 0;
      let seen = 0;
      for (let b = 0; b < batches; b++) {
        if (hooks.cancelled()) throw new CancelledError();
        const indices = order.subarray(b * batchSize, Math.min((b + 1) * batchSize, order.length));
        const data = fitExamples.fill(indices, buffer);
        const xs = tf.tensor3d(data, [indices.length, spec.input.length, spec.input.channels]);
        const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(indices, (k) => fitExamples.label(k)), 'int32'), 2));
        let result: number | number[];
        try {
          result = await model.trainOnBatch(xs, ys);
        } finally {
          tf.dispose([xs, ys]);
        }
        const [loss, accuracy] = Array.isArray(result) ? result : [result, NaN];
        if (!Number.isFinite(loss)) throw new ForeseisError('internal', `training diverged: the loss is ${loss} at epoch ${epoch}, batch ${b + 1}`);
        lossSum += loss * indices.length;
        correctSum += accuracy * indices.length;
        seen += indices.length;
        stepsDone++;
        const elapsed = (Date.now() - started) / 1000;
        hooks.post({
          type: 'batch',
          runId,
          epoch,
          epochs: maxEpochs,
          batch: b + 1,
          batches,
          loss: lossSum / seen,
          accuracy: correctSum / seen,
          samplesPerSecond: (stepsDone * batchSize) / Math.max(elapsed, 1e-3),
          etaSeconds: (elapsed / stepsDone) * (stepsToDo - stepsDone),
        });
        // Let a cancel request (a message event) in between steps.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (settings.recalibrateBatchNorm === true) {
        if (hooks.cancelled()) throw new CancelledError();
        await recalibrateBatchNorm(model, fitExamples, { batchSize: Math.max(batchSize, 32), maxExamples: RECALIBRATION_EXAMPLES });
      }
      const val = lossAndAccuracy(await predictExamples(model, valExamples, Math.max(batchSize, 32)), Array.from({ length: valExamples.count }, (_, k) => valExamples.label(k)));
      const improved = state.bestValLoss === null || val.loss < state.bestValLoss - minDelta;
      if (improved) {
        tf.dispose(best ?? []);
        best = model.getWeights().map((w) => tf.keep(w.clone()));
        state = { epoch, bestValLoss: val.loss, bestEpoch: epoch, wait: 0 };
      } else {
        state = { ...state, epoch, wait: state.wait + 1 };
      }
      const stopping = state.wait >= patience;
      const record: EpochRecord = {
        epoch,
        trainLoss: lossSum / seen,
        trainAccuracy: correctSum / seen,
        valLoss: val.loss,
        valAccuracy: val.accuracy,
        seconds: (Date.now() - epochStarted) / 1000,
      };
      await writeCheckpoint(project, runId, model, best, state, record);
      hooks.post({ type: 'epoch', runId, epochs: maxEpochs, ...record, improved, stopping });
      if (stopping) {
        stoppedEarly = true;
        break;
      }
    }

    if (best !== null) model.setWeights(best);
    const saved = await modelToBytes(model);
    await finishRun(project, runId, saved, JSON.stringify({ bestEpoch: state.bestEpoch, bestValLoss: state.bestValLoss, stoppedEarly, epochsTrained: state.epoch, validationEvents, batchNormRecalibrated: settings.recalibrateBatchNorm === true }));
    tf.dispose(best ?? []);
    model.dispose();
    hooks.post({ type: 'done', run: runSummary(project, requireRunRow(project, runId)) });
  } finally {
    project.close();
  }
}
