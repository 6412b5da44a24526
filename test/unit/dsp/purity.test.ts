/**
 * STYLE.md habit 1: src/main/dsp is a pure module (it runs in workers, the renderer and tests), so
 * it may import only its own files and pure npm packages: never node:*, electron, better-sqlite3
 * or anything that needs the DOM.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('../../../src/main/dsp/', import.meta.url);
/**
 * '@echogarden/pffft-wasm/simd': the float32 batch engine (fft.ts). An Emscripten ES module that
 * reads its .wasm with fs under Node and with fetch(new URL(..., import.meta.url)) elsewhere, so it
 * loads in workers and browsers too; imported dynamically, only by initFastFft().
 */
const allowedPackages = ['fft.js', '@echogarden/pffft-wasm/simd'];

describe('src/main/dsp imports', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  it.each(files)('%s imports only relative paths or pure packages', (file) => {
    const src = readFileSync(new URL(file, dir), 'utf8');
    const specifiers = [
      ...[...src.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]),
      ...[...src.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]),
    ];
    for (const s of specifiers) {
      if (s.startsWith('./')) {
        expect(s, `${file}: relative imports are extensionless`).not.toMatch(/\.(ts|js)$/);
        continue;
      }
      expect(allowedPackages, `${file} imports '${s}'`).toContain(s);
    }
    expect(src, `${file} uses process/require`).not.toMatch(/\bprocess\.|\brequire\(/);
  });
});
