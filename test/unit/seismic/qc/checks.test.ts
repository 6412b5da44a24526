/**
 * The quality checks on arrays with known defects at known places (seeded noise plus a spike, a
 * flat line, a clipped burst), and on the real miniSEED files with documented gaps.
 */
import { describe, expect, it } from 'vitest';
import { decodeMiniseed, mergeTraces } from '../../../../src/main/seismic';
import {
  checkChannelLengths,
  checkClipping,
  checkFlatLines,
  checkGaps,
  checkSpikes,
  MAD_TO_SIGMA,
  median,
  medianAbsoluteDeviation,
  type QcRecording,
  recordingFromTraces,
  runQualityChecks,
} from '../../../../src/main/seismic/qc';
import { gaussian } from '../../../../src/shared/random';
import { qcSettingsSchema } from '../../../../src/shared/qc';
import { fixture } from '../fixtures';

const defaults = qcSettingsSchema.parse({});
const fs = 40;
const t0 = Date.UTC(2020, 0, 1) * 1000;
const hourSamples = 3600 * fs;

/** One hour of integer-valued seeded noise (σ 50 counts) on BH1/BH2/BHZ; origin at the end. */
function noiseRecording(seed: number, samples = hourSamples): { rec: QcRecording; data: Float32Array[] } {
  const data = [0, 1, 2].map((c) => {
    const g = gaussian(seed * 10 + c);
    return Float32Array.from({ length: samples }, () => Math.round(50 * g() + 300));
  });
  const rec: QcRecording = {
    spanStartUs: t0,
    spanEndUs: t0 + (samples / fs) * 1e6,
    originTimeUs: t0 + (samples / fs) * 1e6,
    channels: ['BH1', 'BH2', 'BHZ'].map((code, c) => ({ code, sampleRateHz: fs, pieces: [{ startTimeUs: t0, data: data[c] }] })),
  };
  return { rec, data };
}

describe('robust statistics', () => {
  it('median and MAD of small arrays', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 100])).toBe(1);
    expect(Number.isNaN(median([]))).toBe(true);
  });
});

