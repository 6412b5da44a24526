/**
 * Layout helpers shared by the figure builders: grids stacked in a frame (pt), panel letters,
 * seismogram-style offset traces, and the data interfaces' small shared types.
 */
import type { FigureFrame } from './theme';
import { fontFamily, fontSizes, palette } from './theme';
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

/** Space above a panel for its label, pt (margins and gaps must leave at least this). */
export const PANEL_LABEL_PT = fontSizes.small + 5;

/** '(a)', '(b)', … just above a panel's top-left corner (outside the data, so it hides nothing), with a short name after it. */
export function panelLabel(box: GridBox, index: number, text: string): Record<string, unknown> {
  return {
    type: 'text',
    left: box.left,
    top: box.top - PANEL_LABEL_PT + 1,
    z: 100,
    style: { fontFamily, text: `(${String.fromCharCode(97 + index)}) ${text}`.trim(), fontSize: fontSizes.small, fontWeight: 'bold', fill: palette.text },
  };
}

/** The y axis of a record section: one tick and label per channel, top to bottom in the given order. */
export function channelAxis(channels: readonly string[], gridIndex: number): Record<string, unknown> {
  const n = channels.length;
  const at = channels.map((_, c) => n - 1 - c);
  return {
    type: 'value',
    gridIndex,
    min: -0.6,
    max: n - 0.4,
    name: '',
    axisLine: { show: true, onZero: false, lineStyle: { color: palette.text } },
    axisTick: { show: true, customValues: at },
    axisLabel: { fontSize: fontSizes.small, customValues: at, formatter: (v: number) => channels[n - 1 - Math.round(v)] ?? '' },
    splitLine: { show: false },
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

/** The power of ten at or below x (a log axis starting there labels its first decade). */
export function decadeFloor(x: number): number {
  return 10 ** Math.floor(Math.log10(x) + 1e-9);
}

/** One axis name for a stack of panels: rotated, centred on the stack, left of the axis labels. */
export function sharedYName(boxes: readonly GridBox[], text: string, leftPt = 2): Record<string, unknown> {
  const top = boxes[0].top;
  const bottom = boxes[boxes.length - 1].top + boxes[boxes.length - 1].height;
  // x/y place the text's anchor (its centre, by align/verticalAlign), and the rotation turns it about that point
  return { type: 'text', x: leftPt + fontSizes.label / 2 + 1, y: (top + bottom) / 2, rotation: Math.PI / 2, style: { fontFamily, text, fontSize: fontSizes.label, fill: palette.text, align: 'center', verticalAlign: 'middle' } };
}

/** Minor ticks between the decades of a log frequency axis (2, 3, … 9). */
const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** A log axis's label: 10ⁿ at a power of ten (as short at 10⁶ as at 10¹: '1,000,000' crowds the axis name), the number otherwise. */
export function powerOfTenLabel(value: number): string {
  const k = Math.round(Math.log10(value));
  if (!Number.isFinite(k) || Math.abs(value - 10 ** k) > 1e-9 * value) return String(round(value, 4));
  return `10${String(k).replace('-', '⁻').replace(/\d/g, (c) => SUPERSCRIPT_DIGITS[Number(c)])}`;
}

export const logMinorTicks = { minorTick: { show: true, splitNumber: 9 } } as const;

/** Legend entries of lines drawn as short strokes (not symbols the lines do not have). */
export const lineLegend = { icon: 'rect', itemWidth: 14, itemHeight: 2, itemGap: 8, textStyle: { fontSize: fontSizes.small } } as const;
