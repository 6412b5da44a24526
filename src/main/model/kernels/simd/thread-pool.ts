/**
 * The threaded KernelRunner: worker_threads that instantiate the same kernel modules on the same
 * shared WebAssembly.Memory, so a kernel's range is split over every core.
 *
 * Why our own threads: tfjs-backend-wasm's threads are Emscripten pthreads, which it switches off
 * in Node (its multithread flag is forced off there), so the stock engine runs on one core
 * whatever the machine has. Node's worker_threads run in the CLI, in tests, inside the training
 * worker (itself a worker thread) and in Electron's main and utility processes alike.
 *
 * Dispatch has to be cheap: a small convolution takes well under a millisecond, and a postMessage
 * round trip costs about as much. So a job is written into a shared control block and published
 * with Atomics: the caller writes the arguments and the parts' ranges, marks each part available
 * with the job's sequence number, bumps the sequence and wakes the threads (Atomics.notify). Each
 * thread spins briefly, then sleeps in Atomics.wait. A part is taken by an atomic
 * compare-exchange (available → 0), so every part runs exactly once: the caller runs part 0 and
 * then takes whatever parts no thread has taken yet — a thread still starting up, or descheduled
 * on a busy machine, costs time but never a wrong or missing result. The caller then waits for
 * the count of finished parts.
 *
 * The thread script is source text run with `eval: true`, not a file: it needs nothing but
 * node:worker_threads, and no path has to be found in the electron-vite bundle (out/main), an
 * asar archive, or the sources run through tsx. Threads are unref'd, so they never keep a
 * process alive, and close() stops them.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { defaultKernelDir, STACK_BYTES } from './inline-runner';
import { align, ArenaBackedRunner, ScratchArena, sharedKernelMemory } from './scratch-arena';
import { type KernelRunner, splitRange } from './kernel-runner';

/** Most parts a job can have (so most threads a pool can have). */
export const MAX_THREADS = 64;
const MAX_ARGS = 32;
const NAME_BYTES = 256;

// Control block (Int32Array over a SharedArrayBuffer).
const SEQ = 0; // job sequence number: threads wait on it
const DONE = 1; // parts finished in the current job
const PARTS = 2; // parts in the current job
const NARGS = 3;
const FN_ID = 4; // which (module, function): threads cache the export by this id
const NAME_LENGTH = 5; // bytes of "module/function" in the name buffer
const FAILED = 6; // a part threw
const STOP = 7; // threads exit
const STATE = 8; // STATE + i: the job's sequence number while part i is available, 0 once taken
const RANGE = STATE + MAX_THREADS; // RANGE + 2i, RANGE + 2i + 1: part i's [start, end)
const CONTROL_INTS = RANGE + 2 * MAX_THREADS;

/** Loads of the control block a thread spins for before it sleeps (a few microseconds: on a machine with more busy threads than cores, a spinning thread takes time from one doing work). */
const SPIN = 2000;

/**
 * The thread's program (plain JavaScript, CommonJS). workerData: { memory, modules: [[name,
 * WebAssembly.Module]], stackTop, control, args, names, index }.
 */
