import { describe, expect, it } from 'vitest';
import { hannPeriodic, spectrogram } from '../../../src/main/dsp/spectrogram';
import { expectClose, reference, TOL } from './reference';

const ref = reference();

describe('spectrogram = |rfft| of each sliding window (numpy on the same definition)', () => {
  it.each(ref.spectrogram.map((s) => [s.windowSamples, s.strideSamples, s.taper, s] as const))(
    'window %i, stride %i, taper %s',
    (windowSamples, strideSamples, taper, s) => {
      const x = ref.spectrogram_input.slice(0, windowSamples === 1000 ? undefined : 1500);
      const sg = spectrogram(x, ref.fs, { windowSamples, strideSamples, taper });
      expect(sg.nWindows).toBe(s.timeS.length);
      expect(sg.nFrequencies).toBe(s.frequencyHz.length);
      expectClose(sg.timeS, s.timeS, 1e-15, 'times');
      expectClose(sg.frequencyHz, s.frequencyHz, 1e-15, 'frequencies');
      expectClose(sg.amplitude, s.amplitude, TOL, `amplitude ${windowSamples}/${strideSamples}/${taper}`);
      expect(sg.settings).toEqual({ sampleRateHz: ref.fs, windowSamples, strideSamples, taper });
    },
  );

  it('defaults to 1000-sample windows every 500 samples, no taper', () => {
    const sg = spectrogram(ref.spectrogram_input, ref.fs);
    expect(sg.settings).toEqual({ sampleRateHz: 40, windowSamples: 1000, strideSamples: 500, taper: 'none' });
    expect(sg.nWindows).toBe(11);
    expect(sg.timeS[0]).toBe(12.5);
  });

  it('the shortest legal signal is one window; shorter, empty or NaN input throws', () => {
    expect(spectrogram(ref.spectrogram_input.slice(0, 1000), 40).nWindows).toBe(1);
    expect(() => spectrogram(ref.spectrogram_input.slice(0, 999), 40)).toThrow(/shorter than one window/);
    expect(() => spectrogram([], 40)).toThrow(RangeError);
    const bad = ref.spectrogram_input.slice();
    bad[2600] = Number.NaN;
    expect(() => spectrogram(bad, 40)).toThrow(/window 4 \(samples 2000\.\.2999\)/);
    expect(() => spectrogram(bad, 40, { windowSamples: 1 })).toThrow(/windowSamples/);
    expect(() => spectrogram(bad, 40, { strideSamples: 0 })).toThrow(/strideSamples/);
  });

  it('hannPeriodic is the DFT-even Hann window', () => {
    const w = hannPeriodic(8);
    expect(w[0]).toBe(0);
    expect(w[4]).toBeCloseTo(1, 15);
    expect(w[2]).toBeCloseTo(0.5, 15);
    expect(w[6]).toBeCloseTo(w[2], 15);
  });
});
