/**
 * The handlers behind the contract (src/shared/api.ts). Every transport — the CLI, Electron IPC,
 * the browser-mode WebSocket — calls `handle`, which parses the input with the operation's schema
 * and turns every failure into a ForeseisError, so bad input is answered, never crashes the host.
 */
import { api, isOpName, type OpName, type OpOutput, type OpParsedInput } from '../../shared/api';
import { ForeseisError, toForeseisError } from '../../shared/errors';
import type { HandlerContext } from './context';
import { analysisRunHandler } from './analysis';
import { eventsList, initProject, projectInfo, segmentsList } from './project';
import { runDemo } from './demo';
import { runDownloadHandler } from './download';
import { figureExportHandler, figureReportHandler } from './figures';
import { generateSynthetic } from './synth';
import { curveRunHandler, evaluateRunHandler, runsListHandler, trainRunHandler } from './training';
import { buildWindows } from './windows';
import { buildCatalogue } from './catalogue';
import { exportEvent } from './export';
import { importFiles } from './import';
import { exclusionHistoryHandler, exclusionSetHandler } from './exclusions';
import { qcRunHandler } from './qc';

type Handler<K extends OpName> = (input: OpParsedInput<K>, ctx: HandlerContext) => Promise<OpOutput<K>> | OpOutput<K>;

const handlers: { [K in OpName]: Handler<K> } = {
  'project.init': initProject,
  'project.info': projectInfo,
  'events.list': eventsList,
  'segments.list': segmentsList,
  'synth.generate': generateSynthetic,
  'windows.build': buildWindows,
  'train.run': trainRunHandler,
  'runs.list': runsListHandler,
  'evaluate.run': evaluateRunHandler,
  'curve.run': curveRunHandler,
  'demo.run': runDemo,
  'catalogue.build': buildCatalogue,
  'import.run': importFiles,
  'export.run': exportEvent,
  'qc.run': qcRunHandler,
  'exclusions.set': exclusionSetHandler,
  'exclusions.history': exclusionHistoryHandler,
  'download.run': runDownloadHandler,
  'figure.export': figureExportHandler,
  'figure.report': figureReportHandler,
  'analysis.run': analysisRunHandler,
};

export async function handle<K extends OpName>(op: K, rawInput: unknown, ctx: HandlerContext): Promise<OpOutput<K>> {
  if (!isOpName(op)) throw new ForeseisError('bad-input', `unknown operation '${String(op)}'`);
  const parsed = api[op].input.safeParse(rawInput);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
    throw new ForeseisError('bad-input', `${op}: ${detail}`);
  }
  try {
    const handler = handlers[op] as Handler<K>;
    return await handler(parsed.data as OpParsedInput<K>, ctx);
  } catch (err) {
    throw toForeseisError(err);
  }
}

export type { HandlerContext } from './context';
