/**
 * The CPU engine 'wasm-simd' at run time: one thread pool per process (or per worker thread)
 * running every built kernel module (resources/kernels/*.wasm) over one shared memory, created on
 * first use, and the switch that tells the layers and kernel wrappers whether to use it.
 *
 * The engine ladder (engine.ts) turns the switch on when it selects 'wasm-simd' and off for every
 * other engine, so 'wasm-stock' runs exactly the stock tfjs wasm kernels.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import * as tf from '@tensorflow/tfjs';
import { defaultKernelDir } from './inline-runner';
import type { KernelRunner } from './kernel-runner';
import { defaultThreadCount, ThreadPool } from './thread-pool';

/** Modules the engine cannot run without. */
const REQUIRED_MODULES = ['conv1d'];
/** Built for the runtime's own tests only. */
const TEST_MODULES = new Set(['selftest']);
/**
 * Variants that need relaxed SIMD (fused multiply-add): <name>_fma.wasm replaces <name>.wasm where
 * the engine validates it. Relaxed SIMD is standard in current V8 (Electron, Node 22) and behind a
 * flag in Node 20's V8 11.3, whose implementation is the one shipped unchanged in V8 11.4: there
 * the flag is turned on before the first module is compiled (FORESEIS_FMA=0 keeps it off and
 * uses the plain SIMD modules everywhere).
 */
const FMA_SUFFIX = '_fma';

let pool: ThreadPool | null = null;
let wantedThreads: number | undefined;
let active = false;
let kernelDir: string | undefined;

function dir(): string {
  return kernelDir ?? defaultKernelDir();
}

/** Why the SIMD kernels cannot run here (a module not built), or undefined when they can. */
export function simdUnavailableReason(): string | undefined {
  const missing = REQUIRED_MODULES.filter((name) => !existsSync(path.join(dir(), `${name}.wasm`)));
  if (missing.length > 0) return `the kernels ${missing.map((m) => `${m}.wasm`).join(', ')} are not built in ${dir()} (npm run build:kernels needs clang with the wasm32 target)`;
  if (typeof SharedArrayBuffer === 'undefined') return 'SharedArrayBuffer is not available in this process';
  return undefined;
}

/** Every built module but the test ones and the FMA variants, so kernels added later (csrc/*.c) load with no change here. */
function moduleNames(): string[] {
  return readdirSync(dir())
    .filter((f) => f.endsWith('.wasm'))
    .map((f) => path.basename(f, '.wasm'))
    .filter((name) => !TEST_MODULES.has(name) && !name.endsWith(FMA_SUFFIX))
    .sort();
}

let relaxedSimd: boolean | undefined;

/** Whether this process can run relaxed-SIMD modules (turning V8's flag on in Node 20 if needed). */
function relaxedSimdAvailable(probe: Uint8Array): boolean {
  if (relaxedSimd !== undefined) return relaxedSimd;
  if (process.env.FORESEIS_FMA === '0') return (relaxedSimd = false);
  if (!WebAssembly.validate(probe)) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return (relaxedSimd = WebAssembly.validate(probe));
}

/** module name → file: the FMA variant of each module that has one, where it runs. */
function variantFiles(names: readonly string[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of names) {
    const file = path.join(dir(), `${name}${FMA_SUFFIX}.wasm`);
    if (existsSync(file) && relaxedSimdAvailable(readFileSync(file))) files[name] = `${name}${FMA_SUFFIX}`;
  }
  return files;
}

/** Whether the running pool uses fused multiply-add (relaxed SIMD) kernels. */
export function simdUsesFma(): boolean {
  return poolFiles !== null && Object.keys(poolFiles).length > 0;
}
let poolFiles: Record<string, string> | null = null;

/**
 * Threads the pool should have: a positive integer, or undefined for the default (FORESEIS_THREADS,
 * else every core). A change takes effect at once: a running pool is closed and a new one made on
 * next use.
 */
export function setSimdThreads(threads: number | undefined): void {
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) throw new Error(`threads must be a positive integer, got ${threads}`);
  const target = threads ?? defaultThreadCount();
  if (pool !== null && pool.threads !== target) {
    void pool.close();
    pool = null;
  }
  wantedThreads = threads;
}

/** Threads the engine runs (the pool's, or what it will have when made). */
export function simdThreads(): number {
  return pool?.threads ?? wantedThreads ?? defaultThreadCount();
}

/** The shared runner of the SIMD kernels (made on first use). */
export function simdRuntime(): KernelRunner {
  if (pool === null) {
    const reason = simdUnavailableReason();
    if (reason !== undefined) throw new Error(`wasm-simd: ${reason}`);
    const names = moduleNames();
    poolFiles = variantFiles(names);
    pool = new ThreadPool(names, { threads: wantedThreads ?? defaultThreadCount(), kernelDir: dir(), files: poolFiles });
  }
  return pool;
}

/** Turn the SIMD kernels on or off (the engine ladder's switch). */
export function setSimdActive(on: boolean): void {
  active = on;
}

/** Whether convolutions on the current backend go to the SIMD kernels: 'wasm-simd' is the engine and 'wasm' the backend. */
export function simdActive(): boolean {
  return active && tf.getBackend() === 'wasm';
}

/** Stop the pool's threads (tests; a process exits without it, the threads are unref'd). */
export async function closeSimdRuntime(): Promise<void> {
  const p = pool;
  pool = null;
  if (p !== null) await p.close();
}

/** Load the kernels from another folder (tests). */
export function setSimdKernelDir(folder: string | undefined): void {
  kernelDir = folder;
}
