/**
 * The layering rules of eslint.config.js, proved on in-memory snippets: each rule must fire where
 * the layer forbids the import or global, and stay silent where it is allowed. The snippets are
 * linted with the repository's real config (nothing is mocked); only the layer rules' messages are
 * compared, so an ordinary rule (unused variable…) cannot make a case pass or fail.
 */
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const layerRules = new Set(['@typescript-eslint/no-restricted-imports', 'no-restricted-globals']);

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

/** The layer-rule messages for `code` as if it were the file `filePath` (relative to the repo). */
async function layerMessages(filePath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath, warnIgnored: true });
  const messages = result?.messages ?? [];
  // A parse error or an ignored file would make every expectation below meaningless.
  const broken = messages.filter((message) => message.fatal === true || message.ruleId === null);
  expect(broken, `${filePath} was not linted`).toEqual([]);
  return messages.filter((message) => message.ruleId !== null && layerRules.has(message.ruleId));
}

async function expectForbidden(filePath: string, code: string, rule: string, messagePart: string): Promise<void> {
  const messages = await layerMessages(filePath, code);
  expect(messages.map((m) => m.ruleId)).toEqual([rule]);
  expect(messages[0]?.severity).toBe(2);
  expect(messages[0]?.message).toContain(messagePart);
}

async function expectAllowed(filePath: string, code: string): Promise<void> {
  expect(await layerMessages(filePath, code)).toEqual([]);
}

const importRule = '@typescript-eslint/no-restricted-imports';
const globalsRule = 'no-restricted-globals';

describe("only src/main/app and src/preload import 'electron'", () => {
  const code = "import { app } from 'electron';\nexport const name = app.getName();\n";

  it.each(['src/main/app/x.ts', 'src/main/app/sub/x.ts', 'src/preload/x.ts'])('allowed in %s', async (file) => {
    await expectAllowed(file, code);
  });

  it.each([
    'src/main/dsp/x.ts',
    'src/main/store/x.ts',
    'src/main/api/x.ts',
    'src/main/cli.ts',
    'src/shared/x.ts',
    'src/renderer/src/x.ts',
  ])('forbidden in %s', async (file) => {
    await expectForbidden(file, code, importRule, "only src/main/app/ and src/preload/ may import 'electron'");
  });

  it('covers subpaths and type-only imports', async () => {
    await expectForbidden('src/main/store/x.ts', "import { ipcMain } from 'electron/main';\nexport { ipcMain };\n", importRule, "'electron'");
    await expectForbidden('src/main/api/x.ts', "import type { App } from 'electron';\nexport type A = App;\n", importRule, "'electron'");
  });

  it('does not catch packages that merely start with "electron"', async () => {
    await expectAllowed('src/main/store/x.ts', "import builder from 'electron-builder-like';\nexport { builder };\n");
  });
});

