/** classic STA/LTA and trigger_onset (ports of ObsPy's) against hand-computed cases. */
import { describe, expect, it } from 'vitest';
import { classicStaLta, triggerOnset } from '../../../../src/main/seismic/qc';
import { mulberry32 } from '../../../../src/shared/random';

describe('classicStaLta', () => {
  it('matches the hand-computed ratio of mean squares (nsta 2, nlta 4)', () => {
    // a² = 1 1 1 1 4 4 1 1. From i = nlta − 1 = 3: STA = mean of the last 2 squares, LTA of the last 4.
    const cf = classicStaLta([1, 1, 1, 1, 2, 2, 1, 1], 2, 4);
    const expected = [0, 0, 0, 1 / 1, 2.5 / 1.75, 4 / 2.5, 2.5 / 2.5, 1 / 2.5];
    expect(cf).toHaveLength(8);
    cf.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
  });

  it('agrees with a direct sum over a long noisy series (running sums re-summed)', () => {
    const random = mulberry32(7);
    const a = Float64Array.from({ length: 200_000 }, () => (random() - 0.5) * 1e4);
    const cf = classicStaLta(a, 40, 1200);
    for (const i of [1199, 1200, 65_535 + 1200, 131_071 + 1200, 199_999]) {
      let s = 0;
      let l = 0;
      for (let j = i - 1199; j <= i; j++) l += a[j] * a[j];
      for (let j = i - 39; j <= i; j++) s += a[j] * a[j];
      expect(cf[i]).toBeCloseTo(s / 40 / (l / 1200), 9);
    }
  });

  it('is 0 on zeros and refuses a series shorter than the LTA', () => {
    expect([...classicStaLta(new Float64Array(10), 2, 5)]).toEqual(new Array(10).fill(0));
    expect(() => classicStaLta([1, 2, 3], 1, 5)).toThrow(RangeError);
    expect(() => classicStaLta([1, 2, 3], 3, 2)).toThrow(RangeError);
  });
});

describe('triggerOnset', () => {
  const cf = [0, 1, 3, 5, 4, 2, 1, 0, 6, 6, 1, 0];

  it('switches on above thres1 and off at the end of the run above thres2', () => {
    // above 4.5: 3, 8, 9; above 1.5: 2..5 and 8..9 → [3, 5] and [8, 9]
    expect(triggerOnset(cf, 4.5, 1.5)).toEqual([
      [3, 5],
      [8, 9],
    ]);
  });

  it('cuts a trigger at max_len, and drops it with max_len_delete', () => {
    expect(triggerOnset(cf, 4.5, 1.5, 1)).toEqual([
      [3, 4],
      [8, 9],
    ]);
    expect(triggerOnset(cf, 4.5, 1.5, 1, true)).toEqual([[8, 9]]);
  });

  it('keeps a trigger still on at the end, and finds nothing below the threshold', () => {
    expect(triggerOnset([0, 5, 5, 5], 4, 1)).toEqual([[1, 3]]);
    expect(triggerOnset(cf, 10, 1)).toEqual([]);
    expect(triggerOnset([], 1, 0.5)).toEqual([]);
  });
});
