/*
 * The kernels of conv1d.c with relaxed SIMD's fused multiply-add (f32x4.relaxed_madd): on a CPU
 * with FMA the register tiles do one instruction per multiply-add instead of two, about twice the
 * convolution throughput. Relaxed SIMD is standard in current engines (Electron) and behind
 * --experimental-wasm-relaxed-simd in Node 20; the runtime (runtime.ts) uses this module where it
 * validates and conv1d.wasm elsewhere. relaxed_madd may round once (fused) or twice depending on
 * the CPU, so results can differ from conv1d.wasm in the last bits, never more.
 */
#pragma clang attribute push(__attribute__((target("relaxed-simd"))), apply_to = function)
#define FS_FMA 1
#include "conv1d.c"
#pragma clang attribute pop
