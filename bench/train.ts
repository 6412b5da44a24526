/**
 * Training/inference benchmark of the CNN (issue 4 item 6), Foreseis vs the PyTorch peer, in one
 * run on the same machine. Cases: `compact` at L = 16384 and 4096, `paper` at L = 16384; batch 16;
 * seeded random windows and labels. For each engine available here and each case:
 *   - train_samples_per_s: 16 / median time of model.trainOnBatch over the timed steps (after
 *     warm-up steps), the random input layer active, Adam as compiled from the spec;
 *   - infer_samples_per_s_batch16 / _batch64: B / median time of scoring B windows the way Foreseis does
 *     (src/main/model/predictor.ts: fused on wasm-simd, model.predict elsewhere) (+ reading the
 *     output back) over the timed batches, after one warm-up batch;
 *   - peak_rss_mb: the case's process high-water RSS (each case runs in its own child process,
 *     which reports process.resourceUsage().maxRSS; the peer's is resource.getrusage's ru_maxrss
 *     of its own process, max over its two runs). The wasm heap only grows, so its final size is
 *     printed beside it.
 * then runs ../shared/peers/torch_cnn.py for the same case: once for training and batch-64
 * inference, once (1 training step) for batch-16 inference.
 * Prints one JSON line per figure:
 *   {"bench":"train","engine":"wasm-simd","preset":"compact","length":16384,"metric":"train_samples_per_s",
 *    "foreseis":..,"pytorch":..,"ratio":..,"better":"higher","threads":{"foreseis":1,"pytorch":2},..}
 * ratio = foreseis / pytorch (for samples/s higher is better; for memory lower is better).
 * A case that fails (out of memory, timeout, crash) prints a line with "error" and the run goes on.
 *
 * Run: npx tsx bench/train.ts [--quick] [--cpu]
 *      npx tsx bench/train.ts --profile [...]  time per kernel category instead (bench/kernel-profile.ts)
 *   --engines a,b  only these engines (e.g. wasm-simd)
 *   --quick  only compact L = 4096, 1 warm-up + 2 timed steps (a smoke run, ~1 min)
 *   --cpu    also the pure-JavaScript 'cpu' engine, at compact L = 256 only (measured here: ~95 s
 *            per training step at L = 1024, where wasm takes ~1.8 s at L = 4096)
 * The full run takes ~8 minutes on the 2-core development machine.
 * FORESEIS_PEERS overrides the peers folder (default ../shared/peers from the repo root);
 * FORESEIS_TORCH_PYTHON the interpreter that has torch (default /usr/bin/python3, Debian's
 * python3-torch). Numbers are noisy on a shared machine: compare medians of several runs.
 */
import { createPredictor } from '../src/main/model/predictor';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { buildModel, compileModel, enginePackages, loadSpec, selectEngine, withInputLength, type EngineName } from '../src/main/model';
import { gaussian } from '../src/shared/random';
import { profileCase, profileMain, type ProfileCase } from './kernel-profile';

const BATCH = 16;
const INFER_BATCHES = [16, 64] as const;
const PEER_THREADS = 2;
const SEED = 1234;
/** A case (child process) that runs longer than this is killed and reported as an error. */
const CASE_TIMEOUT_MS = 12 * 60 * 1000;
/** The wasm32 address space: the wasm backend's heap cannot grow past it. */
const WASM_HEAP_CAP = 4 * 2 ** 30;

const thisFile = fileURLToPath(import.meta.url);
const repoRoot = resolve(dirname(thisFile), '..');

interface Case {
  engine: EngineName;
  preset: 'compact' | 'paper';
  length: number;
  /** untimed training steps, then timed ones */
  warmup: number;
  steps: number;
  /** timed inference batches per batch size (after one warm-up batch) */
  inferSteps: number;
}

/** Each case runs as two child processes, so a failed training (out of memory) still gets inference figures, and each phase its own peak. */
type Phase = 'train' | 'infer';

interface ChildResult {
  engine?: string;
  description?: string;
  threads?: number;
  train?: { median_s: number; min_s: number; max_s: number; steps: number; samples_per_s: number };
  infer?: Record<string, { median_s: number; batches: number; samples_per_s: number }>;
  baseline_rss_mb?: number;
  peak_rss_mb?: number;
  wasm_heap_mb?: number;
  error?: string;
}

