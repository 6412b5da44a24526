/**
 * The README's main command, as integration tests: the demo on the synthetic default reaches
 * ≥ 90 % test accuracy, and the same demo on data without a precursor (strength 0, the null
 * control) stays at chance, 50 ± 10 %. Seeded; the run time is measured in BENCHMARKS.md, not here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { handle } from '../../src/main/api';
import { silentContext } from '../../src/main/api/context';
import { tempDir } from '../helpers/tmp';

describe('demo', () => {
  const root = tempDir();

  it('learns the injected precursor: ≥ 90 % test accuracy, a temporal curve and a report', async () => {
    const r = await handle('demo.run', { dir: path.join(root, 'demo') }, silentContext);
    expect(r.evaluation.summary.accuracyPercent.mean).toBeGreaterThanOrEqual(90);
    expect(r.evaluation.summary.skill.mean).toBeGreaterThan(0.8);
    expect(r.curve.points).toHaveLength(36);
    // The last interval is called precursor far more often than the first.
    expect(r.curve.points[35].mean - r.curve.points[0].mean).toBeGreaterThan(0.5);
    const html = fs.readFileSync(r.reportPath, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('Temporal precursor curve');
    expect(fs.readFileSync(path.join(r.dir, 'reports', 'temporal-curve.csv'), 'utf8').split('\n').length).toBeGreaterThan(36);
  }, 900_000);

  it('finds nothing where nothing was injected: strength 0 stays at 50 ± 10 %', async () => {
    const r = await handle('demo.run', { dir: path.join(root, 'null'), strength: 0 }, silentContext);
    const acc = r.evaluation.summary.accuracyPercent.mean;
    expect(acc).toBeGreaterThanOrEqual(40);
    expect(acc).toBeLessThanOrEqual(60);
  }, 900_000);
});
