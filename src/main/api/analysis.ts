/**
 * The interpretation analyses (§6) as one operation: the work runs in a worker thread (the
 * model-based kinds load TensorFlow), which first looks for a stored result under the same
 * settings; this handler maps its progress and cancel, and writes the CSV when asked.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { OpOutput, OpParsedInput } from '../../shared/api';
import { ForeseisError, type SerializedError } from '../../shared/errors';
import { analysisCsv } from '../analysis/tables';
import { startWorker } from '../training';
import type { HandlerContext } from './context';

export async function analysisRunHandler(input: OpParsedInput<'analysis.run'>, ctx: HandlerContext): Promise<OpOutput<'analysis.run'>> {
  if (ctx.signal.aborted) throw new ForeseisError('cancelled', 'cancelled');
  const handle = startWorker({ kind: 'analysis', dir: input.dir, runId: input.run, request: input.request, force: input.force }, (event) => {
    if (event.type === 'progress') ctx.progress({ fraction: event.fraction, step: event.step });
  });
  const onAbort = (): void => handle.cancel();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  let final;
  try {
    final = await handle.finished;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
  if (final.type === 'cancelled') throw new ForeseisError('cancelled', 'cancelled');
  if (final.type === 'failed') throw ForeseisError.fromSerialized(final.error as SerializedError);
  const record = final.analysis;
  if (record === undefined) throw new ForeseisError('internal', 'the analysis worker ended without a result');
  let csvPath: string | null = null;
  if (input.csv !== undefined) {
    csvPath = path.resolve(input.csv);
    fs.mkdirSync(path.dirname(csvPath), { recursive: true });
    fs.writeFileSync(csvPath, analysisCsv(record.data));
  }
  return { ...record, csvPath };
}