const THREAD_SOURCE = `
const { workerData } = require('node:worker_threads');
const { memory, modules, stackTop, control, args, names, index } = workerData;
const ctrl = new Int32Array(control);
const argv = new Float64Array(args);
const nameBytes = new Uint8Array(names);
const instances = new Map();
for (const [name, module] of modules) {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  if (instance.exports.__stack_pointer) instance.exports.__stack_pointer.value = stackTop;
  instances.set(name, instance);
}
const fns = new Map();
function lookup(id) {
  let f = fns.get(id);
  if (f) return f;
  const text = new TextDecoder().decode(nameBytes.slice(0, ctrl[${NAME_LENGTH}]));
  const slash = text.indexOf('/');
  const instance = instances.get(text.slice(0, slash));
  f = instance && instance.exports[text.slice(slash + 1)];
  if (typeof f !== 'function') throw new Error('kernel thread: no export ' + text);
  fns.set(id, f);
  return f;
}
let seen = 0;
for (;;) {
  let seq = Atomics.load(ctrl, ${SEQ});
  for (let spin = 0; seq === seen && spin < ${SPIN}; spin++) seq = Atomics.load(ctrl, ${SEQ});
  while (seq === seen) {
    Atomics.wait(ctrl, ${SEQ}, seen);
    seq = Atomics.load(ctrl, ${SEQ});
  }
  seen = seq;
  if (Atomics.load(ctrl, ${STOP}) !== 0) break;
  const parts = ctrl[${PARTS}];
  for (let k = 0; k < parts; k++) {
    const part = (index + k) % parts;
    if (Atomics.compareExchange(ctrl, ${STATE} + part, seq, 0) !== seq) continue;
    try {
      const f = lookup(ctrl[${FN_ID}]);
      const a = Array.from(argv.subarray(0, ctrl[${NARGS}]));
      f(...a, ctrl[${RANGE} + 2 * part], ctrl[${RANGE} + 2 * part + 1]);
    } catch (error) {
      Atomics.store(ctrl, ${FAILED}, 1);
      console.error('kernel thread ' + index + ': ' + (error && error.message ? error.message : String(error)));
    }
    if (Atomics.add(ctrl, ${DONE}, 1) + 1 === parts) Atomics.notify(ctrl, ${DONE});
  }
}
`;

interface Instance {
  exports: Record<string, unknown>;
}

/** Threads for the CPU engine: FORESEIS_THREADS if set (a positive integer), else every core. */
export function defaultThreadCount(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FORESEIS_THREADS;
  if (raw !== undefined && raw.trim() !== '') {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`FORESEIS_THREADS must be a positive integer, got '${raw}'`);
    return Math.min(n, MAX_THREADS);
  }
  return Math.min(availableParallelism(), MAX_THREADS);
}

export interface ThreadPoolOptions {
  /** threads including the calling one (default: defaultThreadCount()) */
  threads?: number;
  kernelDir?: string;
  /** the file (in kernelDir, without .wasm) a module name loads from, where not the same name: a variant built for other CPU features */
  files?: Readonly<Record<string, string>>;
}

