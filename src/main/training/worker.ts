/**
 * The worker thread that trains, evaluates or draws a temporal curve: one job per worker
 * (`workerData`), events posted to the parent, a cancel request honoured between training
 * steps. A training run's status is written here (cancelled, failed); if the whole process dies
 * the run stays 'running' with its last checkpoint, and `--resume` continues it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toForeseisError } from '../../shared/errors';
import { openProject, requireRunRow, setRunStatus } from '../store';
import { occlusionShare, runAnalysis } from '../interpret/run';
import { curveOfRuns, evaluateRuns } from './inference';
import type { WorkerEvent, WorkerJob, WorkerRequest } from './messages';
import { trainRun } from './trainer';

if (parentPort === null) throw new Error('worker.ts runs as a worker thread only');
const port = parentPort;
const job = workerData as WorkerJob;
let cancelRequested = false;
port.on('message', (message: WorkerRequest) => {
  if (message.type === 'cancel') cancelRequested = true;
});
const post = (event: WorkerEvent): void => port.postMessage(event);
const progress = (fraction: number, step: string): void => post({ type: 'progress', fraction, step });

/** Record how a training run ended, unless it never started (then the caller decides). */
function recordEnd(dir: string, runId: number, status: 'failed' | 'cancelled', message: string | null): void {
  const project = openProject(dir);
  try {
    const row = requireRunRow(project, runId);
    if (row.status === 'running') setRunStatus(project, runId, status, message);
  } finally {
    project.close();
  }
}

async function main(): Promise<void> {
  try {
    switch (job.kind) {
      case 'train':
        await trainRun(job.dir, job.runId, { post, cancelled: () => cancelRequested });
        break;
      case 'evaluate':
        post({ type: 'done', evaluation: await evaluateRuns(job.dir, job.runIds, job.engine, progress) });
        break;
      case 'curve':
        post({ type: 'done', curve: await curveOfRuns(job.dir, job.runIds, job.engine, { baselineIntervals: job.baselineIntervals, bandSigmas: job.bandSigmas }, progress) });
        break;
      case 'analysis':
        post({ type: 'done', analysis: await runAnalysis(job.dir, job.runId, job.request, { force: job.force, progress, cancelled: () => cancelRequested }) });
        break;
      case 'occlusion-share':
        post({ type: 'done', share: await occlusionShare(job, { progress, cancelled: () => cancelRequested }) });
        break;
    }
  } catch (err) {
    const error = toForeseisError(err);
    if (job.kind === 'train') {
      try {
        recordEnd(job.dir, job.runId, error.code === 'cancelled' ? 'cancelled' : 'failed', error.code === 'cancelled' ? null : error.message);
      } catch {
        // the project itself is unusable; the error below says why the run stopped
      }
    }
    post(error.code === 'cancelled' ? { type: 'cancelled' } : { type: 'failed', error: error.toJSON() });
  } finally {
    port.close();
  }
}

void main();
