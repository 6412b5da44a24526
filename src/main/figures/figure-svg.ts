/** A registry figure as a print-sized SVG document: laid out in pt at a column width. */
import { cmToPt } from './page';
import { type BuildTools, type FigureDataMap, type FigureId, figureSpecs } from './registry';
import { renderSvg } from './render-svg';
import type { FigureFrame } from './theme';

export interface RenderedFigure {
  svg: string;
  frame: FigureFrame;
  widthCm: number;
  heightCm: number;
}

/**
 * The SVG's root gets physical units (pt) so that an editor or a layout program places it at the
 * column width; rasters inside fill the box they are given (SVG would keep the raster's aspect
 * ratio) and are drawn with nearest-neighbour sampling (each spectrogram cell is a cell, not a blur).
 */
export function printSvg(svg: string, widthPt: number, heightPt: number): string {
  return svg
    .replace(/^<svg width="[^"]*" height="[^"]*"/, `<svg width="${widthPt.toFixed(2)}pt" height="${heightPt.toFixed(2)}pt"`)
    .replace(/<image /g, '<image preserveAspectRatio="none" image-rendering="optimizeSpeed" ');
}

export function frameFor<K extends FigureId>(id: K, widthCm: number, dpi: number): { frame: FigureFrame; heightCm: number } {
  const heightCm = figureSpecs[id].heightCm(widthCm);
  return { frame: { widthPt: Math.round(cmToPt(widthCm) * 100) / 100, heightPt: Math.round(cmToPt(heightCm) * 100) / 100, dpi }, heightCm };
}

export function renderFigure<K extends FigureId>(id: K, data: FigureDataMap[K], widthCm: number, dpi: number, tools: BuildTools = {}): RenderedFigure {
  const { frame, heightCm } = frameFor(id, widthCm, dpi);
  const spec = figureSpecs[id];
  const svg = renderSvg(spec.option(data, frame, tools), frame.widthPt, frame.heightPt);
  return { svg: printSvg(svg, frame.widthPt, frame.heightPt), frame, widthCm, heightCm };
}

/**
 * The SVG as svg-to-pdfkit draws it right: it ignores `paint-order`, so a text with a white halo
 * (ECharts' label border: stroke under the fill) comes out white on white. Each such text becomes
 * two, the halo (stroke, no fill) and then the letters (fill, no stroke). A root sized in pt is
 * made unitless (with assumePt, unitless lengths are pt; 'pt' itself is scaled wrongly).
 */
export function pdfSafeSvg(svg: string): string {
  return svg
    .replace(/^<svg width="([\d.]+)pt" height="([\d.]+)pt"/, '<svg width="$1" height="$2"')
    .replace(/<text([^>]*) paint-order="stroke"([^>]*)>([^<]*)<\/text>/g, (_m, before: string, after: string, text: string) => {
      const attrs = `${before}${after}`;
      const halo = attrs.replace(/ fill="[^"]*"/, ' fill="none"');
      const letters = attrs.replace(/ stroke="[^"]*"/, '').replace(/ stroke-width="[^"]*"/, '').replace(/ stroke-miterlimit="[^"]*"/, '');
      return `<text${halo}>${text}</text><text${letters}>${text}</text>`;
    });
}
