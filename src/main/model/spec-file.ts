/**
 * Specs on disk: the presets shipped in resources/models/<name>.json, and any JSON file a user
 * wrote in the same format. Both go through the same `parseSpec`, so a user's spec trains the
 * same way as a preset.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ForeseisError } from '../../shared/errors';
import { type ModelSpec, parseSpec } from './spec';

/** The presets shipped with Foreseis (resources/models/<name>.json). */
export const presetNames = ['paper', 'compact'] as const;
export type PresetName = (typeof presetNames)[number];

let modelsDirOverride: string | null = null;

/**
 * Where the preset files are. Found by walking up from this module to the first folder holding
 * resources/models: src/main/model/ in development and tests, out/main/ (or its chunks/) once
 * built. A packaged app whose resources live elsewhere (electron-builder's extraResources)
 * points here with `setModelsDir(join(process.resourcesPath, 'models'))` at start-up.
 */
export function modelsDir(): string {
  if (modelsDirOverride !== null) return modelsDirOverride;
  let dir = import.meta.dirname;
  for (;;) {
    const candidate = path.join(dir, 'resources', 'models');
    if (fs.existsSync(path.join(candidate, 'compact.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new ForeseisError('not-found', `no resources/models folder above ${import.meta.dirname}`);
    dir = parent;
  }
}

export function setModelsDir(dir: string | null): void {
  modelsDirOverride = dir;
}

function looksLikePresetName(nameOrPath: string): boolean {
  return /^[a-z0-9][a-z0-9_-]*$/i.test(nameOrPath);
}

/**
 * A checked spec: a preset by name (`'paper'`, `'compact'`, or any `<name>.json` in the models
 * folder), or a JSON file by path. Throws ForeseisError: 'not-found' for a missing file,
 * 'bad-input' for a file that is not JSON or not a valid spec (naming the field at fault).
 */
export function loadSpec(nameOrPath: string): ModelSpec {
  let file: string;
  if (looksLikePresetName(nameOrPath) && !fs.existsSync(nameOrPath)) {
    file = path.join(modelsDir(), `${nameOrPath}.json`);
    if (!fs.existsSync(file)) {
      const available = fs
        .readdirSync(modelsDir())
        .filter((entry) => entry.endsWith('.json'))
        .map((entry) => entry.slice(0, -'.json'.length));
      throw new ForeseisError('not-found', `no model preset '${nameOrPath}' (presets: ${available.join(', ')}; or give the path of a spec file)`);
    }
  } else {
    file = path.resolve(nameOrPath);
    if (!fs.existsSync(file)) throw new ForeseisError('not-found', `model spec file ${file} does not exist`);
  }
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ForeseisError('bad-input', `model spec ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseSpec(json, `model spec ${file}`);
}
