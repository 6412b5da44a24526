/** PLACEHOLDER (being measured) */
export const demoSettings = {
  synth: { events: 31, seed: 1, hoursBeforeEvent: 10 },
  windows: { noise: 'A' as const, subWindowSamples: 2048, subWindowsPerWindow: 9, split: { kind: 'preset' as const } },
  train: { spec: 'compact', epochs: 4, batchSize: 16, seed: 1 },
};
