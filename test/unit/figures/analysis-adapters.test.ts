/**
 * The adapters from stored analyses to the figures' inputs, on seeded analysis results: shapes and
 * units, that every number a figure plots (apart from the waveform under Figs. 6 and 7, which is
 * the project's data) is in its CSV, and that the figures lay out cleanly at both journal widths
 * with the labels and magnitudes real results have.
 */
import { describe, expect, it } from 'vitest';
import {
  frequencyOcclusionFigureData,
  relativeDifferenceFigureData,
  sequentialFigureData,
  spectraFigureData,
  spectrogramFigureData,
  timeOcclusionFigureData,
} from '../../../src/main/figures/analysis-adapters';
import { frameFor, renderFigure } from '../../../src/main/figures/figure-svg';
import { type FigureDataMap, type FigureId, figureSpecs } from '../../../src/main/figures/registry';
import {
  CHANNELS,
  frequencyOcclusionResult,
  INTERVAL_SECONDS,
  intervalSamples,
  L,
  RATE_HZ,
  relativeDifferenceResult,
  sequentialResult,
  spectraResult,
  spectrogramResult,
  timeOcclusionResult,
} from './analysis-results';
import { layoutProblems } from './text-layout';

const wave = { channels: CHANNELS, sampleRateHz: RATE_HZ, samples: intervalSamples() };

const inputs: { [K in '6' | '7' | '8' | '9' | '10' | '11']: () => FigureDataMap[K] } = {
  '6': () => sequentialFigureData(sequentialResult(), wave),
  '7': () => timeOcclusionFigureData(timeOcclusionResult(), wave),
  '8': () => frequencyOcclusionFigureData(frequencyOcclusionResult()),
  '9': () => spectrogramFigureData(spectrogramResult(), INTERVAL_SECONDS),
  '10': () => spectraFigureData(spectraResult()),
  '11': () => relativeDifferenceFigureData(relativeDifferenceResult()),
};

/** Every number of a CSV (comments and header skipped), rounded as the builders round what they plot. */
function csvNumbers(csv: string): Set<number> {
  const out = new Set<number>();
  for (const line of csv.split('\n').filter((l) => l && !l.startsWith('#')).slice(1)) for (const cell of line.split(',')) if (cell !== '' && Number.isFinite(Number(cell))) out.add(Number(Number(cell).toPrecision(6)));
  return out;
}

/** [x, y] points of the series that carry results (not the waveform traces, which are silent lines on axis 0 of Figs. 6 and 7). */
function plottedPoints(id: FigureId, data: unknown): number[][] {
  const { frame } = frameFor(id, 8.4, 72);
  const option = (figureSpecs[id].option as (d: unknown, f: typeof frame, t: object) => { series: { silent?: boolean; yAxisIndex?: number; type: string; data: unknown[] }[] })(data, frame, {});
  return option.series
    .filter((s) => s.type === 'line' && !((id === '6' || id === '7') && s.yAxisIndex === 0))
    .flatMap((s) => s.data as (number | null)[][])
    .filter((p) => p[1] !== null) as number[][];
}

