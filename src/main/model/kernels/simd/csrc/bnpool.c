/*
 * Batch norm (training mode) and 1-D max-pool gradient kernels for the CPU engine.
 *
 * Why these exist: profiling a training step of the `compact` preset on the stock wasm backend
 * (bench/train.ts --profile, L = 4096, batch 16) put batch norm at ~390 ms a step (tfjs-layers
 * computes it from ~20 separate ops forward and ~30 backward: moments, FusedBatchNorm, and a
 * gradient made of Sum / Multiply / Tile / Sub over full-size tensors, each a pass over memory)
 * and MaxPoolGrad at ~250 ms (a JavaScript loop). Here batch norm is two passes forward (statistics,
 * normalize) and two backward (two reductions together, then dx), and the pool gradient one pass.
 *
 * Layout: every tensor is rows × C floats with the channels innermost (tfjs' NWC), so the inner
 * loops run over channels in 4-lane SIMD vectors, with a scalar tail for C % 4 (C = 3, 13, …).
 * Reductions are cache-blocked: a part of the range is a set of row blocks; each block's channel
 * sums are accumulated in float registers over at most `rows_per_block` rows (the block of
 * rows × C floats stays in L1/L2), then written as doubles to the block's own slot of `partial`,
 * so parts never race and the caller adds the slots in double precision (the result does not
 * depend on how many threads ran).
 *
 * ABI (kernel-runner.ts): pointers and sizes first, the owned part [start, end) last.
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

/*
 * Shifted sums for the batch statistics: for block b in [start, end), rows
 * [b*rows_per_block, min(rows, (b+1)*rows_per_block)), partial[b*2C + c] = Σ (x - shift[c]) and
 * partial[b*2C + C + c] = Σ (x - shift[c])². With the shift near the mean (the caller passes the
 * first row), variance = E[(x-K)²] - E[x-K]² keeps its precision in one pass over x.
 * Channel groups of 8 are the outer loop so the 4 accumulators stay in registers.
 */
EXPORT(bn_partial_stats)
void bn_partial_stats(const float *x, int rows, int C, int rows_per_block, const float *shift, double *partial, int start, int end) {
  for (int b = start; b < end; b++) {
    int r0 = b * rows_per_block;
    int r1 = r0 + rows_per_block < rows ? r0 + rows_per_block : rows;
    double *s1 = partial + (long)b * 2 * C;
    double *s2 = s1 + C;
    int c = 0;
    for (; c + 8 <= C; c += 8) {
      v128_t k0 = wasm_v128_load(shift + c), k1 = wasm_v128_load(shift + c + 4);
      v128_t a0 = wasm_f32x4_splat(0), a1 = a0, q0 = a0, q1 = a0;
      for (int r = r0; r < r1; r++) {
        const float *p = x + (long)r * C + c;
        v128_t d0 = wasm_f32x4_sub(wasm_v128_load(p), k0);
        v128_t d1 = wasm_f32x4_sub(wasm_v128_load(p + 4), k1);
        a0 = wasm_f32x4_add(a0, d0);
        a1 = wasm_f32x4_add(a1, d1);
        q0 = wasm_f32x4_add(q0, wasm_f32x4_mul(d0, d0));
        q1 = wasm_f32x4_add(q1, wasm_f32x4_mul(d1, d1));
      }
      float t[16];
      wasm_v128_store(t, a0);
      wasm_v128_store(t + 4, a1);
      wasm_v128_store(t + 8, q0);
      wasm_v128_store(t + 12, q1);
      for (int i = 0; i < 8; i++) {
        s1[c + i] = t[i];
        s2[c + i] = t[8 + i];
      }
    }
    for (; c + 4 <= C; c += 4) {
      v128_t k0 = wasm_v128_load(shift + c);
      v128_t a0 = wasm_f32x4_splat(0), q0 = a0;
      for (int r = r0; r < r1; r++) {
        v128_t d0 = wasm_f32x4_sub(wasm_v128_load(x + (long)r * C + c), k0);
        a0 = wasm_f32x4_add(a0, d0);
        q0 = wasm_f32x4_add(q0, wasm_f32x4_mul(d0, d0));
      }
      float t[8];
      wasm_v128_store(t, a0);
      wasm_v128_store(t + 4, q0);
      for (int i = 0; i < 4; i++) {
        s1[c + i] = t[i];
        s2[c + i] = t[4 + i];
      }
    }
    for (; c < C; c++) {
      float k = shift[c], a = 0, q = 0;
      for (int r = r0; r < r1; r++) {
        float d = x[(long)r * C + c] - k;
        a += d;
        q += d * d;
      }
      s1[c] = a;
      s2[c] = q;
    }
  }
}

