/**
 * `bench/train.ts --profile`: where a training step's time goes, per kernel and per category
 * (issue 6 item 1), so every change to the CPU engine is aimed at the largest cost.
 *
 * How the time is attributed. tf.profile() lists kernels by name only, and the same names (Mul,
 * Sum, Transpose, …) run in batch norm's gradient, the convolutions' copies and Adam. So instead:
 *   - every kernel registered for the active backend is wrapped with a timer (performance.now()
 *     around the synchronous kernel function; the wasm and cpu kernels are synchronous);
 *   - each layer instance's call() is wrapped to set the current context to its kind (conv, bn,
 *     relu, pool, random, head) for the forward pass;
 *   - the engine's tape nodes are wrapped as they are recorded, so a node's gradient function
 *     runs in the "backward" context of the layer that recorded it;
 *   - the optimizer's applyGradients runs in the 'optimizer' context.
 * A kernel's time then goes to a category given by its context and name (see `categorize`). The
 * wall time of a step minus the sum of kernel times is the JavaScript around the kernels (tape
 * bookkeeping, tensor disposal, tfjs-layers' plumbing): reported as `untimed_js`.
 *
 * Each case runs in a child process (its own heap and peak RSS). Prints one JSON line per
 * (case, category) on stdout and a readable table on stderr:
 *   {"bench":"train-profile","engine":"wasm","preset":"compact","length":4096,"batch":16,
 *    "category":"bn_backward","ms_per_step":512.3,"share":0.28,"kernels":{"Sum":120.1,…}}
 *
 * Run: npx tsx bench/train.ts --profile [--presets compact,paper] [--lengths 4096,16384]
 *        [--steps 3] [--warmup 1] [--engine wasm] [--fast-kernels off|on|both]
 * --fast-kernels: with the bnpool kernels (src/main/model/kernels/simd/bnpool.ts) registered, without, or
 * both (two cases each, for the speed-up); default off (stock).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { buildModel, compileModel, loadSpec, selectEngine, withInputLength, type EngineName } from '../src/main/model';
import type { InlineRunner } from '../src/main/model/kernels/simd/inline-runner';
import { gaussian } from '../src/shared/random';

const BATCH = 16;
const SEED = 1234;
const CASE_TIMEOUT_MS = 15 * 60 * 1000;
const thisFile = fileURLToPath(new URL('./train.ts', import.meta.url));

export interface ProfileCase {
  engine: EngineName;
  preset: 'compact' | 'paper';
  length: number;
  warmup: number;
  steps: number;
  fastKernels: boolean;
}

type Context = 'conv' | 'bn' | 'relu' | 'pool' | 'random' | 'head' | 'optimizer' | 'other';

/** The categories of the report, in print order. */
export const categories = [
  'conv_forward',
  'conv_backprop_input',
  'conv_backprop_filter',
  'bn_forward',
  'bn_backward',
  'relu_forward',
  'relu_backward',
  'max_pool',
  'max_pool_grad',
  'random_layer',
  'optimizer',
  'head_and_loss',
  'copies_transposes_other',
  'untimed_js',
] as const;
export type Category = (typeof categories)[number];

const layerContexts: Record<string, Context> = {
  Conv1D: 'conv',
  DilatedConv1D: 'conv',
  BatchNormalization: 'bn',
  ReLU: 'relu',
  MaxPooling1D: 'pool',
  RandomInput: 'random',
};

/** Category of a kernel run in a context, forward or backward. */
export function categorize(context: Context, backward: boolean, kernel: string): Category {
  switch (context) {
    case 'conv':
      // FsConv1D*: the wasm-simd engine's dilated convolution (src/main/model/kernels/simd/tfjs-conv1d.ts)
      if (kernel === 'Conv2D' || kernel === 'FusedConv2D' || kernel === 'FsConv1D') return backward ? 'copies_transposes_other' : 'conv_forward';
      if (kernel === 'Conv2DBackpropInput' || kernel === 'FsConv1DBackpropInput') return 'conv_backprop_input';
      if (kernel === 'Conv2DBackpropFilter' || kernel === 'FsConv1DBackpropFilter') return 'conv_backprop_filter';
      return 'copies_transposes_other';
    case 'bn':
      return backward ? 'bn_backward' : 'bn_forward';
    case 'relu':
      return backward ? 'relu_backward' : 'relu_forward';
    case 'pool':
      if (kernel === 'MaxPool') return 'max_pool';
      if (kernel === 'MaxPoolGrad') return 'max_pool_grad';
      return backward ? 'max_pool_grad' : 'max_pool';
    case 'random':
      return 'random_layer';
    case 'optimizer':
      return 'optimizer';
    case 'head':
      return 'head_and_loss';
    case 'other':
      return 'copies_transposes_other';
  }
}

