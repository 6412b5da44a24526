import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/main/cli';
import { commands } from '../../src/main/cli/commands';
import { latestSchemaVersion } from '../../src/main/store';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

/** A bad input answer: non-zero exit, one line on stderr, no stack trace. */
function expectOneLineError(r: { status: number | null; stderr: string }, pattern: RegExp, status = 1): void {
  expect(r.status).toBe(status);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^foreseis: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('foreseis CLI', () => {
  const root = tempDir();

  it('lists its commands and has --help on each', async () => {
    // One real process for the top-level help; each command's help is checked in-process, since a
    // process per command (over twenty of them) costs minutes on a loaded 2-core machine.
    const top = runCli(['--help']);
    expect(top.status).toBe(0);
    for (const c of commands) expect(top.stdout).toContain(c.name);
    expect(runCli(['windows', '--help']).stdout).toContain('usage: foreseis windows');
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      for (const c of commands) {
        written.length = 0;
        expect(await main([c.name, '--help']), c.name).toBe(0);
        expect(written.join(''), c.name).toContain(`usage: ${c.usage}`);
      }
    } finally {
      spy.mockRestore();
    }
  });

  it('creates a project once and refuses to overwrite it', () => {
    const dir = path.join(root, 'p');
    const r = runCli(['init', dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/created project/);
    expect(fs.existsSync(path.join(dir, 'project.sqlite'))).toBe(true);
    expectOneLineError(runCli(['init', dir]), /already a project/);
    const info = runCli(['info', dir, '--json']);
    expect(info.status).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ events: 0, schemaVersion: latestSchemaVersion });
  });

  it('answers a missing project, a corrupt database and an empty project in one line', () => {
    expectOneLineError(runCli(['info', path.join(root, 'missing')]), /no project at .*does not exist/);
    const bad = path.join(root, 'corrupt');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, 'project.sqlite'), Buffer.alloc(8192, 7));
    expectOneLineError(runCli(['info', bad]), /not a usable project database/);
    const empty = path.join(root, 'empty');
    expect(runCli(['init', empty]).status).toBe(0);
    expectOneLineError(runCli(['windows', empty]), /no event set/);
  });

  it('answers usage errors with exit code 2', () => {
    expectOneLineError(runCli(['frobnicate']), /unknown command/, 2);
    expectOneLineError(runCli(['windows']), /usage: foreseis windows/, 2);
    expectOneLineError(runCli(['windows', root, '--bogus']), /Unknown option/, 2);
    expectOneLineError(runCli(['windows', root, '--noise', 'C']), /--noise expects A or B/);
    expectOneLineError(runCli(['synth', path.join(root, 'x'), '--events', 'many']), /--events expects an integer/);
  });
});