describe('checks on seeded noise with known defects', () => {
  it('clean noise: no finding from any check, no suggestion', () => {
    const { rec } = noiseRecording(1);
    const r = runQualityChecks(rec, defaults);
    expect(r.findings).toEqual([]);
    expect(r.suggestion).toEqual({ exclude: false, reason: null });
    expect(r.checks.map((c) => c.check)).toEqual(['gaps', 'channel-lengths', 'spikes', 'impulsive', 'clipping', 'flat-lines']);
    // each check carries the settings it ran with
    expect(r.checks.find((c) => c.check === 'spikes')?.settings).toMatchObject({ thresholdMads: 20, highpassHz: 1 });
  });

  it('finds two spikes at their sample, with their score, and not a broad burst', () => {
    const { rec, data } = noiseRecording(2);
    data[2][50_000] += 5000; // 100 σ on BHZ
    data[0][120_000] -= 3000; // 60 σ on BH1
    // a 10 s, 2 Hz burst (an earthquake-like signal): an outlier, but wide
    for (let i = 0; i < 400; i++) data[1][80_000 + i] += 4000 * Math.sin((2 * Math.PI * 2 * i) / fs) * Math.exp(-i / 120);
    const r = checkSpikes(rec, defaults.spikes);
    expect(r.findings.map((f) => [f.channel, (f.startTimeUs - t0) / 1e6 * fs])).toEqual([
      ['BH1', 120_000],
      ['BHZ', 50_000],
    ]);
    const [bh1, bhz] = r.findings;
    // high-passed at 1 Hz the delta keeps most of its height: score near 100 σ / (1.4826 MAD / σ of the filtered noise)
    expect(bhz.score).toBeGreaterThan(60);
    expect(bhz.score).toBeGreaterThan(bh1.score);
    expect(bhz.secondsBeforeOrigin).toBeCloseTo(3600 - 50_000 / fs, 6);
    expect(bhz.severity).toBe('exclude');
    expect(bhz.durationSeconds).toBeLessThanOrEqual(0.25);
  });

  it('finds a 2 s flat line at its start and length', () => {
    const { rec, data } = noiseRecording(3);
    data[1].fill(123, 10_000, 10_080);
    data[1].fill(7, 20_000, 20_020); // 0.5 s: below the 1 s minimum
    const r = checkFlatLines(rec, defaults.flatLines);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ channel: 'BH2', startTimeUs: t0 + (10_000 / fs) * 1e6, durationSeconds: 2, score: 2, detail: { valueCounts: 123, samples: 80 } });
  });

  it('finds runs at the channel maximum and minimum (clipping), not single extreme samples', () => {
    const { rec, data } = noiseRecording(4);
    const x = data[0];
    for (let i = 30_000; i < 30_006; i++) x[i] = 2000; // 6 samples clipped high
    for (let i = 30_010; i < 30_014; i++) x[i] = -1400; // 4 samples clipped low
    x[40_000] = 2000; // one sample at the maximum: not a run
    const r = checkClipping(rec, defaults.clipping);
    expect(r.findings.map((f) => [f.channel, Math.round(((f.startTimeUs - t0) / 1e6) * fs), f.score, f.detail.side])).toEqual([
      ['BH1', 30_000, 6, 'max'],
      ['BH1', 30_010, 4, 'min'],
    ]);
    // with a known full scale, a lone sample beyond it counts
    const full = checkClipping(rec, { minRunSamples: 3, fullScaleCounts: 1999 });
    expect(full.findings.map((f) => f.score)).toEqual([6, 4, 1]);
  });

  it('suggests exclusion naming each kind of defect', () => {
    const { rec, data } = noiseRecording(5);
    data[2][50_000] += 5000;
    data[0].fill(0, 1000, 1200);
    const r = runQualityChecks(rec, defaults);
    expect(r.suggestion.exclude).toBe(true);
    expect(r.suggestion.reason).toMatch(/^1 spike \(largest \d+ MADs on BHZ at 0\.65 h before origin\); 1 flat line \(longest 5\.0 s on BH1 at 0\.99 h before origin\)/);
  });
});

describe('gaps and channel lengths from the piece structure', () => {
  const piece = (startSample: number, n: number) => ({ startTimeUs: t0 + (startSample / fs) * 1e6, data: new Float32Array(n) });

  it('reports a gap, an overlap and missing ends with their start and length', () => {
    const rec: QcRecording = {
      spanStartUs: t0,
      spanEndUs: t0 + (1000 / fs) * 1e6,
      originTimeUs: t0 + (1000 / fs) * 1e6,
      channels: [
        { code: 'BH1', sampleRateHz: fs, pieces: [piece(0, 300), piece(312, 688)] },
        { code: 'BH2', sampleRateHz: fs, pieces: [piece(4, 500), piece(500, 490)] },
        { code: 'BHZ', sampleRateHz: fs, pieces: [piece(0, 1000)] },
      ],
    };
    const r = checkGaps(rec, defaults.gaps);
    expect(r.findings.map((f) => [f.channel, f.kind, Math.round(((f.startTimeUs - t0) / 1e6) * fs), f.score, f.severity])).toEqual([
      ['BH1', 'gap', 300, 12, 'exclude'],
      ['BH2', 'missing-start', 0, 4, 'exclude'],
      ['BH2', 'overlap', 500, 4, 'warning'],
      ['BH2', 'missing-end', 990, 10, 'exclude'],
    ]);
    expect(r.findings[0].durationSeconds).toBeCloseTo(0.3, 9);
    expect(r.findings[0].secondsBeforeOrigin).toBeCloseTo(17.5, 9);

    const lengths = checkChannelLengths(rec, defaults.channelLengths);
    expect(lengths.findings.map((f) => [f.channel, f.kind, f.score])).toEqual([
      ['BH1', 'count-mismatch', 12],
      ['BH2', 'start-mismatch', 4],
      ['BH2', 'end-mismatch', 10],
      ['BH2', 'count-mismatch', 10],
    ]);
  });

  it('a missing channel is a finding', () => {
    const rec: QcRecording = { spanStartUs: t0, spanEndUs: t0 + 25e6, originTimeUs: null, channels: [{ code: 'BHZ', sampleRateHz: fs, pieces: [piece(0, 1000)] }] };
    const r = checkChannelLengths(rec, defaults.channelLengths);
    expect(r.findings.map((f) => [f.channel, f.kind])).toEqual([
      ['BH1', 'missing-channel'],
      ['BH2', 'missing-channel'],
    ]);
  });
});

