/**
 * Quality checks and curation on the command line: `qc` prints each event's findings and the
 * suggested exclusion; `exclude` / `include` append the analyst's decision to the event's history;
 * `history` prints that history. The tool suggests, the analyst decides.
 */
import fs from 'node:fs';
import { ForeseisError } from '../../shared/errors';
import type { ExclusionRecord, QcEventReport, QcFinding, QcRunResult } from '../../shared/qc';
import { groupSignals } from '../seismic/qc';
import { call, type Command, type Flags, jsonOption } from './command-kit';

/** Findings shown per check and event unless --all. */
const ROWS_PER_CHECK = 6;

function utc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function beforeOrigin(f: QcFinding): string {
  if (f.secondsBeforeOrigin === null) return new Date(f.startTimeUs / 1000).toISOString().slice(11, 23);
  return `${(f.secondsBeforeOrigin / 3600).toFixed(3)} h`;
}

function duration(seconds: number): string {
  return seconds >= 100 ? `${seconds.toFixed(0)} s` : seconds >= 1 ? `${seconds.toFixed(1)} s` : `${(seconds * 1000).toFixed(0)} ms`;
}

function score(f: QcFinding): string {
  const v = Number.isInteger(f.score) && f.scoreUnit !== 'STA/LTA' ? String(f.score) : f.score.toFixed(1);
  return f.scoreUnit === 'STA/LTA' ? `STA/LTA ${v}` : `${v} ${f.scoreUnit}`;
}

export function formatDecision(d: ExclusionRecord | null): string {
  if (!d) return 'no decision yet (included)';
  return `${d.action === 'exclude' ? 'excluded' : 'included'} by ${d.author} on ${utc(d.createdAtMs)} UTC: "${d.reason}"`;
}

/**
 * The rows to print: the triggers of one impulsive signal (its P and S on every channel) become one
 * row from the first trigger on to the last off, with the largest STA/LTA; other findings as they are.
 */
function displayRows(findings: readonly QcFinding[]): QcFinding[] {
  const triggers = findings.filter((f) => f.check === 'impulsive' && f.severity === 'exclude');
  const groupSeconds = Number(triggers[0]?.detail.groupSeconds ?? 0);
  const signals = groupSignals(triggers, groupSeconds).map((g): QcFinding => {
    const top = g.reduce((a, b) => (b.score > a.score ? b : a));
    const endUs = Math.max(...g.map((t) => t.startTimeUs + t.durationSeconds * 1e6));
    const channels = [...new Set(g.map((t) => t.channel))].sort().join(',');
    return { ...g[0], kind: `signal (${g.length} trig.)`, channel: channels, durationSeconds: (endUs - g[0].startTimeUs) / 1e6, score: top.score };
  });
  return [...signals, ...findings.filter((f) => !triggers.includes(f))];
}

/** One event's findings as a compact table, its suggestion and the decision in force. */
export function formatQcEvent(e: QcEventReport, all = false): string {
  const lines = [
    `event ${e.eventId} (${e.publicId}, origin ${utc(e.originTimeMs)} UTC)` +
      (e.qcRunId === null ? ' — no recording stored' : ` — ${e.findings.length} finding${e.findings.length === 1 ? '' : 's'} (qc run #${e.qcRunId}${e.reused ? ', reused' : ''})`),
  ];
  if (e.findings.length > 0) {
    lines.push('  check            kind                channels      before origin  duration  score              severity');
    const byCheck = new Map<string, QcFinding[]>();
    for (const f of all ? e.findings : displayRows(e.findings)) byCheck.set(f.check, [...(byCheck.get(f.check) ?? []), f]);
    for (const [check, list] of byCheck) {
      const shown = all ? list : list.slice(0, ROWS_PER_CHECK);
      for (const f of shown) {
        lines.push(
          `  ${check.padEnd(15)}  ${f.kind.padEnd(18)}  ${(f.channel ?? '-').padEnd(12)}  ${beforeOrigin(f).padStart(13)}  ${duration(f.durationSeconds).padStart(8)}  ${score(f).padEnd(17)}  ${f.severity}`,
        );
      }
      if (shown.length < list.length) lines.push(`  … ${list.length - shown.length} more ${check} row${list.length - shown.length === 1 ? '' : 's'} (--all shows every one)`);
    }
  }
  lines.push(e.suggestion.exclude ? `  suggest exclude: ${e.suggestion.reason ?? ''}` : '  suggest keep: nothing found that the exclusion criteria name');
  lines.push(`  decision: ${formatDecision(e.decision)}`);
  return lines.join('\n');
}

export function formatQcRun(r: QcRunResult, dir: string, all = false): string {
  const blocks = r.events.map((e) => formatQcEvent(e, all));
  const suggested = r.events.filter((e) => e.suggestion.exclude);
  const excluded = r.events.filter((e) => e.decision?.action === 'exclude');
  const reused = r.events.filter((e) => e.reused).length;
  blocks.push(
    `${r.events.length} event${r.events.length === 1 ? '' : 's'} checked (${reused} reused, settings ${r.settingsChecksum.slice(0, 12)}): ` +
      `${suggested.length} suggested for exclusion${suggested.length ? ` (${suggested.map((e) => e.eventId).join(', ')})` : ''}; ${excluded.length} excluded by the analyst now`,
  );
  if (suggested.length) blocks.push(`decide with: foreseis exclude ${dir} EVENT --reason "..."   ·   foreseis include ${dir} EVENT`);
  return blocks.join('\n\n');
}

