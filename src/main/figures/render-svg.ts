/**
 * Server-side rendering of an ECharts option to an SVG string (no DOM, no browser): the export
 * path of every figure. Every chart is disposed after rendering.
 */
import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';
import { type FontMetrics, parseCssFont, textWidth } from './font-metrics';

/**
 * Lay text out with the metrics of the fonts the figure is drawn with (PNG and PDF embed the same
 * TTFs). ECharts' platform API is process-wide; the Node side calls this once with the shipped
 * fonts. Without it server-side ECharts estimates widths and labels can collide.
 */
export function useFontMetrics(fonts: { regular: FontMetrics; bold?: FontMetrics }): void {
  echarts.setPlatformAPI({
    measureText(text: string, font?: string) {
      const { sizePx, bold } = parseCssFont(font);
      return { width: textWidth(bold && fonts.bold ? fonts.bold : fonts.regular, text, sizePx) };
    },
  });
}

export function renderSvg(option: EChartsOption, widthPx: number, heightPx: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: widthPx, height: heightPx });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