describe('real files', () => {
  it('gaps.mseed (BW.BGLD EHE, 200 sps): three gaps of 412, 412 and 824 samples', () => {
    const { traces } = mergeTraces(decodeMiniseed(fixture('gaps.mseed')).records);
    const start = traces[0].startTimeUs;
    const last = traces[traces.length - 1];
    const rec = recordingFromTraces(traces, { startUs: start, endUs: last.endTimeUs + 5000 });
    const r = checkGaps(rec, defaults.gaps);
    expect(r.findings.map((f) => [f.kind, f.score, new Date(f.startTimeUs / 1000).toISOString()])).toEqual([
      ['gap', 412, '2008-01-01T00:00:01.975Z'],
      ['gap', 412, '2008-01-01T00:00:08.155Z'],
      ['gap', 824, '2008-01-01T00:00:14.335Z'],
    ]);
    expect(r.findings.map((f) => f.durationSeconds)).toEqual([2.06, 2.06, 4.12]);
  });

  it('ffbx_unrotated_gaps.mseed: per station, the BH channels differ in length and hold 1- and 47-sample gaps', () => {
    const { traces } = mergeTraces(decodeMiniseed(fixture('ffbx_unrotated_gaps.mseed')).records);
    const settings = { ...defaults.channelLengths, expectedChannels: ['BH1', 'BH2', 'BHZ'] };
    const summary: Record<string, string[]> = {};
    for (const sta of ['FFB1', 'FFB2', 'FFB3']) {
      const bh = traces.filter((t) => t.station === sta && t.channel.startsWith('BH'));
      const startUs = Math.min(...bh.map((t) => t.startTimeUs));
      const endUs = Math.max(...bh.map((t) => t.endTimeUs)) + 25_000;
      const rec = recordingFromTraces(bh, { startUs, endUs });
      summary[sta] = [
        ...checkGaps(rec, defaults.gaps).findings.map((f) => `${f.channel} ${f.kind} ${f.score}`),
        ...checkChannelLengths(rec, settings).findings.map((f) => `${f.channel} ${f.kind} ${f.score}`),
      ];
    }
    expect(summary).toEqual({
      FFB1: ['BH1 gap 1', 'BH2 gap 47', 'BH1 count-mismatch 1', 'BH2 count-mismatch 47'],
      FFB2: ['BH1 gap 1', 'BHZ missing-start 16', 'BH1 count-mismatch 1', 'BHZ start-mismatch 16', 'BHZ count-mismatch 16'],
      FFB3: ['BH1 missing-end 1', 'BHZ gap 1', 'BH1 end-mismatch 1', 'BH1 count-mismatch 1', 'BHZ count-mismatch 1'],
    });
  });
});

describe('corrupted samples', () => {
  it('NaN and Infinity are reported as non-finite runs; the filtering checks skip that piece instead of failing', () => {
    const { rec, data } = noiseRecording(6, 40_000);
    data[0][1000] = NaN;
    data[0][1001] = NaN;
    data[2][5000] = Infinity;
    const r = runQualityChecks(rec, defaults);
    expect(r.findings.map((f) => [f.check, f.kind, f.channel, Math.round(((f.startTimeUs - t0) / 1e6) * fs), f.score])).toEqual([
      ['flat-lines', 'non-finite', 'BH1', 1000, 2],
      ['flat-lines', 'non-finite', 'BHZ', 5000, 1],
    ]);
    expect(r.checks.find((c) => c.check === 'impulsive')?.settings).toMatchObject({ skippedPieces: 2 });
    expect(r.suggestion.reason).toMatch(/^corrupted data: 3 non-finite samples \(first at 0\.27 h before origin\)$/);
  });
});

