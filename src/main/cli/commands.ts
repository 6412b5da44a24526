/**
 * The CLI's subcommands: each parses its flags, calls one or more api/ handlers (the same ones the
 * UI uses) and prints a human summary, or JSON with --json. Domain modules (commands-*.ts) add
 * their own lists at the end.
 */
import type { ProjectInfo } from '../../shared/api';
import { type CurveResult, enginePreferences, type EvaluateResult, type TrainResult } from '../../shared/training';
import { ForeseisError } from '../../shared/errors';
import { analysisCommands } from './commands-analysis';
import { call, type Command, type Flags, jsonOption, num, numList } from './command-kit';
import { catalogueCommands } from './commands-catalogue';
import { qcCommands } from './commands-qc';
import { fdsnCommands } from './commands-fdsn';
import { figureCommands } from './commands-figures';

export type { Command, Flags, OptionSpec, Output } from './command-kit';

function describe(info: ProjectInfo): string {
  const lines = [`project   ${info.dir}`, `schema    v${info.schemaVersion}`];
  for (const s of info.stations) lines.push(`station   ${s.network}.${s.station}.${s.location || '--'} (${s.latitudeDeg.toFixed(4)}, ${s.longitudeDeg.toFixed(4)}) channels ${s.channels.map((c) => c.code).join(', ')}`);
  for (const s of info.eventSets) lines.push(`event set ${s.name}: ${s.size} events${s.description ? ` — ${s.description}` : ''}`);
  lines.push(`events    ${info.events}`, `recordings ${info.segments.event} before events, ${info.segments.noiseB} noise-B`);
  for (const d of info.datasets) lines.push(`dataset   #${d.id} ${d.name}: ${d.windows} windows`);
  lines.push(`on disk   ${(info.diskBytes / 1e6).toFixed(1)} MB`);
  return lines.join('\n');
}

function pct(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(1)} %` : '–';
}

function pm(m: { mean: number; std: number; n: number }, digits = 3, scale = 1): string {
  if (!Number.isFinite(m.mean)) return '–';
  return m.n > 1 ? `${(m.mean * scale).toFixed(digits)} ± ${(m.std * scale).toFixed(digits)}` : (m.mean * scale).toFixed(digits);
}

/** A training result as the CLI prints it. */
export function formatTrain(r: TrainResult, dir: string): string {
  const lines = [`group ${r.group} on dataset #${r.datasetId}: ${r.runs.length} run${r.runs.length > 1 ? 's' : ''}`];
  for (const run of r.runs) {
    const best = run.epochs.find((e) => e.epoch === run.bestEpoch);
    lines.push(
      `  run #${run.id} seed ${run.seed} ${run.status} on ${run.engine ?? '–'} (${run.specName} at L = ${run.inputLength}): ${run.epochs.length} epoch${run.epochs.length === 1 ? '' : 's'}` +
        (best ? `, best epoch ${best.epoch}: val_loss ${best.valLoss.toFixed(3)} val_acc ${best.valAccuracy.toFixed(3)} (train acc ${best.trainAccuracy.toFixed(3)})` : '') +
        (run.stoppedEarly ? ', stopped early' : ''),
    );
  }
  lines.push(`next: foreseis evaluate ${dir} --run ${r.group}   ·   foreseis curve ${dir} --run ${r.group}`);
  return lines.join('\n');
}

