/**
 * The model-based analyses (Figs. 6–8) on a run's saved model: sequential scores, time occlusion
 * and frequency occlusion. Inference is batched (settings.batchSize sub-windows per call) on the
 * engine the run trained on unless another is asked for; long sweeps report progress and stop at
 * the next batch when cancelled.
 */
import { createPredictor } from '../model/predictor';
import type * as tf from '@tensorflow/tfjs';
import type {
  CutoffScore,
  FrequencyOcclusionResult,
  FrequencyOcclusionSettings,
  OcclusionCurve,
  SequentialResult,
  SequentialScores,
  SequentialSettings,
  TimeOcclusionResult,
  TimeOcclusionSettings,
} from '../../shared/analysis';
import { ForeseisError } from '../../shared/errors';
import type { EnginePreferenceName } from '../../shared/training';
import { applyMask, crossEntropy, cutoffSweep, dropBelowHz, isSignificantDrop, largestRise, maskStarts, regionsBelow } from '../analysis/occlusion';
import { classify } from '../analysis/metrics';
import { type MaterializedWindow, subWindowViews } from '../dataset';
import { butterLowpass } from '../dsp/butter';
import { sosfilt, sosfiltZi } from '../dsp/sosfilt';
import { sosfiltfilt } from '../dsp/sosfiltfilt';
import { selectEngine } from '../model';
import { classOf, Examples } from '../training/data';
import { loadRunModel } from '../training/inference';
import { defaultSequentialStride } from './cache-key';
import { chooseInterval, type DataContext, labelledWindows, readInterval, readStandardized, type RunContext, testEventIds } from './selection';
import type { Steps } from './spectral';

export interface LoadedModel {
  model: tf.LayersModel;
  /** the engine's one-line description */
  engine: string;
  /** whether the engine runs on one core (wasm here, cpu): a sweep then spreads over threads */
  singleThreaded: boolean;
}

export async function loadModel(ctx: Pick<RunContext, 'project' | 'row'>, preference: EnginePreferenceName | undefined): Promise<LoadedModel> {
  const engine = await selectEngine(preference ?? ((ctx.row.engine as EnginePreferenceName | null) ?? 'auto'));
  const singleThreaded = engine.name === 'cpu' || ((engine.name === 'wasm-simd' || engine.name === 'wasm-stock') && engine.threads <= 1);
  return { model: await loadRunModel(ctx.project, ctx.row), engine: engine.description, singleThreaded };
}

/**
 * Precursor scores of `count` inputs [L, C], each written by `fill(i, out)`, in batches.
 * Yields to the event loop between batches so a cancel request can arrive.
 */
