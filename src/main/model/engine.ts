/**
 * The engine ladder (DESIGN.md "Training engines"): TensorFlow.js is the one model API, the
 * backend under it is chosen at run time, best first, and shown to the user:
 *
 *   tensorflow-gpu  @tensorflow/tfjs-node-gpu   libtensorflow with CUDA
 *   tensorflow      @tensorflow/tfjs-node       libtensorflow on the CPU
 *   wasm-simd       @tensorflow/tfjs-backend-wasm + our SIMD kernels (resources/kernels, built
 *                   from src/main/model/kernels/simd/csrc by `npm run build:kernels`): the
 *                   convolutions and their gradients in multi-threaded WebAssembly SIMD, the
 *                   rest on the stock wasm kernels. The default CPU engine, described as
 *                   `wasm-simd ×N` (N threads: FORESEIS_THREADS, the `threads` option, else every
 *                   core). Skipped, with the reason, when the kernels are not built.
 *   wasm-stock      @tensorflow/tfjs-backend-wasm as shipped: XNNPACK in WebAssembly, one thread
 *                   in Node (plus the kernels it lacks, filled in kernels/wasm)
 *   cpu             @tensorflow/tfjs (tfjs-backend-cpu)  pure JavaScript: the last resort and
 *                   the reference the tests compare against
 *
 * 'wasm' (the name of the only wasm engine before 'wasm-simd', still in older run records) is an
 * alias: the best wasm engine that starts, 'wasm-simd' else 'wasm-stock'.
 *
 * The native packages are optional dependencies whose installers download libtensorflow, so they
 * are often absent: each rung is a dynamic import whose failure is caught, and an engine asked
 * for by name that is not installed raises an error naming the npm package to install.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ForeseisError } from '../../shared/errors';
import { setSimdActive, setSimdThreads, simdRuntime, simdUnavailableReason, simdUsesFma } from './kernels/simd/runtime';
import { registerBnPoolKernels, unregisterBnPoolKernels } from './kernels/simd/bnpool';
import { registerSimdKernels } from './kernels/simd/tfjs-conv1d';
import { registerWasmKernels } from './kernels/wasm';

export const engineNames = ['tensorflow-gpu', 'tensorflow', 'wasm-simd', 'wasm-stock', 'cpu'] as const;
export type EngineName = (typeof engineNames)[number];
/** 'wasm': the best wasm engine that starts ('wasm-simd', else 'wasm-stock'). */
export type EnginePreference = 'auto' | 'wasm' | EngineName;

/** The npm package each engine needs. */
export const enginePackages: Readonly<Record<EngineName, string>> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  'wasm-simd': '@tensorflow/tfjs-backend-wasm',
  'wasm-stock': '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs',
};

export interface Engine {
  name: EngineName;
  /** the tfjs backend now active (tf.getBackend()) */
  backend: string;
  /** one line for the user: what runs, from which package and version */
  description: string;
  /** threads the engine computes on (as far as this process can tell: native engines say 1) */
  threads: number;
  /** the better engines tried first and why each was passed over (empty for an explicit choice) */
  skipped: { name: EngineName; reason: string }[];
}

/**
 * Where the wasm backend finds its .wasm binaries: a folder (ending in '/') or a map from each of
 * 'tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'
 * to a path or URL. In Node (CLI, tests, Electron's main or utility process) the default is the
 * package's own dist/ folder, resolved from node_modules. A bundled renderer or web worker has no
 * node_modules: it imports the three binaries with Vite's `?url` suffix
 * (`import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'`) and
 * passes them here as `wasmPaths`.
 */
export type WasmPaths = string | Record<string, string>;

export interface SelectEngineOptions {
  wasmPaths?: WasmPaths;
  /** threads of the 'wasm-simd' engine (default: FORESEIS_THREADS, else every core) */
  threads?: number;
}

/** The package's dist/ folder, where its .wasm binaries are (Node only). */
export function defaultWasmPaths(): string {
  const require = createRequire(import.meta.url);
  const binary = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
  return path.dirname(binary) + path.sep;
}

class EngineUnavailable extends Error {
  constructor(
    readonly notInstalled: boolean,
    message: string,
  ) {
    super(message);
  }
}

function isModuleNotFound(error: unknown, specifier: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(specifier);
}