interface Recorder {
  /** ms per `${category}\t${context}${backward ? '/bwd' : ''}:${kernel}` since the last reset */
  times: Map<string, number>;
  reset(): void;
  uninstall(): void;
}

interface TapeNodeLike {
  gradient?: (dys: tf.Tensor[]) => Record<string, () => tf.Tensor>;
}
interface EngineLike {
  addTapeNode: (...args: unknown[]) => void;
  state: { activeTape: TapeNodeLike[] | null };
}

/** Wrap the backend's kernels, the model's layers, the tape and the optimizer as described above. */
function installRecorder(model: tf.LayersModel, backendName: string): Recorder {
  const times = new Map<string, number>();
  let context: Context = 'other';
  let backward = false;
  let depth = 0;
  const within = <T>(ctx: Context, bwd: boolean, f: () => T): T => {
    const saved = [context, backward] as const;
    context = ctx;
    backward = bwd;
    try {
      return f();
    } finally {
      [context, backward] = saved;
    }
  };
  const undo: (() => void)[] = [];

  // Kernels: time each top-level kernel call (a kernel calling another through the registry is
  // counted once, in the outer one).
  for (const config of tf.getKernelsForBackend(backendName)) {
    const inner = config.kernelFunc;
    const kernelName = config.kernelName;
    const timed: tf.KernelFunc = (args) => {
      if (depth > 0) return inner(args);
      depth++;
      const t0 = performance.now();
      try {
        return inner(args);
      } finally {
        const dt = performance.now() - t0;
        depth--;
        const key = `${categorize(context, backward, kernelName)}\t${context}${backward ? '/bwd' : ''}:${kernelName}`;
        times.set(key, (times.get(key) ?? 0) + dt);
      }
    };
    tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel({ ...config, kernelFunc: timed });
    undo.push(() => {
      tf.unregisterKernel(kernelName, backendName);
      tf.registerKernel(config);
    });
  }

  // Layers: the forward context.
  for (const layer of model.layers) {
    const ctx: Context = layerContexts[layer.getClassName()] ?? 'head';
    const own = layer as unknown as { call: (inputs: unknown, kwargs: unknown) => unknown };
    const original = own.call;
    own.call = (inputs, kwargs) => within(ctx, false, () => original.call(layer, inputs, kwargs));
    undo.push(() => {
      own.call = original;
    });
  }

  // Tape: each node's gradient runs in the backward context of the forward context that made it.
  const engine = tf.engine() as unknown as EngineLike;
  const addTapeNode = engine.addTapeNode;
  engine.addTapeNode = function (this: EngineLike, ...args: unknown[]) {
    addTapeNode.apply(this, args);
    const tape = this.state.activeTape;
    const node = tape?.[tape.length - 1];
    const gradient = node?.gradient;
    if (!node || !gradient) return;
    const ctx = context;
    node.gradient = (dys) =>
      within(ctx, true, () => {
        const map = gradient(dys);
        const wrapped: Record<string, () => tf.Tensor> = {};
        for (const [name, f] of Object.entries(map)) wrapped[name] = () => within(ctx, true, f);
        return wrapped;
      });
  };
  undo.push(() => {
    engine.addTapeNode = addTapeNode;
  });

  // Optimizer.
  const optimizer = model.optimizer as unknown as { applyGradients: (...a: unknown[]) => unknown };
  const applyGradients = optimizer.applyGradients;
  optimizer.applyGradients = (...a: unknown[]) => within('optimizer', false, () => applyGradients.apply(optimizer, a));
  undo.push(() => {
    optimizer.applyGradients = applyGradients;
  });

  return {
    times,
    reset: () => times.clear(),
    uninstall: () => {
      for (const f of undo.reverse()) f();
    },
  };
}

export interface CaseProfile {
  engine?: string;
  description?: string;
  fastKernels?: string[];
  step_ms?: number[];
  /** CPU time (user + system) of each step: less sensitive than wall time to a shared machine's load */
  step_cpu_ms?: number[];
  /** per category: ms per step and the kernels in it (ms per step) */
  categories?: Partial<Record<Category, { ms: number; kernels: Record<string, number> }>>;
  peak_rss_mb?: number;
  wasm_heap_mb?: number;
  /** the bnpool kernels' own shared memory (scratch for their inputs and outputs) */
  kernel_memory_mb?: number;
  error?: string;
}

