/**
 * What every CLI command module shares: the Command shape, flag parsing, the call into the api/
 * handlers with a progress display on stderr and Ctrl-C cancel. Domain command modules
 * (commands-*.ts) import this, and commands.ts lists them all.
 */
import type { OpName, OpOutput } from '../../shared/api';
import { ForeseisError } from '../../shared/errors';
import { handle } from '../api';
import { createProgressDisplay } from './progress';

export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
}

export type Flags = Record<string, string | boolean | undefined>;

export interface Command {
  name: string;
  summary: string;
  usage: string;
  details?: string;
  options: Record<string, OptionSpec>;
  /** number of positional arguments: [min, max] */
  positionals: [number, number];
  run(positionals: string[], flags: Flags, out: Output): Promise<void>;
}

export interface Output {
  json: boolean;
  print(text: string): void;
  printJson(value: unknown): void;
}

export const jsonOption: Record<string, OptionSpec> = { json: { type: 'boolean', description: 'print the result as JSON on stdout' } };

/** Run an operation with a progress display on stderr; its log lines (e.g. epoch summaries) go to stderr too. */
export async function call<K extends OpName>(op: K, input: unknown, label: string): Promise<OpOutput<K>> {
  const display = createProgressDisplay(label);
  const log = (line: string): void => void process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}${line}\n`);
  try {
    return await handle(op, input, { progress: (p) => display.update(p), signal: cancelSignal(), log });
  } finally {
    display.stop();
  }
}

let controller: AbortController | undefined;
/** Ctrl-C cancels the running operation cleanly (its transaction rolls back); a second one exits. */
function cancelSignal(): AbortSignal {
  if (!controller) {
    controller = new AbortController();
    const c = controller;
    process.once('SIGINT', () => {
      process.stderr.write('\ncancelling… (Ctrl-C again to quit at once)\n');
      c.abort();
      process.once('SIGINT', () => process.exit(130));
    });
  }
  return controller.signal;
}

export function num(flags: Flags, name: string, kind: 'int' | 'float' = 'float'): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n) || (kind === 'int' && !Number.isInteger(n))) {
    throw new ForeseisError('bad-input', `--${name} expects ${kind === 'int' ? 'an integer' : 'a number'}, got '${String(v)}'`);
  }
  return n;
}

export function numList(flags: Flags, name: string): number[] | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const parts = String(v).split(',').map((s) => Number(s.trim()));
  if (parts.length === 0 || parts.some((x) => !Number.isFinite(x))) throw new ForeseisError('bad-input', `--${name} expects comma-separated numbers, got '${String(v)}'`);
  return parts;
}
