/**
 * Fig. 11: the relative difference of the precursor and noise spectra, (precursor − noise) / noise
 * in %, smoothed, for train and test, with the peaks the analysis found marked by their frequency.
 */
import type { EChartsOption } from 'echarts';
import { columnsToRows, toCsv } from './csv';
import { decadeFloor, gridOption, lineLegend, logMinorTicks, round, stackedGrids } from './panels';
import { baseOption, type FigureFrame, fontFamily, fontSizes, palette, valueAxis } from './theme';

export interface RelativeDifferenceSet {
  /** smoothed relative difference, %, per frequency */
  percent: ArrayLike<number>;
  /** frequencies of the peaks found, Hz */
  peaksHz: readonly number[];
}

export interface RelativeDifferenceFigureData {
  frequenciesHz: ArrayLike<number>;
  train: RelativeDifferenceSet;
  test: RelativeDifferenceSet;
  /** e.g. 'Savitzky-Golay, order 2, over 0.062 Hz' */
  smoothingDescription: string;
  /** upper end of the frequency axis (the paper's band of interest), Hz; default: all */
  maxFrequencyHz?: number;
}

/** The curve's value at `hz`, linearly interpolated between bins (where the drawn line is). */
function valueAt(f: ArrayLike<number>, ys: ArrayLike<number>, hz: number): number {
  for (let i = 1; i < f.length; i++) {
    if (f[i] >= hz) {
      const t = f[i] === f[i - 1] ? 0 : (hz - f[i - 1]) / (f[i] - f[i - 1]);
      return ys[i - 1] + Math.max(0, Math.min(1, t)) * (ys[i] - ys[i - 1]);
    }
  }
  return ys[f.length - 1];
}

export function relativeDifferenceOption(d: RelativeDifferenceFigureData, frame: FigureFrame): EChartsOption {
  const [box] = stackedGrids(frame, [1], { left: 44, right: 12, top: 32, bottom: 30, gap: 0 });
  const fMax = d.maxFrequencyHz ?? Math.max(...Array.from(d.frequenciesHz));
  const positive = Array.from(d.frequenciesHz).filter((x) => x > 0 && x <= fMax);
  const fMin = decadeFloor(Math.min(...positive));
  const sets = [
    // both markers above the peak, pointing at it (test's further up): one below would sit on the line's own flank
    { name: 'train', s: d.train, color: palette.train, offsetPt: -5 },
    { name: 'test', s: d.test, color: palette.test, offsetPt: -12 },
  ];
  return {
    ...baseOption,
    legend: { top: 0, left: 'center', data: ['train', 'test'], ...lineLegend },
    // the peaks' frequencies as one line of text: labels beside each marker collide when train and test peak together
    graphic: [
      {
        type: 'text',
        right: 12,
        top: 14,
        style: { fontFamily, text: `peaks (Hz): ${sets.map((x) => `${x.name} ${x.s.peaksHz.filter((hz) => hz <= fMax).map((hz) => hz.toFixed(2)).join(', ') || 'none'}`).join('; ')}`, fontSize: fontSizes.small, fill: palette.text, align: 'right' },
      },
    ],
    grid: gridOption(box),
    xAxis: valueAxis('frequency (Hz)', 18, { type: 'log', ...logMinorTicks, min: fMin, max: fMax }),
    // headroom above the highest peak for its markers (pointing down at it from above)
    yAxis: valueAxis('(precursor − noise) / noise (%)', 30, { boundaryGap: ['0%', '15%'] }),
    series: sets.map((set) => ({
      type: 'line' as const,
      name: set.name,
      data: Array.from(d.frequenciesHz, (f, i) => [f, set.s.percent[i]])
        .filter(([f]) => f > 0 && f <= fMax)
        .map(([f, y]) => [round(f), round(y)]),
      symbol: 'none',
      lineStyle: { width: 1.25, color: set.color },
      itemStyle: { color: set.color },
      markPoint: {
        symbol: 'triangle',
        symbolSize: 6,
        symbolRotate: 180,
        symbolOffset: [0, set.offsetPt],
        silent: true,
        itemStyle: { color: set.color },
        label: { show: false },
        data: set.s.peaksHz.filter((hz) => hz <= fMax).map((hz) => ({ name: `${hz.toFixed(2)} Hz`, coord: [round(hz), round(valueAt(d.frequenciesHz, set.s.percent, hz))] })),
      },
      markLine: { symbol: 'none', silent: true, lineStyle: { color: palette.text, width: 0.5 }, label: { show: false }, data: [{ yAxis: 0 }] },
    })),
  };
}

export function relativeDifferenceCsv(d: RelativeDifferenceFigureData): string {
  return toCsv(
    [
      `relative difference of the spectra (Fig. 11), (precursor - noise) / noise in %; smoothing: ${d.smoothingDescription}`,
      `peaks (Hz): train ${d.train.peaksHz.join(' ')}; test ${d.test.peaksHz.join(' ')}`,
    ],
    ['frequency_hz', 'train_percent', 'test_percent'],
    columnsToRows([d.frequenciesHz, d.train.percent, d.test.percent]),
  );
}
