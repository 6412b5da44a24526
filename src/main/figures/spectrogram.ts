/**
 * Fig. 9: the spectrogram of each channel (time × frequency, colour = amplitude). Each panel is ONE
 * raster image inside the SVG (a PNG data URI placed on the axes by a custom series): drawn as
 * vector cells a spectrogram is megabytes of SVG and seconds of rendering.
 */
import type { EChartsOption } from 'echarts';
import { toCsv } from './csv';
import { viridis, viridisStops } from './colormap';
import { gridOption, PANEL_LABEL_PT, panelLabel, round, stackedGrids } from './panels';
import { encodePng, pngDataUri, type ZlibDeflate } from './png';
import { baseOption, type FigureFrame, fontFamily, fontSizes, valueAxis } from './theme';

export interface SpectrogramFigureData {
  windowLabel: string;
  /** the window in full for the caption and CSV (event date, seconds before origin); default: windowLabel */
  windowDescription?: string;
  channels: readonly string[];
  /** centre of each analysis window, s from the window's start (uniform steps) */
  timesSeconds: ArrayLike<number>;
  /** centre frequency of each bin, Hz (uniform steps) */
  frequenciesHz: ArrayLike<number>;
  /** per channel: Fourier amplitude, time-major (index = time × frequencies + frequency) */
  amplitude: readonly ArrayLike<number>[];
  /** e.g. '1000-sample Hann window, stride 500' */
  methodDescription: string;
  /** length of the analysed window, s: the time axis runs from 0 to it (default: the analysis windows' extent) */
  windowSeconds?: number;
  /** top of the frequency axis, Hz (default: the last bin) */
  maxFrequencyHz?: number;
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
}

/** The colour range of log10 amplitude shared by every channel: 1st to 99.9th percentile. */
export function logAmplitudeRange(amplitude: readonly ArrayLike<number>[]): [number, number] {
  const logs: number[] = [];
  for (const a of amplitude) for (let i = 0; i < a.length; i += Math.max(1, Math.floor(a.length / 20000))) if (a[i] > 0) logs.push(Math.log10(a[i]));
  logs.sort((x, y) => x - y);
  const lo = percentile(logs, 0.01);
  const hi = percentile(logs, 0.999);
  return Number.isFinite(lo) && hi > lo ? [lo, hi] : [0, 1];
}

/** One channel's raster, highest frequency in the top row, as a PNG data URI. */
export function spectrogramImage(d: SpectrogramFigureData, channel: number, bins: number, range: [number, number], deflate?: ZlibDeflate): string {
  const nT = d.timesSeconds.length;
  const nF = d.frequenciesHz.length;
  const a = d.amplitude[channel];
  const rgba = new Uint8Array(nT * bins * 4);
  for (let row = 0; row < bins; row++) {
    const f = bins - 1 - row;
    for (let t = 0; t < nT; t++) {
      const v = a[t * nF + f];
      const [r, g, b] = viridis(v > 0 ? (Math.log10(v) - range[0]) / (range[1] - range[0]) : 0);
      const o = (row * nT + t) * 4;
      rgba[o] = r;
      rgba[o + 1] = g;
      rgba[o + 2] = b;
      rgba[o + 3] = 255;
    }
  }
  return pngDataUri(encodePng(nT, bins, rgba, deflate));
}

export function spectrogramOption(d: SpectrogramFigureData, frame: FigureFrame, deflate?: ZlibDeflate): EChartsOption {
  const boxes = stackedGrids(
    frame,
    d.channels.map(() => 1),
    { left: 40, right: 46, top: PANEL_LABEL_PT + 2, bottom: 30, gap: PANEL_LABEL_PT + 2 },
  );
  const t = d.timesSeconds;
  const f = d.frequenciesHz;
  const dt = t.length > 1 ? t[1] - t[0] : 1;
  const df = f.length > 1 ? f[1] - f[0] : 1;
  const fTop = d.maxFrequencyHz ?? f[f.length - 1];
  let bins = 0;
  while (bins < f.length && f[bins] <= fTop + 1e-9) bins++;
  bins = Math.max(1, bins);
  const x0 = t[0] - dt / 2;
  const x1 = t[t.length - 1] + dt / 2;
  const y0 = Math.max(0, f[0] - df / 2);
  const y1 = f[bins - 1] + df / 2;
  const range = logAmplitudeRange(d.amplitude);
  const last = boxes.length - 1;
  return {
    ...baseOption,
    grid: boxes.map(gridOption),
    graphic: [
      ...boxes.map((b, i) => panelLabel(b, i, d.channels[i])),
      // the colour bar's name, rotated about its centre (x/y anchor) to the right of the bar
      { type: 'text', x: frame.widthPt - 8, y: frame.heightPt / 2, rotation: Math.PI / 2, style: { fontFamily, text: 'log₁₀ amplitude', fontSize: fontSizes.small, fill: '#222222', align: 'center', verticalAlign: 'middle' } },
    ],
    visualMap: {
      type: 'continuous',
      seriesIndex: [],
      min: round(range[0], 3),
      max: round(range[1], 3),
      calculable: false,
      inRange: { color: viridisStops },
      // ECharts keeps ~18 pt beside a continuous bar for its handles: right 10 puts the bar ~28 pt from the edge, clear of the plots
      right: 10,
      top: 'middle',
      itemWidth: 8,
      itemHeight: Math.max(40, frame.heightPt - 90),
      text: [range[1].toFixed(1), range[0].toFixed(1)],
      textGap: 3,
      textStyle: { fontSize: fontSizes.small },
    },
    xAxis: boxes.map((_, i) => valueAxis(i === last ? 'time from window start (s)' : '', 18, { gridIndex: i, min: d.windowSeconds === undefined ? round(x0) : 0, max: d.windowSeconds === undefined ? round(x1) : round(d.windowSeconds), axisLabel: { show: i === last, fontSize: fontSizes.small } })),
    yAxis: boxes.map((_, i) => valueAxis('frequency (Hz)', 26, { gridIndex: i, min: round(y0), max: round(y1), splitLine: { show: false }, nameTextStyle: { fontSize: fontSizes.small } })),
    series: boxes.map((_, i) => ({
      type: 'custom' as const,
      xAxisIndex: i,
      yAxisIndex: i,
      silent: true,
      clip: true,
      data: [[x0, y1, x1, y0]],
      // the image as series data would be copied per item; one item carries the corners, the URI is closed over
      renderItem: ((image: string) => (_params: unknown, api: { coord: (v: number[]) => number[]; value: (k: number) => number }) => {
        const a = api.coord([api.value(0), api.value(1)]);
        const b = api.coord([api.value(2), api.value(3)]);
        return { type: 'image', style: { image, x: a[0], y: a[1], width: b[0] - a[0], height: b[1] - a[1] } };
      })(spectrogramImage(d, i, bins, range, deflate)),
    })),
  } as EChartsOption;
}

export function spectrogramCsv(d: SpectrogramFigureData): string {
  const nF = d.frequenciesHz.length;
  const rows: (string | number)[][] = [];
  d.channels.forEach((c, ch) => {
    for (let t = 0; t < d.timesSeconds.length; t++) for (let f = 0; f < nF; f++) rows.push([c, d.timesSeconds[t], d.frequenciesHz[f], d.amplitude[ch][t * nF + f]]);
  });
  return toCsv([`spectrogram (Fig. 9): ${d.windowDescription ?? d.windowLabel}`, d.methodDescription], ['channel', 'time_seconds', 'frequency_hz', 'amplitude'], rows);
}
