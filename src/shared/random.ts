/**
 * A small seeded uniform generator for choices that must repeat exactly (splits, noise-B
 * placement): mulberry32, 32-bit state, the same sequence on every platform. Not for noise
 * synthesis, which has its own generator in src/main/synthetic.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded standard normal deviates: mulberry32 uniforms through Box–Muller (benchmarks, tests). */
export function gaussian(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => {
    const u = 1 - uniform();
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}