interface PeerResult {
  train_samples_per_s?: number;
  step_median_s?: number;
  step_min_s?: number;
  step_max_s?: number;
  infer?: Record<string, number>;
  /** ru_maxrss of the training + batch-64 inference run, and of the batch-16 inference run */
  train_run_peak_rss_mb?: number;
  infer16_run_peak_rss_mb?: number;
  threads?: number;
  torch_version?: string;
  /** the training + batch-64 run's failure, the batch-16 run's */
  error?: string;
  infer16_error?: string;
}

// ---------------------------------------------------------------------------------------------
// Shared helpers


function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const round = (v: number, digits = 3): number => Math.round(v * 10 ** digits) / 10 ** digits;
const mb = (bytes: number): number => round(bytes / 2 ** 20, 1);
const kbToMb = (kb: number | undefined): number | undefined => (kb === undefined ? undefined : mb(kb * 1024));
const maxRssMb = (): number => mb(process.resourceUsage().maxRSS * 1024);
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 500);

// ---------------------------------------------------------------------------------------------
// Child: one case in this process, result as the last JSON line on stdout.

async function runCase(c: Case, phase: Phase): Promise<ChildResult> {
  const out: ChildResult = {};
  try {
    const engine = await selectEngine(c.engine);
    out.engine = engine.name;
    out.description = engine.description;
    out.threads = engine.threads;
    out.baseline_rss_mb = mb(process.memoryUsage().rss);

    const spec = withInputLength(loadSpec(c.preset), c.length);
    const model = buildModel(spec, { seed: SEED });
    compileModel(model, spec);
    const rnd = gaussian(SEED);
    const channels = spec.input.channels;
    const randomX = (batch: number): tf.Tensor3D =>
      tf.tensor3d(Float32Array.from({ length: batch * c.length * channels }, rnd), [batch, c.length, channels]);

    if (phase === 'train') {
      // Training: two fixed batches cycled (the peer cycles four; the data do not affect the cost).
      const xs = [randomX(BATCH), randomX(BATCH)];
      const ys = xs.map(() => tf.oneHot(tf.tensor1d(Array.from({ length: BATCH }, () => (rnd() > 0 ? 1 : 0)), 'int32'), 2));
      const times: number[] = [];
      for (let i = 0; i < c.warmup + c.steps; i++) {
        const t0 = performance.now();
        const result = await model.trainOnBatch(xs[i % 2]!, ys[i % 2]!);
        const loss = Array.isArray(result) ? result[0]! : result;
        const dt = (performance.now() - t0) / 1000;
        if (!Number.isFinite(loss)) throw new Error(`training loss is ${loss} at step ${i}`);
        if (i >= c.warmup) times.push(dt);
        console.error(`  ${c.engine} ${c.preset} L=${c.length} train step ${i}${i < c.warmup ? ' (warm-up)' : ''}: ${(dt * 1000).toFixed(0)} ms, loss ${loss.toFixed(4)}`);
      }
      tf.dispose([...xs, ...ys]);
      const trainMedian = median(times);
      out.train = { median_s: round(trainMedian, 4), min_s: round(Math.min(...times), 4), max_s: round(Math.max(...times), 4), steps: times.length, samples_per_s: round(BATCH / trainMedian) };
    } else {
      // Inference as Foreseis scores windows (evaluate, curve, analyses): createPredictor, which runs
      // the fused path on wasm-simd and model.predict elsewhere; the input is already an array.
      // The random input layer and dropout are inactive in inference.
      out.infer = {};
      const predict = createPredictor(model);
      for (const batch of INFER_BATCHES) {
        const xTensor = randomX(batch);
        const x = xTensor.dataSync() as Float32Array;
        xTensor.dispose();
        const inferTimes: number[] = [];
        for (let i = 0; i < 1 + c.inferSteps; i++) {
          const t0 = performance.now();
          const p = predict(x, batch);
          const dt = (performance.now() - t0) / 1000;
          if (!Number.isFinite(p[0]!)) throw new Error(`inference output is ${p[0]}`);
          if (i >= 1) inferTimes.push(dt);
          console.error(`  ${c.engine} ${c.preset} L=${c.length} infer batch ${batch} #${i}${i < 1 ? ' (warm-up)' : ''}: ${(dt * 1000).toFixed(0)} ms`);
        }
        const m = median(inferTimes);
        out.infer[`batch${batch}`] = { median_s: round(m, 4), batches: inferTimes.length, samples_per_s: round(batch / m) };
      }
    }
    model.dispose();
  } catch (error) {
    out.error = message(error);
  }
  out.peak_rss_mb = maxRssMb();
  if (tf.getBackend() === 'wasm') {
    const heap = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8;
    if (heap) out.wasm_heap_mb = mb(heap.byteLength);
    // A failed allocation in the wasm module surfaces as an opaque error ("null function or
    // function signature mismatch"); the heap at its cap says what it was.
    if (out.error && heap && heap.byteLength >= WASM_HEAP_CAP - 64 * 2 ** 20) out.error = `out of memory: the wasm heap is at its 4 GiB cap (${out.error})`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parent: cases in child processes, the peer, the JSON lines.

function runChild(c: Case, phase: Phase): ChildResult {
  // process.execArgv carries tsx's loader, so the child runs this same .ts file.
  const run = spawnSync(process.execPath, [...process.execArgv, thisFile, '--child', phase, JSON.stringify(c)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: CASE_TIMEOUT_MS,
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = (run.stdout ?? '').trim().split('\n').filter((l) => l.startsWith('{')).pop();
  let result: ChildResult = {};
  if (line) {
    try {
      result = JSON.parse(line) as ChildResult;
    } catch {
      result = {};
    }
  }
  if (run.error) result.error = `child process: ${message(run.error)}`;
  else if (run.status !== 0 && !result.error) result.error = `child process exited with ${run.status ?? run.signal}`;
  return result;
}

const PEER_WRAPPER = [
  'import json, resource, runpy, sys',
  'script = sys.argv[1]',
  'sys.argv = sys.argv[1:]',
  'try:',
  "    runpy.run_path(script, run_name='__main__')",
  'finally:',
  "    print(json.dumps({'maxrss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}), flush=True)",
].join('\n');

function runPeerOnce(script: string, python: string, args: string[]): { json: Record<string, unknown>; maxrssKb?: number; error?: string } {
  const run = spawnSync(python, ['-c', PEER_WRAPPER, script, ...args], { encoding: 'utf8', timeout: CASE_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
  const lines = (run.stdout ?? '').split('\n').filter((l) => l.startsWith('{'));
  let json: Record<string, unknown> = {};
  let maxrssKb: number | undefined;
  for (const l of lines) {
    try {
      const parsed = JSON.parse(l) as Record<string, unknown>;
      if (typeof parsed.maxrss_kb === 'number') maxrssKb = parsed.maxrss_kb;
      else json = parsed;
    } catch {
      // not ours
    }
  }
  if (run.error) return { json, maxrssKb, error: message(run.error) };
  if (run.status !== 0) return { json, maxrssKb, error: `${python} torch_cnn.py exited with ${run.status ?? run.signal}: ${(run.stderr ?? '').trim().split('\n').pop() ?? ''}` };
  return { json, maxrssKb };
}

function runPeer(c: Case): PeerResult {
  const peers = process.env.FORESEIS_PEERS ?? resolve(repoRoot, '../shared/peers');
  const script = resolve(peers, 'torch_cnn.py');
  if (!existsSync(script)) return { error: `PyTorch peer not found at ${script} (set FORESEIS_PEERS)` };
  const python = process.env.FORESEIS_TORCH_PYTHON ?? '/usr/bin/python3';
  const common = ['--preset', c.preset, '--length', String(c.length), '--batch', String(BATCH), '--threads', String(PEER_THREADS), '--seed', String(SEED), '--infer-steps', String(c.inferSteps)];
  // Run 1: training (same warm-up and timed steps as ours) and inference at batch 64.
  const train = runPeerOnce(script, python, [...common, '--warmup', String(c.warmup), '--steps', String(c.steps), '--infer-batch', '64']);
  // Run 2: one training step (the peer always trains first), then inference at batch 16.
  const infer16 = runPeerOnce(script, python, [...common, '--warmup', '0', '--steps', '1', '--infer-batch', '16']);
  const out: PeerResult = { infer: {}, train_run_peak_rss_mb: kbToMb(train.maxrssKb), infer16_run_peak_rss_mb: kbToMb(infer16.maxrssKb) };
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  if (train.error) out.error = train.error;
  else {
    out.train_samples_per_s = num(train.json.train_samples_per_s);
    out.step_median_s = num(train.json.train_step_median_s);
    out.step_min_s = num(train.json.train_step_min_s);
    out.step_max_s = num(train.json.train_step_max_s);
    const s = num(train.json.infer_samples_per_s);
    if (s !== undefined) out.infer!.batch64 = s;
    out.threads = num(train.json.threads);
    out.torch_version = train.json.torch_version as string | undefined;
  }
  if (infer16.error) out.infer16_error = infer16.error;
  else {
    const s = num(infer16.json.infer_samples_per_s);
    if (s !== undefined) out.infer!.batch16 = s;
  }
  return out;
}

function installed(engine: EngineName): boolean {
  try {
    createRequire(import.meta.url).resolve(enginePackages[engine]);
    return true;
  } catch {
    return false;
  }
}

function casesFor(quick: boolean, withCpu: boolean, only: string[] | undefined): Case[] {
  const engines = (['tensorflow-gpu', 'tensorflow', 'wasm-simd', 'wasm-stock'] as const).filter((engine) => {
    if (only && !only.includes(engine)) return false;
    const ok = installed(engine);
    if (!ok) console.error(`bench/train: engine '${engine}' skipped (${enginePackages[engine]} is not installed)`);
    return ok;
  });
  const cases: Case[] = [];
  for (const engine of engines) {
    if (quick) {
      cases.push({ engine, preset: 'compact', length: 4096, warmup: 1, steps: 2, inferSteps: 2 });
      continue;
    }
    cases.push(
      { engine, preset: 'compact', length: 16384, warmup: 2, steps: 6, inferSteps: 4 },
      { engine, preset: 'compact', length: 4096, warmup: 2, steps: 8, inferSteps: 5 },
      { engine, preset: 'paper', length: 16384, warmup: 1, steps: 3, inferSteps: 2 },
    );
  }
  // tfjs' pure-JavaScript backend: ~95 s per training step at L = 1024 here, so a tiny case, only
  // when asked for.
  if (withCpu) cases.push({ engine: 'cpu', preset: 'compact', length: 256, warmup: 1, steps: 2, inferSteps: 2 });
  return cases;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const profileChild = argv.indexOf('--profile-child');
  if (profileChild >= 0) {
    console.log(JSON.stringify(await profileCase(JSON.parse(argv[profileChild + 1]!) as ProfileCase)));
    return;
  }
  if (argv.includes('--profile')) {
    profileMain(argv);
    return;
  }
  const childIndex = argv.indexOf('--child');
  if (childIndex >= 0) {
    const result = await runCase(JSON.parse(argv[childIndex + 2]!) as Case, argv[childIndex + 1] as Phase);
    console.log(JSON.stringify(result));
    return;
  }
  const quick = argv.includes('--quick');
  const peerCache = new Map<string, PeerResult>();
  const enginesAt = argv.indexOf('--engines');
  const only = enginesAt >= 0 ? argv[enginesAt + 1]?.split(',') : undefined;
  for (const c of casesFor(quick, argv.includes('--cpu'), only)) {
    const base = { bench: 'train', engine: c.engine, preset: c.preset, length: c.length, batch: BATCH, load_avg_1m: round(loadavg()[0]!, 2) };
    console.error(`bench/train: ${c.engine} ${c.preset} L=${c.length}`);
    const train = runChild(c, 'train');
    const infer = runChild(c, 'infer');
    // The peer does not depend on the engine: run it once per (preset, length, step counts).
    const key = `${c.preset}/${c.length}/${c.warmup}/${c.steps}/${c.inferSteps}`;
    let peer = peerCache.get(key);
    if (!peer) {
      console.error(`bench/train: pytorch ${c.preset} L=${c.length}`);
      peer = runPeer(c);
      peerCache.set(key, peer);
    }
    const threads = { foreseis: train.threads ?? infer.threads ?? null, pytorch: peer.threads ?? null };
    const max = (...values: (number | undefined)[]): number | undefined => {
      const known = values.filter((v): v is number => v !== undefined);
      return known.length > 0 ? Math.max(...known) : undefined;
    };
    const memoryErrors = [train.error && `training: ${train.error}`, infer.error && `inference: ${infer.error}`].filter(Boolean).join('; ');
    const peerMemoryErrors = [peer.error, peer.infer16_error].filter(Boolean).join('; ');
    const figures: { metric: string; better: 'higher' | 'lower'; foreseis?: number; pytorch?: number; error?: string; pytorchError?: string; extra: Record<string, unknown> }[] = [
      {
        metric: 'train_samples_per_s',
        better: 'higher',
        foreseis: train.train?.samples_per_s,
        pytorch: peer.train_samples_per_s,
        error: train.error,
        pytorchError: peer.error,
        extra: {
          warmup: c.warmup,
          steps: c.steps,
          step_median_s: train.train?.median_s ?? null, step_min_s: train.train?.min_s ?? null, step_max_s: train.train?.max_s ?? null,
          pytorch_step_median_s: peer.step_median_s === undefined ? null : round(peer.step_median_s, 4),
          pytorch_step_min_s: peer.step_min_s === undefined ? null : round(peer.step_min_s, 4),
          pytorch_step_max_s: peer.step_max_s === undefined ? null : round(peer.step_max_s, 4),
        },
      },
      ...INFER_BATCHES.map((b) => ({
        metric: `infer_samples_per_s_batch${b}`,
        better: 'higher' as const,
        foreseis: infer.infer?.[`batch${b}`]?.samples_per_s,
        pytorch: peer.infer?.[`batch${b}`],
        error: infer.error,
        pytorchError: b === 16 ? peer.infer16_error : peer.error,
        extra: { infer_batch: b, batches: c.inferSteps },
      })),
      {
        // Case peak = the larger of the two phases' peaks; a failed phase's peak is where it failed.
        metric: 'peak_rss_mb',
        better: 'lower',
        foreseis: max(train.peak_rss_mb, infer.peak_rss_mb),
        pytorch: max(peer.train_run_peak_rss_mb, peer.infer16_run_peak_rss_mb),
        error: memoryErrors || undefined,
        pytorchError: peerMemoryErrors || undefined,
        extra: {
          foreseis_train_peak_rss_mb: train.peak_rss_mb ?? null,
          foreseis_infer_peak_rss_mb: infer.peak_rss_mb ?? null,
          foreseis_baseline_rss_mb: train.baseline_rss_mb ?? null,
          wasm_heap_mb: { train: train.wasm_heap_mb ?? null, infer: infer.wasm_heap_mb ?? null },
          pytorch_train_run_peak_rss_mb: peer.train_run_peak_rss_mb ?? null,
          pytorch_infer16_run_peak_rss_mb: peer.infer16_run_peak_rss_mb ?? null,
        },
      },
    ];
    for (const f of figures) {
      const failed = f.error !== undefined || f.pytorchError !== undefined;
      const line: Record<string, unknown> = {
        ...base,
        metric: f.metric,
        foreseis: f.foreseis ?? null,
        pytorch: f.pytorch === undefined ? null : round(f.pytorch),
        ratio: !failed && f.foreseis !== undefined && f.pytorch !== undefined ? round(f.foreseis / f.pytorch) : null,
        better: f.better,
        threads,
        ...f.extra,
      };
      if (f.error !== undefined || f.foreseis === undefined) line.error = f.error ?? 'no figure';
      if (f.pytorchError !== undefined || f.pytorch === undefined) line.pytorch_error = f.pytorchError ?? 'no figure';
      console.log(JSON.stringify(line));
    }
  }
  console.error(`bench/train: done; load average ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
}

await main();