export class ThreadPool extends ArenaBackedRunner implements KernelRunner {
  readonly threads: number;
  readonly memory: WebAssembly.Memory;
  private readonly instances = new Map<string, Instance>();
  private readonly workers: Worker[] = [];
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_INTS * 4));
  private readonly args = new Float64Array(new SharedArrayBuffer(MAX_ARGS * 8));
  private readonly names = new Uint8Array(new SharedArrayBuffer(NAME_BYTES));
  private readonly fnIds = new Map<string, number>();
  private seq = 0;
  private closed = false;
  private canWait = true;

  /** @param modules names of resources/kernels/<name>.wasm to load */
  constructor(modules: readonly string[], options: ThreadPoolOptions = {}) {
    super();
    const threads = options.threads ?? defaultThreadCount();
    if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) throw new Error(`ThreadPool: threads must be an integer in 1..${MAX_THREADS}, got ${threads}`);
    this.threads = threads;
    const kernelDir = options.kernelDir ?? defaultKernelDir();
    this.memory = sharedKernelMemory();
    const compiled: [string, WebAssembly.Module][] = [];
    let heapBase = 0;
    for (const name of modules) {
      const module = new WebAssembly.Module(readFileSync(path.join(kernelDir, `${options.files?.[name] ?? name}.wasm`)));
      const instance = new WebAssembly.Instance(module, { env: { memory: this.memory } }) as Instance;
      compiled.push([name, module]);
      this.instances.set(name, instance);
      const hb = instance.exports.__heap_base as WebAssembly.Global | undefined;
      heapBase = Math.max(heapBase, hb ? Number(hb.value) : 0);
    }
    // One stack per thread above the modules' static data (they share it: kernels keep none);
    // thread 0 is the calling thread. Scratch memory starts above the last stack.
    const stackTop = (thread: number): number => align(heapBase + (thread + 1) * STACK_BYTES, 16);
    for (const instance of this.instances.values()) {
      const sp = instance.exports.__stack_pointer as WebAssembly.Global | undefined;
      if (sp) sp.value = stackTop(0);
    }
    this.arena = new ScratchArena(this.memory, stackTop(threads - 1));
    for (let index = 1; index < threads; index++) {
      const worker = new Worker(THREAD_SOURCE, {
        eval: true,
        workerData: { memory: this.memory, modules: compiled, stackTop: stackTop(index), control: this.control.buffer, args: this.args.buffer, names: this.names.buffer, index },
        // The threads only run kernels: no stdin, and their rare error lines go to the parent's stderr.
        stdin: false,
      });
      worker.unref();
      worker.on('error', (error) => console.error(`kernel thread ${index} stopped: ${error.message}`));
      this.workers.push(worker);
    }
  }

  parallelFor(module: string, fn: string, args: readonly number[], total: number, grain = 1): void {
    const f = this.fn(module, fn);
    const parts = splitRange(total, this.closed ? 1 : this.threads, grain);
    if (parts.length <= 1) {
      for (const [start, end] of parts) f(...args, start, end);
      return;
    }
    if (args.length > MAX_ARGS) throw new Error(`parallelFor: at most ${MAX_ARGS} arguments, got ${args.length}`);
    const ctrl = this.control;
    const key = `${module}/${fn}`;
    let id = this.fnIds.get(key);
    if (id === undefined) {
      id = this.fnIds.size + 1;
      this.fnIds.set(key, id);
    }
    const name = new TextEncoder().encode(key);
    if (name.length > NAME_BYTES) throw new Error(`parallelFor: name '${key}' is too long`);
    this.names.set(name);
    ctrl[NAME_LENGTH] = name.length;
    ctrl[FN_ID] = id;
    this.args.set(args);
    ctrl[NARGS] = args.length;
    ctrl[PARTS] = parts.length;
    Atomics.store(ctrl, DONE, 0);
    Atomics.store(ctrl, FAILED, 0);
    const seq = (this.seq = (this.seq % 0x7ffffffe) + 1);
    for (const [i, [start, end]] of parts.entries()) {
      ctrl[RANGE + 2 * i] = start;
      ctrl[RANGE + 2 * i + 1] = end;
      Atomics.store(ctrl, STATE + i, seq);
    }
    Atomics.store(ctrl, SEQ, seq);
    Atomics.notify(ctrl, SEQ);

    // Part 0 here, then every part no thread has taken yet.
    let error: unknown;
    for (let i = 0; i < parts.length; i++) {
      if (Atomics.compareExchange(ctrl, STATE + i, seq, 0) !== seq) continue;
      try {
        f(...args, parts[i]![0], parts[i]![1]);
      } catch (e) {
        error ??= e;
      }
      Atomics.add(ctrl, DONE, 1);
    }
    for (let spin = 0; Atomics.load(ctrl, DONE) < parts.length; spin++) {
      if (spin < SPIN || !this.canWait) continue;
      const done = Atomics.load(ctrl, DONE);
      try {
        if (done < parts.length) Atomics.wait(ctrl, DONE, done, 100);
      } catch {
        // A thread that may not block (a browser-like main thread): spin instead.
        this.canWait = false;
      }
    }
    if (error !== undefined) throw error;
    if (Atomics.load(ctrl, FAILED) !== 0) throw new Error(`kernel ${key} failed in a worker thread (its message is on stderr)`);
  }

  call(module: string, fn: string, args: readonly number[]): number {
    return Number(this.fn(module, fn)(...args) ?? 0);
  }

  /** Stop the threads (the pool then runs everything on the calling thread). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.control, STOP, 1);
    Atomics.store(this.control, SEQ, (this.seq = (this.seq % 0x7ffffffe) + 1));
    Atomics.notify(this.control, SEQ);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private fn(module: string, name: string): (...a: number[]) => unknown {
    const instance = this.instances.get(module);
    if (!instance) throw new Error(`kernel module '${module}' is not loaded`);
    const f = instance.exports[name];
    if (typeof f !== 'function') throw new Error(`kernel module '${module}' has no export '${name}'`);
    return f as (...a: number[]) => unknown;
  }
}

