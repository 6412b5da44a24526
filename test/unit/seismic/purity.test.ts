/** src/main/seismic is pure (STYLE.md habit 1): relative imports only, no node:*, process or DOM. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('../../../src/main/seismic/', import.meta.url);

describe('src/main/seismic imports', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  it.each(files)('%s imports only its own files', (file) => {
    const src = readFileSync(new URL(file, dir), 'utf8');
    const specifiers = [...src.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    for (const s of specifiers) expect(s, `${file} imports '${s}'`).toMatch(/^\.\/[\w]+$/);
    expect(src).not.toMatch(/\bprocess\.|\brequire\(|\bimport\(|\bdocument\.|\bwindow\./);
  });
});