describe('analysis results → figure inputs', () => {
  it('Fig. 6: the interval per channel in seconds, the scores at each sub-window, the short panel label', () => {
    const r = sequentialResult();
    const d = inputs['6']();
    expect(d.channels).toEqual(CHANNELS);
    expect(d.waveforms).toHaveLength(3);
    expect(d.waveforms[1].values).toHaveLength(INTERVAL_SECONDS * RATE_HZ);
    expect(d.waveforms[2].values[1234]).toBeCloseTo(2 + 1234 / 1e5, 6); // channel 2 de-interleaved
    expect(d.subWindowSeconds).toBeCloseTo(L / RATE_HZ, 12);
    expect(Array.from(d.subWindowStartSeconds)).toEqual(r.startSamples.map((s) => s / RATE_HZ));
    expect(Array.from(d.precursorScores)).toEqual(r.scores);
    expect(d.decisionThreshold).toBe(0.5);
    expect(d.windowLabel).toBe('event #25, interval 36 (precursor)');
    expect(d.windowDescription).toBe('event #25 (origin 2018-11-14 03:21 UTC), interval 36 (precursor, 1000–0 s before origin)');
  });

  it('Fig. 7: the sub-window of the interval, mask centres in seconds (the last mask clipped), curves matched by channel name', () => {
    const r = timeOcclusionResult();
    const d = inputs['7']();
    expect(d.waveforms[0].values).toHaveLength(L);
    expect(d.waveforms[0].values[0]).toBeCloseTo((40000 - L) / 1e5, 6);
    expect(d.maskSeconds).toBe(10);
    const centres = Array.from(d.maskCentreSeconds);
    expect(centres[0]).toBeCloseTo(5, 12);
    // starts 0, 400, …, 2000: the last covers 2000..2047, centre 2024 samples
    expect(centres[centres.length - 1]).toBeCloseTo(2024 / RATE_HZ, 12);
    expect(Array.from(d.allChannelsScores)).toEqual(r.curves[0].scores);
    expect(Array.from(d.perChannelScores[0])).toEqual(r.curves.find((c) => c.masked === 'BH1')?.scores);
    expect(Array.from(d.perChannelScores[2])).toEqual(r.curves.find((c) => c.masked === 'BHZ')?.scores);
    expect(d.unmaskedScore).toBe(r.baselineScore);
    expect(d.windowDescription).toMatch(/^sub-window 9 \(948\.8–1000 s of the interval\) of event #25/);
  });

  it('Fig. 8: cutoffs in Hz, accuracy in %, the filter and the drop described', () => {
    const r = frequencyOcclusionResult();
    const d = inputs['8']();
    expect(Array.from(d.cutoffsHz)).toEqual(r.cutoffs.map((c) => c.cutoffHz));
    expect(Array.from(d.accuracyPercent)).toEqual(r.cutoffs.map((c) => c.accuracyPercent));
    expect(Array.from(d.loss)).toEqual(r.cutoffs.map((c) => c.loss));
    expect(d.unfilteredAccuracyPercent).toBe(99.2063);
    expect(d.filterDescription).toBe('Butterworth low-pass, order 8 (−48 dB/octave), causal, cutoffs 20 to 0.1 Hz in 0.5 Hz steps; 126 test sub-windows of 14 events');
    expect(d.dropBelowHz).toBe(3.5);
    expect(figureSpecs['8'].caption(d)).toMatch(/accuracy drops significantly below 3\.5 Hz\.$/);
    const none = frequencyOcclusionFigureData({ ...r, dropBelowHz: null, settings: { ...r.settings, phase: 'zero-phase' } });
    expect(none.filterDescription).toMatch(/zero-phase, −96 dB\/octave/);
    expect(figureSpecs['8'].caption(none)).toMatch(/no significant drop in accuracy\.$/);
  });

  it('Fig. 9: amplitude time-major per channel, the axis to 2 Hz over the whole interval', () => {
    const r = spectrogramResult();
    const d = inputs['9']();
    const nF = r.frequencyHz.length;
    expect(d.amplitude).toHaveLength(3);
    expect(d.amplitude[1]).toHaveLength(r.timeS.length * nF);
    expect(d.amplitude[1][7 * nF + 11]).toBe(r.channels[1].amplitude[7][11]);
    expect(d.maxFrequencyHz).toBe(2);
    expect(d.windowSeconds).toBe(1000);
    expect(d.methodDescription).toBe('1000-sample windows of 25 s, stride 500 samples, no taper, of the standardized data');
    expect(spectrogramFigureData({ ...r, settings: { ...r.settings, maxFrequencyHz: 1 } }, 1000).maxFrequencyHz).toBe(1);
  });

  it('Fig. 10: the sums per class and set, windows counted from single-channel spectra', () => {
    const r = spectraResult();
    const d = inputs['10']();
    expect(Array.from(d.train.noise)).toEqual(r.train.noiseAmplitude);
    expect(Array.from(d.test.precursor)).toEqual(r.test.precursorAmplitude);
    expect(d.windows).toEqual({ train: 48, test: 14 });
    expect(d.amplitudeUnit).toBe('standardized amplitude');
  });

  it('Fig. 11: the smoothed curves (not the raw), the peaks, the axis to the top of the peak band', () => {
    const r = relativeDifferenceResult();
    const d = inputs['11']();
    expect(Array.from(d.train.percent)).toEqual(r.train.smoothedPercent);
    expect(Array.from(d.test.percent)).not.toEqual(r.test.relativeDifferencePercent);
    expect(d.train.peaksHz).toEqual([0.16, 0.21]);
    expect(d.maxFrequencyHz).toBe(2);
    expect(d.smoothingDescription).toBe('Savitzky-Golay, order 2, over 0.063 Hz (63 bins)');
  });

  for (const id of ['6', '7', '8', '10', '11'] as const) {
    it(`Fig. ${id}: every number plotted is in the CSV`, () => {
      const d = inputs[id]();
      const numbers = csvNumbers(figureSpecs[id].csv(d as never));
      const points = plottedPoints(id, d);
      expect(points.length).toBeGreaterThan(5);
      const missing = points.filter(([x, y]) => !numbers.has(Number(x.toPrecision(6))) || !numbers.has(Number(y.toPrecision(6))));
      expect(missing).toEqual([]);
    });
  }

  it('Fig. 9: the CSV holds every cell of the raster (channel × time × frequency)', () => {
    const r = spectrogramResult();
    const csv = figureSpecs['9'].csv(inputs['9']());
    const rows = csv.split('\n').filter((l) => l && !l.startsWith('#')).slice(1);
    expect(rows).toHaveLength(3 * r.timeS.length * r.frequencyHz.length);
    const nF = r.frequencyHz.length;
    const row = rows[2 * r.timeS.length * nF + 5 * nF + 9].split(',');
    expect(row[0]).toBe('BHZ');
    expect(Number(row[1])).toBe(r.timeS[5]);
    expect(Number(row[3])).toBe(r.channels[2].amplitude[5][9]);
  });

  for (const widthCm of [8.4, 17.4]) {
    for (const id of ['6', '7', '8', '9', '10', '11'] as const) {
      it(`Fig. ${id} from an analysis lays out at ${widthCm} cm: no overlapping or clipped text`, () => {
        const r = renderFigure(id, inputs[id]() as never, widthCm, 300);
        expect(layoutProblems(r.svg, r.frame.widthPt, r.frame.heightPt)).toEqual({ clashes: [], outside: [] });
      });
    }
  }
});
