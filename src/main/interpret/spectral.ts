/**
 * The spectral analyses on a run's dataset (no model needed): cumulative spectra of the labelled
 * windows, their relative difference, and a spectrogram of one interval. Data are the windows as
 * the network sees them (each macro-window standardized jointly over its channels).
 */
import type {
  ClassSpectra,
  RelativeDifferenceCurve,
  RelativeDifferenceResult,
  RelativeDifferenceSettings,
  SpectraResult,
  SpectraSettings,
  SpectrogramAnalysisSettings,
  SpectrogramResult,
} from '../../shared/analysis';
import { channelOf, channelSpectrogram, commonPeaks, relativeDifferenceCurve, savgolWindowBins, SpectrumSum } from '../analysis/spectral';
import { macroWindowSamples, subWindowViews } from '../dataset';
import { classOf } from '../training/data';
import { chooseInterval, labelledWindows, readInterval, readStandardized, type DataContext } from './selection';

export interface Steps {
  progress(fraction: number, step: string): void;
  /** throws ForeseisError('cancelled') when the caller asked to stop */
  check(): void;
}

/** Amplitude spectra of one split's labelled windows, summed per unit (event) and class. */
interface SplitSpectra {
  frequencyHz: Float64Array;
  segmentSamples: number;
  /** per unit: [noise, precursor] */
  units: [SpectrumSum, SpectrumSum][];
  events: number;
}

function splitSpectra(ctx: DataContext, split: 'train' | 'test', s: Pick<SpectraSettings, 'segment' | 'maxFrequencyHz'>, steps: Steps, from: number, to: number): SplitSpectra {
  const d = ctx.dataset.settings;
  const channels = d.channels.length;
  const segmentSamples = s.segment === 'macro-windows' ? macroWindowSamples(d) : d.subWindowSamples;
  const windows = labelledWindows(ctx, split);
  const events = [...new Set(windows.map((w) => w.eventId).filter((e): e is number => e !== null))].sort((a, b) => a - b);
  const unitCount = Math.max(1, events.length);
  const units = Array.from({ length: unitCount }, (): [SpectrumSum, SpectrumSum] => [
    new SpectrumSum(segmentSamples, d.sampleRateHz, s.maxFrequencyHz),
    new SpectrumSum(segmentSamples, d.sampleRateHz, s.maxFrequencyHz),
  ]);
  // Noise-B windows belong to no event: they are dealt to the units in turn.
  let free = 0;
  windows.forEach((w, i) => {
    steps.check();
    const unit = w.eventId === null ? free++ % unitCount : events.indexOf(w.eventId);
    const samples = readStandardized(ctx, w);
    const parts = s.segment === 'macro-windows' ? [samples] : subWindowViews(samples, channels, d.subWindowSamples, d.subWindowsPerWindow);
    const segments = parts.flatMap((p) => Array.from({ length: channels }, (_, c) => channelOf(p, channels, c)));
    units[unit][classOf(w.label) as 0 | 1].add(segments);
    steps.progress(from + ((to - from) * (i + 1)) / windows.length, `${split} window ${i + 1}/${windows.length}`);
  });
  return { frequencyHz: units[0][0].frequencyHz, segmentSamples, units, events: events.length };
}

function classSpectra(x: SplitSpectra): ClassSpectra {
  const bins = x.frequencyHz.length;
  const total = (c: 0 | 1): number[] => {
    const out = new Array<number>(bins).fill(0);
    for (const u of x.units) for (let k = 0; k < bins; k++) out[k] += u[c].sum[k];
    return out;
  };
  const count = (c: 0 | 1): number => x.units.reduce((a, u) => a + u[c].count, 0);
  return { noiseAmplitude: total(0), precursorAmplitude: total(1), noiseSpectra: count(0), precursorSpectra: count(1), events: x.events };
}

export function cumulativeSpectra(ctx: DataContext, s: SpectraSettings, steps: Steps): SpectraResult {
  const train = splitSpectra(ctx, 'train', s, steps, 0, 0.7);
  const test = splitSpectra(ctx, 'test', s, steps, 0.7, 1);
  const d = ctx.dataset.settings;
  return {
    kind: 'spectra',
    frequencyHz: Array.from(train.frequencyHz),
    train: classSpectra(train),
    test: classSpectra(test),
    channels: [...d.channels],
    sampleRateHz: d.sampleRateHz,
    segmentSamples: train.segmentSamples,
    settings: s,
  };
}

/** Fig. 11: the relative difference of the cumulative spectra, per split, with its significant and common peaks. */
export function relativeDifference(ctx: DataContext, s: RelativeDifferenceSettings, steps: Steps): RelativeDifferenceResult {
  const train = splitSpectra(ctx, 'train', s, steps, 0, 0.7);
  const test = splitSpectra(ctx, 'test', s, steps, 0.7, 0.95);
  const d = ctx.dataset.settings;
  const binWidthHz = d.sampleRateHz / train.segmentSamples;
  const windowBins = savgolWindowBins(s.smoothingWidthHz, binWidthHz, s.smoothingPolyorder);
  const curve = (x: SplitSpectra): RelativeDifferenceCurve =>
    relativeDifferenceCurve(x.frequencyHz, x.units.map((u) => u[0].sum), x.units.map((u) => u[1].sum), windowBins, s);
  const trainCurve = curve(train);
  const testCurve = curve(test);
  steps.progress(1, 'done');
  return {
    kind: 'relative-difference',
    frequencyHz: Array.from(train.frequencyHz),
    train: trainCurve,
    test: testCurve,
    commonPeaks: commonPeaks(trainCurve.peaks, testCurve.peaks, s.matchToleranceHz),
    smoothingWindowBins: windowBins,
    binWidthHz,
    settings: s,
  };
}

export function intervalSpectrogram(ctx: DataContext, s: SpectrogramAnalysisSettings, steps: Steps): SpectrogramResult {
  const d = ctx.dataset.settings;
  const chosen = chooseInterval(ctx, s.eventId, s.interval);
  const samples = readInterval(ctx, chosen);
  const channels = d.channels.map((channel, c) => {
    steps.check();
    const sg = channelSpectrogram(channelOf(samples, d.channels.length, c), d.sampleRateHz, s.windowSamples, s.strideSamples, s.maxFrequencyHz);
    steps.progress((c + 1) / d.channels.length, `channel ${channel}`);
    return { channel, ...sg };
  });
  return {
    kind: 'spectrogram',
    window: chosen.ref,
    frequencyHz: channels[0].frequencyHz,
    timeS: channels[0].timeS,
    channels: channels.map((c) => ({ channel: c.channel, amplitude: c.amplitude })),
    sampleRateHz: d.sampleRateHz,
    settings: { ...s, eventId: chosen.ref.eventId, interval: chosen.ref.interval },
  };
}
