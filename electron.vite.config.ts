/**
 * Build of the three Electron bundles (main, preload, renderer) by electron-vite.
 *
 * - main: src/main/app/main.ts → out/main/index.js (ESM, package.json "main"). Dependencies stay
 *   external (electron-vite's default `externalizeDeps`); native and optional modules are listed
 *   again below so they stay external even if someone turns that default off: they are loaded
 *   from node_modules at run time (unpacked from the asar, see electron-builder.yml).
 * - preload: src/preload/index.ts → out/preload/index.cjs. A sandboxed preload cannot load ES
 *   modules or require anything but a few Electron modules, so it is one CommonJS file with every
 *   import bundled in.
 * - renderer: src/renderer (index.html → src/main.ts → App.vue) → out/renderer, with the
 *   Content-Security-Policy of src/main/app/policy.ts written into index.html's <meta> tag.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { metaContentSecurityPolicy } from './src/main/app/policy';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Native or optional modules: never bundled, resolved from node_modules when the app runs. */
const nativeModules = ['better-sqlite3', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@resvg/resvg-js'];

/**
 * Fills index.html's Content-Security-Policy <meta> tag from src/main/app/policy.ts, the one
 * place the policy is written. Fails the build if the tag is missing.
 */
function contentSecurityPolicyMeta(): Plugin {
  const placeholder = '%FORESEIS_CSP%';
  return {
    name: 'foreseis:csp-meta',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!html.includes(placeholder)) throw new Error(`index.html lacks the ${placeholder} CSP tag`);
        return html.replace(placeholder, metaContentSecurityPolicy);
      },
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rollupOptions: {
        // The training worker is its own entry: jobs.ts starts it as ./worker.js beside index.js.
        input: { index: resolve(root, 'src/main/app/main.ts'), worker: resolve(root, 'src/main/training/worker.ts') },
        external: nativeModules,
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // Bundle everything (src/shared included): a sandboxed preload has no module loader.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    plugins: [vue(), contentSecurityPolicyMeta()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: {
        input: { index: resolve(root, 'src/renderer/index.html') },
      },
    },
  },
});