/* y = (x - mean) * scale + beta over rows [start, end); scale = gamma / sqrt(var + eps). */
EXPORT(bn_apply)
void bn_apply(const float *x, float *y, int C, const float *mean, const float *scale, const float *beta, int start, int end) {
  for (int r = start; r < end; r++) {
    const float *p = x + (long)r * C;
    float *q = y + (long)r * C;
    int c = 0;
    for (; c + 4 <= C; c += 4) {
      v128_t d = wasm_f32x4_sub(wasm_v128_load(p + c), wasm_v128_load(mean + c));
      wasm_v128_store(q + c, wasm_f32x4_add(wasm_f32x4_mul(d, wasm_v128_load(scale + c)), wasm_v128_load(beta + c)));
    }
    for (; c < C; c++) q[c] = (p[c] - mean[c]) * scale[c] + beta[c];
  }
}

/*
 * The two reductions batch norm's gradient needs, in one pass over x and dy: for each block,
 * partial[b*2C + c] = Σ dy and partial[b*2C + C + c] = Σ dy · (x - mean) (the caller multiplies
 * by 1/σ to get Σ dy · x̂ = dγ).
 */
EXPORT(bn_partial_grad)
void bn_partial_grad(const float *x, const float *dy, int rows, int C, int rows_per_block, const float *mean, double *partial, int start, int end) {
  for (int b = start; b < end; b++) {
    int r0 = b * rows_per_block;
    int r1 = r0 + rows_per_block < rows ? r0 + rows_per_block : rows;
    double *s1 = partial + (long)b * 2 * C;
    double *s2 = s1 + C;
    int c = 0;
    for (; c + 8 <= C; c += 8) {
      v128_t m0 = wasm_v128_load(mean + c), m1 = wasm_v128_load(mean + c + 4);
      v128_t a0 = wasm_f32x4_splat(0), a1 = a0, q0 = a0, q1 = a0;
      for (int r = r0; r < r1; r++) {
        long at = (long)r * C + c;
        v128_t g0 = wasm_v128_load(dy + at), g1 = wasm_v128_load(dy + at + 4);
        a0 = wasm_f32x4_add(a0, g0);
        a1 = wasm_f32x4_add(a1, g1);
        q0 = wasm_f32x4_add(q0, wasm_f32x4_mul(g0, wasm_f32x4_sub(wasm_v128_load(x + at), m0)));
        q1 = wasm_f32x4_add(q1, wasm_f32x4_mul(g1, wasm_f32x4_sub(wasm_v128_load(x + at + 4), m1)));
      }
      float t[16];
      wasm_v128_store(t, a0);
      wasm_v128_store(t + 4, a1);
      wasm_v128_store(t + 8, q0);
      wasm_v128_store(t + 12, q1);
      for (int i = 0; i < 8; i++) {
        s1[c + i] = t[i];
        s2[c + i] = t[8 + i];
      }
    }
    for (; c + 4 <= C; c += 4) {
      v128_t m0 = wasm_v128_load(mean + c);
      v128_t a0 = wasm_f32x4_splat(0), q0 = a0;
      for (int r = r0; r < r1; r++) {
        long at = (long)r * C + c;
        v128_t g0 = wasm_v128_load(dy + at);
        a0 = wasm_f32x4_add(a0, g0);
        q0 = wasm_f32x4_add(q0, wasm_f32x4_mul(g0, wasm_f32x4_sub(wasm_v128_load(x + at), m0)));
      }
      float t[8];
      wasm_v128_store(t, a0);
      wasm_v128_store(t + 4, q0);
      for (int i = 0; i < 4; i++) {
        s1[c + i] = t[i];
        s2[c + i] = t[4 + i];
      }
    }
    for (; c < C; c++) {
      float m = mean[c], a = 0, q = 0;
      for (int r = r0; r < r1; r++) {
        long at = (long)r * C + c;
        a += dy[at];
        q += dy[at] * (x[at] - m);
      }
      s1[c] = a;
      s2[c] = q;
    }
  }
}

/*
 * dx = ka·dy + kb·(x - mean) + kc per channel over rows [start, end): the whole batch-norm input
 * gradient (through the normalization, the batch mean and the batch variance) once its per-channel
 * coefficients are known (bnpool.ts derives them).
 */
