/**
 * Fig. 7: time occlusion. A mask of zeros slides along one window; the precursor score at each
 * mask position, with all channels masked together and each channel alone, under the waveform.
 */
import type { EChartsOption } from 'echarts';
import { columnsToRows, toCsv } from './csv';
import type { UniformTrace } from './decimate';
import { channelAxis, gridOption, lineLegend, offsetTraces, PANEL_LABEL_PT, panelLabel, pixelsAcross, round, stackedGrids } from './panels';
import { baseOption, type FigureFrame, palette, valueAxis } from './theme';

export interface TimeOcclusionFigureData {
  windowLabel: string;
  /** the window in full for the caption and CSV (event date, seconds before origin); default: windowLabel */
  windowDescription?: string;
  channels: readonly string[];
  waveforms: readonly UniformTrace[];
  /** centre of the mask at each position, s from the window's start */
  maskCentreSeconds: ArrayLike<number>;
  maskSeconds: number;
  /** score of the window with no mask */
  unmaskedScore: number;
  /** score with the mask on all channels at once, per position */
  allChannelsScores: ArrayLike<number>;
  /** score with the mask on one channel only: one array per channel, per position */
  perChannelScores: readonly ArrayLike<number>[];
}

export function timeOcclusionOption(d: TimeOcclusionFigureData, frame: FigureFrame): EChartsOption {
  const [wave, score] = stackedGrids(frame, [1, 1.3], { left: 44, right: 10, top: 16 + PANEL_LABEL_PT, bottom: 30, gap: PANEL_LABEL_PT + 4 });
  const traces = offsetTraces(d.waveforms, pixelsAcross(wave, frame));
  const first = d.waveforms[0];
  const xMax = first ? first.startSeconds + first.values.length / first.sampleRateHz : 0;
  const channels = [...d.channels];
  const pairs = (ys: ArrayLike<number>): number[][] => Array.from(d.maskCentreSeconds, (x, i) => [round(x), round(ys[i])]);
  const names = ['all channels', ...channels];
  return {
    ...baseOption,
    legend: { top: 0, left: 'center', data: names, ...lineLegend, formatter: (n: string) => (n === 'all channels' ? 'mask on: all channels' : n) },
    grid: [gridOption(wave), gridOption(score)],
    graphic: [panelLabel(wave, 0, d.windowLabel), panelLabel(score, 1, `mask ${d.maskSeconds} s; no mask: ${d.unmaskedScore.toFixed(2)}`)],
    xAxis: [
      valueAxis('', 0, { gridIndex: 0, min: 0, max: round(xMax), axisLabel: { show: false } }),
      valueAxis('mask centre from sub-window start (s)', 18, { gridIndex: 1, min: 0, max: round(xMax) }),
    ],
    yAxis: [
      channelAxis(channels, 0),
      valueAxis('precursor score', 30, { gridIndex: 1, min: 0, max: 1, interval: 0.25 }),
    ],
    series: [
      ...traces.map((t, c) => ({ type: 'line' as const, xAxisIndex: 0, yAxisIndex: 0, data: t.data.map(([x, y]) => [round(x), round(y, 4)]), symbol: 'none', lineStyle: { width: 0.5, color: palette.channels[c % palette.channels.length] }, silent: true })),
      {
        type: 'line',
        name: 'all channels',
        xAxisIndex: 1,
        yAxisIndex: 1,
        data: pairs(d.allChannelsScores),
        symbol: 'none',
        lineStyle: { width: 1.5, color: palette.all },
        itemStyle: { color: palette.all },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: palette.text, type: 'dotted', width: 0.75 },
          // named in the panel's label: a label here would sit among the curves, which stay near this line
          label: { show: false },
          data: [{ yAxis: round(d.unmaskedScore) }],
        },
      },
      ...d.perChannelScores.map((s, c) => ({
        type: 'line' as const,
        name: channels[c],
        xAxisIndex: 1,
        yAxisIndex: 1,
        data: pairs(s),
        symbol: 'none',
        lineStyle: { width: 1, color: palette.channels[c % palette.channels.length] },
        itemStyle: { color: palette.channels[c % palette.channels.length] },
      })),
    ],
  };
}

export function timeOcclusionCsv(d: TimeOcclusionFigureData): string {
  return toCsv(
    [`time occlusion (Fig. 7): ${d.windowDescription ?? d.windowLabel}`, `mask of zeros ${d.maskSeconds} s long; unmasked score ${d.unmaskedScore}`],
    ['mask_centre_seconds', 'score_all_channels_masked', ...d.channels.map((c) => `score_${c}_masked`)],
    columnsToRows([d.maskCentreSeconds, d.allChannelsScores, ...d.perChannelScores]),
  );
}
