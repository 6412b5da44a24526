/** Derived quantities of the dataset settings (the schema itself is part of the contract, in src/shared). */
export { datasetSettingsSchema, splitPolicySchema, type DatasetSettings, type DatasetSettingsInput } from '../../shared/dataset-settings';
import type { DatasetSettings } from '../../shared/dataset-settings';

export function macroWindowSamples(s: DatasetSettings): number {
  return Math.round(s.macroWindowSeconds * s.sampleRateHz);
}

export function precursorWindowIndex(s: DatasetSettings): number {
  return s.precursorWindow ?? s.macroWindowCount;
}
