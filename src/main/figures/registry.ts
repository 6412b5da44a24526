/**
 * Every publication figure, one entry each: its id on the command line, file name, caption, size
 * at a journal column width, option builder and CSV writer. The Node side (src/main/export) feeds
 * an entry its data and writes SVG/PNG/PDF + CSV + JSON sidecar; the renderer uses the same
 * builders live. Adding a figure is one entry here plus its data provider.
 */
import type { EChartsOption } from 'echarts';
import { type FigureIdName, figureIds } from '../../shared/figures';
import { type ConfusionFigureData, confusionCsv, confusionOption } from './confusion';
import { type FrequencyOcclusionFigureData, frequencyOcclusionCsv, frequencyOcclusionOption } from './frequency-occlusion';
import { type PerEventRow, perEventCsv, perEventOption } from './per-event';
import type { ZlibDeflate } from './png';
import { type RelativeDifferenceFigureData, relativeDifferenceCsv, relativeDifferenceOption } from './relative-difference';
import { type SequentialScoresFigureData, sequentialScoresCsv, sequentialScoresOption } from './sequential-scores';
import { type SpectraFigureData, spectraCsv, spectraOption } from './spectra';
import { type SpectrogramFigureData, spectrogramCsv, spectrogramOption } from './spectrogram';
import { type TemporalCurveFigureData, temporalCurveCsv, temporalCurveOption } from './temporal-curve';
import type { FigureFrame } from './theme';
import { type TimeOcclusionFigureData, timeOcclusionCsv, timeOcclusionOption } from './time-occlusion';

export interface PerEventFigureData {
  rows: readonly PerEventRow[];
  description: string;
}

/** The input of each figure, by its command-line id. */
export interface FigureDataMap {
  confusion: ConfusionFigureData;
  table2: PerEventFigureData;
  '5': TemporalCurveFigureData;
  '6': SequentialScoresFigureData;
  '7': TimeOcclusionFigureData;
  '8': FrequencyOcclusionFigureData;
  '9': SpectrogramFigureData;
  '10': SpectraFigureData;
  '11': RelativeDifferenceFigureData;
}

export type FigureId = keyof FigureDataMap;

/** Order of the command line's list and of the report (declared in the contract). */
export { figureIds };

// the contract's list and this map name the same figures
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const idsMatch: Same<FigureId, FigureIdName> = true;
void idsMatch;

export interface BuildTools {
  /** zlib compressor for rasters inside the SVG (Node: zlib.deflateSync); stored blocks without */
  deflate?: ZlibDeflate;
}

export interface FigureSpec<K extends FigureId> {
  id: K;
  /** file stem: 'fig05-temporal-curve' */
  fileStem: string;
  /** where it is in the paper */
  paperRef: string;
  title: string;
  /** height for a width, cm */
  heightCm(widthCm: number): number;
  option(data: FigureDataMap[K], frame: FigureFrame, tools: BuildTools): EChartsOption;
  csv(data: FigureDataMap[K]): string;
  caption(data: FigureDataMap[K]): string;
}

/** Height in cm: `ratio` of the width, kept within [min, max]. */
const proportional = (ratio: number, min: number, max: number) => (widthCm: number) => Math.min(max, Math.max(min, widthCm * ratio));

