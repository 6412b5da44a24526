/**
 * The figure-export part of the contract: which figures exist (the paper's numbering on the
 * command line), what an export is asked to do, and what it wrote. Pure types and schemas.
 */
import { z } from 'zod';

/** Figure ids as the command line takes them, in report order ('table2' = Table 2 as a figure). */
export const figureIds = ['confusion', 'table2', '5', '6', '7', '8', '9', '10', '11'] as const;
export type FigureIdName = (typeof figureIds)[number];

export const figureFormats = ['svg', 'png', 'pdf'] as const;
export type FigureFormatName = (typeof figureFormats)[number];

const projectDir = z.string().min(1, 'a project folder is required');

export const figureExportInput = z
  .object({
    dir: projectDir,
    /** a training run: figures use its group (every finished repeat) */
    run: z.number().int().positive(),
    figure: z.enum(figureIds),
    formats: z.array(z.enum(figureFormats)).min(1).default(['svg', 'png', 'pdf']),
    /** figure width, cm (journal columns: 8.4 single, 17.4 double) */
    widthCm: z.number().min(3).max(60).default(8.4),
    /** PNG resolution, dots per inch */
    dpi: z.number().int().min(72).max(2400).default(300),
    /** a folder, or a file path whose extension-less name becomes the files' stem (default: DIR/figures/run-GROUP/) */
    out: z.string().min(1).optional(),
    /** Figs. 6, 7, 9: the event (default: the first test event) and 1-based interval (default: the precursor window) */
    eventId: z.number().int().positive().optional(),
    interval: z.number().int().min(1).optional(),
    /** Figs. 6–11: further settings of the figure's analysis, as `analysis.run` takes them (e.g. { stepHz: 1 } for Fig. 8) */
    analysisSettings: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const figureReportInput = z
  .object({
    dir: projectDir,
    run: z.number().int().positive(),
    formats: z.array(z.enum(figureFormats)).min(1).default(['svg', 'png', 'pdf']),
    widthCm: z.number().min(3).max(60).default(17.4),
    dpi: z.number().int().min(72).max(2400).default(300),
    /** the report's folder (default: DIR/reports/run-GROUP/) */
    out: z.string().min(1).optional(),
  })
  .strict();

export interface WrittenFile {
  kind: FigureFormatName | 'csv' | 'json' | 'html';
  path: string;
  bytes: number;
}

export interface FigureExportResult {
  figure: FigureIdName;
  paperRef: string;
  title: string;
  caption: string;
  group: number;
  widthCm: number;
  heightCm: number;
  dpi: number;
  /** the figure files, then the CSV of its numbers and the JSON sidecar */
  files: WrittenFile[];
}

export interface FigureReportResult {
  folder: string;
  htmlPath: string;
  group: number;
  figures: FigureExportResult[];
  /** figures that could not be made, and why (e.g. an analysis not run or not available yet) */
  unavailable: { figure: FigureIdName; reason: string }[];
  /** tables written beside the figures (CSV) */
  tables: WrittenFile[];
}