export async function scoreInputs(
  m: LoadedModel,
  count: number,
  length: number,
  channels: number,
  batchSize: number,
  fill: (i: number, out: Float32Array) => void,
  steps?: Steps,
  onBatch?: (done: number) => void,
): Promise<number[]> {
  const size = length * channels;
  const buffer = new Float32Array(batchSize * size);
  const scores: number[] = [];
  const predict = createPredictor(m.model);
  for (let start = 0; start < count; start += batchSize) {
    steps?.check();
    const n = Math.min(batchSize, count - start);
    for (let i = 0; i < n; i++) fill(start + i, buffer.subarray(i * size, (i + 1) * size));
    const p = predict(buffer, n);
    for (let i = 0; i < n; i++) scores.push(p[2 * i + 1]);
    onBatch?.(start + n);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return scores;
}

export { defaultSequentialStride } from './cache-key';

function sequentialOf(samples: Float32Array, channels: number, length: number, stride: number): number[] {
  const n = samples.length / channels;
  const starts: number[] = [];
  for (let s = 0; s + length <= n; s += stride) starts.push(s);
  return starts;
}

export async function sequentialScores(ctx: RunContext, m: LoadedModel, s: SequentialSettings, steps: Steps): Promise<SequentialResult> {
  const d = ctx.dataset.settings;
  const C = d.channels.length;
  const L = d.subWindowSamples;
  const stride = s.strideSamples ?? defaultSequentialStride(d);
  const score = async (eventId: number, interval: number): Promise<SequentialScores> => {
    const chosen = chooseInterval(ctx, eventId, interval);
    const samples = readInterval(ctx, chosen);
    const starts = sequentialOf(samples, C, L, stride);
    const scores = await scoreInputs(m, starts.length, L, C, s.batchSize, (i, out) => out.set(samples.subarray(starts[i] * C, (starts[i] + L) * C)));
    return { window: chosen.ref, startSamples: starts, startS: starts.map((x) => x / d.sampleRateHz), scores, largestRise: largestRise(scores) };
  };
  const chosen = chooseInterval(ctx, s.eventId, s.interval);
  const main = await score(chosen.ref.eventId, chosen.ref.interval);
  let search: SequentialResult['search'] = null;
  if (s.search) {
    const events = testEventIds(ctx);
    let best: SequentialScores | null = null;
    let searched = 0;
    for (const [e, eventId] of events.entries()) {
      for (let k = 1; k <= d.macroWindowCount; k++) {
        steps.check();
        let candidate: SequentialScores;
        try {
          candidate = await score(eventId, k);
        } catch (error) {
          if (error instanceof ForeseisError && error.code === 'data-out-of-range') continue;
          throw error;
        }
        searched++;
        if (candidate.largestRise && (best?.largestRise == null || candidate.largestRise.rise > best.largestRise.rise)) best = candidate;
        steps.progress((e + k / d.macroWindowCount) / events.length, `event #${eventId} interval ${k}/${d.macroWindowCount}`);
      }
    }
    search = best ? { ...best, intervalsSearched: searched } : null;
  }
  steps.progress(1, 'done');
  return { kind: 'sequential', ...main, subWindowSamples: L, strideSamples: stride, search, engine: m.engine, settings: { ...s, eventId: chosen.ref.eventId, interval: chosen.ref.interval, strideSamples: stride } };
}

export async function timeOcclusion(ctx: RunContext, m: LoadedModel, s: TimeOcclusionSettings, steps: Steps): Promise<TimeOcclusionResult> {
  const d = ctx.dataset.settings;
  const C = d.channels.length;
  const L = d.subWindowSamples;
  const chosen = chooseInterval(ctx, s.eventId, s.interval);
  const samples = readInterval(ctx, chosen);
  const subIndex = s.subIndex ?? d.subWindowsPerWindow - 1;
  if (subIndex >= d.subWindowsPerWindow) throw new ForeseisError('bad-input', `sub-window ${subIndex} is outside 0..${d.subWindowsPerWindow - 1}`);
  const views = subWindowViews(samples, C, L, d.subWindowsPerWindow);
  const view = views[subIndex];
  const offset = (view.byteOffset - samples.byteOffset) / Float32Array.BYTES_PER_ELEMENT / C;
  const starts = maskStarts(L, s.maskSamples, s.strideSamples);
  // Input 0 is the unmasked window; then, for each mode (all channels, then each channel), every position.
  const modes = [-1, ...d.channels.map((_, c) => c)];
  const count = 1 + modes.length * starts.length;
  const scores = await scoreInputs(
    m,
    count,
    L,
    C,
    s.batchSize,
    (i, out) => {
      out.set(view);
      if (i === 0) return;
      const mode = modes[Math.floor((i - 1) / starts.length)];
      applyMask(out, C, starts[(i - 1) % starts.length], s.maskSamples, mode);
    },
    steps,
    (done) => steps.progress(done / count, `${done}/${count} masked windows`),
  );
  const curves: OcclusionCurve[] = modes.map((mode, j) => {
    const curve = scores.slice(1 + j * starts.length, 1 + (j + 1) * starts.length);
    return { masked: mode < 0 ? 'all' : d.channels[mode], scores: curve, regionsBelowThreshold: regionsBelow(curve, starts, s.maskSamples, L, s.threshold, d.sampleRateHz) };
  });
  steps.progress(1, 'done');
  return {
    kind: 'time-occlusion',
    window: chosen.ref,
    subIndex,
    subWindowStartSample: offset,
    subWindowSamples: L,
    maskStartSamples: starts,
    maskStartS: starts.map((x) => x / d.sampleRateHz),
    baselineScore: scores[0],
    curves,
    sampleRateHz: d.sampleRateHz,
    engine: m.engine,
    settings: { ...s, eventId: chosen.ref.eventId, interval: chosen.ref.interval, subIndex },
  };
}

/** Low-pass every channel of an interleaved standardized window (a new array; the input is kept). */
export function lowpassWindow(samples: Float32Array, channels: number, cutoffHz: number, sampleRateHz: number, order: number, phase: 'causal' | 'zero-phase'): Float32Array {
  const sos = butterLowpass(order, cutoffHz, sampleRateHz);
  const n = samples.length / channels;
  const out = new Float32Array(samples.length);
  const x = new Float64Array(n);
  const zi = phase === 'causal' ? sosfiltZi(sos) : null;
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < n; i++) x[i] = samples[i * channels + c];
    let y: Float64Array;
    if (zi) {
      // Steady state for a constant input equal to the first sample: no step transient at the start.
      y = sosfilt(sos, x, zi.map((z) => z * x[0])).y;
    } else y = sosfiltfilt(sos, x);
    for (let i = 0; i < n; i++) out[i * channels + c] = y[i];
  }
  return out;
}