export const figureSpecs: { [K in FigureId]: FigureSpec<K> } = {
  confusion: {
    id: 'confusion',
    fileStem: 'fig04-confusion',
    paperRef: 'Fig. 4',
    title: 'Confusion matrix',
    heightCm: proportional(0.8, 6, 9),
    option: (d, frame) => confusionOption(d.matrix, frame),
    csv: confusionCsv,
    caption: (d) => `Confusion matrix of the ${d.description}; each cell: count and percentage of its true class.`,
  },
  table2: {
    id: 'table2',
    fileStem: 'table2-per-event-accuracy',
    paperRef: 'Table 2',
    title: 'Accuracy per test event',
    heightCm: proportional(0.75, 6.5, 9),
    option: (d, frame) => perEventOption(d.rows, frame),
    csv: (d) => perEventCsv(d.rows, d.description),
    caption: (d) => `Fraction of each test event\u2019s windows classified correctly (${d.description}); error bars: ± 1 std over runs.`,
  },
  '5': {
    id: '5',
    fileStem: 'fig05-temporal-curve',
    paperRef: 'Fig. 5',
    title: 'Temporal precursor curve',
    heightCm: proportional(0.7, 6, 9),
    option: (d, frame) => temporalCurveOption(d, frame),
    csv: temporalCurveCsv,
    caption: (d) =>
      `Fraction of the sub-windows of each interval called precursor${d.description ? ` (${d.description})` : ''}; shaded: ± 1 std over runs; blue band: the first ${d.band.baselineIntervals} intervals ± ${d.band.bandSigmas} σ` +
      (d.onsetSecondsBeforeOrigin === null ? '; no onset.' : `; onset ${(d.onsetSecondsBeforeOrigin / 3600).toFixed(2)} h before origin.`),
  },
  '6': {
    id: '6',
    fileStem: 'fig06-sequential-scores',
    paperRef: 'Fig. 6',
    title: 'Sequential sub-window scores',
    heightCm: proportional(0.8, 7, 10),
    option: (d, frame) => sequentialScoresOption(d, frame),
    csv: sequentialScoresCsv,
    caption: (d) => `Precursor score of consecutive ${d.subWindowSeconds} s sub-windows along ${d.windowDescription ?? d.windowLabel} (top: the waveform, each channel scaled to its peak).`,
  },
  '7': {
    id: '7',
    fileStem: 'fig07-time-occlusion',
    paperRef: 'Fig. 7',
    title: 'Time occlusion',
    heightCm: proportional(0.9, 8, 11),
    option: (d, frame) => timeOcclusionOption(d, frame),
    csv: timeOcclusionCsv,
    caption: (d) => `Precursor score of ${d.windowDescription ?? d.windowLabel} with a ${d.maskSeconds} s mask of zeros at each position, on all channels and on each channel alone; dotted: the unmasked score.`,
  },
  '8': {
    id: '8',
    fileStem: 'fig08-frequency-occlusion',
    paperRef: 'Fig. 8',
    title: 'Frequency occlusion',
    heightCm: proportional(0.7, 6, 9),
    option: (d, frame) => frequencyOcclusionOption(d, frame),
    csv: frequencyOcclusionCsv,
    caption: (d) =>
      `Test accuracy and loss after a low-pass filter (${d.filterDescription}), per cutoff frequency` +
      (d.dropBelowHz === undefined ? '.' : d.dropBelowHz === null ? '; no significant drop in accuracy.' : `; dashed vertical line: accuracy drops significantly below ${d.dropBelowHz} Hz.`),
  },
  '9': {
    id: '9',
    fileStem: 'fig09-spectrogram',
    paperRef: 'Fig. 9',
    title: 'Spectrograms',
    heightCm: proportional(1.1, 9, 12),
    option: (d, frame, tools) => spectrogramOption(d, frame, tools.deflate),
    csv: spectrogramCsv,
    caption: (d) => `Spectrogram of each channel of ${d.windowDescription ?? d.windowLabel} (${d.methodDescription}); colour: log10 Fourier amplitude, one scale for all channels.`,
  },
  '10': {
    id: '10',
    fileStem: 'fig10-cumulative-spectra',
    paperRef: 'Fig. 10',
    title: 'Cumulative amplitude spectra',
    heightCm: proportional(0.9, 8, 11),
    option: (d, frame) => spectraOption(d, frame),
    csv: spectraCsv,
    caption: (d) => `Amplitude spectra of the noise and precursor windows summed over events and channels (${d.amplitudeUnit}), training and test sets.`,
  },
  '11': {
    id: '11',
    fileStem: 'fig11-relative-difference',
    paperRef: 'Fig. 11',
    title: 'Relative spectral difference',
    heightCm: proportional(0.7, 6, 9),
    option: (d, frame) => relativeDifferenceOption(d, frame),
    csv: relativeDifferenceCsv,
    caption: (d) => `Relative difference of the precursor and noise spectra, smoothed (${d.smoothingDescription}); triangles: the peaks found, with their frequency.`,
  },
};

export function isFigureId(x: string): x is FigureId {
  return (figureIds as readonly string[]).includes(x);
}
