import { describe, expect, it } from 'vitest';
import { fnv1a32, Xoshiro128 } from '../../../src/main/synthetic/prng';

describe('xoshiro128**', () => {
  it('matches the reference C implementation from state {1, 2, 3, 4}', () => {
    // Hand-traced from https://prng.di.unimi.it/xoshiro128starstar.c
    const r = new Xoshiro128(1, 2, 3, 4);
    expect([r.nextUint32(), r.nextUint32(), r.nextUint32()]).toEqual([11520, 0, 5927040]);
  });

  it('FNV-1a matches its published test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('named streams are reproducible and independent', () => {
    const a = Xoshiro128.forStream(7, 'noise/x');
    const b = Xoshiro128.forStream(7, 'noise/x');
    const c = Xoshiro128.forStream(7, 'noise/y');
    const d = Xoshiro128.forStream(8, 'noise/x');
    const ua = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(ua);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(ua);
    expect(Array.from({ length: 8 }, () => d.nextUint32())).not.toEqual(ua);
  });

  it('fillNormal gives exactly the values of repeated normal()', () => {
    const a = Xoshiro128.forStream(3, 's');
    const b = Xoshiro128.forStream(3, 's');
    const out = new Float64Array(10_001);
    a.fillNormal(out);
    for (let i = 0; i < out.length; i++) expect(out[i]).toBe(b.normal());
    expect(a.nextUint32()).toBe(b.nextUint32());
  });

  it('normal deviates have the moments and tails of N(0, 1)', () => {
    const r = Xoshiro128.forStream(11, 'moments');
    const n = 2_000_000;
    const x = new Float64Array(n);
    r.fillNormal(x);
    let m1 = 0, m2 = 0, m3 = 0, m4 = 0, beyond3 = 0;
    for (const v of x) {
      m1 += v;
      m2 += v * v;
      m3 += v * v * v;
      m4 += v * v * v * v;
      if (Math.abs(v) > 3) beyond3++;
    }
    m1 /= n; m2 /= n; m3 /= n; m4 /= n;
    // Standard errors at n = 2e6: mean 7e-4, variance 1e-3, skewness 1.7e-3, kurtosis 7e-3.
    expect(Math.abs(m1)).toBeLessThan(4e-3);
    expect(Math.abs(m2 - 1)).toBeLessThan(6e-3);
    expect(Math.abs(m3)).toBeLessThan(1e-2);
    expect(Math.abs(m4 - 3)).toBeLessThan(4e-2);
    // P(|x| > 3) = 2.6998e-3 (the ziggurat's tail path), 5400 expected, sd ~73.
    expect(Math.abs(beyond3 - 5399.6)).toBeLessThan(400);
  });

  it('uniform floats lie in [0, 1) and nextInt has no modulo bias', () => {
    const r = Xoshiro128.forStream(5, 'u');
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) {
      const u = r.nextFloat();
      expect(u >= 0 && u < 1).toBe(true);
      counts[r.nextInt(3)]++;
    }
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });
});
