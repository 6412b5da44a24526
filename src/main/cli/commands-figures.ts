/** The figure commands: `figure` (one figure, its CSV and sidecar) and `report` (all of them, one HTML page). */
import path from 'node:path';
import { ForeseisError } from '../../shared/errors';
import { figureFormats, type FigureFormatName, figureIds, type FigureExportResult } from '../../shared/figures';
import { parseLengthCm } from '../figures/page';
import { settingFlags, settingsFrom } from './commands-analysis';
import { call, type Command, type Flags, jsonOption, num } from './command-kit';

/** The analysis settings a figure takes on the command line: those of `analyze` but the window choice (its own flags) and --width (the figure's). */
const analysisFlags = settingFlags.filter((s) => !['event', 'interval', 'width'].includes(s.flag));

function analysisSettingsFlag(flags: Flags): Record<string, unknown> | undefined {
  const settings = settingsFrom(flags, analysisFlags);
  if (flags.settings !== undefined) {
    let extra: unknown;
    try {
      extra = JSON.parse(String(flags.settings));
    } catch {
      throw new ForeseisError('bad-input', `--settings expects a JSON object, e.g. '{"smoothingWidthHz":0.1}'`);
    }
    if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) throw new ForeseisError('bad-input', `--settings expects a JSON object, e.g. '{"smoothingWidthHz":0.1}'`);
    Object.assign(settings, extra);
  }
  return Object.keys(settings).length ? settings : undefined;
}

function runFlag(flags: Flags): number {
  const id = num(flags, 'run', 'int');
  if (id === undefined) throw new ForeseisError('bad-input', '--run ID is required (list runs with foreseis runs DIR)');
  return id;
}

function formatsFlag(flags: Flags): FigureFormatName[] | undefined {
  const v = flags.format;
  if (v === undefined) return undefined;
  const list = String(v) === 'all' ? [...figureFormats] : String(v).split(',').map((s) => s.trim().toLowerCase());
  for (const f of list) if (!(figureFormats as readonly string[]).includes(f)) throw new ForeseisError('bad-input', `--format expects ${figureFormats.join(', ')} or all (comma-separated), got '${f}'`);
  return list as FigureFormatName[];
}

function widthFlag(flags: Flags): number | undefined {
  return flags.width === undefined ? undefined : parseLengthCm(String(flags.width));
}

function figureFlag(flags: Flags): string {
  const v = flags.fig === undefined ? undefined : String(flags.fig).toLowerCase().replace(/^fig\.?\s*/, '');
  const id = v === '4' ? 'confusion' : v;
  if (id === undefined || !(figureIds as readonly string[]).includes(id)) throw new ForeseisError('bad-input', `--fig expects one of ${figureIds.join(', ')}${v === undefined ? '' : `, got '${String(flags.fig)}'`}`);
  return id;
}

function describeFigure(r: FigureExportResult): string {
  const lines = [`${r.paperRef} (${r.title}) of group ${r.group}: ${r.widthCm} × ${r.heightCm.toFixed(1)} cm, PNG at ${r.dpi} DPI`];
  for (const f of r.files) lines.push(`  ${f.kind.padEnd(4)} ${f.path}  (${(f.bytes / 1024).toFixed(1)} kB)`);
  return lines.join('\n');
}

const sizeOptions = {
  format: { type: 'string' as const, description: 'svg, png, pdf, comma-separated, or all (default all)' },
  width: { type: 'string' as const, description: 'figure width: 8.4cm (single column), 17.4cm (double), or mm/in' },
  dpi: { type: 'string' as const, description: 'PNG resolution (default 300)' },
};

