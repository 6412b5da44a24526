/**
 * What a run trains and is scored on: a dataset's labelled windows, materialized (standardized
 * macro-windows with their sub-windows as views), the validation events held out of the training
 * events, and the seeded batch order. Examples are (macro-window, sub-window) pairs; a batch is
 * copied out of the views into one [B, L, C] buffer.
 */
import { ForeseisError } from '../../shared/errors';
import { mulberry32 } from '../../shared/random';
import { type DatasetSettings, datasetSettingsSchema, type MaterializedWindow, materializeWindows, type PlannedWindow } from '../dataset';
import { loadDatasetWindows, type Project, projectWaveformSource } from '../store';

export type DatasetWindow = PlannedWindow & { id: number };

export interface DatasetRecord {
  id: number;
  name: string;
  checksum: string;
  settings: DatasetSettings;
  windows: DatasetWindow[];
}

export function loadDataset(project: Project, datasetId: number): DatasetRecord {
  const row = project.db.prepare('SELECT id, name, checksum, settings_json FROM datasets WHERE id = ?').get(datasetId) as
    | { id: number; name: string; checksum: string; settings_json: string }
    | undefined;
  if (!row) throw new ForeseisError('not-found', `no dataset #${datasetId} in ${project.dir} (run 'foreseis info' to list them)`);
  const settings = datasetSettingsSchema.parse(JSON.parse(row.settings_json));
  return { id: row.id, name: row.name, checksum: row.checksum, settings, windows: loadDatasetWindows(project, datasetId) };
}

/** 1 = precursor, 0 = noise (A or B), null = not usable for training or scoring. */
export function classOf(label: PlannedWindow['label']): 0 | 1 | null {
  if (label === 'precursor') return 1;
  if (label === 'noise-a' || label === 'noise-b') return 0;
  return null;
}

export function labelled(windows: readonly DatasetWindow[], split: 'train' | 'test'): DatasetWindow[] {
  return windows.filter((w) => w.split === split && classOf(w.label) !== null);
}

/** Refuse a dataset that cannot train a classifier: no windows, or one class missing. */
export function checkTrainable(dataset: DatasetRecord, dir: string): void {
  const train = labelled(dataset.windows, 'train');
  if (train.length === 0) {
    throw new ForeseisError('bad-input', `dataset #${dataset.id} in ${dir} has no labelled training windows (run 'foreseis windows ${dir}' to cut and label them)`);
  }
  const classes = new Set(train.map((w) => classOf(w.label)));
  if (classes.size < 2) throw new ForeseisError('bad-input', `dataset #${dataset.id} has training windows of one class only (${train[0].label}); a classifier needs both`);
  const events = new Set(train.map((w) => w.eventId).filter((e) => e !== null));
  if (events.size < 2) throw new ForeseisError('bad-input', `dataset #${dataset.id} has ${events.size} training event(s); early stopping needs at least 2 (one held out for validation)`);
}

/**
 * Hold out a seeded fraction of the TRAINING events (at least one, never all) for early stopping:
 * every window of a held-out event goes to validation, so no event is on both sides. Noise-B
 * windows belong to no event; the same fraction of them is held out, also seeded.
 */
export function splitValidation(train: readonly DatasetWindow[], fraction: number, seed: number): { fit: DatasetWindow[]; validation: DatasetWindow[]; validationEvents: number[] } {
  const random = mulberry32(seed);
  const events = [...new Set(train.map((w) => w.eventId).filter((e): e is number => e !== null))].sort((a, b) => a - b);
  const shuffledEvents = shuffle(events, random);
  const count = Math.min(events.length - 1, Math.max(1, Math.round(events.length * fraction)));
  const held = new Set(shuffledEvents.slice(0, count));
  const free = shuffle(
    train.filter((w) => w.eventId === null).map((w) => w.id),
    random,
  );
  const heldFree = new Set(free.slice(0, Math.round(free.length * fraction)));
  const isValidation = (w: DatasetWindow): boolean => (w.eventId === null ? heldFree.has(w.id) : held.has(w.eventId));
  return { fit: train.filter((w) => !isValidation(w)), validation: train.filter(isValidation), validationEvents: [...held].sort((a, b) => a - b) };
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** A distinct 32-bit seed per (seed, purpose, index), so streams never overlap by accident. */
export function deriveSeed(seed: number, purpose: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(purpose + 1, 0xc2b2ae35) ^ Math.imul(index + 1, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

/** The order of the examples in epoch `epoch` (1-based): a seeded permutation, the same on every run with this seed. */
export function batchOrder(count: number, seed: number, epoch: number): Int32Array {
  const order = Int32Array.from({ length: count }, (_, i) => i);
  const random = mulberry32(deriveSeed(seed, 1, epoch));
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** Materialized windows as examples: example k is sub-window k % n of macro-window ⌊k / n⌋. */
export class Examples {
  readonly count: number;
  constructor(
    readonly windows: readonly MaterializedWindow[],
    readonly labels: readonly (0 | 1)[],
    readonly windowIds: readonly number[],
    readonly subWindowSamples: number,
    readonly subWindowsPerWindow: number,
    readonly channels: number,
  ) {
    this.count = windows.length * subWindowsPerWindow;
  }

  label(k: number): 0 | 1 {
    return this.labels[Math.floor(k / this.subWindowsPerWindow)];
  }

  /** Copy the examples `indices` into `out` ([indices.length, L, C] flattened); returns the used part. */
  fill(indices: ArrayLike<number>, out: Float32Array): Float32Array {
    const size = this.subWindowSamples * this.channels;
    for (let i = 0; i < indices.length; i++) {
      const k = indices[i];
      const view = this.windows[Math.floor(k / this.subWindowsPerWindow)].subWindows[k % this.subWindowsPerWindow];
      out.set(view, i * size);
    }
    return out.subarray(0, indices.length * size);
  }
}

export function materializeExamples(project: Project, dataset: DatasetRecord, windows: readonly DatasetWindow[]): Examples {
  const s = dataset.settings;
  const materialized = materializeWindows(projectWaveformSource(project), windows, s.channels, s.subWindowSamples, s.subWindowsPerWindow);
  return new Examples(
    materialized,
    windows.map((w) => classOf(w.label) as 0 | 1),
    windows.map((w) => w.id),
    s.subWindowSamples,
    s.subWindowsPerWindow,
    s.channels.length,
  );
}
