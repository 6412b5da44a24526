/**
 * Training runs, repeats, checkpoints, evaluation and the temporal curve. The caller's side
 * (run.ts, jobs.ts) never loads TensorFlow; the work happens in a worker thread (worker.ts).
 */
export { curveCsv, curveGroup, createTrainingRuns, evaluateGroup, finishedGroupRuns, listRuns, resume, specForDataset, train, trainRuns, type JobOptions, type TrainEventContext, type TrainOptions } from './run';
export { startWorker, workerEntry, type FinalEvent, type WorkerHandle } from './jobs';
export type { BatchProgress, EpochEnd, WorkerEvent, WorkerJob } from './messages';
