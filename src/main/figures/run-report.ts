/**
 * The report of a trained group of runs: the paper's figures 4 (confusion), 5 (temporal curve) and
 * Table 2 (per-event accuracy), plus the numbers behind them, as one self-contained HTML page.
 */
import type { CurveResult, EvaluateResult } from '../../shared/training';
import type { TemporalCurveFigureData } from './temporal-curve';
import { renderFigure } from './figure-svg';
import { renderReportHtml, type ReportSection } from './report-html';

/** Figures of the HTML report: the print layout, at a width that reads well on screen. */
const REPORT_WIDTH_CM = 17.4;
const REPORT_DPI = 150;

export interface RunReportInput {
  title: string;
  subtitle: string;
  evaluation: EvaluateResult;
  curve: CurveResult;
  /** free-form description of what was run (settings), shown verbatim */
  settingsText: string;
  /** the CLI's text report, shown verbatim */
  textReport?: string;
}

function pm(m: { mean: number; std: number; n: number }, scale = 1, digits = 2): string {
  return m.n > 1 ? `${(m.mean * scale).toFixed(digits)} ± ${(m.std * scale).toFixed(digits)}` : (m.mean * scale).toFixed(digits);
}

/** Confusion counts summed over the group's runs (each run scores the same test windows). */
export function summedConfusion(e: EvaluateResult): EvaluateResult['runs'][number]['scores']['confusion'] {
  const z = { trueNoise: { predictedNoise: 0, predictedPrecursor: 0 }, truePrecursor: { predictedNoise: 0, predictedPrecursor: 0 } };
  for (const r of e.runs) {
    const c = r.scores.confusion;
    z.trueNoise.predictedNoise += c.trueNoise.predictedNoise;
    z.trueNoise.predictedPrecursor += c.trueNoise.predictedPrecursor;
    z.truePrecursor.predictedNoise += c.truePrecursor.predictedNoise;
    z.truePrecursor.predictedPrecursor += c.truePrecursor.predictedPrecursor;
  }
  return z;
}

export function buildRunReportHtml(input: RunReportInput): string {
  const { evaluation: e, curve } = input;
  const s = e.summary;
  const runs = e.runs.length;
  const eventLabel = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  const sections: ReportSection[] = [
    {
      title: 'Scores on the test windows',
      blocks: [
        {
          kind: 'table',
          table: {
            caption: `Group ${e.group}, dataset #${e.datasetId}, ${runs} run${runs > 1 ? 's' : ''} (mean ± std over runs)`,
            header: ['score', 'value'],
            rows: [
              ['accuracy f (%)', pm(s.accuracyPercent, 1, 1)],
              ['true-positive rate', pm(s.truePositiveRate)],
              ['false-positive rate', pm(s.falsePositiveRate)],
              ['skill TPR − FPR', pm(s.skill)],
              ['ROC AUC', pm(s.rocAuc)],
            ],
          },
        },
        {
          kind: 'figure',
          caption: `Confusion matrix of the test windows${runs > 1 ? `, counts summed over ${runs} runs` : ''} (the paper's Fig. 4).`,
          svg: renderFigure('confusion', { matrix: summedConfusion(e), description: 'test windows' }, 12, REPORT_DPI).svg,
        },
      ],
    },
    {
      title: 'Accuracy per test event (Table 2)',
      blocks: [
        {
          kind: 'figure',
          caption: 'Fraction of each test event\u2019s windows classified correctly; error bars: std over runs.',
          svg: renderFigure(
            'table2',
            { rows: [...s.events].sort((a, b) => a.originTimeMs - b.originTimeMs).map((x) => ({ label: eventLabel(x.originTimeMs).slice(0, 10), mean: x.accuracy.mean, std: x.accuracy.std })), description: `group ${e.group}` },
            REPORT_WIDTH_CM,
            REPORT_DPI,
          ).svg,
        },
        {
          kind: 'table',
          table: {
            caption: 'Per-event accuracy',
            header: ['event', 'origin time (UTC)', 'accuracy'],
            rows: s.events.map((x) => [x.eventId, eventLabel(x.originTimeMs), pm(x.accuracy)]),
          },
        },
      ],
    },
    {
      title: 'Temporal precursor curve (Fig. 5)',
      blocks: [
        {
          kind: 'text',
          text:
            curve.onsetSecondsBeforeOrigin === null
              ? 'No onset: the mean does not stay above the band of the early intervals until origin time.'
              : `Onset: interval ${curve.onsetInterval}, ${(curve.onsetSecondsBeforeOrigin / 3600).toFixed(2)} h before origin time.`,
        },
        { kind: 'figure', caption: `Fraction of the sub-windows of each 1000 s interval called precursor, over ${curve.testEvents.length} test events; shaded: ± 1 std over ${curve.runIds.length} run(s); blue band: the first ${curve.band.baselineIntervals} intervals ± ${curve.band.bandSigmas} σ.`, svg: renderFigure('5', curveFigureData(curve), REPORT_WIDTH_CM, REPORT_DPI).svg },
        {
          kind: 'table',
          table: {
            caption: 'The numbers behind the curve',
            header: ['interval', 'start before origin (s)', 'mean fraction', 'std', 'runs'],
            rows: curve.points.map((p) => [p.interval, p.startSecondsBeforeOrigin, p.mean.toFixed(4), p.std.toFixed(4), p.n]),
          },
        },
      ],
    },
    { title: 'What was run', blocks: [{ kind: 'pre', text: input.settingsText }, ...(input.textReport ? [{ kind: 'pre' as const, text: input.textReport }] : [])] },
  ];
  return renderReportHtml(input.title, input.subtitle, sections);
}


function curveFigureData(c: CurveResult): TemporalCurveFigureData {
  return { points: c.points, band: c.band, onsetInterval: c.onsetInterval, onsetSecondsBeforeOrigin: c.onsetSecondsBeforeOrigin, perRun: c.perRun };
}
