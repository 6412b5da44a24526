/**
 * DSP benchmark, Foreseis vs scipy/numpy, in one run on the same machine:
 *   (a) sosfiltfilt, 8th-order Butterworth low-pass 3.5 Hz at 40 Hz, 3 channels x 1 440 000
 *       samples (10 h at 40 Hz), seeded random data;
 *   (b) amplitude spectra |rfft| of 36 x 37 x 3 = 3996 windows of 16384 samples, through the
 *       product's batch path: amplitudeSpectra on Float32Array windows (standardized windows are
 *       stored as float32) after `await initFastFft()`, i.e. the float32 WebAssembly SIMD engine,
 *       single-threaded. Compared with numpy.fft.rfft on float64 (the target, and what
 *       the peer calls its main number); the numpy float32 time is printed beside it. The exact
 *       float64 fft.js path is timed as a second line, rfft_abs_3996x16384_fftjs_f64;
 *   (c) Savitzky-Golay smoothing of 20 000 points (31/3 and 11/2, mode 'interp');
 * then runs the scipy peer (shared/peers/dsp_speed.py) for the same work. Each figure is the
 * median of 5 timed runs, like the peer's (after 3 warm-up runs here, 1 there: see WARMUPS).
 * Prints one JSON line per figure:
 *   {"bench":"dsp","case":"...","foreseis_ms":..,"scipy_ms":..,"ratio":..,"threads":1}
 * ratio = foreseis / scipy (lower is better; the target is <= 1.5).
 *
 * Run: npx tsx bench/dsp.ts    (FORESEIS_PEERS overrides the peers folder, default ../shared/peers
 * from the repo root; FORESEIS_PYTHON overrides the interpreter, default python3).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { butter } from '../src/main/dsp/butter';
import { initFastFft, realFftPlan } from '../src/main/dsp/fft';
import { savgolFilter } from '../src/main/dsp/savgol';
import { amplitudeSpectra } from '../src/main/dsp/spectrum';
import { sosfiltfilt } from '../src/main/dsp/sosfiltfilt';
import { gaussian } from '../src/shared/random';

const REPEATS = 5;
/**
 * Warm-up runs before timing. The peer warms up once (CPython has no JIT); V8 needs a few calls
 * before its optimizing tier has compiled the hot loops, and a long analysis run is in that state
 * for all but its first seconds, so steady state is what we compare.
 */
const WARMUPS = 3;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');


