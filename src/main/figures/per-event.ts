/** Table 2 as a figure: accuracy per test event, mean ± std over repeats. */
import type { EChartsOption } from 'echarts';
import { baseOption, palette } from './theme';

export interface PerEventRow {
  label: string;
  mean: number;
  std: number;
}

export function perEventOption(rows: readonly PerEventRow[], title = 'Accuracy per test event'): EChartsOption {
  return {
    ...baseOption,
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    grid: { left: 64, right: 24, top: 48, bottom: 96 },
    xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { rotate: 35, fontSize: 10 }, name: 'event origin time (UTC)', nameLocation: 'middle', nameGap: 80 },
    yAxis: { type: 'value', min: 0, max: 1, name: 'accuracy (fraction of windows)', nameLocation: 'middle', nameGap: 44, splitLine: { lineStyle: { color: palette.grid } } },
    series: [
      { type: 'bar', data: rows.map((r) => r.mean), itemStyle: { color: palette.noise }, label: { show: true, position: 'insideTop', color: '#fff', formatter: (p) => Number(p.value).toFixed(2) } },
      {
        type: 'custom',
        name: '± std',
        data: rows.map((r, i) => [i, r.mean - r.std, r.mean + r.std]),
        renderItem: (_params, api) => {
          const lo = api.coord([api.value(0), api.value(1)]);
          const hi = api.coord([api.value(0), api.value(2)]);
          return { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style: { stroke: palette.text, lineWidth: 1.5 } };
        },
      },
    ],
  };
}