describe('real recordings without defects', () => {
  it('IU.ANMO.10.BHZ and NL.HGN.00.BHZ (40 sps): no flat line, clip or spike; a spike added to a copy is found at its sample', () => {
    for (const name of ['IU.ANMO.10.BHZ.2018.001_first_minute.mseed', 'test.mseed']) {
      const { traces } = mergeTraces(decodeMiniseed(fixture(name)).records);
      expect(traces).toHaveLength(1);
      const t = traces[0];
      const rec = recordingFromTraces(traces, { startUs: t.startTimeUs, endUs: t.endTimeUs + 25_000 });
      expect(checkFlatLines(rec, defaults.flatLines).findings).toEqual([]);
      expect(checkClipping(rec, defaults.clipping).findings).toEqual([]);
      expect(checkSpikes(rec, defaults.spikes).findings).toEqual([]);

      const copy = Float64Array.from(t.samples);
      const at = Math.floor(copy.length * 0.6);
      const sigma = MAD_TO_SIGMA * medianAbsoluteDeviation(copy);
      copy[at] += 200 * sigma;
      const spiked = recordingFromTraces([{ ...t, samples: copy }], { startUs: t.startTimeUs, endUs: t.endTimeUs + 25_000 });
      const found = checkSpikes(spiked, defaults.spikes).findings;
      expect(found.map((f) => f.detail.peakTimeUs)).toEqual([t.startTimeUs + Math.round((at * 1e6) / t.sampleRateHz)]);
    }
  });
});

describe('median by quickselect', () => {
  it('equals the sorted middle on seeded random, sorted, reversed and tied arrays of odd and even length', () => {
    const g = gaussian(11);
    const cases: number[][] = [];
    for (const n of [1, 2, 3, 10, 11, 1000, 1001]) {
      const r = Array.from({ length: n }, () => g());
      cases.push(r, [...r].sort((a, b) => a - b), [...r].sort((a, b) => b - a), r.map((v) => Math.round(v)));
    }
    for (const c of cases) {
      const s = [...c].sort((a, b) => a - b);
      const n = s.length;
      const expected = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
      expect(median(c)).toBe(expected);
    }
    const x = [5, 1, 4];
    median(x);
    expect(x).toEqual([5, 1, 4]);
  });
});

describe('a spike is not a quake', () => {
  it('the STA/LTA trigger a spike causes is kept as a warning, and the suggestion names the spike only', () => {
    const { rec, data } = noiseRecording(8);
    data[1][70_000] += 20_000; // 400 σ on BH2
    const r = runQualityChecks(rec, defaults);
    const triggers = r.findings.filter((f) => f.check === 'impulsive');
    expect(triggers.length).toBeGreaterThan(0);
    for (const t of triggers) {
      expect(t).toMatchObject({ channel: 'BH2', severity: 'warning', detail: { explainedBySpike: true } });
      expect(Math.abs(t.startTimeUs - (t0 + (70_000 / fs) * 1e6))).toBeLessThan(1e6);
    }
    expect(r.suggestion.reason).toMatch(/^1 spike \(largest \d+ MADs on BH2 at 0\.51 h before origin\)$/);
  });
});

describe('QC settings', () => {
  it('fill defaults and refuse inconsistent STA/LTA settings up front', () => {
    expect(qcSettingsSchema.parse({ impulsive: { onRatio: 8 } }).impulsive).toMatchObject({ onRatio: 8, offRatio: 1.5, staSeconds: 1, ltaSeconds: 30 });
    expect(qcSettingsSchema.safeParse({ impulsive: { offRatio: 9 } }).success).toBe(false);
    expect(qcSettingsSchema.safeParse({ impulsive: { bandHz: [10, 2] } }).success).toBe(false);
    expect(qcSettingsSchema.safeParse({ impulsive: { staSeconds: 60 } }).success).toBe(false);
    expect(qcSettingsSchema.safeParse({ spikes: { unknown: 1 } }).success).toBe(false);
  });
});
