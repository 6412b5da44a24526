/*
 * Dilated 1-D convolution (channels last, stride 1, no bias) and its two gradients, for the CPU
 * engine 'wasm-simd'.
 *
 * Why these kernels exist: the convolutions are ~90 % of a training step of this network family,
 * and the stock tfjs wasm backend runs them badly: XNNPACK on one thread for the forward pass, a
 * plain C loop for the input gradient, no filter gradient at all (filled in JavaScript through
 * im2col + matmul), and no dilation in any gradient (tfjs-core refuses them, so dilated layers
 * go through space-to-batch transposes that cost time and memory). Here one register-tiled SIMD
 * loop serves the forward pass and the input gradient (which is a forward convolution of dy with
 * the filter turned round), a second one the filter gradient; both take the dilation as a plain
 * stride, and both split their work into ranges the runtime spreads over threads.
 *
 * Layouts (float32, row-major):
 *   xp  [B, Lp, C]   the input with the convolution's zero padding already written around each
 *                    batch row (Lp = left + L + right), so the loops never test bounds
 *   w   [K, C, F4]   the filter with its output channels padded to F4 = ceil(F / 4) * 4 (zeros)
 *   y   [B, Lout, F] the output, unpadded
 * y[b, t, f] = sum_j sum_c xp[b, t + j*d, c] * w[j, c, f].
 *
 * ABI (kernel-runner.ts): pointers and sizes first, the owned part of the range last; a part
 * writes only what it owns (rows of y, or its own partial filter gradient).
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))
#define INLINE static inline __attribute__((always_inline))

/* acc + a*b. conv1d_fma.c builds these kernels again with relaxed SIMD's fused multiply-add (one
 * instruction instead of two: about twice the arithmetic per cycle where the CPU has FMA); this
 * module is the fallback for engines without relaxed SIMD. */
#ifndef FWD_TT
#define FWD_TT 4
#endif
#ifdef FS_FMA
#define MADD(acc, a, b) __builtin_wasm_relaxed_madd_f32x4((a), (b), (acc))
#else
#define MADD(acc, a, b) wasm_f32x4_add((acc), wasm_f32x4_mul((a), (b)))
#endif

/* Store the first n (1..4) lanes of v: the last vector of a row whose channel count is not a multiple of 4. */
INLINE void store_lanes(float *p, v128_t v, int n) {
  if (n >= 4) {
    wasm_v128_store(p, v);
    return;
  }
  p[0] = wasm_f32x4_extract_lane(v, 0);
  if (n > 1) p[1] = wasm_f32x4_extract_lane(v, 1);
  if (n > 2) p[2] = wasm_f32x4_extract_lane(v, 2);
}

/*
 * One register tile of the forward pass: TT consecutive output rows x NV vectors (4 channels
 * each) of output channels. TT*NV accumulators stay in registers across the whole k*C
 * reduction; each step loads NV filter vectors and broadcasts TT input values. With TT = 4 and
 * NV = 2 that is 8 accumulators + 2 filter vectors + 1 broadcast: it fits the 16 SIMD registers
 * of x86-64 (what V8 maps wasm v128 onto) without spills. TT and NV are constants at every call
 * site, so clang unrolls the tile completely.
 */
INLINE void fwd_tile(const float *xrow, const float *wcol, float *yrow, int C, int K, int d, int F, int F4, int fb, int TT, int NV) {
  v128_t acc[FWD_TT][2];
  for (int i = 0; i < TT; i++)
    for (int v = 0; v < NV; v++) acc[i][v] = wasm_f32x4_splat(0.0f);
  for (int j = 0; j < K; j++) {
    const float *xj = xrow + (long)j * d * C;
    const float *wj = wcol + (long)j * C * F4;
    for (int c = 0; c < C; c++) {
      v128_t wv[2];
      for (int v = 0; v < NV; v++) wv[v] = wasm_v128_load(wj + (long)c * F4 + 4 * v);
      for (int i = 0; i < TT; i++) {
        v128_t xv = wasm_v128_load32_splat(xj + (long)i * C + c);
        for (int v = 0; v < NV; v++) acc[i][v] = MADD(acc[i][v], xv, wv[v]);
      }
    }
  }
  for (int i = 0; i < TT; i++)
    for (int v = 0; v < NV; v++) {
      int lanes = F - (fb + 4 * v);
      store_lanes(yrow + (long)i * F + fb + 4 * v, acc[i][v], lanes > 4 ? 4 : lanes);
    }
}

