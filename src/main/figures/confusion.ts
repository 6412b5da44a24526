/** Fig. 4: the confusion matrix of one run (or counts summed over repeats) as a labelled heat map. */
import type { EChartsOption } from 'echarts';
import type { ConfusionMatrix } from '../analysis/metrics';
import { toCsv } from './csv';
import { gridOption, stackedGrids } from './panels';
import { baseOption, type FigureFrame, fontSizes, palette, screenFrame } from './theme';

export interface ConfusionFigureData {
  matrix: ConfusionMatrix;
  /** what the counts are, e.g. 'test windows, counts summed over 5 runs' */
  description: string;
}

function rowTotals(m: ConfusionMatrix): { precursor: number; noise: number } {
  return { precursor: m.truePrecursor.predictedNoise + m.truePrecursor.predictedPrecursor, noise: m.trueNoise.predictedNoise + m.trueNoise.predictedPrecursor };
}

export function confusionOption(m: ConfusionMatrix, frame: FigureFrame = screenFrame): EChartsOption {
  // rows of the picture: precursor on top (y index 1), noise below (y index 0); value = row fraction
  const totals = rowTotals(m);
  const cell = (x: number, y: number, n: number, total: number): { value: [number, number, number]; count: number; percent: number } => ({ value: [x, y, total ? n / total : 0], count: n, percent: total ? (100 * n) / total : 0 });
  const cells = [
    cell(0, 0, m.trueNoise.predictedNoise, totals.noise),
    cell(1, 0, m.trueNoise.predictedPrecursor, totals.noise),
    cell(0, 1, m.truePrecursor.predictedNoise, totals.precursor),
    cell(1, 1, m.truePrecursor.predictedPrecursor, totals.precursor),
  ];
  const side = Math.min(frame.widthPt - 70, frame.heightPt - 44);
  const [box] = stackedGrids({ ...frame, widthPt: side + 70 }, [1], { left: 58, right: 12, top: 8, bottom: frame.heightPt - 8 - side, gap: 0 });
  const left = (frame.widthPt - side) / 2 + 20;
  return {
    ...baseOption,
    grid: gridOption({ ...box, left, width: side, height: side }),
    xAxis: { type: 'category', data: ['noise', 'precursor'], name: 'predicted class', nameLocation: 'middle', nameGap: 16, nameTextStyle: { fontSize: fontSizes.label }, axisLabel: { fontSize: fontSizes.label }, axisTick: { show: false }, splitArea: { show: false } },
    yAxis: { type: 'category', data: ['noise', 'precursor'], name: 'true class', nameLocation: 'middle', nameGap: 48, nameTextStyle: { fontSize: fontSizes.label }, axisLabel: { fontSize: fontSizes.label }, axisTick: { show: false } },
    visualMap: { show: false, min: 0, max: 1, dimension: 2, inRange: { color: ['#f7fbff', '#6baed6', '#08306b'] } },
    series: [
      {
        type: 'heatmap',
        // dark cells get white text: the colour runs to navy at 100 %
        data: cells.map((c) => ({ value: c.value, label: { color: c.value[2] > 0.55 ? '#ffffff' : palette.text } })),
        itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
        label: {
          show: true,
          fontSize: fontSizes.label,
          lineHeight: fontSizes.label * 1.3,
          formatter: (p: { dataIndex: number }) => `${cells[p.dataIndex].count}\n(${cells[p.dataIndex].percent.toFixed(1)} %)`,
        },
      },
    ],
  } as EChartsOption;
}

export function confusionCsv(d: ConfusionFigureData): string {
  const m = d.matrix;
  const t = rowTotals(m);
  const pct = (n: number, total: number): number => (total ? (100 * n) / total : NaN);
  return toCsv(
    [`confusion matrix (Fig. 4): ${d.description}`, 'rows: true class; percent of the row'],
    ['true_class', 'predicted_noise', 'predicted_precursor', 'predicted_noise_percent', 'predicted_precursor_percent'],
    [
      ['noise', m.trueNoise.predictedNoise, m.trueNoise.predictedPrecursor, pct(m.trueNoise.predictedNoise, t.noise), pct(m.trueNoise.predictedPrecursor, t.noise)],
      ['precursor', m.truePrecursor.predictedNoise, m.truePrecursor.predictedPrecursor, pct(m.truePrecursor.predictedNoise, t.precursor), pct(m.truePrecursor.predictedPrecursor, t.precursor)],
    ],
  );
}
