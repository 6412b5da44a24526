/**
 * One figure to disk: the figure in each asked format, the CSV of the numbers it plots and a JSON
 * sidecar naming the project, run, figure, settings and software version (so a figure in a
 * manuscript can be traced to what produced it).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import pkg from '../../../package.json';
import type { FigureExportResult, FigureFormatName, WrittenFile } from '../../shared/figures';
import { renderFigure } from '../figures/figure-svg';
import { type FigureDataMap, type FigureId, figureSpecs } from '../figures/registry';
import { fontFamily } from '../figures/theme';
import { svgToPdf, svgToPng } from './figure-files';
import { figureFonts } from './fonts';

export const softwareVersion = `${pkg.name} ${pkg.version}`;

export interface FigureJob<K extends FigureId> {
  id: K;
  data: FigureDataMap[K];
  formats: readonly FigureFormatName[];
  widthCm: number;
  dpi: number;
  /** folder and file stem of the outputs (extensions are added) */
  folder: string;
  stem: string;
  /** for the sidecar */
  project: { dir: string };
  run: { id: number; group: number; runIds: readonly number[]; datasetId: number | null };
  /** where the numbers came from (stored evaluation, curve id, analysis settings, …) */
  source: Record<string, unknown>;
}

function write(file: string, bytes: Uint8Array | string, kind: WrittenFile['kind']): WrittenFile {
  fs.writeFileSync(file, bytes);
  return { kind, path: file, bytes: fs.statSync(file).size };
}

export function widthTag(widthCm: number): string {
  return `${Number(widthCm.toFixed(1))}cm`;
}

export async function writeFigure<K extends FigureId>(job: FigureJob<K>): Promise<FigureExportResult & { svg: string }> {
  figureFonts();
  const spec = figureSpecs[job.id];
  const rendered = renderFigure(job.id, job.data, job.widthCm, job.dpi, { deflate: (d) => zlib.deflateSync(d) });
  fs.mkdirSync(job.folder, { recursive: true });
  const base = path.join(job.folder, job.stem);
  const caption = spec.caption(job.data);
  const files: WrittenFile[] = [];
  for (const format of job.formats) {
    if (format === 'svg') files.push(write(`${base}.svg`, rendered.svg, 'svg'));
    else if (format === 'png') files.push(write(`${base}.png`, svgToPng(rendered.svg, rendered.frame.widthPt, job.dpi), 'png'));
    else files.push(write(`${base}.pdf`, await svgToPdf(rendered.svg, rendered.frame.widthPt, rendered.frame.heightPt, { title: `${spec.paperRef}: ${spec.title}`, subject: caption, creator: softwareVersion }), 'pdf'));
  }
  files.push(write(`${base}.csv`, spec.csv(job.data), 'csv'));
  const sidecar = {
    software: { name: pkg.name, version: pkg.version },
    created: new Date().toISOString(),
    project: { dir: path.resolve(job.project.dir), name: path.basename(path.resolve(job.project.dir)) },
    run: job.run,
    figure: { id: job.id, paperRef: spec.paperRef, title: spec.title, caption },
    settings: { widthCm: rendered.widthCm, heightCm: Number(rendered.heightCm.toFixed(2)), widthPt: rendered.frame.widthPt, heightPt: rendered.frame.heightPt, dpi: job.dpi, font: fontFamily.split(',')[0], formats: job.formats },
    source: job.source,
    files: files.map((f) => path.basename(f.path)),
  };
  files.push(write(`${base}.json`, `${JSON.stringify(sidecar, null, 2)}\n`, 'json'));
  return {
    figure: job.id,
    paperRef: spec.paperRef,
    title: spec.title,
    caption,
    group: job.run.group,
    widthCm: rendered.widthCm,
    heightCm: rendered.heightCm,
    dpi: job.dpi,
    files,
    svg: rendered.svg,
  };
}
