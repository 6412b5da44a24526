/**
 * Settings of the windowing method of the paper (§4, PAPER-NOTES.md "Windows and labels"), every number a
 * setting. Defaults are the paper's, with the stride contradiction resolved as
 * floor((N - L)/(n - 1)) = 656 (ours, see PAPER-NOTES.md).
 */
import { z } from 'zod';

export const splitPolicySchema = z.discriminatedUnion('kind', [
  /** the split stored with the event set (e.g. the paper's Table 1: 24 train / 7 test) */
  z.object({ kind: z.literal('preset') }),
  /** a seeded random split by event */
  z.object({ kind: z.literal('random'), seed: z.number().int(), testFraction: z.number().gt(0).lt(1) }),
]);

export const datasetSettingsSchema = z
  .object({
    noise: z.enum(['A', 'B']).default('A'),
    channels: z.array(z.string().min(1)).min(1).default(['BH1', 'BH2', 'BHZ']),
    sampleRateHz: z.number().positive().default(40),
    macroWindowSeconds: z.number().positive().default(1000),
    /** the recording before each event is cut into this many macro-windows, the last ending at origin time */
    macroWindowCount: z.number().int().min(2).default(36),
    /** 1-based index of the precursor macro-window (the paper: the last, 36) */
    precursorWindow: z.number().int().min(1).optional(),
    /** 1-based index of the noise-A macro-window (the paper: the first) */
    noiseAWindow: z.number().int().min(1).default(1),
    /** sub-window length L in samples */
    subWindowSamples: z.number().int().min(1).default(16384),
    /** sub-windows per macro-window n */
    subWindowsPerWindow: z.number().int().min(1).default(37),
    /** noise-B windows lie at least this far from every catalogue event */
    noiseBMinSeparationHours: z.number().min(0).default(48),
    noiseBSeed: z.number().int().default(1),
    split: splitPolicySchema.default({ kind: 'preset' }),
  })
  .strict();

export type DatasetSettings = z.output<typeof datasetSettingsSchema>;
export type DatasetSettingsInput = z.input<typeof datasetSettingsSchema>;

/** The schema as the contract carries it: every field optional, defaults applied by the handler. */
export const datasetSettingsInputSchema = datasetSettingsSchema;
