/**
 * Seeded interpretation-analysis results with the shapes and magnitudes the analyses produce on a
 * real run (40 Hz, three channels, 1000-s intervals, L = 2048; spectra at 0.001 Hz over 0–20 Hz
 * summed over ~50 windows): the adapters' inputs. Not data: only the adapters are tested with them.
 */
import type {
  FrequencyOcclusionResult,
  RelativeDifferenceResult,
  SequentialResult,
  SpectraResult,
  SpectrogramResult,
  TimeOcclusionResult,
  WindowRef,
} from '../../../src/shared/analysis';
import { Xoshiro128 } from '../../../src/main/synthetic/prng';

export const RATE_HZ = 40;
export const CHANNELS = ['BH1', 'BH2', 'BHZ'];
export const INTERVAL_SECONDS = 1000;
export const L = 2048;
const ORIGIN_MS = Date.UTC(2018, 10, 14, 3, 21);

export const windowRef: WindowRef = { eventId: 25, interval: 36, label: 'precursor', startTimeMs: ORIGIN_MS - 1000 * 1000, secondsBeforeOrigin: 1000 };

/** The interval's standardized samples, [40000, 3] interleaved: value = channel + sample / 1e5 (each sample recognisable). */
export function intervalSamples(): Float32Array {
  const n = INTERVAL_SECONDS * RATE_HZ;
  const x = new Float32Array(n * CHANNELS.length);
  for (let i = 0; i < n; i++) for (let c = 0; c < CHANNELS.length; c++) x[i * CHANNELS.length + c] = c + i / 1e5;
  return x;
}

export function sequentialResult(seed = 1): SequentialResult {
  const rng = Xoshiro128.forStream(seed, 'sequential');
  const stride = 4744;
  const starts = Array.from({ length: 9 }, (_, k) => k * stride);
  const scores = starts.map(() => rng.nextFloat());
  return {
    kind: 'sequential',
    window: windowRef,
    startSamples: starts,
    startS: starts.map((s) => s / RATE_HZ),
    scores,
    largestRise: null,
    subWindowSamples: L,
    strideSamples: stride,
    search: null,
    engine: 'wasm',
    settings: { eventId: 25, interval: 36, batchSize: 64, strideSamples: stride, search: false },
  };
}

export function timeOcclusionResult(seed = 1): TimeOcclusionResult {
  const rng = Xoshiro128.forStream(seed, 'time-occlusion');
  const starts = Array.from({ length: Math.ceil(L / 400) }, (_, k) => k * 400);
  // curves stored in another order than the channels: the adapter must match them by name
  const masked = ['all', 'BHZ', 'BH1', 'BH2'];
  return {
    kind: 'time-occlusion',
    window: windowRef,
    subIndex: 8,
    subWindowStartSample: 40000 - L,
    subWindowSamples: L,
    maskStartSamples: starts,
    maskStartS: starts.map((s) => s / RATE_HZ),
    baselineScore: 0.987654321,
    curves: masked.map((m) => ({ masked: m, scores: starts.map(() => 0.5 + 0.5 * rng.nextFloat()), regionsBelowThreshold: [] })),
    sampleRateHz: RATE_HZ,
    engine: 'wasm',
    settings: { eventId: 25, interval: 36, subIndex: 8, batchSize: 64, maskSamples: 400, strideSamples: 400, threshold: 0.5 },
  };
}

export function frequencyOcclusionResult(seed = 1): FrequencyOcclusionResult {
  const rng = Xoshiro128.forStream(seed, 'frequency-occlusion');
  const cutoffs = Array.from({ length: 40 }, (_, k) => Math.round((20 - 0.5 * k) * 10) / 10);
  return {
    kind: 'frequency-occlusion',
    baseline: { accuracyPercent: 99.2063, loss: 0.0312 },
    cutoffs: cutoffs.map((cutoffHz) => ({ cutoffHz, accuracyPercent: cutoffHz > 4 ? 99 - rng.nextFloat() : 55 + 10 * cutoffHz + rng.nextFloat(), loss: cutoffHz > 4 ? 0.1 + 0.01 * rng.nextFloat() : 0.8 - 0.1 * cutoffHz, significantDrop: cutoffHz < 3.5 })),
    dropBelowHz: 3.5,
    testSubWindows: 126,
    testEvents: 14,
    threads: 2,
    seconds: 25,
    filterSeconds: 10,
    inferenceSeconds: 30,
    engine: 'wasm',
    settings: { batchSize: 64, startHz: 20, stopHz: 0.1, stepHz: 0.5, order: 8, phase: 'causal', dropSigmas: 3, minimumDropPercent: 5 },
  };
}

