/**
 * The CLI's subcommands: each parses its flags, calls one or more api/ handlers (the same ones the
 * UI uses) and prints a human summary, or JSON with --json.
 */
import type { OpName, OpOutput, ProjectInfo } from '../../shared/api';
import { ForeseisError } from '../../shared/errors';
import fs from 'node:fs';
import path from 'node:path';
import { handle } from '../api';
import { openProject } from '../store';
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

const jsonOption: Record<string, OptionSpec> = { json: { type: 'boolean', description: 'print the result as JSON on stdout' } };

async function call<K extends OpName>(op: K, input: unknown, label: string): Promise<OpOutput<K>> {
  const display = createProgressDisplay(label);
  try {
    return await handle(op, input, { progress: (p) => display.update(p), signal: cancelSignal() });
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

function num(flags: Flags, name: string, kind: 'int' | 'float' = 'float'): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n) || (kind === 'int' && !Number.isInteger(n))) {
    throw new ForeseisError('bad-input', `--${name} expects ${kind === 'int' ? 'an integer' : 'a number'}, got '${String(v)}'`);
  }
  return n;
}

function numList(flags: Flags, name: string): number[] | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const parts = String(v).split(',').map((s) => Number(s.trim()));
  if (parts.length === 0 || parts.some((x) => !Number.isFinite(x))) throw new ForeseisError('bad-input', `--${name} expects comma-separated numbers, got '${String(v)}'`);
  return parts;
}

function readMeta(dir: string, key: string): string | null {
  const p = openProject(dir, { readonly: true });
  try {
    return p.getMeta(key) ?? null;
  } finally {
    p.close();
  }
}

function writeMeta(dir: string, key: string, value: string): void {
  const p = openProject(dir);
  try {
    p.setMeta(key, value);
  } finally {
    p.close();
  }
}

function describe(info: ProjectInfo): string {
  const lines = [`project   ${info.dir}`, `schema    v${info.schemaVersion}`];
  for (const s of info.stations) lines.push(`station   ${s.network}.${s.station}.${s.location || '--'} (${s.latitudeDeg.toFixed(4)}, ${s.longitudeDeg.toFixed(4)}) channels ${s.channels.map((c) => c.code).join(', ')}`);
  for (const s of info.eventSets) lines.push(`event set ${s.name}: ${s.size} events${s.description ? ` — ${s.description}` : ''}`);
  lines.push(`events    ${info.events}`, `recordings ${info.segments.event} before events, ${info.segments.noiseB} noise-B`);
  for (const d of info.datasets) lines.push(`dataset   #${d.id} ${d.name}: ${d.windows} windows`);
  lines.push(`on disk   ${(info.diskBytes / 1e6).toFixed(1)} MB`);
  return lines.join('\n');
}

const DEMO_MARKER = 'demo';

