/** Fig. 10: cumulative amplitude spectra of noise and precursor windows, train and test sets. */
import type { EChartsOption } from 'echarts';
import { columnsToRows, toCsv } from './csv';
import { decadeFloor, gridOption, lineLegend, logMinorTicks, PANEL_LABEL_PT, panelLabel, powerOfTenLabel, round, sharedYName, stackedGrids } from './panels';
import { baseOption, type FigureFrame, fontSizes, palette, valueAxis } from './theme';

export interface ClassSpectra {
  /** amplitude spectrum summed over the set's windows and channels, per frequency */
  noise: ArrayLike<number>;
  precursor: ArrayLike<number>;
}

export interface SpectraFigureData {
  frequenciesHz: ArrayLike<number>;
  train: ClassSpectra;
  test: ClassSpectra;
  /** unit of the summed amplitude, e.g. 'standardized amplitude' or 'counts' */
  amplitudeUnit: string;
  /** how many windows each sum covers, for the caption */
  windows: { train: number; test: number };
}

/** Positive frequencies only (log axis) as [f, value] pairs; non-positive values are gaps. */
function logPairs(f: ArrayLike<number>, ys: ArrayLike<number>): (number | null)[][] {
  const out: (number | null)[][] = [];
  for (let i = 0; i < f.length; i++) if (f[i] > 0) out.push([round(f[i]), ys[i] > 0 ? round(ys[i]) : null]);
  return out;
}

function positiveRange(f: ArrayLike<number>): [number, number] {
  const xs = Array.from(f).filter((x) => x > 0);
  return [Math.min(...xs), Math.max(...xs)];
}

export function spectraOption(d: SpectraFigureData, frame: FigureFrame): EChartsOption {
  const boxes = stackedGrids(frame, [1, 1], { left: 48, right: 10, top: 16 + PANEL_LABEL_PT, bottom: 30, gap: PANEL_LABEL_PT + 4 });
  const [fMin, fMax] = positiveRange(d.frequenciesHz);
  const sets = [
    { name: 'train', s: d.train },
    { name: 'test', s: d.test },
  ];
  return {
    ...baseOption,
    legend: { top: 0, left: 'center', data: ['noise', 'precursor'], ...lineLegend },
    grid: boxes.map(gridOption),
    graphic: [...boxes.map((b, i) => panelLabel(b, i, `${sets[i].name} (${d.windows[sets[i].name as 'train' | 'test']} windows)`)), sharedYName(boxes, `summed ${d.amplitudeUnit}`)],
    xAxis: boxes.map((_, i) =>
      valueAxis(i === boxes.length - 1 ? 'frequency (Hz)' : '', 18, { type: 'log', ...logMinorTicks, gridIndex: i, min: decadeFloor(fMin), max: fMax, axisLabel: { show: i === boxes.length - 1, fontSize: fontSizes.small } }),
    ),
    yAxis: boxes.map((_, i) => valueAxis('', 0, { type: 'log', gridIndex: i, axisLabel: { fontSize: fontSizes.small, hideOverlap: true, formatter: powerOfTenLabel } })),
    series: sets.flatMap((set, i) => [
      { type: 'line' as const, name: 'noise', xAxisIndex: i, yAxisIndex: i, data: logPairs(d.frequenciesHz, set.s.noise), symbol: 'none', lineStyle: { width: 1, color: palette.noise }, itemStyle: { color: palette.noise } },
      { type: 'line' as const, name: 'precursor', xAxisIndex: i, yAxisIndex: i, data: logPairs(d.frequenciesHz, set.s.precursor), symbol: 'none', lineStyle: { width: 1, color: palette.precursor }, itemStyle: { color: palette.precursor } },
    ]),
  };
}

export function spectraCsv(d: SpectraFigureData): string {
  return toCsv(
    [`cumulative amplitude spectra (Fig. 10), summed over windows and channels; unit: ${d.amplitudeUnit}`, `windows: train ${d.windows.train}, test ${d.windows.test}`],
    ['frequency_hz', 'train_noise', 'train_precursor', 'test_noise', 'test_precursor'],
    columnsToRows([d.frequenciesHz, d.train.noise, d.train.precursor, d.test.noise, d.test.precursor]),
  );
}
