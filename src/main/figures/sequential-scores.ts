/**
 * Fig. 6: the precursor score of consecutive sub-windows along one macro-window, under the
 * waveform they were cut from.
 */
import type { EChartsOption } from 'echarts';
import { toCsv } from './csv';
import type { UniformTrace } from './decimate';
import { channelAxis, gridOption, offsetTraces, PANEL_LABEL_PT, panelLabel, pixelsAcross, round, stackedGrids } from './panels';
import { baseOption, type FigureFrame, fontSizes, palette, valueAxis } from './theme';

export interface SequentialScoresFigureData {
  /** what the window is, e.g. 'event 12, interval 36 (ends at origin time)' */
  windowLabel: string;
  /** the window in full for the caption and CSV (event date, seconds before origin); default: windowLabel */
  windowDescription?: string;
  channels: readonly string[];
  /** the macro-window's samples per channel, startSeconds relative to the window's start */
  waveforms: readonly UniformTrace[];
  /** start of each sub-window, s from the window's start */
  subWindowStartSeconds: ArrayLike<number>;
  subWindowSeconds: number;
  /** the network's precursor score (softmax probability) of each sub-window, 0..1 */
  precursorScores: ArrayLike<number>;
  decisionThreshold: number;
}

export function sequentialScoresOption(d: SequentialScoresFigureData, frame: FigureFrame): EChartsOption {
  const [wave, score] = stackedGrids(frame, [1, 1], { left: 44, right: 10, top: PANEL_LABEL_PT + 2, bottom: 30, gap: PANEL_LABEL_PT + 4 });
  const traces = offsetTraces(d.waveforms, pixelsAcross(wave, frame));
  const xMax = d.waveforms.length ? d.waveforms[0].startSeconds + d.waveforms[0].values.length / d.waveforms[0].sampleRateHz : 0;
  const centres = Array.from(d.subWindowStartSeconds, (s, i) => [round(s + d.subWindowSeconds / 2), round(d.precursorScores[i])]);
  const channels = [...d.channels];
  return {
    ...baseOption,
    grid: [gridOption(wave), gridOption(score)],
    graphic: [panelLabel(wave, 0, d.windowLabel), panelLabel(score, 1, 'sub-window scores')],
    xAxis: [
      valueAxis('', 0, { gridIndex: 0, min: 0, max: round(xMax), axisLabel: { show: false } }),
      valueAxis('time from window start (s)', 18, { gridIndex: 1, min: 0, max: round(xMax) }),
    ],
    yAxis: [
      channelAxis(channels, 0),
      valueAxis('precursor score', 30, { gridIndex: 1, min: 0, max: 1, interval: 0.25 }),
    ],
    series: [
      ...traces.map((t, c) => ({ type: 'line' as const, name: channels[c], xAxisIndex: 0, yAxisIndex: 0, data: t.data.map(([x, y]) => [round(x), round(y, 4)]), symbol: 'none', lineStyle: { width: 0.5, color: palette.channels[c % palette.channels.length] }, silent: true })),
      {
        type: 'line',
        name: 'precursor score',
        xAxisIndex: 1,
        yAxisIndex: 1,
        data: centres,
        symbol: 'circle',
        symbolSize: 3,
        lineStyle: { width: 1, color: palette.precursor },
        itemStyle: { color: palette.precursor },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: palette.text, type: 'dashed', width: 0.75 },
          label: { formatter: `threshold ${d.decisionThreshold}`, position: 'insideEndTop', fontSize: fontSizes.small },
          data: [{ yAxis: d.decisionThreshold }],
        },
      },
    ],
  };
}

export function sequentialScoresCsv(d: SequentialScoresFigureData): string {
  return toCsv(
    [`sequential scores (Fig. 6): ${d.windowDescription ?? d.windowLabel}`, `sub-window length ${d.subWindowSeconds} s; channels ${d.channels.join(' ')}; decision threshold ${d.decisionThreshold}`],
    // the centre too: the scores are drawn there
    ['sub_window', 'start_seconds', 'centre_seconds', 'end_seconds', 'precursor_score'],
    Array.from(d.subWindowStartSeconds, (s, i) => [i + 1, s, round(s + d.subWindowSeconds / 2), round(s + d.subWindowSeconds), d.precursorScores[i]]),
  );
}
