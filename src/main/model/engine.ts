/**
 * The engine ladder (DESIGN.md "Training engines"): TensorFlow.js is the one model API, the
 * backend under it is chosen at run time, best first, and shown to the user:
 *
 *   tensorflow-gpu  @tensorflow/tfjs-node-gpu   libtensorflow with CUDA
 *   tensorflow      @tensorflow/tfjs-node       libtensorflow on the CPU
 *   wasm            @tensorflow/tfjs-backend-wasm  XNNPACK in WebAssembly, everywhere
 *   cpu             @tensorflow/tfjs (tfjs-backend-cpu)  pure JavaScript: the last resort and
 *                   the reference the tests compare against
 *
 * The native packages are optional dependencies whose installers download libtensorflow, so they
 * are often absent: each rung is a dynamic import whose failure is caught, and an engine asked
 * for by name that is not installed raises an error naming the npm package to install.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ForeseisError } from '../../shared/errors';
import { registerWasmKernels } from './kernels/wasm';

export const engineNames = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type EngineName = (typeof engineNames)[number];
export type EnginePreference = 'auto' | EngineName;

/** The npm package each engine needs. */
export const enginePackages: Readonly<Record<EngineName, string>> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs',
};

export interface Engine {
  name: EngineName;
  /** the tfjs backend now active (tf.getBackend()) */
  backend: string;
  /** one line for the user: what runs, from which package and version */
  description: string;
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

async function tryWasm(options: SelectEngineOptions): Promise<string> {
  const specifier = enginePackages.wasm;
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
  await activate('wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = (wasm['getThreadsCount'] as () => number)();
  return `wasm: XNNPACK in WebAssembly, ${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'} (${specifier} ${packageVersion(specifier)})`;
}

async function tryCpu(): Promise<string> {
  await activate('cpu');
  return `cpu: pure JavaScript, the slowest engine (@tensorflow/tfjs ${tf.version_core})`;
}

async function tryEngine(name: EngineName, options: SelectEngineOptions): Promise<string> {
  switch (name) {
    case 'tensorflow-gpu':
    case 'tensorflow':
      return tryNative(name);
    case 'wasm':
      return tryWasm(options);
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
  if (preference !== 'auto') {
    try {
      const description = await tryEngine(preference, options);
      return { name: preference, backend: tf.getBackend(), description, skipped: [] };
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
      const description = await tryEngine(name, options);
      return { name, backend: tf.getBackend(), description, skipped };
    } catch (error) {
      skipped.push({ name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  throw new ForeseisError('internal', `no engine started: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}
