/**
 * The stored interpretation analyses (src/shared/analysis.ts) as the figures' inputs: one pure
 * function per figure, from an analysis result (plus, for Figs. 6 and 7, the interval's waveform,
 * which the analyses do not store) to the builder's data. Labels name the event and interval so
 * a figure says what it shows without its sidecar.
 */
import type {
  FrequencyOcclusionResult,
  RelativeDifferenceResult,
  SequentialResult,
  SpectraResult,
  SpectrogramResult,
  TimeOcclusionResult,
  WindowRef,
} from '../../shared/analysis';
import type { UniformTrace } from './decimate';
import type { FrequencyOcclusionFigureData } from './frequency-occlusion';
import type { RelativeDifferenceFigureData } from './relative-difference';
import type { SequentialScoresFigureData } from './sequential-scores';
import type { SpectraFigureData } from './spectra';
import type { SpectrogramFigureData } from './spectrogram';
import type { TimeOcclusionFigureData } from './time-occlusion';

/** One interval as the network sees it: standardized, [samples, channels] interleaved. */
export interface IntervalWaveform {
  channels: readonly string[];
  sampleRateHz: number;
  samples: ArrayLike<number>;
}

/** The network calls a sub-window precursor when its score exceeds this (analysis/metrics DECISION_THRESHOLD). */
export const FIGURE_DECISION_THRESHOLD = 0.5;

/** Top of the spectrogram's frequency axis by default, Hz: the band the relative-difference peaks are searched in (0.05–2 Hz). */
export const SPECTROGRAM_TOP_HZ = 2;

const LABELS: Record<WindowRef['label'], string> = { precursor: 'precursor', 'noise-a': 'noise A', 'noise-b': 'noise B', unlabelled: 'unlabelled' };

function fmt(x: number): string {
  return Number(x.toPrecision(6)).toString();
}

/** 'event #12, interval 36 (precursor)': short enough for a panel's label at 8.4 cm */
export function windowLabel(ref: WindowRef): string {
  return `event #${ref.eventId}, interval ${ref.interval} (${LABELS[ref.label]})`;
}

/** 'event #12 (origin 2016-11-11 04:05 UTC), interval 36 (precursor, 1000–0 s before origin)': for captions and CSV headers */
export function windowDescription(ref: WindowRef, intervalSeconds: number): string {
  const originMs = ref.startTimeMs + ref.secondsBeforeOrigin * 1000;
  const origin = new Date(originMs).toISOString().slice(0, 16).replace('T', ' ');
  const endBefore = ref.secondsBeforeOrigin - intervalSeconds;
  return `event #${ref.eventId} (origin ${origin} UTC), interval ${ref.interval} (${LABELS[ref.label]}, ${fmt(ref.secondsBeforeOrigin)}–${fmt(Math.max(0, endBefore))} s before origin)`;
}

function channelCount(w: IntervalWaveform): number {
  return w.channels.length;
}

/** Samples [from, to) of every channel as traces starting at 0 s. */
function traces(w: IntervalWaveform, from: number, to: number): UniformTrace[] {
  const C = channelCount(w);
  return w.channels.map((_, c) => {
    const values = new Float32Array(to - from);
    for (let i = from; i < to; i++) values[i - from] = w.samples[i * C + c];
    return { startSeconds: 0, sampleRateHz: w.sampleRateHz, values };
  });
}

function intervalSeconds(w: IntervalWaveform): number {
  return w.samples.length / channelCount(w) / w.sampleRateHz;
}

/** Fig. 6 from the sequential scores and the interval they were cut from. */
export function sequentialFigureData(r: SequentialResult, w: IntervalWaveform): SequentialScoresFigureData {
  const n = w.samples.length / channelCount(w);
  return {
    windowLabel: windowLabel(r.window),
    windowDescription: windowDescription(r.window, intervalSeconds(w)),
    channels: [...w.channels],
    waveforms: traces(w, 0, n),
    subWindowStartSeconds: [...r.startS],
    subWindowSeconds: r.subWindowSamples / w.sampleRateHz,
    precursorScores: [...r.scores],
    decisionThreshold: FIGURE_DECISION_THRESHOLD,
  };
}

