export * from './project';
export * from './arrays';
export * from './stations';
export * from './events';
export * from './segments';
export * from './datasets';
export * from './waveform-source';
export { latestSchemaVersion } from './migrations';
export * from './runs';
