/**
 * Starting a worker job from the caller's thread: the caller never blocks; it gets the worker's
 * events, can ask it to cancel (it stops between training steps) or kill it outright, and awaits
 * how it ended. A worker that exits without saying how it ended (a crash, a kill) ends as failed.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ForeseisError } from '../../shared/errors';
import type { WorkerEvent, WorkerJob } from './messages';

export type FinalEvent = Extract<WorkerEvent, { type: 'done' | 'failed' | 'cancelled' }>;

export interface WorkerHandle {
  /** ask the job to stop at its next step (a training run is then marked cancelled, its checkpoint kept) */
  cancel(): void;
  /** end the worker at once, as a crash would */
  kill(): Promise<void>;
  /** how the job ended */
  finished: Promise<FinalEvent>;
  threadId: number;
}

/** How long a cancelled job may take to stop by itself before it is terminated. */
const CANCEL_GRACE_MS = 30_000;

/**
 * How to start the worker. From a build: the bundled worker.js beside this module. From sources
 * (tests, the CLI through tsx): a worker thread starts without its parent's module hooks (and
 * `--import tsx` in execArgv does not reach a worker's entry on Node 20), so a two-line eval
 * script registers tsx's ESM API (by absolute path) in the thread and then imports worker.ts.
 */
export function workerEntry(): { source: URL | string; eval: boolean } {
  if (!import.meta.url.endsWith('.ts')) return { source: new URL('./worker.js', import.meta.url), eval: false };
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const entry = new URL('./worker.ts', import.meta.url).href;
  return { source: `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, eval: true };
}

export function startWorker(job: WorkerJob, onEvent: (event: WorkerEvent) => void = () => {}): WorkerHandle {
  const entry = workerEntry();
  const worker = new Worker(entry.source, { workerData: job, eval: entry.eval });
  let final: FinalEvent | null = null;
  let cancelTimer: NodeJS.Timeout | null = null;
  const finished = new Promise<FinalEvent>((resolve) => {
    worker.on('message', (event: WorkerEvent) => {
      if (event.type === 'done' || event.type === 'failed' || event.type === 'cancelled') {
        final = event;
        resolve(event);
        // The job is over; a backend's lingering handles must not keep the thread alive.
        setTimeout(() => void worker.terminate(), 2000).unref();
      }
      onEvent(event);
    });
    worker.on('error', (error) => {
      if (final === null) {
        final = { type: 'failed', error: new ForeseisError('internal', `worker failed: ${error.message}`).toJSON() };
        resolve(final);
      }
    });
    worker.on('exit', (code) => {
      if (cancelTimer !== null) clearTimeout(cancelTimer);
      if (final === null) {
        final = { type: 'failed', error: new ForeseisError('internal', `the worker exited (code ${code}) before the job ended`).toJSON() };
        resolve(final);
      }
    });
  });
  return {
    threadId: worker.threadId,
    finished,
    cancel() {
      worker.postMessage({ type: 'cancel' });
      if (cancelTimer === null) {
        cancelTimer = setTimeout(() => {
          if (final === null) void worker.terminate();
        }, CANCEL_GRACE_MS);
        cancelTimer.unref();
      }
    },
    async kill() {
      await worker.terminate();
    },
  };
}
