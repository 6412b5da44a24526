/**
 * Three-component background noise of one segment, in counts (not yet rounded).
 *
 * Synthesis runs in blocks of 65 536 samples (27.3 min at 40 Hz; an FFT of that size stays in
 * cache, ~3x faster per sample than one 2^21 block) that overlap by 8 192 samples and are joined by
 * a constant-power (cos/sin) crossfade: two independent processes of the same PSD mixed with
 * weights cos^2 + sin^2 = 1 keep that PSD, so the seams are invisible. Each block has its own levels
 * (microseism drift, diurnal cultural cycle at the block's centre time), so slow level changes come
 * out as smooth ramps.
 *
 * Horizontal coherence: BH1 and BH2 share a fraction `horizontalCoherentFraction` of their
 * microseism power (one common random sequence, same sign), the rest is independent; BHZ is
 * independent of both.
 *
 * Random draws, in this order per block: common-horizontal, BH1, BH2, BHZ (N normals each), from
 * the segment's noise stream only.
 */
import { amplitudeFromPsd, Hartley, weightSequence } from './spectral-synthesis';
import { instrumentPowerResponse, velocityPsdParts, type NoiseLevelsDb } from './noise-model';
import type { Xoshiro128 } from './prng';

export const noiseBlockSamples = 65_536;
export const noiseBlockOverlapSamples = 8_192;

export interface StationNoiseRequest {
  sampleRateHz: number;
  sampleCount: number;
  startTimeMs: number;
  sensitivityCountsPerMps: number;
  horizontalCoherentFraction: number;
  /** levels at a UTC time (ms): microseism, cultural and overall gains, dB */
  levelsAt: (timeMs: number) => NoiseLevelsDb;
  rng: Xoshiro128;
}

/** [BH1, BH2, BHZ] background noise in counts (float). */
export function synthesizeStationNoise(req: StationNoiseRequest): [Float64Array, Float64Array, Float64Array] {
  const { sampleRateHz: fs, sampleCount, rng } = req;
  const n = noiseBlockSamples;
  const overlap = noiseBlockOverlapSamples;
  const hop = n - overlap;
  const half = n / 2;
  const blocks = sampleCount <= n ? 1 : Math.ceil((sampleCount - overlap) / hop);

  const { microZ, microH, cultZ, cultH, tiltH } = basePsds(fs, n, req.sensitivityCountsPerMps);

  const rampIn = new Float64Array(overlap);
  const rampOut = new Float64Array(overlap);
  for (let j = 0; j < overlap; j++) {
    const th = (Math.PI / 2) * ((j + 0.5) / overlap);
    rampIn[j] = Math.sin(th);
    rampOut[j] = Math.cos(th);
  }

  const out: [Float64Array, Float64Array, Float64Array] = [
    new Float64Array(sampleCount),
    new Float64Array(sampleCount),
    new Float64Array(sampleCount),
  ];
  const c = Math.min(1, Math.max(0, req.horizontalCoherentFraction));
  const psdZ = new Float64Array(half + 1);
  const psdShared = new Float64Array(half + 1);
  const psdOwn = new Float64Array(half + 1);
  const wS = new Float64Array(n);
  const w1 = new Float64Array(n);
  const w2 = new Float64Array(n);
  const wZ = new Float64Array(n);
  const a = new Float64Array(n);
  const x = new Float64Array(n);
  const sZ = new Float64Array(half + 1);
  const sS = new Float64Array(half + 1);
  const sO = new Float64Array(half + 1);
  const dht = new Hartley(n);

  for (let b = 0; b < blocks; b++) {
    const first = b * hop;
    const centreMs = req.startTimeMs + ((first + Math.min(n, sampleCount) / 2) / fs) * 1000;
    const lv = req.levelsAt(centreMs);
    const all = 10 ** (lv.overallDb / 10);
    const mg = 10 ** (lv.microseismDb / 10) * all;
    const cg = 10 ** (lv.culturalDb / 10) * all;
    for (let k = 1; k < half; k++) {
      psdZ[k] = mg * microZ[k] + cg * cultZ[k];
      psdShared[k] = c * mg * microH[k];
      psdOwn[k] = (1 - c) * mg * microH[k] + cg * cultH[k] + all * tiltH[k];
    }
    amplitudeFromPsd(psdZ, fs, n, sZ);
    amplitudeFromPsd(psdShared, fs, n, sS);
    amplitudeFromPsd(psdOwn, fs, n, sO);

    rng.fillNormal(wS);
    rng.fillNormal(w1);
    rng.fillNormal(w2);
    rng.fillNormal(wZ);
    weightSequence(sS, wS);
    weightSequence(sO, w1);
    weightSequence(sO, w2);
    weightSequence(sZ, wZ);

    for (let k = 0; k < n; k++) a[k] = wS[k] + w1[k];
    addBlock(out[0], dht.transform(a, x), first, b, blocks, rampIn, rampOut);
    for (let k = 0; k < n; k++) a[k] = wS[k] + w2[k];
    addBlock(out[1], dht.transform(a, x), first, b, blocks, rampIn, rampOut);
    addBlock(out[2], dht.transform(wZ, x), first, b, blocks, rampIn, rampOut);
  }
  return out;
}

interface BasePsds {
  microZ: Float64Array;
  microH: Float64Array;
  cultZ: Float64Array;
  cultH: Float64Array;
  tiltH: Float64Array;
}

const basePsdCache = new Map<string, BasePsds>();

/** Per-bin model PSDs (counts^2/Hz, instrument included, all gains 0 dB), cached per (rate, size, sensitivity). */
function basePsds(fs: number, n: number, sensitivityCountsPerMps: number): BasePsds {
  const key = `${fs}/${n}/${sensitivityCountsPerMps}`;
  const hit = basePsdCache.get(key);
  if (hit) return hit;
  const half = n / 2;
  const s2 = sensitivityCountsPerMps ** 2;
  const b: BasePsds = {
    microZ: new Float64Array(half + 1),
    microH: new Float64Array(half + 1),
    cultZ: new Float64Array(half + 1),
    cultH: new Float64Array(half + 1),
    tiltH: new Float64Array(half + 1),
  };
  for (let k = 1; k < half; k++) {
    const f = (k * fs) / n;
    const r = instrumentPowerResponse(f, fs) * s2;
    const z = velocityPsdParts('Z', f);
    const h = velocityPsdParts('H', f);
    b.microZ[k] = z.microseism * r;
    b.cultZ[k] = z.cultural * r;
    b.microH[k] = h.microseism * r;
    b.cultH[k] = h.cultural * r;
    b.tiltH[k] = h.tilt * r;
  }
  if (basePsdCache.size > 8) basePsdCache.clear();
  basePsdCache.set(key, b);
  return b;
}

function addBlock(
  out: Float64Array,
  x: Float64Array,
  first: number,
  b: number,
  blocks: number,
  rampIn: Float64Array,
  rampOut: Float64Array,
): void {
  const n = x.length;
  const overlap = rampIn.length;
  const end = Math.min(n, out.length - first);
  const inEnd = b > 0 ? Math.min(overlap, end) : 0;
  const outStart = b < blocks - 1 ? n - overlap : n;
  let j = 0;
  for (; j < inEnd; j++) out[first + j] += rampIn[j] * x[j];
  const midEnd = Math.min(outStart, end);
  for (; j < midEnd; j++) out[first + j] += x[j];
  for (; j < end; j++) out[first + j] += rampOut[j - outStart] * x[j];
}
