/**
 * Server-side rendering of an ECharts option to an SVG string (no DOM, no browser): the export
 * path of every figure. Every chart is disposed after rendering.
 */
import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';

export function renderSvg(option: EChartsOption, widthPx: number, heightPx: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: widthPx, height: heightPx });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
