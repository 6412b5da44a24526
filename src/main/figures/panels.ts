/**
 * Layout helpers shared by the figure builders: grids stacked in a frame (pt), panel letters,
 * seismogram-style offset traces, and the data interfaces' small shared types.
 */
import type { FigureFrame } from './theme';
import { fontSizes, palette } from './theme';
import { minMaxDecimate, type UniformTrace } from './decimate';

export interface Margins {
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** vertical space between panels, pt */
  gap: number;
}

export interface GridBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Panels stacked top to bottom, heights in proportion to `weights`. */
export function stackedGrids(frame: FigureFrame, weights: readonly number[], m: Margins): GridBox[] {
  const width = frame.widthPt - m.left - m.right;
  const usable = frame.heightPt - m.top - m.bottom - m.gap * (weights.length - 1);
  const total = weights.reduce((a, b) => a + b, 0);
  let top = m.top;
  return weights.map((w) => {
    const height = (usable * w) / total;
    const box = { left: m.left, top, width, height };
    top += height + m.gap;
    return box;
  });
}

export function gridOption(box: GridBox): Record<string, unknown> {
  return { left: box.left, top: box.top, width: box.width, height: box.height, containLabel: false, outerBoundsMode: 'none' };
}

/** '(a)', '(b)', … at a panel's top-left corner, with a short name after it. */
export function panelLabel(box: GridBox, index: number, text: string): Record<string, unknown> {
  return {
    type: 'text',
    left: box.left + 3,
    top: box.top + 2,
    z: 100,
    style: { text: `(${String.fromCharCode(97 + index)}) ${text}`.trim(), fontSize: fontSizes.small, fontWeight: 'bold', fill: palette.text, backgroundColor: 'rgba(255,255,255,0.75)' },
  };
}

/** Device pixels across a panel at the frame's DPI: the bucket count for min/max decimation. */
export function pixelsAcross(box: GridBox, frame: FigureFrame): number {
  return Math.max(16, Math.round((box.width / 72) * frame.dpi));
}

/**
 * Channels drawn one above the other in one panel (a record section): each trace scaled to a
 * peak of 0.45 and offset by its index from the top, so the y axis names channels, not units.
 */
export function offsetTraces(traces: readonly UniformTrace[], buckets: number): { data: [number, number][]; scale: number }[] {
  const n = traces.length;
  return traces.map((t, c) => {
    let peak = 0;
    for (let i = 0; i < t.values.length; i++) {
      const a = Math.abs(t.values[i]);
      if (a > peak) peak = a;
    }
    const scale = peak > 0 ? 0.45 / peak : 1;
    const offset = n - 1 - c;
    return { data: minMaxDecimate(t, buckets).map(([x, y]) => [x, offset + y * scale]), scale };
  });
}

export const toArray = (xs: ArrayLike<number>): number[] => Array.from(xs);

/** Rounded for the option (keeps golden files and SVGs small; far below a device pixel). */
export function round(x: number, digits = 6): number {
  if (!Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}
