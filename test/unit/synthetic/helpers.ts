/** Spectral measurements shared by the synthetic-data tests. */
import { welchPsd, type WelchResult } from '../../../src/main/dsp/psd';

export const fs = 40;

/** Welch PSD (counts^2/Hz) of x[from, to) with 8192-sample (204.8 s) segments. */
export function psdOf(x: Float32Array, from = 0, to = x.length, segmentSamples = 8192): WelchResult {
  return welchPsd(x.subarray(from, to), fs, { segmentSamples, window: 'hann', detrend: 'constant', scaling: 'density' });
}

/** Mean PSD over the bins with |f - centreHz| <= halfWidthHz. */
export function bandMean(r: WelchResult, centreHz: number, halfWidthHz: number, exclude: number[] = []): number {
  let s = 0;
  let n = 0;
  for (let k = 0; k < r.psd.length; k++) {
    const f = r.frequenciesHz[k];
    if (Math.abs(f - centreHz) <= halfWidthHz && exclude.every((e) => Math.abs(f - e) > 0.015)) {
      s += r.psd[k];
      n++;
    }
  }
  if (n === 0) throw new Error(`no bins near ${centreHz} Hz`);
  return s / n;
}

/**
 * In-band excess of a line at f0: PSD within +-0.006 Hz of f0 over the PSD of its neighbours
 * (0.015..0.04 Hz away, skipping other lines). 1 = no excess.
 */
export function lineExcess(r: WelchResult, f0: number, allLines: number[]): number {
  const inBand = bandMean(r, f0, 0.006);
  let s = 0;
  let n = 0;
  for (let k = 0; k < r.psd.length; k++) {
    const d = Math.abs(r.frequenciesHz[k] - f0);
    if (d > 0.015 && d < 0.04 && allLines.every((g) => g === f0 || Math.abs(r.frequenciesHz[k] - g) > 0.015)) {
      s += r.psd[k];
      n++;
    }
  }
  return inBand / (s / n);
}

/** Acceleration PSD in dB re 1 (m/s^2)^2/Hz from a counts PSD and a sensitivity in counts/(m/s). */
export function accelerationDb(psdCounts: number, frequencyHz: number, sensitivityCountsPerMps: number): number {
  return 10 * Math.log10((psdCounts / sensitivityCountsPerMps ** 2) * (2 * Math.PI * frequencyHz) ** 2);
}

export function sameBytes(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const ua = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const ub = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  return true;
}