/** Fig. 7 from the time occlusion of one sub-window; the waveform is that sub-window of the interval. */
export function timeOcclusionFigureData(r: TimeOcclusionResult, w: IntervalWaveform): TimeOcclusionFigureData {
  const L = r.subWindowSamples;
  const rate = r.sampleRateHz;
  const mask = r.settings.maskSamples;
  const curve = (masked: string): number[] => {
    const c = r.curves.find((x) => x.masked === masked);
    if (!c) throw new Error(`time occlusion of event #${r.window.eventId} has no curve with ${masked} masked`);
    return [...c.scores];
  };
  const from = r.subWindowStartSample;
  return {
    windowLabel: `event #${r.window.eventId}, interval ${r.window.interval}, sub-window ${r.subIndex + 1}`,
    windowDescription: `sub-window ${r.subIndex + 1} (${fmt(from / rate)}–${fmt((from + L) / rate)} s of the interval) of ${windowDescription(r.window, intervalSeconds(w))}`,
    channels: [...w.channels],
    waveforms: traces(w, from, from + L),
    // the last mask may be clipped at the sub-window's end: its centre is that of the samples it covers
    maskCentreSeconds: r.maskStartSamples.map((s) => (s + Math.min(mask, L - s) / 2) / rate),
    maskSeconds: mask / rate,
    unmaskedScore: r.baselineScore,
    allChannelsScores: curve('all'),
    perChannelScores: w.channels.map((c) => curve(c)),
  };
}

/** 'Butterworth low-pass, order 8 (−48 dB/octave), causal' */
export function filterDescription(s: FrequencyOcclusionResult['settings']): string {
  return s.phase === 'causal'
    ? `Butterworth low-pass, order ${s.order} (−${6 * s.order} dB/octave), causal`
    : `Butterworth low-pass, order ${s.order} applied forward and backward (zero-phase, −${12 * s.order} dB/octave)`;
}

/** Fig. 8 from the frequency-occlusion sweep (its cutoffs in the sweep's order, highest first). */
export function frequencyOcclusionFigureData(r: FrequencyOcclusionResult): FrequencyOcclusionFigureData {
  return {
    cutoffsHz: r.cutoffs.map((c) => c.cutoffHz),
    accuracyPercent: r.cutoffs.map((c) => c.accuracyPercent),
    loss: r.cutoffs.map((c) => c.loss),
    filterDescription: `${filterDescription(r.settings)}, cutoffs ${fmt(r.settings.startHz)} to ${fmt(r.settings.stopHz)} Hz in ${fmt(r.settings.stepHz)} Hz steps; ${r.testSubWindows} test sub-windows of ${r.testEvents} event${r.testEvents === 1 ? '' : 's'}`,
    unfilteredAccuracyPercent: r.baseline.accuracyPercent,
    dropBelowHz: r.dropBelowHz,
  };
}

/** Fig. 9 from the spectrogram of one interval; the frequency axis ends at `topHz` (default 2 Hz, or the analysis's own limit if lower). */
export function spectrogramFigureData(r: SpectrogramResult, windowSeconds: number, topHz = SPECTROGRAM_TOP_HZ): SpectrogramFigureData {
  const nF = r.frequencyHz.length;
  const s = r.settings;
  return {
    windowLabel: windowLabel(r.window),
    windowDescription: windowDescription(r.window, windowSeconds),
    channels: r.channels.map((c) => c.channel),
    timesSeconds: [...r.timeS],
    frequenciesHz: [...r.frequencyHz],
    amplitude: r.channels.map((c) => {
      const a = new Float64Array(c.amplitude.length * nF);
      c.amplitude.forEach((row, t) => a.set(row, t * nF));
      return a;
    }),
    methodDescription: `${s.windowSamples}-sample windows of ${fmt(s.windowSamples / r.sampleRateHz)} s, stride ${s.strideSamples} samples, no taper, of the standardized data`,
    windowSeconds,
    maxFrequencyHz: Math.min(topHz, s.maxFrequencyHz, r.frequencyHz[nF - 1] ?? topHz),
  };
}

/** Fig. 10 from the cumulative spectra. */
export function spectraFigureData(r: SpectraResult): SpectraFigureData {
  const C = Math.max(1, r.channels.length);
  const windows = (s: SpectraResult['train']): number => Math.round((s.noiseSpectra + s.precursorSpectra) / C);
  return {
    frequenciesHz: [...r.frequencyHz],
    train: { noise: [...r.train.noiseAmplitude], precursor: [...r.train.precursorAmplitude] },
    test: { noise: [...r.test.noiseAmplitude], precursor: [...r.test.precursorAmplitude] },
    amplitudeUnit: 'standardized amplitude',
    windows: { train: windows(r.train), test: windows(r.test) },
  };
}

/** Fig. 11 from the relative difference; the axis ends at the top of the band the peaks were searched in. */
export function relativeDifferenceFigureData(r: RelativeDifferenceResult): RelativeDifferenceFigureData {
  const s = r.settings;
  return {
    frequenciesHz: [...r.frequencyHz],
    train: { percent: [...r.train.smoothedPercent], peaksHz: r.train.peaks.map((p) => p.frequencyHz) },
    test: { percent: [...r.test.smoothedPercent], peaksHz: r.test.peaks.map((p) => p.frequencyHz) },
    smoothingDescription: `Savitzky-Golay, order ${s.smoothingPolyorder}, over ${fmt(r.smoothingWindowBins * r.binWidthHz)} Hz (${r.smoothingWindowBins} bins)`,
    maxFrequencyHz: s.peakBandHz[1],
  };
}
