/**
 * Seeded synthetic inputs for every figure: plausible shapes (a precursor tremor near 0.16 and
 * 0.21 Hz, scores rising toward origin time) so that the figures can be built, looked at and
 * guarded by golden files before the real analyses exist. Not data: only the builders are tested.
 */
import type { FigureDataMap } from '../../../src/main/figures/registry';
import { Xoshiro128 } from '../../../src/main/synthetic/prng';

const CHANNELS = ['BH1', 'BH2', 'BHZ'];

function gauss(rng: Xoshiro128): number {
  const u = Math.max(1e-12, rng.nextFloat());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
}

function waveform(rng: Xoshiro128, samples: number, rateHz: number, channel: number): Float32Array {
  const x = new Float32Array(samples);
  let smooth = 0;
  for (let i = 0; i < samples; i++) {
    const t = i / rateHz;
    smooth = 0.9 * smooth + 0.1 * gauss(rng);
    x[i] = smooth + 0.8 * Math.sin(2 * Math.PI * 0.16 * t + channel) + 0.5 * Math.sin(2 * Math.PI * 0.21 * t);
  }
  // one spike per channel: min/max decimation must keep it
  x[Math.floor(samples * (0.3 + 0.2 * channel))] = 12 + channel;
  return x;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export function sequentialInput(seed = 1): FigureDataMap['6'] {
  const rng = Xoshiro128.forStream(seed, 'fig6');
  const rate = 40;
  const samples = 40000;
  const starts = Array.from({ length: 37 }, (_, k) => (k * 656) / rate);
  return {
    windowLabel: 'synthetic event 1, interval 36',
    channels: CHANNELS,
    waveforms: CHANNELS.map((_, c) => ({ startSeconds: 0, sampleRateHz: rate, values: waveform(rng, samples, rate, c) })),
    subWindowStartSeconds: starts,
    subWindowSeconds: 16384 / rate,
    precursorScores: starts.map((s) => sigmoid((s - 300) / 60 + 0.3 * gauss(rng))),
    decisionThreshold: 0.5,
  };
}

export function timeOcclusionInput(seed = 1): FigureDataMap['7'] {
  const rng = Xoshiro128.forStream(seed, 'fig7');
  const rate = 40;
  const samples = 16384;
  const centres = Array.from({ length: Math.floor(samples / 400) }, (_, k) => (k * 400 + 200) / rate);
  const dip = (t: number, at: number, depth: number): number => depth * Math.exp(-(((t - at) / 20) ** 2));
  return {
    windowLabel: 'synthetic event 1, last sub-window',
    channels: CHANNELS,
    waveforms: CHANNELS.map((_, c) => ({ startSeconds: 0, sampleRateHz: rate, values: waveform(rng, samples, rate, c) })),
    maskCentreSeconds: centres,
    maskSeconds: 10,
    unmaskedScore: 0.93,
    allChannelsScores: centres.map((t) => 0.93 - dip(t, 250, 0.6) - 0.03 * rng.nextFloat()),
    perChannelScores: CHANNELS.map((_, c) => centres.map((t) => 0.93 - dip(t, 250, 0.2 + 0.15 * c) - 0.02 * rng.nextFloat())),
  };
}

export function frequencyOcclusionInput(seed = 1): FigureDataMap['8'] {
  const rng = Xoshiro128.forStream(seed, 'fig8');
  const cut = Array.from({ length: 200 }, (_, k) => Math.round((20 - 0.1 * k) * 10) / 10).reverse();
  return {
    cutoffsHz: cut,
    accuracyPercent: cut.map((f) => 50 + 40 * sigmoid((f - 0.25) / 0.04) + rng.nextFloat()),
    loss: cut.map((f) => 0.3 + 0.5 * (1 - sigmoid((f - 0.25) / 0.04)) + 0.02 * rng.nextFloat()),
    filterDescription: 'Butterworth low-pass, order 8 (−48 dB/octave), zero-phase',
    unfilteredAccuracyPercent: 90.2,
    dropBelowHz: 0.3,
  };
}

export function spectrogramInput(seed = 1): FigureDataMap['9'] {
  const rng = Xoshiro128.forStream(seed, 'fig9');
  const times = Array.from({ length: 79 }, (_, k) => (500 + k * 500) / 40);
  const freqs = Array.from({ length: 501 }, (_, k) => k * 0.04);
  return {
    windowLabel: 'synthetic event 1, interval 36',
    channels: CHANNELS,
    timesSeconds: times,
    frequenciesHz: freqs,
    amplitude: CHANNELS.map((_, c) => {
      const a = new Float64Array(times.length * freqs.length);
      for (let t = 0; t < times.length; t++) {
        for (let f = 0; f < freqs.length; f++) {
          const hz = freqs[f];
          const micro = Math.exp(-(((hz - 0.2) / 0.08) ** 2)) * (1 + t / times.length) * (1 + 0.3 * c);
          a[t * freqs.length + f] = (0.05 / (0.1 + hz) + micro) * (0.7 + 0.6 * rng.nextFloat());
        }
      }
      return a;
    }),
    methodDescription: '1000-sample windows, stride 500, Hann taper',
    windowSeconds: 1000,
    maxFrequencyHz: 2,
  };
}

function spectrum(rng: Xoshiro128, freqs: readonly number[], bump: number): number[] {
  return freqs.map((f) => {
    const base = 100 / (0.05 + f) ** 1.2 + 300 * Math.exp(-(((f - 0.18) / 0.06) ** 2));
    const tremor = bump * (Math.exp(-(((f - 0.16) / 0.01) ** 2)) + Math.exp(-(((f - 0.21) / 0.01) ** 2)));
    return (base + tremor * base) * (0.9 + 0.2 * rng.nextFloat());
  });
}

export function spectraInput(seed = 1): FigureDataMap['10'] {
  const rng = Xoshiro128.forStream(seed, 'fig10');
  const freqs = Array.from({ length: 513 }, (_, k) => (k * 20) / 512);
  return {
    frequenciesHz: freqs,
    train: { noise: spectrum(rng, freqs, 0), precursor: spectrum(rng, freqs, 0.6) },
    test: { noise: spectrum(rng, freqs, 0), precursor: spectrum(rng, freqs, 0.5) },
    amplitudeUnit: 'standardized amplitude',
    windows: { train: 888, test: 259 },
  };
}

export function relativeDifferenceInput(seed = 1): FigureDataMap['11'] {
  const rng = Xoshiro128.forStream(seed, 'fig11');
  const freqs = Array.from({ length: 513 }, (_, k) => (k * 20) / 512);
  const rel = (amp: number): number[] => freqs.map((f) => amp * (Math.exp(-(((f - 0.16) / 0.02) ** 2)) + 0.8 * Math.exp(-(((f - 0.21) / 0.02) ** 2))) + 3 * (rng.nextFloat() - 0.5));
  return {
    frequenciesHz: freqs,
    train: { percent: rel(60), peaksHz: [0.16, 0.21] },
    test: { percent: rel(45), peaksHz: [0.16, 0.2] },
    smoothingDescription: 'Savitzky-Golay, order 2, over 0.062 Hz',
    maxFrequencyHz: 2,
  };
}

export function confusionInput(): FigureDataMap['confusion'] {
  return { matrix: { trueNoise: { predictedNoise: 234, predictedPrecursor: 25 }, truePrecursor: { predictedNoise: 26, predictedPrecursor: 233 } }, description: 'test windows of dataset #1, group 1, counts summed over 5 runs' };
}

export function perEventInput(): FigureDataMap['table2'] {
  const acc = [1.0, 0.89, 0.5, 0.95, 1.0, 1.0, 0.97];
  const dates = ['2013-10-25', '2013-12-08', '2016-09-20', '2016-10-21', '2016-11-11', '2017-07-26', '2018-11-14'];
  return { rows: acc.map((a, i) => ({ label: dates[i], originTimeUtc: `${dates[i]} 12:00`, mean: a, std: a === 1 ? 0 : 0.04, eventId: i + 1, windows: 74, runs: 5 })), description: 'dataset #1, group 1, 5 runs' };
}

export function temporalCurveInput(): FigureDataMap['5'] {
  const points = Array.from({ length: 36 }, (_, k) => {
    const mean = k < 22 ? 0.08 + 0.02 * Math.sin(k) : Math.min(1, 0.1 + 0.065 * (k - 21));
    return { interval: k + 1, mean, std: 0.03 + 0.02 * Math.cos(k), n: 5, startSecondsBeforeOrigin: (36 - k) * 1000, endSecondsBeforeOrigin: (35 - k) * 1000 };
  });
  return { points, band: { low: 0.02, high: 0.14, baselineIntervals: 12, bandSigmas: 3 }, onsetInterval: 24, onsetSecondsBeforeOrigin: 13000, description: 'synthetic, 5 runs' };
}

export const figureInputs: { [K in keyof FigureDataMap]: () => FigureDataMap[K] } = {
  confusion: confusionInput,
  table2: perEventInput,
  '5': temporalCurveInput,
  '6': sequentialInput,
  '7': timeOcclusionInput,
  '8': frequencyOcclusionInput,
  '9': spectrogramInput,
  '10': spectraInput,
  '11': relativeDifferenceInput,
};
