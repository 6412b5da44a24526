/**
 * ESLint for Foreseis: typescript-eslint (strict), eslint-plugin-vue for .vue files, and the
 * layering of the code base, enforced here rather than described in a README (VS Code's
 * `code-layering` / `code-import-patterns` habit).
 *
 * Layers (a file belongs to exactly one; its path says where it runs):
 *
 *   src/shared/**        the contract, used by every side: pure TypeScript.
 *   src/main/<pure>/**   dsp, synthetic, dataset, analysis, figures: pure science, runs in a worker,
 *                        the renderer or a test alike. No Node builtins, no SQLite, no Electron.
 *   src/main/app/**      the Electron shell: the only folder of src/main that imports 'electron'.
 *   src/main/**          the rest of the Node side (store, api, fdsn, training, cli…): Node is fine,
 *                        Electron is not (the CLI and `foreseis serve` run without it).
 *   src/preload/**       the bridge: 'electron' (contextBridge/ipcRenderer) and src/shared only.
 *   src/renderer/**      Vue + Pinia in a sandboxed page: no Node, no Electron, no src/main.
 *
 * Nothing in src/main may import Vue/Pinia or touch DOM globals; nothing in src/shared may either.
 *
 * Known exceptions, file by file (this list may only shrink; each entry names the groups of
 * restrictions lifted for that one file and why):
 *
 *   (none yet)
 */
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// ---------------------------------------------------------------------------------------------
// Restriction groups: one regex each (matched against the import specifier as written).

const nodeBuiltinNames = builtinModules.filter((name) => !name.startsWith('_'));
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** @type {Record<string, {regex: string, message: string, allowTypeImports?: boolean}>} */
const restrictions = {
  electron: {
    regex: '^electron(/.*)?$',
    message: "only src/main/app/ and src/preload/ may import 'electron'",
  },
  node: {
    regex: `^(node:.*|(${nodeBuiltinNames.map(escape).join('|')})(/.*)?)$`,
    message: 'this layer must run outside Node (worker, renderer, browser): no Node builtins',
  },
  sqlite: {
    regex: '^better-sqlite3(/.*)?$',
    message: 'SQLite is reached through src/main/store only',
  },
  tfjsNative: {
    regex: '^@tensorflow/tfjs-node(-gpu)?(/.*)?$',
    message: 'the native TensorFlow engines are optional and Node-only; use the engine ladder in src/main/model',
  },
  vue: {
    regex: '^(vue|pinia|vue-router)(/.*)?$|^@vue/',
    message: 'Vue and Pinia belong to src/renderer only',
  },
  mainFromRenderer: {
    // '../../main/store', '../main', 'src/main/x', '@main/x'; the renderer's own entry
    // (src/renderer/src/main.ts) is imported by index.html only, never by another module.
    regex: '^((\\.\\./)+(src/)?main|src/main|@main|@/main)(/.*)?$',
    message: 'the renderer talks to the Node side only through window.foreseis (src/preload)',
  },
  preloadFromRenderer: {
    regex: '^(\\.\\./)+(src/)?preload(/.*)?$',
    allowTypeImports: true,
    message: 'the renderer may import types from src/preload/protocol, never preload code',
  },
  outOfShared: {
    regex: '^(\\.\\./)+(src/)?(main|renderer|preload)(/.*)?$',
    message: 'src/shared is the contract: it may not depend on either side',
  },
  impureFromPure: {
    // Types are fine (they vanish at build time); values would drag Node/SQLite in.
    regex: '^(\\.\\./)+(store|app|api|cli)(/.*)?$',
    allowTypeImports: true,
    message: 'pure modules may not import store/app/api/cli values (they need Node or Electron)',
  },
};

/**
 * DOM globals forbidden outside the renderer: everything the browser defines that Node does not,
 * plus the few Node also has now but that mean "a page" in this code base.
 */
const domGlobals = [
  ...new Set([
    ...Object.keys(globals.browser).filter((name) => !(name in globals.node) && !(name in globals.es2024)),
    'window',
    'document',
    'navigator',
    'localStorage',
    'sessionStorage',
    'location',
    'history',
    'self',
  ]),
].map((name) => ({ name, message: 'no DOM here: this code runs in Node or a worker' }));

