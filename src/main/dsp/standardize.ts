/**
 * Joint standardization of a multi-channel window, the paper's input normalization: subtract the
 * mean of ALL samples of ALL channels and divide by their population standard deviation (ddof 0),
 * so the relative amplitudes of the channels survive (per-channel scaling would erase them).
 * Sums in float64 whatever the input type; results are float32, the model's input type.
 */
import { describeNonFinite } from './finite';

export interface JointMoments {
  mean: number;
  /** Population standard deviation (ddof = 0). */
  std: number;
  /** Total number of samples over all channels. */
  count: number;
}

/** Mean and population std over all channels, two-pass in float64. Throws RangeError on NaN/Infinity. */
export function jointMoments(channels: readonly ArrayLike<number>[]): JointMoments {
  if (channels.length === 0) throw new RangeError('standardizeJoint: no channels');
  const n = channels[0].length;
  channels.forEach((c, i) => {
    if (c.length !== n) throw new RangeError(`standardizeJoint: channel ${i} has ${c.length} samples, channel 0 has ${n}`);
  });
  const count = n * channels.length;
  if (count === 0) throw new RangeError('standardizeJoint: empty window');
  let sum = 0;
  for (const c of channels) for (let i = 0; i < n; i++) sum += c[i];
  if (!Number.isFinite(sum)) {
    const bad = channels.findIndex((c) => !Array.prototype.every.call(c, Number.isFinite));
    throw new RangeError(`standardizeJoint: channel ${bad}: ${describeNonFinite(channels[Math.max(bad, 0)])}`);
  }
  const mean = sum / count;
  // Second pass on the deviations: no cancellation when the mean is large (raw counts).
  let ss = 0;
  for (const c of channels) {
    for (let i = 0; i < n; i++) {
      const d = c[i] - mean;
      ss += d * d;
    }
  }
  const std = Math.sqrt(ss / count);
  if (!(std > 0)) {
    throw new RangeError(`standardizeJoint: constant window (all ${count} samples equal ${mean}, std = 0) cannot be standardized`);
  }
  return { mean, std, count };
}

/** New Float32Array per channel: (x - mean) / std with the joint moments. */
export function standardizeJoint(channels: readonly ArrayLike<number>[]): Float32Array[] {
  const { mean, std } = jointMoments(channels);
  const inv = 1 / std;
  return channels.map((c) => {
    const out = new Float32Array(c.length);
    for (let i = 0; i < c.length; i++) out[i] = (c[i] - mean) * inv;
    return out;
  });
}

/**
 * The same, written channels-last into one interleaved [n, c] Float32Array (what tfjs takes for a
 * conv1d input): out[i * c + ch] = (channels[ch][i] - mean) / std. Returns `out` (allocated if
 * omitted; must have length n * c).
 */
export function standardizeJointInterleaved(channels: readonly ArrayLike<number>[], out?: Float32Array): Float32Array {
  const { mean, std, count } = jointMoments(channels);
  const c = channels.length;
  const n = channels[0].length;
  const result = out ?? new Float32Array(count);
  if (result.length !== count) throw new RangeError(`standardizeJointInterleaved: out has length ${result.length}, expected ${count}`);
  const inv = 1 / std;
  for (let ch = 0; ch < c; ch++) {
    const src = channels[ch];
    for (let i = 0; i < n; i++) result[i * c + ch] = (src[i] - mean) * inv;
  }
  return result;
}

/**
 * For a window that is already one flat array (e.g. interleaved [n, c], channels-last): joint
 * standardization ignores which channel a sample belongs to, so this is the same operation with
 * the layout kept. Returns `out` (allocated if omitted; must have the input's length).
 */
export function standardizeJointFlat(data: ArrayLike<number>, out?: Float32Array): Float32Array {
  const { mean, std } = jointMoments([data]);
  const result = out ?? new Float32Array(data.length);
  if (result.length !== data.length) throw new RangeError(`standardizeJointFlat: out has length ${result.length}, expected ${data.length}`);
  const inv = 1 / std;
  for (let i = 0; i < data.length; i++) result[i] = (data[i] - mean) * inv;
  return result;
}