describe('src/renderer reaches the Node side only through window.foreseis', () => {
  it.each([
    ['src/renderer/src/x.ts', "import '../../main/store';\n"],
    ['src/renderer/src/x.ts', "import { handle } from '../../main/api';\nexport { handle };\n"],
    ['src/renderer/src/components/deep/x.ts', "import { fft } from '../../../../main/dsp/fft';\nexport { fft };\n"],
    ['src/renderer/src/x.ts', "import { x } from 'src/main/store';\nexport { x };\n"],
    ['src/renderer/src/x.ts', "import { x } from '@main/store';\nexport { x };\n"],
  ])('%s may not import %s', async (file, code) => {
    await expectForbidden(file, code, importRule, 'only through window.foreseis');
  });

  it.each(["import fs from 'node:fs';", "import path from 'path';", "import { readFile } from 'fs/promises';", "import { Worker } from 'worker_threads';"])(
    'no Node builtins: %s',
    async (statement) => {
      await expectForbidden('src/renderer/src/x.ts', `${statement}\nexport {};\n`, importRule, 'no Node builtins');
    },
  );

  it('no better-sqlite3, no native TensorFlow', async () => {
    await expectForbidden('src/renderer/src/x.ts', "import Database from 'better-sqlite3';\nexport { Database };\n", importRule, 'src/main/store only');
    await expectForbidden('src/renderer/src/x.ts', "import * as tf from '@tensorflow/tfjs-node';\nexport { tf };\n", importRule, 'Node-only');
  });

  it('the rule reads <script> blocks of .vue files too', async () => {
    const sfc = "<script setup lang=\"ts\">\nimport { readFileSync } from 'node:fs';\nconst text = readFileSync('x');\n</script>\n\n<template>\n  <p>{{ text }}</p>\n</template>\n";
    await expectForbidden('src/renderer/src/components/X.vue', sfc, importRule, 'no Node builtins');
  });

  it('types from the preload protocol are fine, preload code is not', async () => {
    await expectAllowed('src/renderer/src/x.ts', "import type { ForeseisBridge } from '../../preload/protocol';\nexport type B = ForeseisBridge;\n");
    await expectForbidden('src/renderer/src/x.ts', "import { createBridge } from '../../preload/bridge';\nexport { createBridge };\n", importRule, 'never preload code');
  });

  it('Vue, Pinia, src/shared and its own modules are fine', async () => {
    await expectAllowed(
      'src/renderer/src/x.ts',
      "import { ref } from 'vue';\nimport { defineStore } from 'pinia';\nimport { ForeseisError } from '../../shared/errors';\nimport { call } from './transport';\nexport { ref, defineStore, ForeseisError, call };\n",
    );
  });

  it('no Node globals in the sandboxed page, DOM globals are fine', async () => {
    await expectForbidden('src/renderer/src/x.ts', 'export const mode = process.env.NODE_ENV;\n', globalsRule, 'no Node globals');
    await expectAllowed('src/renderer/src/x.ts', 'export const title = document.title + window.location.href;\n');
  });
});

describe('src/main uses neither Vue nor the DOM', () => {
  it.each([
    ['src/main/x.ts', 'export const title = document.title;\n', 'document'],
    ['src/main/store/x.ts', 'export const w = window.innerWidth;\n', 'window'],
    ['src/main/dsp/x.ts', 'export const cores = navigator.hardwareConcurrency;\n', 'navigator'],
    ['src/main/app/x.ts', 'export const isElement = (v: unknown) => v instanceof HTMLElement;\n', 'HTMLElement'],
    ['src/main/api/x.ts', "export const saved = localStorage.getItem('k');\n", 'localStorage'],
  ])('%s may not use %s', async (file, code, name) => {
    await expectForbidden(file, code, globalsRule, `'${name}'`);
  });

  it('a local binding with a DOM name is not a DOM global', async () => {
    await expectAllowed('src/main/x.ts', "const document = { title: 'report' };\nexport const title = document.title;\n");
  });

  it('globals Node shares with the browser are fine', async () => {
    await expectAllowed('src/main/dsp/x.ts', "export const t = performance.now() + new URL('https://x.org').port.length + new TextEncoder().encode('a').length;\n");
  });

  it.each([
    ['src/main/api/x.ts', "import { ref } from 'vue';\nexport { ref };\n"],
    ['src/main/app/x.ts', "import { defineStore } from 'pinia';\nexport { defineStore };\n"],
    ['src/main/dsp/x.ts', "import { ref } from '@vue/reactivity';\nexport { ref };\n"],
  ])('%s may not import Vue or Pinia: %s', async (file, code) => {
    await expectForbidden(file, code, importRule, 'src/renderer only');
  });
});