const round = (v: number, digits = 2): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** Child: profile one case in this process. */
export async function profileCase(c: ProfileCase): Promise<CaseProfile> {
  const out: CaseProfile = {};
  let recorder: Recorder | undefined;
  let runner: InlineRunner | undefined;
  try {
    const engine = await selectEngine(c.engine);
    out.engine = engine.name;
    out.description = engine.description;
    if (c.fastKernels) {
      const { registerBnPoolKernels } = await import('../src/main/model/kernels/simd/bnpool');
      const { InlineRunner } = await import('../src/main/model/kernels/simd/inline-runner');
      runner = new InlineRunner(['bnpool']);
      out.fastKernels = registerBnPoolKernels(runner);
    }
    const spec = withInputLength(loadSpec(c.preset), c.length);
    const model = buildModel(spec, { seed: SEED });
    compileModel(model, spec);
    const rnd = gaussian(SEED);
    const channels = spec.input.channels;
    const x = tf.tensor3d(Float32Array.from({ length: BATCH * c.length * channels }, rnd), [BATCH, c.length, channels]);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: BATCH }, (_, i) => i % 2), 'int32'), 2);
    // Warm-up steps (unprofiled) build the optimizer's slots and the backend's caches.
    for (let i = 0; i < c.warmup; i++) await model.trainOnBatch(x, y);
    recorder = installRecorder(model, tf.getBackend());
    const steps: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < c.steps; i++) {
      const t0 = performance.now();
      const u0 = process.cpuUsage();
      const result = await model.trainOnBatch(x, y);
      steps.push(performance.now() - t0);
      const u = process.cpuUsage(u0);
      cpu.push((u.user + u.system) / 1000);
      const loss = Array.isArray(result) ? result[0]! : result;
      if (!Number.isFinite(loss)) throw new Error(`training loss is ${loss} at step ${i}`);
      console.error(`  profile ${c.preset} L=${c.length}${c.fastKernels ? ' fast' : ''} step ${i}: ${steps[i]!.toFixed(0)} ms`);
    }
    out.step_ms = steps.map((v) => round(v, 1));
    out.step_cpu_ms = cpu.map((v) => round(v, 1));
    const cats: NonNullable<CaseProfile['categories']> = {};
    let kernelTotal = 0;
    for (const [key, ms] of recorder.times) {
      const [category, kernel] = key.split('\t') as [Category, string];
      const entry = (cats[category] ??= { ms: 0, kernels: {} });
      entry.ms += ms / c.steps;
      entry.kernels[kernel] = (entry.kernels[kernel] ?? 0) + ms / c.steps;
      kernelTotal += ms / c.steps;
    }
    const wall = steps.reduce((a, b) => a + b, 0) / c.steps;
    cats.untimed_js = { ms: Math.max(0, wall - kernelTotal), kernels: {} };
    for (const entry of Object.values(cats)) {
      entry.ms = round(entry.ms);
      for (const k of Object.keys(entry.kernels)) entry.kernels[k] = round(entry.kernels[k]!);
    }
    out.categories = cats;
    recorder.uninstall();
    recorder = undefined;
    tf.dispose([x, y]);
    model.dispose();
  } catch (error) {
    recorder?.uninstall();
    out.error = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 500);
  }
  out.peak_rss_mb = round(process.resourceUsage().maxRSS / 1024, 1);
  if (runner) out.kernel_memory_mb = round(runner.buffer().byteLength / 2 ** 20, 1);
  if (tf.getBackend() === 'wasm') {
    const heap = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8;
    if (heap) out.wasm_heap_mb = round(heap.byteLength / 2 ** 20, 1);
    // A failed allocation in the wasm module surfaces as an opaque error ("table index is out of
    // bounds"); the heap at its 4 GiB cap says what it was.
    if (out.error && heap && heap.byteLength >= 4 * 2 ** 30 - 64 * 2 ** 20) out.error = `out of memory: the wasm heap is at its 4 GiB cap (${out.error})`;
  }
  return out;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function flag(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
}