/* Rows of the time block: 4 at a time, then one by one. */
INLINE void fwd_rows(const float *xrow, const float *w, float *yrow, int C, int K, int d, int F, int F4, int fb, int rows, int NV) {
  int i = 0;
  for (; i + FWD_TT <= rows; i += FWD_TT) fwd_tile(xrow + (long)i * C, w + fb, yrow + (long)i * F, C, K, d, F, F4, fb, FWD_TT, NV);
  for (; i < rows; i++) fwd_tile(xrow + (long)i * C, w + fb, yrow + (long)i * F, C, K, d, F, F4, fb, 1, NV);
}

/* Output rows per cache block: the block's input rows ((TB + (K-1)*d) * C floats) and the filter
 * column of one channel block stay in L1/L2 while every channel block of the output is computed. */
#define TB 64

/*
 * Forward pass over output rows [start, end) of B*Lout (row r = b*Lout + t). Also the input
 * gradient: called with dy padded as xp, the turned filter as w and dx as y.
 */
EXPORT(conv1d_forward)
void conv1d_forward(const float *xp, const float *w, float *y, int Lp, int C, int K, int d, int Lout, int F, int start, int end) {
  int F4 = (F + 3) & ~3;
  int r = start;
  while (r < end) {
    int b = r / Lout, t = r % Lout;
    int stop = Lout - t < end - r ? Lout - t : end - r; /* rows left in this batch row and part */
    for (int t0 = 0; t0 < stop; t0 += TB) {
      int rows = stop - t0 < TB ? stop - t0 : TB;
      const float *xrow = xp + ((long)b * Lp + t + t0) * C;
      float *yrow = y + ((long)b * Lout + t + t0) * F;
      int fb = 0;
      for (; fb + 8 <= F4; fb += 8) fwd_rows(xrow, w, yrow, C, K, d, F, F4, fb, rows, 2);
      if (fb < F4) fwd_rows(xrow, w, yrow, C, K, d, F, F4, fb, rows, 1);
    }
    r += stop;
  }
}

/*
 * One register tile of the filter gradient over a run of rows: CB input channels x NV vectors
 * of output channels, accumulated over `rows` rows and added into the partial gradient.
 * dw[j, c, f] += sum_t xp[t + j*d, c] * dy[t, f]. 4 x 2 accumulators + 2 dy vectors + 1 broadcast.
 */
INLINE void bwf_tile(const float *xj, const float *dyrow, float *dw, int C, int F, int F4, int rows, int CB, int NV) {
  v128_t acc[4][2];
  for (int i = 0; i < CB; i++)
    for (int v = 0; v < NV; v++) acc[i][v] = wasm_f32x4_splat(0.0f);
  for (int t = 0; t < rows; t++) {
    v128_t g[2];
    /* dy rows are unpadded: a last vector may read the next row's first channels (or the 16
     * bytes of slack after dy); those lanes land in the padding channels of dw, never used. */
    for (int v = 0; v < NV; v++) g[v] = wasm_v128_load(dyrow + (long)t * F + 4 * v);
    for (int i = 0; i < CB; i++) {
      v128_t xv = wasm_v128_load32_splat(xj + (long)t * C + i);
      for (int v = 0; v < NV; v++) acc[i][v] = MADD(acc[i][v], xv, g[v]);
    }
  }
  for (int i = 0; i < CB; i++)
    for (int v = 0; v < NV; v++) {
      float *p = dw + (long)i * F4 + 4 * v;
      wasm_v128_store(p, wasm_f32x4_add(wasm_v128_load(p), acc[i][v]));
    }
}

INLINE void bwf_channels(const float *xj, const float *dyrow, float *dwj, int C, int F, int F4, int fb, int rows, int NV) {
  int c = 0;
  for (; c + 4 <= C; c += 4) bwf_tile(xj + c, dyrow + fb, dwj + (long)c * F4 + fb, C, F, F4, rows, 4, NV);
  for (; c < C; c++) bwf_tile(xj + c, dyrow + fb, dwj + (long)c * F4 + fb, C, F, F4, rows, 1, NV);
}

