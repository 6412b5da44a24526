/** Table 2 as a figure: accuracy per test event, mean ± std over repeats. */
import type { EChartsOption } from 'echarts';
import { toCsv } from './csv';
import { gridOption, stackedGrids } from './panels';
import { baseOption, type FigureFrame, fontSizes, palette, screenFrame, valueAxis } from './theme';

export interface PerEventRow {
  /** short label under the bar, e.g. the origin date 'YYYY-MM-DD' */
  label: string;
  /** for the table: the origin time 'YYYY-MM-DD HH:MM' (UTC) */
  originTimeUtc?: string;
  mean: number;
  std: number;
  /** for the table: event id and how many windows/runs the accuracy covers */
  eventId?: number;
  windows?: number;
  runs?: number;
}

export function perEventOption(rows: readonly PerEventRow[], frame: FigureFrame = screenFrame): EChartsOption {
  const longest = Math.max(0, ...rows.map((r) => r.label.length));
  // rotated labels need about 0.45 em per character of height at 40°
  const labelDrop = Math.min(70, 8 + longest * fontSizes.small * 0.45);
  const [box] = stackedGrids(frame, [1], { left: 44, right: 8, top: 10, bottom: labelDrop + 16, gap: 0 });
  return {
    ...baseOption,
    grid: gridOption(box),
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.label),
      axisLabel: { rotate: 40, fontSize: fontSizes.small, interval: 0 },
      axisTick: { alignWithLabel: true },
      name: 'test event (origin date, UTC)',
      nameLocation: 'middle',
      nameGap: labelDrop + 4,
      nameTextStyle: { fontSize: fontSizes.label },
    },
    yAxis: valueAxis('accuracy', 24, { min: 0, max: 1, interval: 0.25 }),
    series: [
      {
        type: 'bar',
        name: 'mean',
        data: rows.map((r) => r.mean),
        barMaxWidth: 28,
        itemStyle: { color: palette.noise },
        label: { show: true, position: 'insideTop', color: '#fff', fontSize: fontSizes.small, formatter: (p: { value?: unknown }) => Number(p.value).toFixed(2) },
      },
      {
        type: 'custom',
        name: '± std',
        data: rows.map((r, i) => [i, Math.max(0, r.mean - r.std), Math.min(1, r.mean + r.std)]),
        renderItem: (_params: unknown, api: { coord: (v: unknown[]) => number[]; value: (k: number) => number }) => {
          const lo = api.coord([api.value(0), api.value(1)]);
          const hi = api.coord([api.value(0), api.value(2)]);
          return { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style: { stroke: palette.text, lineWidth: 1 } };
        },
      },
    ],
  } as EChartsOption;
}

/** Table 2 as CSV: one row per test event. */
export function perEventCsv(rows: readonly PerEventRow[], description: string): string {
  return toCsv(
    [`accuracy per test event (Table 2): ${description}`, 'accuracy = fraction of the event\u2019s test windows classified correctly; mean and std over runs'],
    ['event_id', 'origin_time_utc', 'accuracy_mean', 'accuracy_std', 'windows', 'runs'],
    rows.map((r) => [r.eventId, r.originTimeUtc ?? r.label, r.mean, r.std, r.windows, r.runs]),
  );
}
