/** Fig. 4: the confusion matrix of one run (or the mean of repeats) as a labelled heat map. */
import type { EChartsOption } from 'echarts';
import type { ConfusionMatrix } from '../analysis/metrics';
import { baseOption } from './theme';

export function confusionOption(m: ConfusionMatrix, title = 'Confusion matrix (test)'): EChartsOption {
  const cells = [
    [0, 1, m.trueNoise.predictedNoise],
    [1, 1, m.trueNoise.predictedPrecursor],
    [0, 0, m.truePrecursor.predictedNoise],
    [1, 0, m.truePrecursor.predictedPrecursor],
  ];
  const rowTotals = [m.truePrecursor.predictedNoise + m.truePrecursor.predictedPrecursor, m.trueNoise.predictedNoise + m.trueNoise.predictedPrecursor];
  const max = Math.max(1, ...cells.map((c) => c[2]));
  return {
    ...baseOption,
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    grid: { left: 96, right: 24, top: 48, bottom: 56 },
    xAxis: { type: 'category', data: ['noise', 'precursor'], name: 'predicted class', nameLocation: 'middle', nameGap: 32, splitArea: { show: true } },
    yAxis: { type: 'category', data: ['precursor', 'noise'], name: 'true class', nameLocation: 'middle', nameGap: 72, splitArea: { show: true } },
    visualMap: { show: false, min: 0, max, inRange: { color: ['#f7fbff', '#08306b'] } },
    series: [
      {
        type: 'heatmap',
        data: cells,
        label: {
          show: true,
          fontSize: 14,
          formatter: (p) => {
            const [, row, n] = (p.value as [number, number, number]);
            const total = rowTotals[row] || 1;
            return `${n}\n(${((100 * n) / total).toFixed(1)} %)`;
          },
          color: '#000',
          textBorderColor: '#fff',
          textBorderWidth: 2,
        },
      },
    ],
  };
}
