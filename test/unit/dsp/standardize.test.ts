import { describe, expect, it } from 'vitest';
import { jointMoments, standardizeJoint, standardizeJointFlat, standardizeJointInterleaved } from '../../../src/main/dsp/standardize';
import { expectClose, reference, TOL_F32 } from './reference';

const ref = reference().standardize;
const channels = ref.channels.map((c) => Float32Array.from(c));

describe('joint standardization (numpy: (x - all.mean()) / all.std(), ddof 0, in float64)', () => {
  it('mean and population std over all channels', () => {
    const m = jointMoments(channels);
    expect(m.count).toBe(1500);
    expect(Math.abs(m.mean - ref.mean) / Math.abs(ref.mean)).toBeLessThan(1e-12);
    expect(Math.abs(m.std - ref.std) / ref.std).toBeLessThan(1e-12);
  });

  it('interleaved channels-last output [n, c]', () => {
    const out = standardizeJointInterleaved(channels);
    expect(out).toBeInstanceOf(Float32Array);
    expect(out.length).toBe(1500);
    expectClose(out, ref.interleaved, TOL_F32, 'interleaved');
    // channel 2 of sample 10 sits at 10 * 3 + 2
    expect(out[10 * 3 + 2]).toBeCloseTo((channels[2][10] - ref.mean) / ref.std, 5);
  });

  it('an already interleaved window standardizes in place of layout (standardizeJointFlat)', () => {
    const interleavedRaw = new Float32Array(1500);
    for (let ch = 0; ch < 3; ch++) for (let i = 0; i < 500; i++) interleavedRaw[i * 3 + ch] = channels[ch][i];
    expectClose(standardizeJointFlat(interleavedRaw), ref.interleaved, TOL_F32, 'flat');
    expect(() => standardizeJointFlat(interleavedRaw, new Float32Array(2))).toThrow(RangeError);
    expect(() => standardizeJointFlat(new Float32Array(4).fill(-3))).toThrow(/constant window/);
  });

  it('per-channel output equals the interleaved one, and the result has mean 0 / std 1', () => {
    const per = standardizeJoint(channels);
    const inter = standardizeJointInterleaved(channels, new Float32Array(1500));
    for (let ch = 0; ch < 3; ch++) for (let i = 0; i < 500; i++) expect(per[ch][i]).toBe(inter[i * 3 + ch]);
    const all = per.flatMap((c) => Array.from(c));
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    const std = Math.sqrt(all.reduce((a, b) => a + (b - mean) ** 2, 0) / all.length);
    expect(Math.abs(mean)).toBeLessThan(1e-6);
    expect(std).toBeCloseTo(1, 6);
    // channel relative scales survive (channel 1 was 25x channel 2's spread)
    expect(per[1].reduce((a, b) => a + Math.abs(b), 0)).toBeGreaterThan(per[0].reduce((a, b) => a + Math.abs(b), 0));
  });

  it('keeps precision with a large common offset (raw counts): sums are float64, two-pass', () => {
    const big = [Float64Array.from([1e9 + 1, 1e9 - 1]), Float64Array.from([1e9 + 3, 1e9 - 3])];
    const out = standardizeJoint(big);
    const std = Math.sqrt((1 + 1 + 9 + 9) / 4);
    expect(out[1][0]).toBeCloseTo(3 / std, 6);
  });

  it('a constant window throws a RangeError naming it, instead of returning NaN', () => {
    expect(() => standardizeJoint([new Float32Array(100).fill(7), new Float32Array(100).fill(7)])).toThrow(/constant window/);
  });

  it('edge cases: no channels, empty, unequal lengths, NaN, wrong out length', () => {
    expect(() => standardizeJoint([])).toThrow(RangeError);
    expect(() => standardizeJoint([new Float32Array(0)])).toThrow(/empty/);
    expect(() => standardizeJoint([new Float32Array(3), new Float32Array(4)])).toThrow(/channel 1 has 4/);
    const bad = channels.map((c) => c.slice());
    bad[2][17] = Number.NaN;
    expect(() => standardizeJoint(bad)).toThrow(/channel 2: .*index 17/);
    expect(() => standardizeJointInterleaved(channels, new Float32Array(10))).toThrow(/expected 1500/);
  });
});
