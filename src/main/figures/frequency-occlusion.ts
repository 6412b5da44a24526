/** Fig. 8: frequency occlusion. Test accuracy and loss after a low-pass filter, per cutoff frequency. */
import type { EChartsOption } from 'echarts';
import { columnsToRows, toCsv } from './csv';
import { gridOption, lineLegend, logMinorTicks, round, stackedGrids } from './panels';
import { baseOption, type FigureFrame, fontSizes, palette, valueAxis } from './theme';

export interface FrequencyOcclusionFigureData {
  /** low-pass cutoff of each step, Hz */
  cutoffsHz: ArrayLike<number>;
  /** test accuracy f after the filter, % */
  accuracyPercent: ArrayLike<number>;
  /** test cross-entropy loss after the filter */
  loss: ArrayLike<number>;
  /** the filter, e.g. 'Butterworth low-pass, order 8 (−48 dB/octave), zero-phase' */
  filterDescription: string;
  /** accuracy with no filter, % (drawn as a reference line) */
  unfilteredAccuracyPercent?: number;
  /** the cutoff below which accuracy drops significantly, Hz (a vertical line), or null: no drop */
  dropBelowHz?: number | null;
}

export function frequencyOcclusionOption(d: FrequencyOcclusionFigureData, frame: FigureFrame): EChartsOption {
  const [box] = stackedGrids(frame, [1], { left: 40, right: 40, top: 22, bottom: 30, gap: 0 });
  const pairs = (ys: ArrayLike<number>): number[][] => Array.from(d.cutoffsHz, (x, i) => [round(x), round(ys[i])]);
  const cut = Array.from(d.cutoffsHz);
  const lossMax = Math.max(0, ...Array.from(d.loss).filter(Number.isFinite));
  return {
    ...baseOption,
    legend: { top: 0, left: 'center', data: ['accuracy', 'loss'], ...lineLegend },
    grid: gridOption(box),
    xAxis: valueAxis('low-pass cutoff frequency (Hz)', 18, { type: 'log', ...logMinorTicks, logBase: 10, min: Math.min(...cut), max: Math.max(...cut) }),
    yAxis: [
      valueAxis('test accuracy (%)', 26, { min: 0, max: 100, interval: 25 }),
      valueAxis('test loss', 28, { min: 0, max: Math.max(0.5, Math.ceil(lossMax * 2) / 2), position: 'right', splitLine: { show: false } }),
    ],
    series: [
      {
        type: 'line',
        name: 'accuracy',
        yAxisIndex: 0,
        data: pairs(d.accuracyPercent),
        symbol: 'none',
        lineStyle: { width: 1.5, color: palette.noise },
        itemStyle: { color: palette.noise },
        markLine:
          d.unfilteredAccuracyPercent === undefined
            ? undefined
            : {
                symbol: 'none',
                silent: true,
                lineStyle: { color: palette.noise, type: 'dotted', width: 0.75 },
                // below the line when it runs near 100 %: above, the label would reach the legend
                label: { formatter: `unfiltered ${d.unfilteredAccuracyPercent.toFixed(1)} %`, position: d.unfilteredAccuracyPercent > 85 ? 'insideStartBottom' : 'insideStartTop', fontSize: fontSizes.small },
                data: [{ yAxis: round(d.unfilteredAccuracyPercent) }],
              },
      },
      { type: 'line', name: 'loss', yAxisIndex: 1, data: pairs(d.loss), symbol: 'none', lineStyle: { width: 1.5, color: palette.precursor, type: 'dashed' }, itemStyle: { color: palette.precursor } },
      // the drop's line on a series of its own drawn over the curves, so its label's white halo hides them
      ...(d.dropBelowHz === undefined || d.dropBelowHz === null
        ? []
        : [
            {
              type: 'line' as const,
              yAxisIndex: 0,
              data: [],
              z: 5,
              silent: true,
              markLine: {
                symbol: 'none',
                silent: true,
                lineStyle: { color: palette.text, type: 'dashed' as const, width: 0.75 },
                label: { formatter: `drop below ${round(d.dropBelowHz)} Hz`, position: 'insideStartTop' as const, fontSize: fontSizes.small, textBorderColor: '#ffffff', textBorderWidth: 2 },
                data: [{ xAxis: round(d.dropBelowHz) }],
              },
            },
          ]),
    ],
  };
}

export function frequencyOcclusionCsv(d: FrequencyOcclusionFigureData): string {
  return toCsv(
    [
      `frequency occlusion (Fig. 8): ${d.filterDescription}`,
      ...(d.unfilteredAccuracyPercent === undefined ? [] : [`unfiltered accuracy ${d.unfilteredAccuracyPercent} %`]),
      ...(d.dropBelowHz === undefined ? [] : [d.dropBelowHz === null ? 'no significant drop in accuracy' : `accuracy drops significantly below ${d.dropBelowHz} Hz`]),
    ],
    ['cutoff_hz', 'accuracy_percent', 'loss'],
    columnsToRows([d.cutoffsHz, d.accuracyPercent, d.loss]),
  );
}