/** Precursor scores of one share of the test windows at every pass (pass 0 unfiltered, then each cutoff), with timings. */
export interface CutoffShare {
  /** scores[pass][k]: sub-window k of the share's windows in order */
  scores: number[][];
  filterMs: number;
  inferenceMs: number;
}

/**
 * Score `windowIds` (labelled test windows of the run's dataset) unfiltered and low-passed at each
 * cutoff. `onProgress` gets the fraction of this share's passes done.
 */
export async function scoreCutoffShare(
  ctx: DataContext,
  m: LoadedModel,
  windowIds: readonly number[],
  cutoffs: readonly number[],
  s: FrequencyOcclusionSettings,
  steps: Steps,
): Promise<CutoffShare> {
  const d = ctx.dataset.settings;
  const C = d.channels.length;
  const nyquistHz = d.sampleRateHz / 2;
  const byId = new Map(ctx.dataset.windows.map((w) => [w.id, w]));
  const windows = windowIds.map((id) => {
    const w = byId.get(id);
    if (!w) throw new ForeseisError('internal', `window #${id} is not in dataset #${ctx.dataset.id}`);
    return w;
  });
  const standardized = windows.map((w) => readStandardized(ctx, w));
  const examplesOf = (samples: Float32Array[]): Examples => {
    const materialized: MaterializedWindow[] = samples.map((x, i) => ({ window: windows[i], samples: x, subWindows: subWindowViews(x, C, d.subWindowSamples, d.subWindowsPerWindow) }));
    return new Examples(materialized, windows.map((w) => classOf(w.label) as 0 | 1), windowIds, d.subWindowSamples, d.subWindowsPerWindow, C);
  };
  const passes = cutoffs.length + 1;
  let filterMs = 0;
  let inferenceMs = 0;
  const score = async (samples: Float32Array[], pass: number, what: string): Promise<number[]> => {
    steps.check();
    const examples = examplesOf(samples);
    const started = Date.now();
    const scores = await scoreInputs(m, examples.count, d.subWindowSamples, C, s.batchSize, (k, out) => void examples.fill([k], out), steps, (done) =>
      steps.progress((pass + done / examples.count) / passes, `${what} (${pass + 1}/${passes}): ${done}/${examples.count} sub-windows`),
    );
    inferenceMs += Date.now() - started;
    return scores;
  };
  const base = await score(standardized, 0, 'unfiltered');
  const all = [base];
  for (const [i, cutoffHz] of cutoffs.entries()) {
    // A low-pass at or above Nyquist passes everything: the data are scored as they are.
    if (cutoffHz >= nyquistHz) {
      all.push(base);
      continue;
    }
    const started = Date.now();
    const filtered = standardized.map((w) => lowpassWindow(w, C, cutoffHz, d.sampleRateHz, s.order, s.phase));
    filterMs += Date.now() - started;
    all.push(await score(filtered, i + 1, `cutoff ${cutoffHz} Hz`));
  }
  return { scores: all, filterMs, inferenceMs };
}

