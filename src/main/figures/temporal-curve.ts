/**
 * Fig. 5: fraction of sub-windows called precursor per interval before origin time, mean ± std
 * over repeated runs, with the band of the early intervals and the onset.
 */
import type { EChartsOption } from 'echarts';
import type { TemporalCurve } from '../analysis/temporal-curve';
import { toCsv } from './csv';
import { gridOption, lineLegend, stackedGrids } from './panels';
import { baseOption, type FigureFrame, fontSizes, palette, screenFrame, valueAxis } from './theme';

/** The curve plus, for the CSV, each run's own fractions. */
export interface TemporalCurveFigureData extends TemporalCurve {
  perRun?: readonly { runId: number; fractions: readonly (number | null)[] }[];
  description?: string;
}

export function temporalCurveOption(curve: TemporalCurve, frame: FigureFrame = screenFrame): EChartsOption {
  // x: hours before origin at the interval's end (0 = origin time), plotted increasing to the right.
  const x = curve.points.map((p) => -p.endSecondsBeforeOrigin / 3600);
  const mean = curve.points.map((p, i) => [x[i], p.mean * 100]);
  const lower = curve.points.map((p, i) => [x[i], Math.max(0, (p.mean - p.std) * 100)]);
  const spread = curve.points.map((p, i) => [x[i], (Math.min(1, p.mean + p.std) - Math.max(0, p.mean - p.std)) * 100]);
  const runs = curve.points[0]?.n ?? 0;
  const onset = curve.onsetSecondsBeforeOrigin;
  const meanName = `mean of ${runs} run${runs === 1 ? '' : 's'}`;
  const [box] = stackedGrids(frame, [1], { left: 44, right: 10, top: 22, bottom: 30, gap: 0 });
  return {
    ...baseOption,
    legend: { top: 0, left: 'center', data: [meanName, '± 1 std', 'early-interval band'], ...lineLegend, itemHeight: 5 },
    grid: gridOption(box),
    xAxis: valueAxis('time before origin (h)', 18, { min: Math.floor(x[0] ?? -10), max: 0 }),
    yAxis: valueAxis('windows called precursor (%)', 26, { min: 0, max: 100, interval: 25 }),
    series: [
      { name: 'lower', type: 'line', data: lower, stack: 'spread', symbol: 'none', lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false } },
      { name: '± 1 std', type: 'line', data: spread, stack: 'spread', symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color: palette.spread }, itemStyle: { color: palette.spread } },
      {
        name: meanName,
        type: 'line',
        data: mean,
        symbolSize: 3,
        itemStyle: { color: palette.precursor },
        lineStyle: { width: 1.25 },
        markArea: {
          silent: true,
          itemStyle: { color: palette.band },
          data: [[{ name: 'early-interval band', yAxis: Math.max(0, curve.band.low * 100) }, { yAxis: Math.min(100, curve.band.high * 100) }]],
          label: { show: false },
        },
        markLine:
          onset === null
            ? undefined
            : {
                symbol: 'none',
                silent: true,
                label: { formatter: `onset ${(onset / 3600).toFixed(1)} h before`, position: 'insideEndTop', fontSize: fontSizes.small },
                lineStyle: { color: palette.text, type: 'dashed', width: 0.75 },
                data: [{ xAxis: -onset / 3600 }],
              },
      },
      { name: 'early-interval band', type: 'line', data: [], itemStyle: { color: palette.band } },
    ],
  };
}

export function temporalCurveCsv(c: TemporalCurveFigureData): string {
  const perRun = c.perRun ?? [];
  return toCsv(
    [
      `temporal curve (Fig. 5)${c.description ? `: ${c.description}` : ''}`,
      `band ${c.band.low} .. ${c.band.high} (first ${c.band.baselineIntervals} intervals, ${c.band.bandSigmas} sigma); onset interval ${c.onsetInterval ?? 'none'}${c.onsetSecondsBeforeOrigin === null ? '' : ` (${c.onsetSecondsBeforeOrigin} s before origin)`}`,
    ],
    ['interval', 'start_seconds_before_origin', 'end_seconds_before_origin', 'mean_fraction', 'std_fraction', 'runs', ...perRun.map((r) => `run_${r.runId}`)],
    c.points.map((p, k) => [p.interval, p.startSecondsBeforeOrigin, p.endSecondsBeforeOrigin, p.mean, p.std, p.n, ...perRun.map((r) => r.fractions[k] ?? null)]),
  );
}