EXPORT(bn_apply_grad)
void bn_apply_grad(const float *x, const float *dy, float *dx, int C, const float *mean, const float *ka, const float *kb, const float *kc, int start, int end) {
  for (int r = start; r < end; r++) {
    long at = (long)r * C;
    int c = 0;
    for (; c + 4 <= C; c += 4) {
      v128_t d = wasm_f32x4_sub(wasm_v128_load(x + at + c), wasm_v128_load(mean + c));
      v128_t v = wasm_f32x4_mul(wasm_v128_load(ka + c), wasm_v128_load(dy + at + c));
      v = wasm_f32x4_add(v, wasm_f32x4_mul(wasm_v128_load(kb + c), d));
      wasm_v128_store(dx + at + c, wasm_f32x4_add(v, wasm_v128_load(kc + c)));
    }
    for (; c < C; c++) dx[at + c] = ka[c] * dy[at + c] + kb[c] * (x[at + c] - mean[c]) + kc[c];
  }
}

/*
 * Max-pool gradient for windows of two along the length (pool 2, any stride, 'same' or 'valid'),
 * written as a gather: the part owns input rows [start, end) of the N × L rows and computes each
 * row's dx from the (at most two) windows that contain it, so parts never race even when windows
 * overlap at stride 1, one example can be split over threads, and dx needs no zeroing pass.
 * x: [N, L, C], dy: [N, Lout, C], dx: [N, L, C]. Window o covers input positions
 * p0 = o*stride - pad_left and p0 + 1 (those inside [0, L)).
 * The rule is the cpu backend's: the first strict maximum of the window gets the gradient; a NaN
 * never wins; a window whose values are all NaN or -inf passes no gradient. Selecting the gradient
 * (instead of multiplying it by a 0/1 mask) keeps an infinite dy out of the other cell.
 */
EXPORT(max_pool2_grad)
void max_pool2_grad(const float *x, const float *dy, float *dx, int L, int Lout, int C, int stride, int pad_left, int start, int end) {
  const float ninf_s = -__builtin_inff();
  v128_t ninf = wasm_f32x4_splat(ninf_s);
  v128_t zero = wasm_f32x4_splat(0);
  for (int r = start; r < end; r++) {
    int n = r / L, l = r - n * L;
    const float *xn = x + (long)n * L * C;
    const float *dyn = dy + (long)n * Lout * C;
    float *d = dx + (long)r * C;
    int c = 0;
    for (; c + 4 <= C; c += 4) wasm_v128_store(d + c, zero);
    for (; c < C; c++) d[c] = 0;
    /* k = 0: the window starting at l - 1 (l is its second cell); k = 1: the one starting at l */
    for (int k = 0; k < 2; k++) {
      int p0 = l - 1 + k, q = p0 + pad_left;
      if (q < 0 || q % stride != 0) continue;
      int o = q / stride;
      if (o >= Lout) continue;
      int p1 = p0 + 1;
      int has0 = p0 >= 0 && p0 < L, has1 = p1 >= 0 && p1 < L;
      const float *g = dyn + (long)o * C;
      if (has0 && has1) {
        const float *a = xn + (long)p0 * C, *b = xn + (long)p1 * C;
        c = 0;
        for (; c + 4 <= C; c += 4) {
          v128_t v0 = wasm_v128_load(a + c), v1 = wasm_v128_load(b + c);
          v128_t ok0 = wasm_f32x4_gt(v0, ninf), ok1 = wasm_f32x4_gt(v1, ninf);
          /* the second cell wins where (first valid and second > first) or (first invalid and second valid) */
          v128_t take1 = wasm_v128_bitselect(wasm_f32x4_gt(v1, v0), ok1, ok0);
          v128_t take = k == 0 ? take1 : wasm_v128_andnot(ok0, take1);
          wasm_v128_store(d + c, wasm_f32x4_add(wasm_v128_load(d + c), wasm_v128_bitselect(wasm_v128_load(g + c), zero, take)));
        }
        for (; c < C; c++) {
          float v0 = a[c], v1 = b[c];
          int ok0 = v0 > ninf_s, ok1 = v1 > ninf_s;
          int take1 = ok0 ? v1 > v0 : ok1;
          if (k == 0 ? take1 : (ok0 && !take1)) d[c] += g[c];
        }
      } else if (has0 || has1) {
        /* a window of one cell (at the padding): that cell is l */
        const float *a = xn + (long)l * C;
        for (c = 0; c < C; c++)
          if (a[c] > ninf_s) d[c] += g[c];
      }
    }
  }
}

/*
 * Max-pool forward, windows of two along one axis (MaxPool1D(2) as tfjs runs it: [N, L, 1, C]),
 * output rows r in [start, end) of n * Lout. The cpu backend's rule: start at -inf and take a cell
 * when it is greater, so NaN never wins and a window of NaN/-inf only gives -inf.
 */
