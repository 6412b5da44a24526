/* A minimal kernel module for the runtime's own tests: y[i] += a * x[i] over [start, end). */
#include <wasm_simd128.h>

__attribute__((export_name("axpy"))) void axpy(float *y, const float *x, float a, int start, int end) {
  v128_t va = wasm_f32x4_splat(a);
  int i = start;
  for (; i + 4 <= end; i += 4) wasm_v128_store(y + i, wasm_f32x4_add(wasm_v128_load(y + i), wasm_f32x4_mul(va, wasm_v128_load(x + i))));
  for (; i < end; i++) y[i] += a * x[i];
}