function printTable(c: ProfileCase, p: CaseProfile): void {
  const stepMs = p.step_ms?.length ? median(p.step_ms) : NaN;
  console.error(`\n${c.engine} ${c.preset} L=${c.length} batch ${BATCH}${c.engine === 'wasm-simd' ? ' (the engine\'s own SIMD kernels)' : c.fastKernels ? ' + bnpool kernels' : ' (stock kernels)'}: median step ${stepMs.toFixed(0)} ms (CPU ${p.step_cpu_ms?.length ? median(p.step_cpu_ms).toFixed(0) : '?'} ms), peak RSS ${p.peak_rss_mb} MB, wasm heap ${p.wasm_heap_mb ?? '?'} MB${p.kernel_memory_mb ? `, kernel memory ${p.kernel_memory_mb} MB` : ''}`);
  const total = Object.values(p.categories ?? {}).reduce((a, e) => a + e.ms, 0);
  console.error(`  ${'category'.padEnd(26)} ${'ms/step'.padStart(9)} ${'share'.padStart(6)}  top kernels`);
  for (const name of categories) {
    const e = p.categories?.[name];
    if (!e) continue;
    const top = Object.entries(e.kernels)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ');
    console.error(`  ${name.padEnd(26)} ${e.ms.toFixed(1).padStart(9)} ${((100 * e.ms) / total).toFixed(1).padStart(5)}%  ${top}`);
  }
}

/** Parent: one child process per case; JSON lines on stdout, tables on stderr. */
export function profileMain(argv: string[]): void {
  const presets = flag(argv, '--presets', 'compact,paper').split(',') as ProfileCase['preset'][];
  const lengths = flag(argv, '--lengths', '4096').split(',').map(Number);
  const steps = Number(flag(argv, '--steps', '3'));
  const warmup = Number(flag(argv, '--warmup', '1'));
  const engine = flag(argv, '--engine', 'wasm') as EngineName;
  const fast = flag(argv, '--fast-kernels', 'off');
  const variants = fast === 'both' ? [false, true] : [fast === 'on'];
  for (const preset of presets) {
    for (const length of lengths) {
      for (const fastKernels of variants) {
        const c: ProfileCase = { engine, preset, length, warmup, steps, fastKernels };
        const run = spawnSync(process.execPath, [...process.execArgv, thisFile, '--profile-child', JSON.stringify(c)], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
          timeout: CASE_TIMEOUT_MS,
          maxBuffer: 16 * 1024 * 1024,
        });
        const line = (run.stdout ?? '').trim().split('\n').filter((l) => l.startsWith('{')).pop();
        let p: CaseProfile = {};
        try {
          p = line ? (JSON.parse(line) as CaseProfile) : {};
        } catch {
          p = {};
        }
        if (run.error) p.error = `child process: ${run.error.message}`;
        else if (run.status !== 0 && !p.error) p.error = `child process exited with ${run.status ?? run.signal}`;
        const base = { bench: 'train-profile', engine, preset, length, batch: BATCH, fast_kernels: fastKernels || engine === 'wasm-simd' };
        if (p.error || !p.categories) {
          console.log(JSON.stringify({ ...base, error: p.error ?? 'no profile', peak_rss_mb: p.peak_rss_mb ?? null, wasm_heap_mb: p.wasm_heap_mb ?? null }));
          console.error(`\n${engine} ${preset} L=${length}: FAILED: ${p.error ?? 'no profile'} (peak RSS ${p.peak_rss_mb ?? '?'} MB, wasm heap ${p.wasm_heap_mb ?? '?'} MB)`);
          continue;
        }
        const total = Object.values(p.categories).reduce((a, e) => a + e.ms, 0);
        const stepMs = p.step_ms?.length ? round(median(p.step_ms), 1) : null;
        console.log(JSON.stringify({ ...base, category: 'step', ms_per_step: stepMs, step_ms: p.step_ms, cpu_ms_per_step: p.step_cpu_ms?.length ? round(median(p.step_cpu_ms), 1) : null, step_cpu_ms: p.step_cpu_ms, peak_rss_mb: p.peak_rss_mb, wasm_heap_mb: p.wasm_heap_mb ?? null, kernel_memory_mb: p.kernel_memory_mb ?? null, description: p.description, registered: p.fastKernels ?? [] }));
        for (const name of categories) {
          const e = p.categories[name];
          if (!e) continue;
          console.log(JSON.stringify({ ...base, category: name, ms_per_step: e.ms, share: round(e.ms / total, 3), kernels: e.kernels }));
        }
        printTable(c, p);
      }
    }
  }
}