/** Node globals forbidden in the sandboxed renderer. */
const nodeGlobals = ['process', 'Buffer', 'require', 'module', 'exports', '__dirname', '__filename', 'global', 'setImmediate', 'clearImmediate'].map(
  (name) => ({ name, message: 'the renderer is a sandboxed page: no Node globals' }),
);

// ---------------------------------------------------------------------------------------------
// Layers. Each file matches exactly one (later `ignores` carve the narrower layers out of the
// broader ones), because a rule configured twice is replaced, not merged.

const pureFolders = ['dsp', 'synthetic', 'dataset', 'analysis', 'figures', 'seismic'];
const pureGlobs = pureFolders.map((folder) => `src/main/${folder}/**`);

/** @type {{name: string, files: string[], ignores?: string[], restrict: (keyof typeof restrictions)[], restrictGlobals?: {name: string, message: string}[]}[]} */
const layers = [
  { name: 'shared', files: ['src/shared/**'], restrict: ['electron', 'node', 'sqlite', 'tfjsNative', 'vue', 'outOfShared'], restrictGlobals: domGlobals },
  { name: 'main/pure', files: pureGlobs, restrict: ['electron', 'node', 'sqlite', 'tfjsNative', 'vue', 'impureFromPure'], restrictGlobals: domGlobals },
  { name: 'main/app', files: ['src/main/app/**'], restrict: ['vue'], restrictGlobals: domGlobals },
  { name: 'main', files: ['src/main/**'], ignores: ['src/main/app/**', ...pureGlobs], restrict: ['electron', 'vue'], restrictGlobals: domGlobals },
  { name: 'preload', files: ['src/preload/**'], restrict: ['node', 'sqlite', 'tfjsNative', 'vue'], restrictGlobals: domGlobals },
  { name: 'renderer', files: ['src/renderer/**'], restrict: ['electron', 'node', 'sqlite', 'tfjsNative', 'mainFromRenderer', 'preloadFromRenderer'], restrictGlobals: nodeGlobals },
];

/**
 * Known exceptions (see the header comment), e.g.
 * `{ file: 'src/main/dsp/x.ts', layer: 'main/pure', allow: ['node'], reason: '…' }`.
 * @type {{file: string, layer: string, allow: (keyof typeof restrictions)[], reason: string}[]}
 */
const exceptions = [];

function layerBlock(layer, files, ignores = [], lifted = []) {
  const patterns = layer.restrict
    .filter((key) => !lifted.includes(key))
    .map((key) => restrictions[key]);
  return {
    name: `foreseis/layer/${layer.name}${lifted.length > 0 ? ` (exception: ${files.join(', ')})` : ''}`,
    files,
    ...(ignores.length > 0 ? { ignores } : {}),
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
      'no-restricted-globals': layer.restrictGlobals ? ['error', ...layer.restrictGlobals] : 'off',
    },
  };
}

const layerBlocks = layers.flatMap((layer) => {
  const own = exceptions.filter((exception) => exception.layer === layer.name);
  return [
    layerBlock(layer, layer.files, [...(layer.ignores ?? []), ...own.map((exception) => exception.file)]),
    ...own.map((exception) => layerBlock(layer, [exception.file], [], exception.allow)),
  ];
});

// ---------------------------------------------------------------------------------------------

export default defineConfig([
  { name: 'foreseis/ignores', ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'release/**', '**/*.d.ts.map'] },

  { name: 'foreseis/js', files: ['**/*.{js,mjs,cjs,ts,mts,cts,vue}'], extends: [js.configs.recommended] },

  {
    name: 'foreseis/typescript',
    files: ['**/*.{ts,mts,cts,vue}'],
    extends: [tseslint.configs.strict],
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Numeric code asserts non-null after bounds checks it has just made.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },

  {
    name: 'foreseis/vue',
    files: ['**/*.vue'],
    extends: [vue.configs['flat/recommended']],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' },
    },
  },

  { name: 'foreseis/node-scripts', files: ['**/*.{js,mjs,cjs}', 'bin/**', 'bench/**', '*.config.*'], languageOptions: { globals: globals.node } },
  { name: 'foreseis/renderer-globals', files: ['src/renderer/**'], languageOptions: { globals: globals.browser } },

  ...layerBlocks,
]);
