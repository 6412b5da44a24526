/**
 * How the dilated conv1d forward kernel alone scales with threads (copies in and out included and
 * timed apart), on block-7-sized data of `compact` at L = 16384 after the stride-2 pool:
 * [16, 8192, 64] → 64 filters, kernel 3, dilation 32. Prints one JSON line per thread count.
 * Run: npx tsx bench/conv-scaling.ts
 */
import { conv1dForward } from '../src/main/model/kernels/simd/conv1d';
import { InlineRunner } from '../src/main/model/kernels/simd/inline-runner';
import { ThreadPool } from '../src/main/model/kernels/simd/thread-pool';

const s = { batch: 16, length: 8192, inChannels: 64, outChannels: 64, kernelSize: 3, dilation: 32, padding: 'same' as const };
const x = new Float32Array(s.batch * s.length * s.inChannels).map((_, i) => Math.sin(i * 0.37));
const w = new Float32Array(s.kernelSize * s.inChannels * s.outChannels).map((_, i) => Math.cos(i * 0.11) * 0.05);
const y = new Float32Array(s.batch * s.length * s.outChannels);
const flops = 2 * s.batch * s.length * s.kernelSize * s.inChannels * s.outChannels;
for (const threads of [1, 2]) {
  const runner = threads === 1 ? new InlineRunner(['conv1d']) : new ThreadPool(['conv1d'], { threads });
  for (let i = 0; i < 2; i++) conv1dForward(runner, x, w, s, y);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    conv1dForward(runner, x, w, s, y);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const ms = times[2]!;
  console.log(JSON.stringify({ bench: 'conv-scaling', threads: runner.threads, ms: Number(ms.toFixed(1)), gflops: Number((flops / ms / 1e6).toFixed(1)) }));
  if ('close' in runner) await (runner as ThreadPool).close();
}
process.exit(0);
