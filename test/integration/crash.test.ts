import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openProject } from '../../src/main/store';
import { runCli, spawnCli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

function arrayFiles(dir: string): string[] {
  const root = path.join(dir, 'arrays');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

describe('a process killed mid-import', () => {
  const root = tempDir();

  it('leaves the project as it was before the import', async () => {
    const dir = path.join(root, 'killed');
    expect(runCli(['init', dir]).status).toBe(0);
    const child = spawnCli(['synth', dir, '--events', '12', '--seed', '5']);
    let stderr = '';
    // Kill once the import has visibly written several recordings (progress lines on stderr).
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/synth: [3-9]\d%/.test(stderr) && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`synth ended before it could be killed (exit ${code}): ${stderr}`)));
    });
    await new Promise((r) => child.once('exit', r));
    expect(child.signalCode).toBe('SIGKILL');
    // Files were written before the kill; none of them is committed.
    expect(arrayFiles(dir).length).toBeGreaterThan(0);

    const p = openProject(dir);
    try {
      expect(p.db.pragma('integrity_check', { simple: true })).toBe('ok');
      for (const table of ['stations', 'events', 'event_sets', 'segments', 'waveforms', 'arrays', 'synthetic_truth']) {
        expect((p.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n, table).toBe(0);
      }
    } finally {
      p.close();
    }
    // Opening the project removed the orphans of the killed write.
    expect(arrayFiles(dir)).toEqual([]);

    // And the project is usable: the same import now completes.
    const again = runCli(['synth', dir, '--events', '2', '--seed', '5', '--json']);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ events: 2 });
  });
});