/** How a sweep spreads over threads: a function that scores shares elsewhere (worker threads), or none. */
export type ShareRunner = (shares: number[][], cutoffs: readonly number[], steps: Steps) => Promise<CutoffShare[]>;

/**
 * The Fig. 8 sweep. With `parallel`, the test windows are split into that many shares scored by
 * other threads (each with its own engine instance: the wasm and cpu engines use one core each);
 * without, in this thread. Accuracy and loss are computed here from the merged scores.
 */
export async function frequencyOcclusion(ctx: RunContext, m: LoadedModel, s: FrequencyOcclusionSettings, steps: Steps, parallel?: { shares: number; run: ShareRunner }): Promise<FrequencyOcclusionResult> {
  const started = Date.now();
  const d = ctx.dataset.settings;
  const cutoffs = cutoffSweep(s.startHz, s.stopHz, s.stepHz);
  const test = labelledWindows(ctx, 'test');
  if (test.length === 0) throw new ForeseisError('bad-input', `dataset #${ctx.dataset.id} has no labelled test windows`);
  const shareCount = Math.max(1, Math.min(parallel?.shares ?? 1, test.length));
  // Windows dealt in turn, so each share holds both classes and similar work.
  const shares = Array.from({ length: shareCount }, (_, j) => test.filter((_, i) => i % shareCount === j).map((w) => w.id));
  const parts = parallel && shareCount > 1 ? await parallel.run(shares, cutoffs, steps) : [await scoreCutoffShare(ctx, m, shares[0], cutoffs, s, steps)];
  const order = shares.flat();
  const labelOf = new Map(test.map((w) => [w.id, classOf(w.label) as 0 | 1]));
  const truth = order.flatMap((id) => Array.from({ length: d.subWindowsPerWindow }, () => labelOf.get(id) as 0 | 1));
  const passScores = (pass: number): number[] => parts.flatMap((p) => p.scores[pass]);
  const scoreOf = (pass: number): { accuracy: number; loss: number } => {
    const scores = passScores(pass);
    let correct = 0;
    for (let k = 0; k < scores.length; k++) if (classify(scores[k]) === truth[k]) correct++;
    return { accuracy: correct / scores.length, loss: crossEntropy(scores, truth) };
  };
  const base = scoreOf(0);
  const n = truth.length;
  const results: CutoffScore[] = cutoffs.map((cutoffHz, i) => {
    const r = scoreOf(i + 1);
    return { cutoffHz, accuracyPercent: 100 * r.accuracy, loss: r.loss, significantDrop: isSignificantDrop(base.accuracy, r.accuracy, n, s.dropSigmas, s.minimumDropPercent) };
  });
  steps.progress(1, 'done');
  return {
    kind: 'frequency-occlusion',
    baseline: { accuracyPercent: 100 * base.accuracy, loss: base.loss },
    cutoffs: results,
    dropBelowHz: dropBelowHz(results),
    testSubWindows: n,
    testEvents: new Set(test.map((w) => w.eventId).filter((e) => e !== null)).size,
    threads: shareCount,
    seconds: (Date.now() - started) / 1000,
    filterSeconds: parts.reduce((a, p) => a + p.filterMs, 0) / 1000,
    inferenceSeconds: parts.reduce((a, p) => a + p.inferenceMs, 0) / 1000,
    engine: m.engine,
    settings: s,
  };
}