/* Rows per cache block of the filter gradient: the block's dy rows and input rows stay in cache
 * while every (tap, channel block) tile sweeps them. */
#define TBF 128

/*
 * Filter gradient, parallel over parts [start, end) of P parts: part p sums the rows
 * [p*N/P, (p+1)*N/P) of N = B*Lout into its own partial gradient partials + p*K*C*F4 (zeroed
 * first unless `accumulate`: the caller feeds the batch in chunks). P is fixed by the caller, not
 * by the thread count, so the result does not depend on how many threads ran it. conv1d_reduce
 * then sums the partials.
 */
EXPORT(conv1d_filter_grad)
void conv1d_filter_grad(const float *xp, const float *dy, float *partials, int Lp, int C, int K, int d, int Lout, int F, int B, int P, int accumulate, int start, int end) {
  int F4 = (F + 3) & ~3;
  long N = (long)B * Lout;
  long size = (long)K * C * F4;
  for (int p = start; p < end; p++) {
    float *dw = partials + p * size;
    if (!accumulate)
      for (long i = 0; i < size; i++) dw[i] = 0.0f;
    long r = N * p / P, rend = N * (p + 1) / P;
    while (r < rend) {
      int b = (int)(r / Lout), t = (int)(r % Lout);
      int stop = (int)(Lout - t < rend - r ? Lout - t : rend - r);
      for (int t0 = 0; t0 < stop; t0 += TBF) {
        int rows = stop - t0 < TBF ? stop - t0 : TBF;
        const float *xrow = xp + ((long)b * Lp + t + t0) * C;
        const float *dyrow = dy + ((long)b * Lout + t + t0) * F;
        for (int j = 0; j < K; j++) {
          const float *xj = xrow + (long)j * d * C;
          float *dwj = dw + (long)j * C * F4;
          int fb = 0;
          for (; fb + 8 <= F4; fb += 8) bwf_channels(xj, dyrow, dwj, C, F, F4, fb, rows, 2);
          if (fb < F4) bwf_channels(xj, dyrow, dwj, C, F, F4, fb, rows, 1);
        }
      }
      r += stop;
    }
  }
}

/*
 * dw[q, f] = sum_p partials[p][q, f] over rows q in [start, end) of K*C, dropping the padding
 * channels (dw is [K, C, F]). Summed in part order, so the same on any thread count.
 */
EXPORT(conv1d_reduce)
void conv1d_reduce(const float *partials, float *dw, int rowsTotal, int F, int P, int start, int end) {
  int F4 = (F + 3) & ~3;
  long size = (long)rowsTotal * F4;
  for (int q = start; q < end; q++) {
    for (int f = 0; f < F; f++) {
      float s = 0.0f;
      for (int p = 0; p < P; p++) s += partials[p * size + (long)q * F4 + f];
      dw[(long)q * F + f] = s;
    }
  }
}

/* w [K, C, F] -> wp [K, C, F4], zeros in the padding channels. */
EXPORT(conv1d_pad_filter)
void conv1d_pad_filter(const float *w, float *wp, int K, int C, int F) {
  int F4 = (F + 3) & ~3;
  for (long q = 0; q < (long)K * C; q++)
    for (int f = 0; f < F4; f++) wp[q * F4 + f] = f < F ? w[q * F + f] : 0.0f;
}

/*
 * The filter of the input gradient: wt[j, f, c] = w[K-1-j, c, f] ([K, F, C4], padded output
 * channels), so that dx = forward(dy padded by (K-1)*d - left before, wt).
 */
EXPORT(conv1d_turn_filter)
void conv1d_turn_filter(const float *w, float *wt, int K, int C, int F) {
  int C4 = (C + 3) & ~3;
  for (int j = 0; j < K; j++)
    for (int f = 0; f < F; f++)
      for (int c = 0; c < C4; c++) wt[((long)j * F + f) * C4 + c] = c < C ? w[((long)(K - 1 - j) * C + c) * F + f] : 0.0f;
}