function fill(n: number, rnd: () => number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = rnd();
  return x;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall-clock milliseconds of `REPEATS` runs after `WARMUPS` untimed ones. `sink` defeats dead-code elimination. */
let sink = 0;
function timeMs(fn: () => number): number {
  for (let w = 0; w < WARMUPS; w++) sink += fn();
  const ts: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    sink += fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

function foreseisTimings(): Record<string, number> {
  const rnd = gaussian(0);
  const out: Record<string, number> = {};

  // (a) 8th-order zero-phase low-pass over 3 x 1.44 M samples.
  const n = 1_440_000;
  const channels = [fill(n, rnd), fill(n, rnd), fill(n, rnd)];
  const sos = butter(8, 3.5, 'lowpass', 40);
  out.sosfiltfilt_3x1440000 = timeMs(() => {
    let s = 0;
    for (const c of channels) s += sosfiltfilt(sos, c)[n >> 1];
    return s;
  });

  // (b) amplitude spectra of 3996 windows of 16384 samples, each spectrum kept (as numpy does).
  const nw = 36 * 37 * 3;
  const len = 16384;
  const windows = fill(nw * len, rnd);
  // The product's path: float32 windows through amplitudeSpectra (float32 engine once initFastFft ran).
  const windows32 = Float32Array.from(windows);
  const list32 = Array.from({ length: nw }, (_, w) => windows32.subarray(w * len, (w + 1) * len));
  out.rfft_abs_3996x16384 = timeMs(() => {
    const { amplitudes, engine } = amplitudeSpectra(list32, 40);
    if (engine !== 'pffft-float32') throw new Error(`bench/dsp: float32 engine not in use (${engine})`);
    return amplitudes[1][12345 % amplitudes[1].length];
  });
  // The exact float64 fft.js path (rfft, spectrogram, psd, and float64 batches use it).
  const plan = realFftPlan(len);
  const win = (w: number): Float64Array => windows.subarray(w * len, (w + 1) * len);
  out.rfft_abs_3996x16384_fftjs_f64 = timeMs(() => {
    const spectra = new Float64Array(nw * plan.bins);
    const row = (w: number): Float64Array => spectra.subarray(w * plan.bins, (w + 1) * plan.bins);
    // Two windows per complex FFT, as amplitudeSpectra does for power-of-two float64 lengths.
    for (let w = 0; w < nw; w += 2) plan.amplitudePair(win(w), win(w + 1), row(w), row(w + 1));
    return spectra[12345];
  });

  // (c) Savitzky-Golay on 20 000 points.
  const y = fill(20000, rnd);
  out.savgol_20000_w31_p3 = timeMs(() => savgolFilter(y, 31, 3)[100]);
  out.savgol_20000_w11_p2 = timeMs(() => savgolFilter(y, 11, 2)[100]);
  return out;
}

function scipyTimings(): Record<string, number> | undefined {
  const peers = process.env.FORESEIS_PEERS ?? resolve(repoRoot, '../shared/peers');
  const script = resolve(peers, 'dsp_speed.py');
  if (!existsSync(script)) {
    console.error(`bench/dsp: scipy peer not found at ${script} (set FORESEIS_PEERS)`);
    return undefined;
  }
  const python = process.env.FORESEIS_PYTHON ?? 'python3';
  const run = spawnSync(python, [script], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.status !== 0) {
    console.error(`bench/dsp: ${python} ${script} failed (${run.status}): ${run.stderr}`);
    return undefined;
  }
  const line = run.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (!line) return undefined;
  const r = JSON.parse(line) as Record<string, number>;
  return {
    sosfiltfilt_3x1440000: r.sosfiltfilt_3x1440000_s * 1000,
    rfft_abs_3996x16384: r.rfft_abs_numpy_f64_s * 1000,
    rfft_abs_3996x16384_fftjs_f64: r.rfft_abs_numpy_f64_s * 1000,
    numpy_f32_rfft_abs_3996x16384: r.rfft_abs_numpy_f32_s * 1000,
    savgol_20000_w31_p3: r.savgol_20000_w31_p3_s * 1000,
    savgol_20000_w11_p2: r.savgol_20000_w11_p2_s * 1000,
  };
}

const round = (v: number): number => Math.round(v * 1000) / 1000;

if (!(await initFastFft())) throw new Error('bench/dsp: the float32 WebAssembly engine did not load');
const ours = foreseisTimings();
const theirs = scipyTimings();
for (const [name, ms] of Object.entries(ours)) {
  const ref = theirs?.[name];
  // The float32 line also shows numpy's own float32 time (numpy >= 2 transforms float32 in float32).
  const f32 = name === 'rfft_abs_3996x16384' ? theirs?.numpy_f32_rfft_abs_3996x16384 : undefined;
  console.log(
    JSON.stringify({
      bench: 'dsp',
      case: name,
      foreseis_ms: round(ms),
      scipy_ms: ref === undefined ? null : round(ref),
      ratio: ref === undefined ? null : round(ms / ref),
      threads: 1,
      ...(name === 'rfft_abs_3996x16384' ? { engine: 'pffft-wasm-simd-f32', input: 'float32', scipy: 'numpy.fft.rfft float64' } : {}),
      ...(f32 === undefined ? {} : { numpy_f32_ms: round(f32), ratio_vs_numpy_f32: round(ms / f32) }),
    }),
  );
}
if (Number.isNaN(sink)) console.error('bench/dsp: NaN in results');
