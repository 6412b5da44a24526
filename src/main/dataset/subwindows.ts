/**
 * Augmentation: n overlapping sub-windows of length L inside a macro-window of N samples, evenly
 * strided from its start, stride = floor((N - L)/(n - 1)). With the paper's N = 40000, L = 16384,
 * n = 37 the stride is 656 (PAPER-NOTES.md: the paper's own 1010 cannot fit, its Fig. 6 says 650).
 */
export function subWindowStride(windowSamples: number, subWindowSamples: number, count: number): number {
  if (!Number.isInteger(windowSamples) || !Number.isInteger(subWindowSamples) || !Number.isInteger(count)) {
    throw new RangeError('window lengths and counts must be integers');
  }
  if (subWindowSamples < 1 || count < 1) throw new RangeError('sub-window length and count must be at least 1');
  if (subWindowSamples > windowSamples) {
    throw new RangeError(`sub-window length ${subWindowSamples} exceeds the macro-window length ${windowSamples}`);
  }
  if (count === 1) return 0;
  const stride = Math.floor((windowSamples - subWindowSamples) / (count - 1));
  if (stride < 1) {
    throw new RangeError(`${count} sub-windows of ${subWindowSamples} samples need a stride of at least 1 in ${windowSamples} samples`);
  }
  return stride;
}

/** Start offsets (in samples) of the sub-windows within the macro-window. */
export function subWindowOffsets(windowSamples: number, subWindowSamples: number, count: number): number[] {
  const stride = subWindowStride(windowSamples, subWindowSamples, count);
  return Array.from({ length: count }, (_, i) => i * stride);
}

/**
 * Sub-windows as zero-copy views of a channels-last interleaved macro-window ([N, C] flattened):
 * a run of L consecutive time steps is one contiguous stretch of the buffer, so each view is a
 * `subarray`, not a copy. 1776 training windows of 16384×3 would be 350 MB as copies; as views of
 * 48 macro-windows they are 23 MB.
 */
export function subWindowViews(interleaved: Float32Array, channelCount: number, subWindowSamples: number, count: number): Float32Array[] {
  const windowSamples = interleaved.length / channelCount;
  if (!Number.isInteger(windowSamples)) throw new RangeError('interleaved length is not a multiple of the channel count');
  return subWindowOffsets(windowSamples, subWindowSamples, count).map((o) =>
    interleaved.subarray(o * channelCount, (o + subWindowSamples) * channelCount),
  );
}
