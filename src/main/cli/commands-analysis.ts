/**
 * `foreseis analyze`: one interpretation analysis of a trained run (§6, Figs. 6–11), printed as a
 * short summary (the peaks found, the cutoff, the marked regions) or JSON, optionally as CSV.
 * Results are stored with the run; asking again with the same settings re-uses them.
 */
import { analysisKinds, type AnalysisKind } from '../../shared/analysis';
import { enginePreferences } from '../../shared/training';
import { ForeseisError } from '../../shared/errors';
import { analysisSummary } from '../analysis/tables';
import { call, type Command, type Flags, jsonOption, num, numList } from './command-kit';

/** Flags that become settings, and the kinds that take each (the schema refuses the rest). */
export const settingFlags: { flag: string; key: string; kind: 'int' | 'float' | 'list' | 'string' | 'boolean'; description: string }[] = [
  { flag: 'event', key: 'eventId', kind: 'int', description: 'event id (default: the first test event)' },
  { flag: 'interval', key: 'interval', kind: 'int', description: '1-based interval of the event (default: the precursor window)' },
  { flag: 'sub', key: 'subIndex', kind: 'int', description: 'time-occlusion: 0-based sub-window of the interval (default: the last)' },
  { flag: 'mask', key: 'maskSamples', kind: 'int', description: 'time-occlusion: mask length, samples (default 400)' },
  { flag: 'stride', key: 'strideSamples', kind: 'int', description: 'mask / sub-window / spectrogram stride, samples' },
  { flag: 'window', key: 'windowSamples', kind: 'int', description: 'spectrogram: window, samples (default 1000)' },
  { flag: 'start', key: 'startHz', kind: 'float', description: 'frequency-occlusion: first cutoff, Hz (default 20)' },
  { flag: 'stop', key: 'stopHz', kind: 'float', description: 'frequency-occlusion: last cutoff, Hz (default 0.1)' },
  { flag: 'step', key: 'stepHz', kind: 'float', description: 'frequency-occlusion: cutoff step, Hz (default 0.1)' },
  { flag: 'threads', key: 'threads', kind: 'int', description: "frequency-occlusion: worker threads (default: every core with a one-core engine)" },
  { flag: 'phase', key: 'phase', kind: 'string', description: 'frequency-occlusion: causal (default) or zero-phase' },
  { flag: 'segment', key: 'segment', kind: 'string', description: 'spectra: macro-windows (default) or sub-windows' },
  { flag: 'width', key: 'smoothingWidthHz', kind: 'float', description: 'relative-difference: Savitzky-Golay width, Hz (default 0.062)' },
  { flag: 'band', key: 'peakBandHz', kind: 'list', description: 'relative-difference: peak band LOW,HIGH in Hz (default 0.05,2)' },
  { flag: 'sigmas', key: 'significanceSigmas', kind: 'float', description: 'relative-difference: significance in noise levels (default 5)' },
  { flag: 'max-frequency', key: 'maxFrequencyHz', kind: 'float', description: 'spectra / spectrogram: highest frequency kept, Hz' },
  { flag: 'search', key: 'search', kind: 'boolean', description: 'sequential: also find the interval with the largest rise' },
  { flag: 'batch', key: 'batchSize', kind: 'int', description: 'sub-windows per inference call (default 64)' },
  { flag: 'engine', key: 'engine', kind: 'string', description: `engine: ${enginePreferences.join(', ')} (default: the run's)` },
];

export function settingsFrom(flags: Flags, which: typeof settingFlags = settingFlags): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const s of which) {
    if (flags[s.flag] === undefined) continue;
    if (s.kind === 'int' || s.kind === 'float') settings[s.key] = num(flags, s.flag, s.kind);
    else if (s.kind === 'list') settings[s.key] = numList(flags, s.flag);
    else if (s.kind === 'boolean') settings[s.key] = flags[s.flag] === true || flags[s.flag] === 'true';
    else settings[s.key] = String(flags[s.flag]);
  }
  return settings;
}

export const analysisCommands: Command[] = [
  {
    name: 'analyze',
    summary: "interpret a trained run (§6): spectra, relative difference, spectrogram, sequential scores, time or frequency occlusion",
    usage: `foreseis analyze DIR --run ID --what ${analysisKinds.join('|')} [--event ID] [--csv PATH] [--json] [--force]`,
    details:
      'spectra, relative-difference and spectrogram read the run\'s dataset only; the others apply its model.\n' +
      'A result is stored with the run and re-used while its settings and data do not change (--force recomputes).\n' +
      'Unused setting flags for a kind are refused.',
    options: {
      ...jsonOption,
      run: { type: 'string', description: 'the trained run' },
      what: { type: 'string', description: analysisKinds.join(' | ') },
      csv: { type: 'string', description: 'also write the numbers as CSV to PATH' },
      force: { type: 'boolean', description: 'recompute even if a stored result matches' },
      ...Object.fromEntries(settingFlags.map((s) => [s.flag, { type: s.kind === 'boolean' ? ('boolean' as const) : ('string' as const), description: s.description }])),
    },
    positionals: [1, 1],
    async run([dir], flags, out) {
      const run = num(flags, 'run', 'int');
      if (run === undefined) throw new ForeseisError('bad-input', '--run ID is required (list runs with foreseis runs DIR)');
      const what = String(flags.what ?? '');
      if (!(analysisKinds as readonly string[]).includes(what)) throw new ForeseisError('bad-input', `--what expects one of ${analysisKinds.join(', ')}, got '${what}'`);
      const input = { dir, run, request: { what: what as AnalysisKind, settings: settingsFrom(flags) }, force: flags.force === true, ...(flags.csv === undefined ? {} : { csv: String(flags.csv) }) };
      const r = await call('analysis.run', input, what);
      if (out.json) {
        out.printJson(r);
        return;
      }
      out.print(`run #${r.runId}, dataset #${r.datasetId}: ${r.kind} #${r.id} ${r.cached ? `(stored ${new Date(r.createdAtMs).toISOString().slice(0, 19)} UTC, re-used)` : `(computed in ${r.seconds.toFixed(1)} s)`}`);
      for (const line of analysisSummary(r.data)) out.print(line);
      if (r.csvPath) out.print(`csv: ${r.csvPath}`);
    },
  },
];
