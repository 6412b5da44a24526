/**
 * The engine ladder on this machine: the native packages cannot install here (their installers
 * download libtensorflow), so 'auto' lands on wasm and says why it passed the better engines
 * over, and asking for a native engine by name explains which npm package to install.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ForeseisError } from '../../../src/shared/errors';
import { defaultWasmPaths, selectEngine } from '../../../src/main/model/engine';
import { installed } from './helpers';

const nativeInstalled = installed('@tensorflow/tfjs-node') || installed('@tensorflow/tfjs-node-gpu');

async function rejection(promise: Promise<unknown>): Promise<ForeseisError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ForeseisError);
    return error as ForeseisError;
  }
  throw new Error('expected a rejection');
}

describe('selectEngine', () => {
  it.skipIf(nativeInstalled)("'auto' picks wasm-simd here, reports it, and says why the native engines were passed over", async () => {
    const engine = await selectEngine();
    expect(engine.name).toBe('wasm-simd');
    expect(engine.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(engine.description).toMatch(/^wasm-simd ×\d+: convolutions, batch norm and max-pool gradients in our WebAssembly SIMD kernels( \(FMA\))? on \d+ threads?, the rest in XNNPACK \(@tensorflow\/tfjs-backend-wasm 4\.22\.\d+\)$/);
    expect(engine.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu', 'tensorflow']);
    expect(engine.skipped[0]!.reason).toBe('@tensorflow/tfjs-node-gpu is not installed');
    expect(engine.skipped[1]!.reason).toBe('@tensorflow/tfjs-node is not installed');
    // The ladder registered the kernels wasm lacks.
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it.skipIf(nativeInstalled)("asking for 'tensorflow' explains which npm package to install", async () => {
    const error = await rejection(selectEngine('tensorflow'));
    expect(error.code).toBe('not-found');
    expect(error.message).toContain("engine 'tensorflow' is not available: @tensorflow/tfjs-node is not installed");
    expect(error.message).toContain('npm install @tensorflow/tfjs-node');
    expect(error.message).toContain('libtensorflow');
  });

  it.skipIf(nativeInstalled)("asking for 'tensorflow-gpu' names @tensorflow/tfjs-node-gpu and CUDA", async () => {
    const error = await rejection(selectEngine('tensorflow-gpu'));
    expect(error.code).toBe('not-found');
    expect(error.message).toContain('npm install @tensorflow/tfjs-node-gpu');
    expect(error.message).toContain('CUDA');
  });

  it("'cpu', 'wasm-stock' and 'wasm' can be chosen by name, and switched between", async () => {
    const cpu = await selectEngine('cpu');
    expect(cpu).toMatchObject({ name: 'cpu', backend: 'cpu', skipped: [] });
    expect(tf.getBackend()).toBe('cpu');
    const stock = await selectEngine('wasm-stock');
    expect(stock).toMatchObject({ name: 'wasm-stock', backend: 'wasm' });
    expect(stock.description).toMatch(/^wasm-stock: XNNPACK in WebAssembly, (SIMD|no SIMD), \d+ threads? \(@tensorflow\/tfjs-backend-wasm 4\.22\.\d+\)$/);
    const wasm = await selectEngine('wasm');
    expect(wasm).toMatchObject({ name: 'wasm-simd', backend: 'wasm' });
    expect(tf.getBackend()).toBe('wasm');
  });

  it("finds the wasm binaries in the package's dist folder", () => {
    expect(defaultWasmPaths()).toMatch(/@tensorflow[\\/]tfjs-backend-wasm[\\/]dist[\\/]$/);
  });
});