/** An evaluation as the CLI prints it: f, confusion matrix, skill, AUC and the per-event table (Table 2's form). */
export function formatEvaluation(r: EvaluateResult): string {
  const s = r.summary;
  const lines = [`test windows of dataset #${r.datasetId}, group ${r.group} (${r.runs.length} run${r.runs.length > 1 ? 's' : ''}: ${r.runs.map((x) => `#${x.runId}`).join(', ')})`];
  lines.push(`  accuracy f      ${pm(s.accuracyPercent, 1)} %`, `  TPR − FPR       ${pm(s.skill)}  (TPR ${pm(s.truePositiveRate)}, FPR ${pm(s.falsePositiveRate)})`, `  ROC AUC         ${pm(s.rocAuc)}`);
  for (const run of r.runs) {
    const c = run.scores.confusion;
    lines.push(
      `  run #${run.runId} (${run.engine}): f ${pct(run.scores.accuracyPercent)} of ${run.scores.windows} windows; confusion [true noise: ${c.trueNoise.predictedNoise} noise, ${c.trueNoise.predictedPrecursor} precursor] ` +
        `[true precursor: ${c.truePrecursor.predictedNoise} noise, ${c.truePrecursor.predictedPrecursor} precursor]`,
    );
  }
  lines.push('  event  origin time (UTC)     accuracy');
  for (const e of s.events) lines.push(`  ${String(e.eventId).padStart(5)}  ${new Date(e.originTimeMs).toISOString().slice(0, 19)}   ${pm(e.accuracy, 2)}`);
  return lines.join('\n');
}

/** The temporal curve as a text plot: one row per interval, the bar the mean fraction called precursor. */
export function formatCurve(c: CurveResult): string {
  const width = 40;
  const lines = [`temporal curve of group ${c.group} (${c.runIds.length} run${c.runIds.length > 1 ? 's' : ''}) over ${c.testEvents.length} test events, ${c.subWindowsPerInterval} sub-windows per interval`];
  lines.push('  before origin  fraction called precursor');
  for (const p of c.points) {
    const filled = Math.round(Math.max(0, Math.min(1, p.mean)) * width);
    const inBand = p.mean <= c.band.high;
    lines.push(`  ${(p.startSecondsBeforeOrigin / 3600).toFixed(2).padStart(6)} h  ${'█'.repeat(filled)}${'·'.repeat(width - filled)} ${p.mean.toFixed(2)}${p.n > 1 ? ` ± ${p.std.toFixed(2)}` : ''}${inBand ? '' : ' *'}`);
  }
  lines.push(`  band of the first ${c.band.baselineIntervals} intervals: ${c.band.low.toFixed(2)} .. ${c.band.high.toFixed(2)} (${c.band.bandSigmas} σ); * above it`);
  lines.push(c.onsetInterval === null ? '  onset: none (the curve does not stay above the band to origin time)' : `  onset: interval ${c.onsetInterval}, ${((c.onsetSecondsBeforeOrigin ?? 0) / 3600).toFixed(2)} h before origin`);
  if (c.csvPath) lines.push(`  CSV: ${c.csvPath}`);
  return lines.join('\n');
}

function runId(flags: Flags): number {
  const id = num(flags, 'run', 'int');
  if (id === undefined) throw new ForeseisError('bad-input', '--run ID is required (list runs with foreseis runs DIR)');
  return id;
}

function engineFlag(flags: Flags): string | undefined {
  const v = flags.engine;
  if (v === undefined) return undefined;
  if (!(enginePreferences as readonly string[]).includes(String(v))) throw new ForeseisError('bad-input', `--engine expects one of ${enginePreferences.join(', ')}, got '${String(v)}'`);
  return String(v);
}

const coreCommands: Command[] = [
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
    name: 'train',
    summary: 'train the CNN on a dataset in a worker thread: checkpoints each epoch, early stopping, repeats',
    usage:
      'foreseis train DIR [--dataset ID] [--preset compact|paper|FILE] [--length L] [--noise A|B] [--repeats N] [--engine auto|wasm-simd|wasm-stock|wasm|cpu|tensorflow|tensorflow-gpu] [--threads N] ' +
      '[--epochs N] [--batch-size N] [--seed S] [--resume RUN]',
    details:
      'Trains on the latest dataset (or the latest with --noise/--length; with --noise and none yet, builds one).\n' +
      'The model input length follows the dataset\'s sub-window length. Ctrl-C cancels (the run keeps its checkpoint);\n' +
      "--resume RUN continues a cancelled, failed or crashed run from its last checkpoint, then the rest of its group.",
    options: {
      ...jsonOption,
      dataset: { type: 'string', description: 'dataset id (default: the latest)' },
      preset: { type: 'string', description: 'model preset (compact, paper) or a spec file (default compact)' },
      length: { type: 'string', description: 'sub-window length L of the dataset to use or build' },
      count: { type: 'string', description: 'sub-windows per macro-window n of a dataset built here' },
      noise: { type: 'string', description: 'noise class A or B of the dataset to use or build' },
      repeats: { type: 'string', description: 'independent runs from seeds S, S+1, … (default 1; the paper: 5)' },
      engine: { type: 'string', description: 'auto (default), wasm-simd, wasm-stock, wasm (the best wasm engine), cpu, tensorflow or tensorflow-gpu' },
      threads: { type: 'string', description: 'threads of the wasm-simd engine (default: FORESEIS_THREADS, else every core)' },
      epochs: { type: 'string', description: "epochs at most (default: the spec's maxEpochs)" },
      'batch-size': { type: 'string', description: "windows per training step (default: the spec's)" },
      seed: { type: 'string', description: 'seed of the first run (default 1)' },
      'validation-fraction': { type: 'string', description: 'fraction of training events held out for early stopping (default 0.15)' },
      resume: { type: 'string', description: 'resume this run from its last checkpoint' },
    },
    positionals: [1, 1],
    async run([dir], flags, out) {
      const noise = flags.noise === undefined ? undefined : String(flags.noise).toUpperCase();
      if (noise !== undefined && noise !== 'A' && noise !== 'B') throw new ForeseisError('bad-input', `--noise expects A or B, got '${String(flags.noise)}'`);
      const settings = {
        spec: flags.preset,
        engine: engineFlag(flags),
        threads: num(flags, 'threads', 'int'),
        epochs: num(flags, 'epochs', 'int'),
        batchSize: num(flags, 'batch-size', 'int'),
        seed: num(flags, 'seed', 'int'),
        repeats: num(flags, 'repeats', 'int'),
        validationFraction: num(flags, 'validation-fraction'),
      };
      const input = {
        dir,
        datasetId: num(flags, 'dataset', 'int'),
        noise,
        length: num(flags, 'length', 'int'),
        count: num(flags, 'count', 'int'),
        resume: num(flags, 'resume', 'int'),
        settings: JSON.parse(JSON.stringify(settings)) as object,
      };
      const r = await call('train.run', JSON.parse(JSON.stringify(input)) as object, 'train');
      if (out.json) out.printJson(r);
      else out.print(formatTrain(r, dir));
    },
  },
  {
    name: 'runs',
    summary: 'list training runs with their status, engine and epochs',
    usage: 'foreseis runs DIR [--group ID]',
    options: { ...jsonOption, group: { type: 'string', description: 'only the runs of this group' } },
    positionals: [1, 1],
    async run([dir], flags, out) {
      const runs = await call('runs.list', JSON.parse(JSON.stringify({ dir, group: num(flags, 'group', 'int') })) as object, 'runs');
      if (out.json) {
        out.printJson(runs);
        return;
      }
      out.print('  run  group  status     seed  engine          spec (L)          epochs  best  val_acc');
      for (const r of runs) {
        const best = r.epochs.find((e) => e.epoch === r.bestEpoch);
        out.print(
          `${String(r.id).padStart(5)}  ${String(r.group).padStart(5)}  ${r.status.padEnd(9)}  ${String(r.seed ?? '–').padStart(4)}  ${(r.engine ?? '–').padEnd(14)}  ${`${r.specName} (${r.inputLength})`.padEnd(16)}  ` +
            `${String(r.epochs.length).padStart(6)}  ${String(r.bestEpoch ?? '–').padStart(4)}  ${best ? best.valAccuracy.toFixed(3) : '–'}`,
        );
      }
    },
  },
  {
    name: 'evaluate',
    summary: "score a run's group on the test windows: accuracy f, confusion matrix, TPR − FPR, ROC AUC, per-event accuracy",
    usage: 'foreseis evaluate DIR --run ID [--engine NAME]',
    details: 'Every finished run of the group of run ID is scored; a group of repeats gets mean ± std.',
    options: { ...jsonOption, run: { type: 'string', description: 'a run of the group to evaluate' }, engine: { type: 'string', description: "engine (default: the run's)" } },
    positionals: [1, 1],
    async run([dir], flags, out) {
      const r = await call('evaluate.run', JSON.parse(JSON.stringify({ dir, run: runId(flags), engine: engineFlag(flags) })) as object, 'evaluate');
      if (out.json) out.printJson(r);
      else out.print(formatEvaluation(r));
    },
  },
  {
    name: 'curve',
    summary: "the temporal curve (Fig. 5): a run's group on all intervals of every test event, mean ± std and onset",
    usage: 'foreseis curve DIR --run ID [--csv PATH] [--engine NAME] [--baseline 12] [--sigmas 3]',
    options: {
      ...jsonOption,
      run: { type: 'string', description: 'a run of the group' },
      csv: { type: 'string', description: 'also write the curve as CSV to PATH' },
      engine: { type: 'string', description: "engine (default: the run's)" },
      baseline: { type: 'string', description: 'early intervals that define the background band (default 12)' },
      sigmas: { type: 'string', description: 'half-width of the band in standard deviations (default 3)' },
    },
    positionals: [1, 1],
    async run([dir], flags, out) {
      const input = { dir, run: runId(flags), engine: engineFlag(flags), csv: flags.csv, baselineIntervals: num(flags, 'baseline', 'int'), bandSigmas: num(flags, 'sigmas') };
      const r = await call('curve.run', JSON.parse(JSON.stringify(input)) as object, 'curve');
      if (out.json) out.printJson(r);
      else out.print(formatCurve(r));
    },
  },
  {
    name: 'demo',
    summary: 'run the whole method on the built-in synthetic data: synthesize, window, train, evaluate, temporal curve, report',
    usage: 'foreseis demo [DIR] [--seed S] [--strength S] [--noise A|B] [--repeats N] [--engine ...]',
    details:
      'DIR defaults to ./demo-project; a previous demo project there is replaced (any other non-empty folder is refused).\n' +
      'Prints accuracy, confusion matrix, per-event table and the temporal curve, and writes DIR/reports/demo-report.html.\n' +
      '--strength 0 runs the null control (no precursor in the data).',
    options: {
      ...jsonOption,
      seed: { type: 'string', description: 'random seed of data and training' },
      strength: { type: 'string', description: 'precursor strength of the synthetic data (0 = none)' },
      noise: { type: 'string', description: 'noise class A or B (default A)' },
      repeats: { type: 'string', description: 'independent training runs (default 1)' },
      engine: { type: 'string', description: `training engine: ${enginePreferences.join(', ')}` },
    },
    positionals: [0, 1],
    async run([dirArg], flags, out) {
      const noise = flags.noise === undefined ? undefined : String(flags.noise).toUpperCase();
      if (noise !== undefined && noise !== 'A' && noise !== 'B') throw new ForeseisError('bad-input', `--noise expects A or B, got '${String(flags.noise)}'`);
      const input = JSON.parse(
        JSON.stringify({ dir: dirArg ?? 'demo-project', seed: num(flags, 'seed', 'int'), strength: num(flags, 'strength'), noise, repeats: num(flags, 'repeats', 'int'), engine: engineFlag(flags) }),
      ) as object;
      const r = await call('demo.run', input, 'demo');
      if (out.json) {
        out.printJson(r);
        return;
      }
      out.print(`synthesized ${r.synth.events} events and ${r.synth.noiseBSegments} noise-B recordings in ${r.synth.seconds.toFixed(1)} s → ${r.dir}`);
      out.print(`dataset #${r.windows.datasetId} (noise ${r.windows.noise}): ${r.windows.totals.train} train and ${r.windows.totals.test} test windows of ${r.windows.subWindowSamples} samples (stride ${r.windows.strideSamples})`);
      out.print('');
      out.print(formatTrain(r.train, r.dir));
      out.print('');
      out.print(formatEvaluation(r.evaluation));
      out.print('');
      out.print(formatCurve(r.curve));
      out.print('');
      out.print(`report: ${r.reportPath}  (${r.seconds.toFixed(0)} s in all)`);
    },
  },
];

/** Every command, in the order `foreseis --help` lists them: the core ones, then each domain's. */
export const commands: Command[] = [
  ...coreCommands,
  // domain command lists (commands-*.ts) go here, one line each
  ...catalogueCommands,
  ...qcCommands,
  ...fdsnCommands,
  ...figureCommands,
  ...analysisCommands,
];
