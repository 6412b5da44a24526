/**
 * The synthetic data source: realistic 3-component broadband station noise with an injected
 * precursor of known time and frequency (the offline default). Pure: no I/O.
 */
export {
  generateSegment,
  generateSyntheticProject,
  segmentTruth,
  syntheticGenerator,
  type PrecursorLineTruth,
  type PrecursorTruth,
  type SegmentRef,
  type SegmentTruth,
  type SyntheticProject,
  type SyntheticSegment,
  type SyntheticSegmentKind,
  type SyntheticSegmentPlan,
} from './project';
export {
  defaultSyntheticSettings,
  resolveSyntheticSettings,
  type SyntheticCatalogueSettings,
  type SyntheticNoiseBSettings,
  type SyntheticNoiseSettings,
  type SyntheticPrecursorSettings,
  type SyntheticSettings,
  type SyntheticSettingsInput,
} from './settings';
export type { PrecursorGate } from './precursor';
export type { LocalEventTruth } from './local-events';
export type { SyntheticEvent, Table1Row } from './catalogue';
export { table1Events } from './catalogue';
export {
  majoStation,
  ma2Station,
  nominalSensitivityCountsPerMps,
  nominalSensitivityFrequencyHz,
  syntheticChannelCodes,
  type SyntheticChannelCode,
  type SyntheticStation,
} from './station';
export { nhnmDb, nlnmDb } from './peterson';
export { recordedNoisePsd } from './noise-model';