export const figureCommands: Command[] = [
  {
    name: 'figure',
    summary: "export one figure of a run's group: SVG/PNG/PDF at a journal width, with its CSV and a JSON sidecar",
    usage: `foreseis figure DIR --run ID --fig ${figureIds.join('|')} [--format svg|png|pdf|all] [--width 8.4cm|17.4cm] [--dpi 300] [--out PATH] [--event ID] [--interval K] [analysis settings]`,
    details:
      'Figures use the numbers `evaluate` and `curve` stored for the group (computed first when there are none).\n' +
      '--fig 4 is the confusion matrix; table2 is Table 2 (per-event accuracy) as a figure. Default output:\n' +
      'DIR/figures/run-GROUP/<figure>-<width>.{svg,png,pdf,csv,json}; --out takes a folder or a file name.\n' +
      'Figs. 6-11 use the run\'s stored analysis under the settings given (as `analyze` takes them), computing it\n' +
      'when there is none; --event and --interval choose the window of Figs. 6, 7 and 9. Fig. 8 (frequency\n' +
      'occlusion, minutes to an hour) without settings re-uses any stored sweep of the run; --step 1 is quicker.',
    options: {
      ...jsonOption,
      run: { type: 'string', description: 'a run of the group' },
      fig: { type: 'string', description: `which figure: ${figureIds.join(', ')}` },
      ...sizeOptions,
      out: { type: 'string', description: 'output folder, or a file path whose name becomes the stem' },
      event: { type: 'string', description: 'Figs. 6, 7, 9: event id (default: the first test event)' },
      interval: { type: 'string', description: 'Figs. 6, 7, 9: 1-based interval (default: the precursor window)' },
      ...Object.fromEntries(analysisFlags.map((s) => [s.flag, { type: s.kind === 'boolean' ? ('boolean' as const) : ('string' as const), description: s.description }])),
      settings: { type: 'string', description: 'further analysis settings as JSON, e.g. \'{"smoothingWidthHz":0.1}\'' },
    },
    positionals: [1, 1],
    async run([dir], flags, out) {
      const input = {
        dir,
        run: runFlag(flags),
        figure: figureFlag(flags),
        formats: formatsFlag(flags),
        widthCm: widthFlag(flags),
        dpi: num(flags, 'dpi', 'int'),
        out: flags.out === undefined ? undefined : String(flags.out),
        eventId: num(flags, 'event', 'int'),
        interval: num(flags, 'interval', 'int'),
        analysisSettings: analysisSettingsFlag(flags),
      };
      const r = await call('figure.export', JSON.parse(JSON.stringify(input)) as object, 'figure');
      if (out.json) out.printJson(r);
      else out.print(describeFigure(r));
    },
  },
  {
    name: 'report',
    summary: "every figure and table of a run's group in one folder, with one HTML page",
    usage: 'foreseis report DIR --run ID [--format svg|png|pdf|all] [--width 17.4cm] [--dpi 300] [--out FOLDER]',
    details:
      'Default folder: DIR/reports/run-GROUP/ (index.html, each figure in each format with its CSV and sidecar, scores.csv).\n' +
      'Figs. 6, 7, 9, 10, 11 use the run\'s stored analyses with default settings, computing those missing; Fig. 8\n' +
      '(frequency occlusion) only when a sweep is stored. Figures not drawn are listed with the reason.',
    options: { ...jsonOption, run: { type: 'string', description: 'a run of the group' }, ...sizeOptions, out: { type: 'string', description: 'the report folder' } },
    positionals: [1, 1],
    async run([dir], flags, out) {
      const input = { dir, run: runFlag(flags), formats: formatsFlag(flags), widthCm: widthFlag(flags), dpi: num(flags, 'dpi', 'int'), out: flags.out === undefined ? undefined : String(flags.out) };
      const r = await call('figure.report', JSON.parse(JSON.stringify(input)) as object, 'report');
      if (out.json) {
        out.printJson(r);
        return;
      }
      const lines = [`report of group ${r.group}: ${r.htmlPath}`];
      for (const f of r.figures) lines.push(`  ${f.paperRef.padEnd(8)} ${f.title}: ${f.files.map((x) => path.basename(x.path)).join(', ')}`);
      for (const t of r.tables) lines.push(`  table    ${path.basename(t.path)}`);
      for (const u of r.unavailable) lines.push(`  not drawn ${u.figure}: ${u.reason}`);
      out.print(lines.join('\n'));
    },
  },
];