export const commands: Command[] = [
  {
    name: 'init',
    summary: 'create an empty project folder',
    usage: 'foreseis init DIR',
    options: { ...jsonOption },
    positionals: [1, 1],
    async run([dir], _flags, out) {
      const info = await call('project.init', { dir }, 'init');
      if (out.json) out.printJson(info);
      else out.print(`created project ${info.dir} (schema v${info.schemaVersion})`);
    },
  },
  {
    name: 'info',
    summary: 'describe a project: station, events, recordings, datasets',
    usage: 'foreseis info DIR',
    options: { ...jsonOption },
    positionals: [1, 1],
    async run([dir], _flags, out) {
      const info = await call('project.info', { dir }, 'info');
      if (out.json) out.printJson(info);
      else out.print(describe(info));
    },
  },
  {
    name: 'synth',
    summary: 'write a synthetic project: station noise with an injected precursor (the offline default)',
    usage: 'foreseis synth DIR [--events 31] [--seed 1] [--strength S] [--frequencies 0.16,0.21] [--time-constant SECONDS] [--hours 10] [--noise-b N]',
    details:
      'Creates DIR if needed. With --events 31 the catalogue is the paper\'s Table 1 (24 train / 7 test);\n' +
      'otherwise seeded random origin times. --strength 0 is the null control (no precursor at all).',
    options: {
      ...jsonOption,
      events: { type: 'string', description: 'number of events (default 31: the paper\'s Table 1)' },
      seed: { type: 'string', description: 'random seed (default 1)' },
      strength: { type: 'string', description: 'precursor strength relative to the background; 0 = none' },
      frequencies: { type: 'string', description: 'precursor frequencies in Hz, comma-separated (default 0.16,0.21)' },
      'time-constant': { type: 'string', description: 'e-folding time of the precursor growth, s' },
      hours: { type: 'string', description: 'hours of data before each event (default 10)' },
      'noise-b': { type: 'string', description: 'number of noise-B recordings far from events (default: one per event)' },
    },
    positionals: [1, 1],
    async run([dir], flags, out) {
      const settings = {
        events: num(flags, 'events', 'int'),
        seed: num(flags, 'seed', 'int'),
        precursorStrength: num(flags, 'strength'),
        precursorFrequenciesHz: numList(flags, 'frequencies'),
        precursorTimeConstantSeconds: num(flags, 'time-constant'),
        hoursBeforeEvent: num(flags, 'hours'),
        noiseBSegments: num(flags, 'noise-b', 'int'),
      };
      const r = await call('synth.generate', { dir, settings: JSON.parse(JSON.stringify(settings)) as object }, 'synth');
      if (out.json) out.printJson(r);
      else
        out.print(
          `wrote ${r.events} events and ${r.noiseBSegments} noise-B recordings to ${r.dir} (event set '${r.eventSet}', ` +
            `${(r.samplesWritten / 1e6).toFixed(1)} M samples, ${r.seconds.toFixed(1)} s)`,
        );
    },
  },
  {
    name: 'windows',
    summary: 'cut, label and split the windows of the paper\'s method (§4) and print the counts',
    usage: 'foreseis windows DIR [--noise A|B] [--set NAME] [--length 16384] [--count 37] [--split preset|random] [--split-seed 1] [--test-fraction 0.226]',
    options: {
      ...jsonOption,
      noise: { type: 'string', description: 'noise class: A (first macro-window) or B (random 1000 s ≥ 48 h from any event)' },
      set: { type: 'string', description: 'event set (default: the project\'s first)' },
      length: { type: 'string', description: 'sub-window length L in samples (default 16384)' },
      count: { type: 'string', description: 'sub-windows per macro-window n (default 37)' },
      split: { type: 'string', description: 'preset (the event set\'s own split) or random' },
      'split-seed': { type: 'string', description: 'seed of the random split' },
      'test-fraction': { type: 'string', description: 'fraction of events in the test split (random split)' },
    },
    positionals: [1, 1],
    async run([dir], flags, out) {
      const noise = flags.noise === undefined ? undefined : String(flags.noise).toUpperCase();
      if (noise !== undefined && noise !== 'A' && noise !== 'B') throw new ForeseisError('bad-input', `--noise expects A or B, got '${String(flags.noise)}'`);
      const splitKind = flags.split === undefined ? 'preset' : String(flags.split);
      if (splitKind !== 'preset' && splitKind !== 'random') throw new ForeseisError('bad-input', `--split expects preset or random, got '${splitKind}'`);
      const settings = {
        noise,
        subWindowSamples: num(flags, 'length', 'int'),
        subWindowsPerWindow: num(flags, 'count', 'int'),
        split: splitKind === 'random' ? { kind: 'random', seed: num(flags, 'split-seed', 'int') ?? 1, testFraction: num(flags, 'test-fraction') ?? 7 / 31 } : { kind: 'preset' },
      };
      const r = await call('windows.build', { dir, set: flags.set, settings: JSON.parse(JSON.stringify(settings)) as object }, 'windows');
      if (out.json) {
        out.printJson(r);
        return;
      }
      const rows = r.counts.map((c) => `  ${c.split.padEnd(6)} ${c.label.padEnd(10)} ${String(c.macroWindows).padStart(5)} × ${r.subWindowsPerWindow} = ${String(c.subWindows).padStart(6)}`);
      out.print(
        [
          `dataset #${r.datasetId} (event set '${r.eventSet}', noise ${r.noise}): sub-windows of ${r.subWindowSamples} samples, stride ${r.strideSamples}`,
          '  split  class      macro × n  = windows',
          ...rows,
          `  total: ${r.totals.train} train, ${r.totals.test} test windows`,
          ...(r.excludedEvents.length ? [`  excluded events left out: ${r.excludedEvents.join(', ')}`] : []),
        ].join('\n'),
      );
    },
  },
  {
    name: 'events',
    summary: 'list the events of an event set with their split and exclusion state',
    usage: 'foreseis events DIR [--set NAME]',
    options: { ...jsonOption, set: { type: 'string', description: 'event set (default: the first)' } },
    positionals: [1, 1],
    async run([dir], flags, out) {
      const list = await call('events.list', { dir, set: flags.set }, 'events');
      if (out.json) {
        out.printJson(list);
        return;
      }
      out.print('   id  origin time (UTC)      lat      lon    depth  M    Δ(°)   split  state');
      for (const e of list) {
        out.print(
          `${String(e.id).padStart(5)}  ${new Date(e.originTimeMs).toISOString().slice(0, 19)}  ${e.latitudeDeg.toFixed(3).padStart(7)} ${e.longitudeDeg.toFixed(3).padStart(8)} ` +
            `${(e.depthKm ?? NaN).toFixed(1).padStart(6)}  ${(e.magnitude ?? NaN).toFixed(1)}  ${(e.distanceDeg ?? NaN).toFixed(2).padStart(6)}  ${(e.split ?? '-').padEnd(5)}  ` +
            `${e.excluded ? `excluded: ${e.exclusionReason ?? ''}` : 'included'}${e.flags.length ? ` [${e.flags.join(', ')}]` : ''}`,
        );
      }
    },
  },
  {
    name: 'demo',
    summary: "run the method on the built-in synthetic data: synthesize the paper's 31 events, cut and label the windows",
    usage: 'foreseis demo [DIR] [--events 31] [--seed 1] [--noise A|B]',
    details: 'DIR defaults to ./demo-project; a previous demo project there is replaced (any other non-empty folder is refused).',
    options: {
      ...jsonOption,
      events: { type: 'string', description: "number of events (default 31: the paper's Table 1)" },
      seed: { type: 'string', description: 'random seed (default 1)' },
      noise: { type: 'string', description: 'noise class A or B (default A)' },
    },
    positionals: [0, 1],
    async run([dirArg], flags, out) {
      const dir = path.resolve(dirArg ?? 'demo-project');
      if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
        const info = await handle('project.info', { dir }, { progress: () => {}, signal: new AbortController().signal }).catch(() => null);
        const marker = info ? readMeta(dir, 'created_by') : null;
        if (marker !== DEMO_MARKER) throw new ForeseisError('bad-input', `${dir} is not empty and not a previous demo project; choose another folder`);
        fs.rmSync(dir, { recursive: true, force: true });
      }
      const synth = await call('synth.generate', { dir, settings: JSON.parse(JSON.stringify({ events: num(flags, 'events', 'int'), seed: num(flags, 'seed', 'int') })) as object }, 'synthesizing');
      writeMeta(dir, 'created_by', DEMO_MARKER);
      const noise = flags.noise === undefined ? 'A' : String(flags.noise).toUpperCase();
      const split = synth.events === 31 ? { kind: 'preset' } : { kind: 'random', seed: num(flags, 'seed', 'int') ?? 1, testFraction: 7 / 31 };
      const windows = await call('windows.build', { dir, settings: { noise, split } }, 'windowing');
      if (out.json) {
        out.printJson({ synth, windows });
        return;
      }
      out.print(`synthesized ${synth.events} events and ${synth.noiseBSegments} noise-B recordings in ${synth.seconds.toFixed(1)} s → ${synth.dir}`);
      out.print(`dataset #${windows.datasetId} (noise ${windows.noise}): ${windows.totals.train} train and ${windows.totals.test} test windows of ${windows.subWindowSamples} samples (stride ${windows.strideSamples})`);
      for (const c of windows.counts) out.print(`  ${c.split.padEnd(6)} ${c.label.padEnd(10)} ${c.subWindows}`);
      out.print("next: training and evaluation arrive with the CNN stage (issue 4); inspect the project with 'foreseis info " + (dirArg ?? 'demo-project') + "'");
    },
  },
];
