/**
 * `foreseis train` as a user runs it: the process SIGKILLed after its first checkpoint, then
 * `--resume` finishes a valid run; `evaluate` and `curve --csv` on it; bad input in one line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { handle } from '../../src/main/api';
import { silentContext } from '../../src/main/api/context';
import { runCli, spawnCli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

const root = tempDir('foreseis-train-cli-');
const dir = path.join(root, 'project');

beforeAll(async () => {
  await handle('synth.generate', { dir, settings: { events: 6, seed: 3, precursorStrength: 3, hoursBeforeEvent: 10 } }, silentContext);
  await handle('windows.build', { dir, settings: { subWindowSamples: 1024, subWindowsPerWindow: 5, split: { kind: 'random', seed: 2, testFraction: 0.34 } } }, silentContext);
}, 120_000);

describe('foreseis train', () => {
  it('killed after its first checkpoint, resumes and finishes a complete run; evaluate and curve use it', async () => {
    const child = spawnCli(['train', dir, '--epochs', '3', '--seed', '5']);
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/epoch 1\/3: .*checkpoint saved/.test(stderr) && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`train ended before it could be killed (exit ${code}): ${stderr}`)));
    });
    await new Promise((r) => child.once('exit', r));
    expect(child.signalCode).toBe('SIGKILL');

    const listed = runCli(['runs', dir, '--json']);
    expect(listed.status, listed.stderr).toBe(0);
    const [run] = JSON.parse(listed.stdout) as { id: number; status: string; hasCheckpoint: boolean; epochs: unknown[] }[];
    expect(run).toMatchObject({ status: 'running', hasCheckpoint: true });
    expect(run.epochs.length).toBeGreaterThanOrEqual(1);

    const resumed = runCli(['train', dir, '--resume', String(run.id), '--json']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming at epoch [23]/);
    const result = JSON.parse(resumed.stdout) as { runs: { id: number; status: string; epochs: unknown[]; engine: string; dataChecksum: string; hasModel: boolean; hasCheckpoint: boolean }[] };
    expect(result.runs[0]).toMatchObject({ id: run.id, status: 'done', engine: 'wasm-simd', hasModel: true, hasCheckpoint: false });
    expect(result.runs[0].epochs).toHaveLength(3);

    const evaluated = runCli(['evaluate', dir, '--run', String(run.id)]);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toMatch(/accuracy f\s+\d+\.\d %/);
    expect(evaluated.stdout).toMatch(/confusion \[true noise: \d+ noise, \d+ precursor\]/);

    const csv = path.join(root, 'curve.csv');
    const curve = runCli(['curve', dir, '--run', String(run.id), '--csv', csv]);
    expect(curve.status, curve.stderr).toBe(0);
    expect(curve.stdout).toMatch(/onset: /);
    expect(fs.readFileSync(csv, 'utf8').split('\n').filter((l) => /^\d+,/.test(l))).toHaveLength(36);
  }, 240_000);

  it('answers bad input in one line', () => {
    const help = runCli(['train', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--resume/);
    const bad = runCli(['train', dir, '--engine', 'tensorflow-gpu']);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n').filter((l) => l.startsWith('foreseis:'))).toHaveLength(1);
    expect(bad.stderr).toMatch(/@tensorflow\/tfjs-node-gpu/);
    const missing = runCli(['evaluate', dir, '--run', '999']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no training run #999/);
  }, 60_000);
});