describe('src/shared is the contract: it depends on neither side', () => {
  it.each([
    ["import { fft } from '../main/dsp/fft';", 'may not depend on either side'],
    ["import { call } from '../renderer/src/transport';", 'may not depend on either side'],
    ["import { createBridge } from '../preload/bridge';", 'may not depend on either side'],
    ["import { app } from 'electron';", "'electron'"],
    ["import { join } from 'node:path';", 'no Node builtins'],
    ["import Database from 'better-sqlite3';", 'src/main/store only'],
    ["import { ref } from 'vue';", 'src/renderer only'],
  ])('%s', async (statement, messagePart) => {
    await expectForbidden('src/shared/x.ts', `${statement}\nexport {};\n`, importRule, messagePart);
  });

  it('no DOM globals either', async () => {
    await expectForbidden('src/shared/x.ts', 'export const title = document.title;\n', globalsRule, "'document'");
  });

  it('zod and sibling modules are fine', async () => {
    await expectAllowed('src/shared/x.ts', "import { z } from 'zod';\nimport { ForeseisError } from './errors';\nexport { z, ForeseisError };\n");
  });
});

describe('pure modules (dsp, synthetic, dataset, analysis, figures) need no Node', () => {
  const pure = ['dsp', 'synthetic', 'dataset', 'analysis', 'figures'];

  it.each(pure)("src/main/%s may not import 'node:fs'", async (folder) => {
    await expectForbidden(`src/main/${folder}/x.ts`, "import fs from 'node:fs';\nexport { fs };\n", importRule, 'no Node builtins');
  });

  it.each(["import fs from 'fs';", "import { createHash } from 'crypto';", "import { Worker } from 'node:worker_threads';", "import test from 'node:test';"])(
    'bare and prefixed builtins alike: %s',
    async (statement) => {
      await expectForbidden('src/main/dsp/sub/x.ts', `${statement}\nexport {};\n`, importRule, 'no Node builtins');
    },
  );

  it('no better-sqlite3, no electron, no native TensorFlow', async () => {
    await expectForbidden('src/main/dataset/x.ts', "import Database from 'better-sqlite3';\nexport { Database };\n", importRule, 'src/main/store only');
    await expectForbidden('src/main/synthetic/x.ts', "import { app } from 'electron';\nexport { app };\n", importRule, "'electron'");
    await expectForbidden('src/main/analysis/x.ts', "import * as tf from '@tensorflow/tfjs-node-gpu';\nexport { tf };\n", importRule, 'Node-only');
  });

  it('no values from store/app/api, types are fine', async () => {
    await expectForbidden('src/main/dataset/x.ts', "import { openProject } from '../store/project';\nexport { openProject };\n", importRule, 'pure modules may not import');
    await expectAllowed('src/main/dataset/x.ts', "import type { Project } from '../store/project';\nexport type P = Project;\n");
  });

  it('npm packages and other pure modules are fine', async () => {
    await expectAllowed(
      'src/main/dsp/x.ts',
      "import FFT from 'fft.js';\nimport { z } from 'zod';\nimport { sosfilt } from './sos';\nimport { ForeseisError } from '../../shared/errors';\nexport { FFT, z, sosfilt, ForeseisError };\n",
    );
    await expectAllowed('src/main/dataset/x.ts', "import { standardize } from '../dsp/standardize';\nexport { standardize };\n");
  });

  it('the rest of src/main may use Node and SQLite', async () => {
    await expectAllowed('src/main/store/x.ts', "import fs from 'node:fs';\nimport Database from 'better-sqlite3';\nexport { fs, Database };\n");
    await expectAllowed('src/main/api/x.ts', "import { createHash } from 'node:crypto';\nexport { createHash };\n");
    await expectAllowed('src/main/cli.ts', "import { parseArgs } from 'node:util';\nexport { parseArgs };\n");
  });
});

describe('src/preload is the bridge', () => {
  it('may import electron and src/shared, not Node builtins (a sandboxed preload has none)', async () => {
    await expectAllowed('src/preload/x.ts', "import { contextBridge } from 'electron';\nimport { operationNames } from '../shared/api';\nexport { contextBridge, operationNames };\n");
    await expectForbidden('src/preload/x.ts', "import fs from 'node:fs';\nexport { fs };\n", importRule, 'no Node builtins');
  });
});