EXPORT(max_pool2)
void max_pool2(const float *x, float *y, int L, int Lout, int C, int stride, int pad_left, int start, int end) {
  const float ninf_s = -__builtin_inff();
  v128_t ninf = wasm_f32x4_splat(ninf_s);
  for (int r = start; r < end; r++) {
    int n = r / Lout, o = r - n * Lout;
    int p0 = o * stride - pad_left, p1 = p0 + 1;
    int has0 = p0 >= 0 && p0 < L, has1 = p1 >= 0 && p1 < L;
    const float *a = x + ((long)n * L + (has0 ? p0 : 0)) * C;
    const float *b = x + ((long)n * L + (has1 ? p1 : 0)) * C;
    float *q = y + (long)r * C;
    int c = 0;
    for (; c + 4 <= C; c += 4) {
      v128_t m = ninf;
      if (has0) {
        v128_t v = wasm_v128_load(a + c);
        m = wasm_v128_bitselect(v, m, wasm_f32x4_gt(v, m));
      }
      if (has1) {
        v128_t v = wasm_v128_load(b + c);
        m = wasm_v128_bitselect(v, m, wasm_f32x4_gt(v, m));
      }
      wasm_v128_store(q + c, m);
    }
    for (; c < C; c++) {
      float m = ninf_s;
      if (has0 && a[c] > m) m = a[c];
      if (has1 && b[c] > m) m = b[c];
      q[c] = m;
    }
  }
}

/*
 * Inference tail of one block, fused: batch norm with the moving statistics, ReLU and a max-pool
 * of two, read from the convolution's output y [n, L, C] and written straight into the next
 * convolution's padded input (rows out_rows apart per example, starting at out_offset), so the
 * block's activations never leave the kernels' memory. ReLU is applied per cell before the max
 * (a negative batch-norm scale would make the other order wrong). Output rows r in
 * [start, end) of n * Lout.
 */
EXPORT(bn_relu_pool2)
void bn_relu_pool2(const float *y, float *out, int L, int Lout, int C, int stride, int pad_left, const float *mean, const float *scale, const float *beta, int out_rows, int out_offset, int start, int end) {
  v128_t zero = wasm_f32x4_splat(0);
  for (int r = start; r < end; r++) {
    int n = r / Lout, o = r - n * Lout;
    int p0 = o * stride - pad_left, p1 = p0 + 1;
    int has0 = p0 >= 0 && p0 < L, has1 = p1 >= 0 && p1 < L;
    const float *a = y + ((long)n * L + (has0 ? p0 : 0)) * C;
    const float *b = y + ((long)n * L + (has1 ? p1 : 0)) * C;
    float *q = out + ((long)n * out_rows + out_offset + o) * C;
    int c = 0;
    for (; c + 4 <= C; c += 4) {
      v128_t m = wasm_v128_load(mean + c), s = wasm_v128_load(scale + c), t = wasm_v128_load(beta + c);
      v128_t va = wasm_f32x4_max(zero, wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(a + c), m), s), t));
      v128_t vb = wasm_f32x4_max(zero, wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(b + c), m), s), t));
      v128_t v = has0 && has1 ? wasm_f32x4_max(va, vb) : has0 ? va : vb;
      wasm_v128_store(q + c, v);
    }
    for (; c < C; c++) {
      float va = (a[c] - mean[c]) * scale[c] + beta[c];
      float vb = (b[c] - mean[c]) * scale[c] + beta[c];
      va = va > 0 ? va : 0;
      vb = vb > 0 ? vb : 0;
      q[c] = has0 && has1 ? (va > vb ? va : vb) : has0 ? va : vb;
    }
  }
}

/* Mean over the length of x [n, L, C] for examples [start, end): out [n, C] (global average pooling). */
EXPORT(mean_over_length)
void mean_over_length(const float *x, float *out, int L, int C, int start, int end) {
  for (int n = start; n < end; n++) {
    const float *p = x + (long)n * L * C;
    float *q = out + (long)n * C;
    for (int c = 0; c < C; c++) q[c] = 0;
    for (int l = 0; l < L; l++) {
      int c = 0;
      for (; c + 4 <= C; c += 4) wasm_v128_store(q + c, wasm_f32x4_add(wasm_v128_load(q + c), wasm_v128_load(p + (long)l * C + c)));
      for (; c < C; c++) q[c] += p[(long)l * C + c];
    }
    for (int c = 0; c < C; c++) q[c] /= (float)L;
  }
}
