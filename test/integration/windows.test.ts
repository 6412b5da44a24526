import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { handle } from '../../src/main/api';
import { silentContext } from '../../src/main/api/context';
import { datasetSettingsSchema, materializeWindows, type PlannedWindow } from '../../src/main/dataset';
import { loadDatasetWindows, openProject, projectWaveformSource } from '../../src/main/store';
import { ForeseisError } from '../../src/shared/errors';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

describe('windows of a paper-sized synthetic project', () => {
  const root = tempDir();
  const dir = path.join(root, 'paper');

  beforeAll(async () => {
    await handle('synth.generate', { dir, settings: { events: 31, seed: 1 } }, silentContext);
  }, 180_000);

  it('labels 1776 train and 518 test windows with noise A and with noise B', async () => {
    for (const noise of ['A', 'B'] as const) {
      const r = await handle('windows.build', { dir, settings: { noise } }, silentContext);
      expect(r.totals).toEqual({ train: 1776, test: 518 });
      expect(r.strideSamples).toBe(656);
      const noiseLabel = noise === 'A' ? 'noise-a' : 'noise-b';
      expect(r.counts.find((c) => c.split === 'train' && c.label === noiseLabel)?.subWindows).toBe(888);
      expect(r.counts.find((c) => c.split === 'test' && c.label === 'precursor')?.subWindows).toBe(259);
    }
  });

  it('is reproducible: the same settings give the same checksum', async () => {
    const a = await handle('windows.build', { dir, settings: { noise: 'B', noiseBSeed: 4 } }, silentContext);
    const b = await handle('windows.build', { dir, settings: { noise: 'B', noiseBSeed: 4 } }, silentContext);
    const c = await handle('windows.build', { dir, settings: { noise: 'B', noiseBSeed: 5 } }, silentContext);
    expect(a.checksum).toBe(b.checksum);
    expect(c.checksum).not.toBe(a.checksum);
  });

  it('holds the whole dataset as views of standardized macro-windows, well under 1 GB', async () => {
    const r = await handle('windows.build', { dir, settings: { noise: 'A' } }, silentContext);
    const p = openProject(dir);
    try {
      const settings = datasetSettingsSchema.parse({ noise: 'A' });
      const windows = loadDatasetWindows(p, r.datasetId) as PlannedWindow[];
      const before = process.memoryUsage().arrayBuffers;
      const m = materializeWindows(projectWaveformSource(p), windows, settings.channels, settings.subWindowSamples, settings.subWindowsPerWindow);
      const subWindows = m.flatMap((x) => x.subWindows);
      expect(subWindows).toHaveLength(1776 + 518);
      const buffers = new Set(subWindows.map((v) => v.buffer));
      expect(buffers.size).toBe(62);
      const heldBytes = [...buffers].reduce((a, b) => a + b.byteLength, 0);
      expect(heldBytes).toBe(62 * 40000 * 3 * 4);
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(200e6);
      // Each macro-window is jointly standardized: mean 0 and std 1 over all its channels.
      for (const x of m.slice(0, 4)) {
        let s = 0;
        let s2 = 0;
        for (const v of x.samples) {
          s += v;
          s2 += v * v;
        }
        const n = x.samples.length;
        expect(Math.abs(s / n)).toBeLessThan(1e-4);
        expect(Math.sqrt(s2 / n - (s / n) ** 2)).toBeCloseTo(1, 4);
      }
    } finally {
      p.close();
    }
  });

  it('refuses a window layout that does not fit, naming the reason', async () => {
    await expect(handle('windows.build', { dir, settings: { subWindowSamples: 50000 } }, silentContext)).rejects.toThrow(/exceeds the macro-window length/);
    await expect(handle('windows.build', { dir, settings: { subWindowSamples: 16384, subWindowsPerWindow: 30000 } }, silentContext)).rejects.toBeInstanceOf(ForeseisError);
  });
});

describe('an event whose windows run past its data', () => {
  const root = tempDir();

  it('is answered in one line naming the event and the times', () => {
    const dir = path.join(root, 'short');
    expect(runCli(['synth', dir, '--events', '2', '--hours', '5']).status).toBe(0);
    const r = runCli(['windows', dir, '--split', 'random']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^foreseis: event \d+ \(.*\): window .* runs past its data/);
  });
});
