/**
 * Shared look of every figure: one font, one palette, axis names with units. Figures are laid out
 * in points (1 ECharts px = 1 pt): a figure 8.4 cm wide is 238 units wide and its 8 pt labels read
 * at 8 pt in print, whatever DPI the PNG is rendered at.
 */
export const palette = {
  precursor: '#c0392b',
  noise: '#2e6da4',
  band: 'rgba(46, 109, 164, 0.15)',
  spread: 'rgba(192, 57, 43, 0.18)',
  grid: '#e5e5e5',
  text: '#222222',
  /** one colour per channel (colour-blind safe: Okabe–Ito) */
  channels: ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'],
  all: '#000000',
  train: '#0072b2',
  test: '#d55e00',
};

export const fontFamily = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/** Font sizes in pt: journals ask for 6–9 pt lettering at final size. */
export const fontSizes = { label: 8, small: 7, title: 9 };

export const baseOption = {
  animation: false,
  backgroundColor: '#ffffff',
  textStyle: { fontFamily, color: palette.text, fontSize: fontSizes.label },
} as const;

/** An axis with its name (units in it) centred along it, grid lines light grey. */
export function valueAxis(name: string, nameGap: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'value',
    name,
    nameLocation: 'middle',
    nameGap,
    nameTextStyle: { fontSize: fontSizes.label },
    axisLabel: { fontSize: fontSizes.small, hideOverlap: true },
    // onZero off: an axis crossing at 0 would be drawn inside (or at the far edge of) the plot
    axisLine: { show: true, onZero: false, lineStyle: { color: palette.text } },
    axisTick: { show: true },
    splitLine: { lineStyle: { color: palette.grid, width: 0.5 } },
    ...extra,
  };
}

/** The size a figure is laid out at, in pt, and the DPI its raster will have (for decimation). */
export interface FigureFrame {
  widthPt: number;
  heightPt: number;
  dpi: number;
}

export const screenFrame: FigureFrame = { widthPt: 493, heightPt: 300, dpi: 150 };