export function formatHistory(rows: readonly ExclusionRecord[]): string {
  if (rows.length === 0) return 'no decisions recorded yet';
  const lines = ['    #  event  action   when (UTC)           by              reason'];
  for (const r of rows) {
    lines.push(`${String(r.id).padStart(5)}  ${String(r.eventId).padStart(5)}  ${r.action.padEnd(7)}  ${utc(r.createdAtMs)}  ${r.author.padEnd(14)}  ${r.reason}`);
  }
  return lines.join('\n');
}

/** --settings: a JSON file or inline JSON with any subset of the QC settings. */
function settingsFlag(flags: Flags): object | undefined {
  const v = flags.settings;
  if (v === undefined) return undefined;
  const text = String(v).trim();
  let source = text;
  if (!text.startsWith('{')) {
    if (!fs.existsSync(text)) throw new ForeseisError('bad-input', `--settings: no file ${text} (give a JSON file or inline JSON)`);
    source = fs.readFileSync(text, 'utf8');
  }
  try {
    return JSON.parse(source) as object;
  } catch (err) {
    throw new ForeseisError('bad-input', `--settings: not valid JSON (${(err as Error).message})`);
  }
}

function eventArg(value: string): number | string {
  return /^\d+$/.test(value) ? Number(value) : value;
}

export const qcCommands: Command[] = [
  {
    name: 'qc',
    summary: 'quality checks of the events (gaps, channel lengths, spikes, impulsive signals, clipping, flat lines) and suggested exclusions',
    usage: 'foreseis qc DIR [--event ID] [--set NAME] [--settings FILE|JSON] [--force] [--all]',
    details:
      'Each event\'s results are stored with the settings they used and reused while settings and data are unchanged\n' +
      '(--force recomputes). The tool only suggests: decide with foreseis exclude / include.\n' +
      'Settings (JSON, any subset): {"impulsive": {"onRatio": 5, "offRatio": 1.5, "staSeconds": 1, "ltaSeconds": 30, "bandHz": [2, 15]},\n' +
      '  "spikes": {"thresholdMads": 20}, "flatLines": {"minDurationSeconds": 1}, "clipping": {"fullScaleCounts": 8388607}, ...}',
    options: {
      ...jsonOption,
      event: { type: 'string', description: 'one event (id or public id); default: every event of the set' },
      set: { type: 'string', description: 'event set (default: the project\'s first)' },
      settings: { type: 'string', description: 'QC settings as a JSON file or inline JSON' },
      force: { type: 'boolean', description: 'recompute even where stored results exist' },
      all: { type: 'boolean', description: `print every finding, each trigger alone (default: one row per signal, at most ${ROWS_PER_CHECK} rows per check and event)` },
    },
    positionals: [1, 1],
    async run([dir], flags, out) {
      const input = { dir, event: typeof flags.event === 'string' ? eventArg(flags.event) : undefined, set: flags.set, settings: settingsFlag(flags), force: flags.force === true };
      const r = await call('qc.run', JSON.parse(JSON.stringify(input)) as object, 'qc');
      if (out.json) out.printJson(r);
      else out.print(formatQcRun(r, dir, flags.all === true));
    },
  },
  {
    name: 'exclude',
    summary: 'exclude an event from the datasets, with a reason (appended to its history, never deleted)',
    usage: 'foreseis exclude DIR EVENT --reason "..." [--by NAME]',
    details: 'EVENT is an event id (foreseis events DIR) or its public id. --by defaults to the operating-system user.',
    options: { ...jsonOption, reason: { type: 'string', description: 'why (required)' }, by: { type: 'string', description: 'who decides (default: the OS user name)' } },
    positionals: [2, 2],
    async run([dir, event], flags, out) {
      if (typeof flags.reason !== 'string' || !flags.reason.trim()) throw new ForeseisError('bad-input', 'excluding an event needs a reason: --reason "..."');
      const r = await call('exclusions.set', JSON.parse(JSON.stringify({ dir, event: eventArg(event), action: 'exclude', reason: flags.reason, author: flags.by })) as object, 'exclude');
      if (out.json) out.printJson(r);
      else out.print(`event ${r.decision.eventId} (${r.decision.publicId}): ${formatDecision(r.decision)} — ${r.history.length} decision${r.history.length === 1 ? '' : 's'} in its history`);
    },
  },
  {
    name: 'include',
    summary: 'include an event again (appended to its history; the exclusion stays on record)',
    usage: 'foreseis include DIR EVENT [--reason "..."] [--by NAME]',
    options: { ...jsonOption, reason: { type: 'string', description: 'why (default: "included")' }, by: { type: 'string', description: 'who decides (default: the OS user name)' } },
    positionals: [2, 2],
    async run([dir, event], flags, out) {
      const r = await call('exclusions.set', JSON.parse(JSON.stringify({ dir, event: eventArg(event), action: 'include', reason: flags.reason, author: flags.by })) as object, 'include');
      if (out.json) out.printJson(r);
      else out.print(`event ${r.decision.eventId} (${r.decision.publicId}): ${formatDecision(r.decision)} — ${r.history.length} decision${r.history.length === 1 ? '' : 's'} in its history`);
    },
  },
  {
    name: 'history',
    summary: 'the history of exclude/include decisions (who, when, why), oldest first',
    usage: 'foreseis history DIR [--event ID]',
    options: { ...jsonOption, event: { type: 'string', description: 'only this event (id or public id)' } },
    positionals: [1, 1],
    async run([dir], flags, out) {
      const rows = await call('exclusions.history', JSON.parse(JSON.stringify({ dir, event: typeof flags.event === 'string' ? eventArg(flags.event) : undefined })) as object, 'history');
      if (out.json) out.printJson(rows);
      else out.print(formatHistory(rows));
    },
  },
];
