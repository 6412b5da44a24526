/**
 * The CPU engine 'wasm-simd' at run time: one thread pool per process (or per worker thread)
 * running every built kernel module (resources/kernels/*.wasm) over one shared memory, created on
 * first use, and the switch that tells the layers and kernel wrappers whether to use it.
 *
 * The engine ladder (engine.ts) turns the switch on when it selects 'wasm-simd' and off for every
 * other engine, so 'wasm-stock' runs exactly the stock tfjs wasm kernels.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { defaultKernelDir } from './inline-runner';
import type { KernelRunner } from './kernel-runner';
import { defaultThreadCount, ThreadPool } from './thread-pool';

/** Modules the engine cannot run without. */
const REQUIRED_MODULES = ['conv1d'];
/** Built for the runtime's own tests only. */
const TEST_MODULES = new Set(['selftest']);

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

/** Every built module but the test ones, so kernels added later (csrc/*.c) load with no change here. */
function moduleNames(): string[] {
  return readdirSync(dir())
    .filter((f) => f.endsWith('.wasm'))
    .map((f) => path.basename(f, '.wasm'))
    .filter((name) => !TEST_MODULES.has(name))
    .sort();
}

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
    pool = new ThreadPool(moduleNames(), { threads: wantedThreads ?? defaultThreadCount(), kernelDir: dir() });
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