/** import() of a package that may not be installed; the specifier is a variable so no bundler or type checker insists on it. */
async function importOptional(specifier: string): Promise<Record<string, unknown>> {
  try {
    return (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
  } catch (error) {
    if (isModuleNotFound(error, specifier)) throw new EngineUnavailable(true, `${specifier} is not installed`);
    throw new EngineUnavailable(false, `${specifier} is installed but failed to load: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function activate(backend: string): Promise<void> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(backend);
    await tf.ready();
  } catch (error) {
    throw new EngineUnavailable(false, `backend '${backend}' failed to start: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!ok || tf.getBackend() !== backend) throw new EngineUnavailable(false, `backend '${backend}' failed to start`);
}

function packageVersion(name: string): string {
  try {
    const require = createRequire(import.meta.url);
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown version';
  }
}

async function tryNative(name: 'tensorflow-gpu' | 'tensorflow'): Promise<string> {
  const specifier = enginePackages[name];
  await importOptional(specifier);
  // tfjs-node registers the 'tensorflow' backend with the @tensorflow/tfjs it resolves; a copy
  // other than ours (a version mismatch) would register it where this module cannot see it.
  if (tf.findBackendFactory('tensorflow') === null) {
    throw new EngineUnavailable(false, `${specifier} loaded but did not register the 'tensorflow' backend with @tensorflow/tfjs ${tf.version_core} (a second copy of @tensorflow/tfjs?)`);
  }
  await activate('tensorflow');
  const where = name === 'tensorflow-gpu' ? 'libtensorflow with CUDA' : 'libtensorflow on the CPU';
  return `${name}: ${where} (${specifier} ${packageVersion(specifier)})`;
}

interface Started {
  description: string;
  threads: number;
}

async function tryWasm(options: SelectEngineOptions, simd: boolean): Promise<Started> {
  const specifier = enginePackages['wasm-stock'];
  if (simd) {
    const reason = simdUnavailableReason();
    if (reason !== undefined) throw new EngineUnavailable(false, reason);
  }
  const wasm = await importOptional(specifier);
  if (tf.findBackendFactory('wasm') === null) {
    throw new EngineUnavailable(false, `${specifier} loaded but did not register the 'wasm' backend with @tensorflow/tfjs ${tf.version_core}`);
  }
  // Before the backend initializes: the binaries' location is read once, at initialization.
  const alreadyUp = tf.engine().registry['wasm'] !== undefined;
  if (!alreadyUp) {
    const setWasmPaths = wasm['setWasmPaths'] as (paths: WasmPaths) => void;
    setWasmPaths(options.wasmPaths ?? defaultWasmPaths());
  }
  registerWasmKernels();
  // The wrappers dispatch on the switch set below, so registering them for 'wasm-stock' too
  // changes nothing there; it keeps the kernel registry the same whichever engine came first.
  if (simdUnavailableReason() === undefined) registerSimdKernels();
  await activate('wasm');
  const xnnSimd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const stockThreads = (wasm['getThreadsCount'] as () => number)();
  const version = `${specifier} ${packageVersion(specifier)}`;
  if (!simd) {
    return { description: `wasm-stock: XNNPACK in WebAssembly, ${xnnSimd ? 'SIMD' : 'no SIMD'}, ${stockThreads} thread${stockThreads === 1 ? '' : 's'} (${version})`, threads: stockThreads };
  }
  setSimdThreads(options.threads);
  let threads: number;
  try {
    threads = simdRuntime().threads; // starts the pool now, so a failure shows here
  } catch (error) {
    throw new EngineUnavailable(false, error instanceof Error ? error.message : String(error));
  }
  setSimdActive(true);
  // Last, so nothing registered above (registerWasmKernels replaces MaxPoolGrad) covers them.
  registerBnPoolKernels(simdRuntime());
  return {
    description: `wasm-simd ×${threads}: convolutions, batch norm and max-pool gradients in our WebAssembly SIMD kernels${simdUsesFma() ? ' (FMA)' : ''} on ${threads} thread${threads === 1 ? '' : 's'}, the rest in XNNPACK (${version})`,
    threads,
  };
}

async function tryCpu(): Promise<Started> {
  await activate('cpu');
  return { description: `cpu: pure JavaScript, the slowest engine (@tensorflow/tfjs ${tf.version_core})`, threads: 1 };
}

async function tryEngine(name: EngineName, options: SelectEngineOptions): Promise<Started> {
  // Only a successful 'wasm-simd' turns the SIMD kernels on. The batch-norm/pool set also changes
  // gradients on every backend (ReLU's from its output, the tape release), so it is removed first
  // and registered again only by 'wasm-simd'.
  setSimdActive(false);
  unregisterBnPoolKernels();
  switch (name) {
    case 'tensorflow-gpu':
    case 'tensorflow':
      return { description: await tryNative(name), threads: 1 };
    case 'wasm-simd':
      return tryWasm(options, true);
    case 'wasm-stock':
      return tryWasm(options, false);
    case 'cpu':
      return tryCpu();
  }
}

function installHint(name: EngineName): string {
  const pkg = enginePackages[name];
  const native = name === 'tensorflow' || name === 'tensorflow-gpu';
  return `install the npm package ${pkg} (npm install ${pkg}${native ? '; its installer downloads libtensorflow, so it needs internet access' : ''}${name === 'tensorflow-gpu' ? ', and CUDA' : ''})`;
}

/**
 * Activate an engine and return what runs. 'auto' (the default) walks the ladder best first and
 * takes the first engine that starts. A named engine is that engine or an error: ForeseisError
 * 'not-found' naming the npm package to install when it is absent, 'internal' when it is installed
 * but does not start.
 */
export async function selectEngine(preference: EnginePreference = 'auto', options: SelectEngineOptions = {}): Promise<Engine> {
  if (preference === 'wasm') {
    const skipped: Engine['skipped'] = [];
    try {
      const started = await tryEngine('wasm-simd', options);
      return { name: 'wasm-simd', backend: tf.getBackend(), ...started, skipped };
    } catch (error) {
      skipped.push({ name: 'wasm-simd', reason: error instanceof Error ? error.message : String(error) });
    }
    const engine = await selectEngine('wasm-stock', options);
    return { ...engine, skipped };
  }
  if (preference !== 'auto') {
    try {
      const started = await tryEngine(preference, options);
      return { name: preference, backend: tf.getBackend(), ...started, skipped: [] };
    } catch (error) {
      if (error instanceof EngineUnavailable && error.notInstalled) {
        throw new ForeseisError('not-found', `engine '${preference}' is not available: ${error.message}; ${installHint(preference)}`);
      }
      throw new ForeseisError('internal', `engine '${preference}' did not start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const skipped: Engine['skipped'] = [];
  for (const name of engineNames) {
    try {
      const started = await tryEngine(name, options);
      return { name, backend: tf.getBackend(), ...started, skipped };
    } catch (error) {
      skipped.push({ name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  throw new ForeseisError('internal', `no engine started: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}