export function spectrogramResult(seed = 1): SpectrogramResult {
  const rng = Xoshiro128.forStream(seed, 'spectrogram');
  const frequencyHz = Array.from({ length: 501 }, (_, k) => k * 0.04);
  const timeS = Array.from({ length: 79 }, (_, k) => 12.5 + 12.5 * k);
  return {
    kind: 'spectrogram',
    window: windowRef,
    frequencyHz,
    timeS,
    channels: CHANNELS.map((channel) => ({ channel, amplitude: timeS.map(() => frequencyHz.map((f) => (1 / (0.05 + f) + 30 * Math.exp(-(((f - 0.2) / 0.04) ** 2))) * (0.5 + rng.nextFloat()))) })),
    sampleRateHz: RATE_HZ,
    settings: { eventId: 25, interval: 36, windowSamples: 1000, strideSamples: 500, maxFrequencyHz: 20 },
  };
}

const spectrumFrequencies = (): number[] => Array.from({ length: 20001 }, (_, k) => k * 0.001);

export function spectraResult(seed = 1): SpectraResult {
  const rng = Xoshiro128.forStream(seed, 'spectra');
  const f = spectrumFrequencies();
  // summed over ~50 windows × 3 channels of standardized data: up to ~10^6 near the microseism
  const sum = (lines: number): number[] => f.map((x) => (2e5 * Math.exp(-(((x - 0.18) / 0.05) ** 2)) + 2e4 / (1 + x * 10) + lines * 3e5 * Math.exp(-(((x - 0.16) / 0.003) ** 2))) * (0.8 + 0.4 * rng.nextFloat()));
  return {
    kind: 'spectra',
    frequencyHz: f,
    train: { noiseAmplitude: sum(0), precursorAmplitude: sum(1), noiseSpectra: 72, precursorSpectra: 72, events: 24 },
    test: { noiseAmplitude: sum(0), precursorAmplitude: sum(1), noiseSpectra: 21, precursorSpectra: 21, events: 7 },
    channels: CHANNELS,
    sampleRateHz: RATE_HZ,
    segmentSamples: 40000,
    settings: { segment: 'macro-windows', maxFrequencyHz: 20 },
  };
}

export function relativeDifferenceResult(seed = 1): RelativeDifferenceResult {
  const rng = Xoshiro128.forStream(seed, 'relative-difference');
  const f = spectrumFrequencies();
  const curve = (amp: number): RelativeDifferenceResult['train'] => {
    const raw = f.map((x) => -70 + amp * (Math.exp(-(((x - 0.16) / 0.004) ** 2)) + Math.exp(-(((x - 0.21) / 0.004) ** 2))) + 10 * (rng.nextFloat() - 0.5));
    return {
      relativeDifferencePercent: raw,
      smoothedPercent: raw.map((v, i) => (i > 0 && i < raw.length - 1 ? (raw[i - 1] + v + raw[i + 1]) / 3 : v)),
      noiseLevelPercent: 1.5,
      medianPercent: -70,
      peaks: [0.16, 0.21].map((frequencyHz) => ({ frequencyHz, relativeDifferencePercent: amp - 70, prominencePercent: amp, prominenceSigmas: 40, excessSigmas: 40, consistencySigmas: 20 })),
    };
  };
  return {
    kind: 'relative-difference',
    frequencyHz: f,
    train: curve(85),
    test: curve(80),
    commonPeaks: [0.16, 0.21].map((frequencyHz) => ({ frequencyHz, trainFrequencyHz: frequencyHz, testFrequencyHz: frequencyHz })),
    smoothingWindowBins: 63,
    binWidthHz: 0.001,
    settings: { segment: 'macro-windows', maxFrequencyHz: 20, smoothingWidthHz: 0.062, smoothingPolyorder: 2, peakBandHz: [0.05, 2], significanceSigmas: 5, consistencySigmas: 4, matchToleranceHz: 0.02 },
  };
}
