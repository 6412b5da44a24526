/**
 * Seeded random numbers for the synthetic generator.
 *
 * - Uniform bits: xoshiro128** 1.1 (Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c),
 *   32-bit integer arithmetic only (Math.imul, shifts), so the bit stream is the same on every
 *   platform and JS engine.
 * - State seeding: splitmix32-style mixing of (seed, FNV-1a hash of a stream name), so every
 *   independent use (the noise of one segment, its precursor, its local events, the catalogue...)
 *   draws from its own named stream. Changing one setting never shifts another stream: the noise of
 *   a segment depends only on the seed and the segment's station and time span, never on the
 *   precursor settings.
 * - Normal deviates: a 128-layer ziggurat (see fillNormal). Its tables and rare slow path use
 *   Math.exp/log/sqrt; sqrt is exact in IEEE 754 and V8 implements exp and log with its own fdlibm
 *   port (not the C library), so one Node version gives the same bytes on every OS and CPU.
 */

/** 32-bit FNV-1a over the UTF-16 code units of `text`. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One splitmix32 step: returns [next state, output]. */
function splitmix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) >>> 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  z = (z ^ (z >>> 15)) >>> 0;
  return [s, z];
}

export class Xoshiro128 {
  /** the 128-bit state as four int32 words (a typed array keeps V8 on its integer fast path) */
  private readonly s = new Int32Array(4);

  /** State from four 32-bit words; all-zero state is replaced (xoshiro must not be all zero). */
  constructor(w0: number, w1: number, w2: number, w3: number) {
    this.s[0] = w0;
    this.s[1] = w1;
    this.s[2] = w2;
    this.s[3] = w3;
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 0x9e3779b9;
  }

  /** The generator of stream `streamName` under `seed` (any integer; reduced modulo 2^32). */
  static forStream(seed: number, streamName: string): Xoshiro128 {
    let st = (Math.trunc(seed) >>> 0) ^ fnv1a32(streamName);
    // Also mix the high part of seeds above 2^32 so 1 and 2^32 + 1 differ.
    st = (st + Math.imul(Math.floor(Math.trunc(seed) / 4294967296) >>> 0, 0x85ebca6b)) >>> 0;
    const w: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitmix32(st);
      st = next;
      w.push(out);
    }
    return new Xoshiro128(w[0], w[1], w[2], w[3]);
  }

  /** Next uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const st = this.s;
    const s1 = st[1];
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    st[2] ^= st[0];
    st[3] ^= st[1];
    st[1] ^= st[2];
    st[0] ^= st[3];
    st[2] ^= t;
    st[3] = rotl(st[3], 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform double in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.nextFloat();
  }

  /** Uniform integer in [0, n), n <= 2^32, without modulo bias. */
  nextInt(n: number): number {
    if (!(n >= 1 && n <= 4294967296)) throw new RangeError(`nextInt: bad bound ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const u = this.nextUint32();
      if (u < limit) return u % n;
    }
  }

  /** One standard normal deviate (ziggurat; see fillNormal). */
  normal(): number {
    const hz = this.nextUint32() | 0;
    const iz = this.nextUint32() & 127;
    if (Math.abs(hz) < zigK[iz]) return hz * zigW[iz];
    return this.normalTail(hz, iz);
  }

  /** The ziggurat's slow path (about 1.2 % of the draws): the wedges and the tail. */
  private normalTail(hz0: number, iz0: number): number {
    let hz = hz0;
    let iz = iz0;
    for (;;) {
      const x = hz * zigW[iz];
      if (iz === 0) {
        let xt: number;
        let yt: number;
        do {
          xt = -Math.log(1 - this.nextFloat()) / zigR;
          yt = -Math.log(1 - this.nextFloat());
        } while (yt + yt < xt * xt);
        return hz > 0 ? zigR + xt : -zigR - xt;
      }
      if (zigF[iz] + this.nextFloat() * (zigF[iz - 1] - zigF[iz]) < Math.exp(-0.5 * x * x)) return x;
      hz = this.nextUint32() | 0;
      iz = this.nextUint32() & 127;
      if (Math.abs(hz) < zigK[iz]) return hz * zigW[iz];
    }
  }

  /**
   * Fill `out` with standard normal deviates: exactly the values of out.length calls to normal().
   * Marsaglia & Tsang's 128-layer ziggurat (J. Stat. Softw. 5(8), 2000), with the layer index taken
   * from a separate 32-bit draw (Doornik 2005's fix for the correlation between the index and the
   * value bits). The fast path is inlined here: this is the generator's hot loop.
   */
  fillNormal(out: Float64Array): void {
    const n = out.length;
    const st = this.s;
    let s0 = st[0] | 0;
    let s1 = st[1] | 0;
    let s2 = st[2] | 0;
    let s3 = st[3] | 0;
    for (let i = 0; i < n; i++) {
      let r = Math.imul(s1, 5);
      const hz = Math.imul((r << 7) | (r >>> 25), 9);
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      r = Math.imul(s1, 5);
      const iz = Math.imul((r << 7) | (r >>> 25), 9) & 127;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      if (Math.abs(hz) < zigK[iz]) {
        out[i] = hz * zigW[iz];
      } else {
        st[0] = s0;
        st[1] = s1;
        st[2] = s2;
        st[3] = s3;
        out[i] = this.normalTail(hz, iz);
        s0 = st[0] | 0;
        s1 = st[1] | 0;
        s2 = st[2] | 0;
        s3 = st[3] | 0;
      }
    }
    st[0] = s0;
    st[1] = s1;
    st[2] = s2;
    st[3] = s3;
  }
}

/* Ziggurat tables (Marsaglia & Tsang 2000, 128 layers), built once with V8's deterministic Math. */
const zigR = 3.442619855899;
const zigK = new Float64Array(128);
const zigW = new Float64Array(128);
const zigF = new Float64Array(128);
{
  const m1 = 2147483648;
  const vn = 9.91256303526217e-3;
  let dn = zigR;
  let tn = dn;
  const q = vn / Math.exp(-0.5 * dn * dn);
  zigK[0] = (dn / q) * m1;
  zigK[1] = 0;
  zigW[0] = q / m1;
  zigW[127] = dn / m1;
  zigF[0] = 1;
  zigF[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    zigK[i + 1] = (dn / tn) * m1;
    tn = dn;
    zigF[i] = Math.exp(-0.5 * dn * dn);
    zigW[i] = dn / m1;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
