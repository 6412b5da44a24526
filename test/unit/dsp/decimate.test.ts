import { describe, expect, it } from 'vitest';
import { decimate } from '../../../src/main/dsp/decimate';
import { expectClose, reference, TOL } from './reference';

const ref = reference();

describe('decimate matches scipy.signal.decimate(x, q) (iir, zero phase)', () => {
  it.each(ref.decimate.map((d) => [d.q, d] as const))('q = %i', (q, d) => {
    const y = decimate(ref.decimate_input, q);
    expect(y.length).toBe(Math.ceil(ref.decimate_input.length / q));
    expectClose(y, d.y, TOL, `decimate q=${q}`);
  });

  it('rejects non-integer or < 1 factors, too-short and NaN input', () => {
    expect(() => decimate(ref.decimate_input, 2.5)).toThrow(RangeError);
    expect(() => decimate(ref.decimate_input, 0)).toThrow(RangeError);
    expect(() => decimate(ref.decimate_input.slice(0, 27), 2)).toThrow(/padlen, which is 27/);
    const bad = ref.decimate_input.slice();
    bad[10] = Number.NaN;
    expect(() => decimate(bad, 4)).toThrow(/index 10/);
  });
});
