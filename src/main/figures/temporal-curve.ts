/**
 * Fig. 5: fraction of sub-windows called precursor per interval before origin time, mean ± std
 * over repeated runs, with the band of the early intervals and the onset.
 */
import type { EChartsOption } from 'echarts';
import type { TemporalCurve } from '../analysis/temporal-curve';
import { baseOption, palette } from './theme';

export function temporalCurveOption(curve: TemporalCurve, title = 'Temporal precursor curve'): EChartsOption {
  // x: hours before origin at the interval's end (0 = origin time), plotted increasing to the right.
  const x = curve.points.map((p) => -p.endSecondsBeforeOrigin / 3600);
  const mean = curve.points.map((p, i) => [x[i], p.mean * 100]);
  const lower = curve.points.map((p, i) => [x[i], Math.max(0, (p.mean - p.std) * 100)]);
  const spread = curve.points.map((p, i) => [x[i], (Math.min(1, p.mean + p.std) - Math.max(0, p.mean - p.std)) * 100]);
  const runs = curve.points[0]?.n ?? 0;
  const onset = curve.onsetSecondsBeforeOrigin;
  return {
    ...baseOption,
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    legend: { bottom: 0, data: [`mean of ${runs} run${runs === 1 ? '' : 's'}`, '± 1 std', 'early-interval band'] },
    grid: { left: 64, right: 24, top: 48, bottom: 72 },
    xAxis: { type: 'value', name: 'time before origin (h)', nameLocation: 'middle', nameGap: 28, min: Math.floor(x[0] ?? -10), max: 0, splitLine: { lineStyle: { color: palette.grid } } },
    yAxis: { type: 'value', name: 'windows called precursor (%)', nameLocation: 'middle', nameGap: 44, min: 0, max: 100, splitLine: { lineStyle: { color: palette.grid } } },
    series: [
      { name: 'lower', type: 'line', data: lower, stack: 'spread', symbol: 'none', lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false } },
      { name: '± 1 std', type: 'line', data: spread, stack: 'spread', symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color: palette.spread }, itemStyle: { color: palette.spread } },
      {
        name: `mean of ${runs} run${runs === 1 ? '' : 's'}`,
        type: 'line',
        data: mean,
        symbolSize: 5,
        itemStyle: { color: palette.precursor },
        lineStyle: { width: 2 },
        markArea: {
          silent: true,
          itemStyle: { color: palette.band },
          data: [[{ name: 'early-interval band', yAxis: Math.max(0, curve.band.low * 100) }, { yAxis: Math.min(100, curve.band.high * 100) }]],
        },
        markLine:
          onset === null
            ? undefined
            : {
                symbol: 'none',
                silent: true,
                label: { formatter: `onset ${(onset / 3600).toFixed(1)} h before`, position: 'insideEndTop' },
                lineStyle: { color: palette.text, type: 'dashed' },
                data: [{ xAxis: -onset / 3600 }],
              },
      },
      { name: 'early-interval band', type: 'line', data: [], itemStyle: { color: palette.band } },
    ],
  };
}
