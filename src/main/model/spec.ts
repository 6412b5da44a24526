/**
 * The network spec: the data that describes one network of the family of MODEL.md (the `paper`
 * and `compact` presets in resources/models/, or a file a user wrote). One schema, one fit check;
 * the builder trusts a spec only after `parseSpec` accepted it.
 *
 * Pure module (zod only): it runs in a worker, the renderer or a test alike, so it can move to
 * src/shared when the contract carries specs.
 */
import { z } from 'zod';
import { ForeseisError } from '../../shared/errors';

const positiveInteger = z
  .number({ error: 'expected a positive integer' })
  .int({ error: 'expected a positive integer' })
  .min(1, { error: 'expected a positive integer' });

const finiteNumber = z.number({ error: 'expected a finite number' });

/** Keras' RandomNormal(mean, stddev): the only initializer the family uses. */
const randomNormalSchema = z.strictObject({
  type: z.literal('randomNormal', { error: "expected 'randomNormal'" }),
  mean: finiteNumber,
  stddev: finiteNumber.positive({ error: 'expected a positive number' }),
});

export const blockSpecSchema = z.strictObject({
  /** output channels of the block's convolution */
  filters: positiveInteger,
  /** taps of the convolution kernel */
  kernelSize: positiveInteger,
  /** spacing of the taps, in samples (1 = a plain convolution) */
  dilation: positiveInteger,
  /** stride of the max-pool that ends the block (1 keeps the length, 2 halves it) */
  poolStride: positiveInteger,
});

export const modelSpecSchema = z.strictObject({
  /** version of this file format; bumped on an incompatible change */
  formatVersion: z.literal(1, { error: 'expected 1 (the only spec format so far)' }),
  name: z.string({ error: 'expected a name' }).min(1, { error: 'expected a non-empty name' }),
  description: z.string().optional(),
  input: z.strictObject({
    /** window length L in samples */
    length: positiveInteger,
    /** channels C (components), channels last: the input is [L, C] */
    channels: positiveInteger,
  }),
  /**
   * Training-only augmentation: x + conv1d(x, K), K [kernelSize, C, C] ~ N(0, 1) re-drawn every
   * epoch, 'same' padding, scaled per window so that RMS(noise) = rmsRatio × RMS(x).
   * `null` leaves it out.
   */
  randomLayer: z
    .strictObject({
      kernelSize: positiveInteger,
      rmsRatio: finiteNumber.min(0, { error: 'expected a number ≥ 0' }),
    })
    .nullable(),
  /** what every block's convolution shares */
  conv: z.strictObject({
    stride: z.literal(1, { error: 'expected 1 (blocks downsample in their pool, not their convolution)' }),
    padding: z.enum(['same', 'valid'], { error: "expected 'same' or 'valid'" }),
    useBias: z.boolean({ error: 'expected true or false' }),
    kernelInitializer: randomNormalSchema,
  }),
  /** Keras BatchNormalization after every convolution */
  batchNorm: z.strictObject({
    momentum: finiteNumber.gt(0, { error: 'expected a number in (0, 1)' }).lt(1, { error: 'expected a number in (0, 1)' }),
    epsilon: finiteNumber.positive({ error: 'expected a positive number' }),
  }),
  activation: z.literal('relu', { error: "expected 'relu'" }),
  /** what every block's pool shares (its stride is per block) */
  pool: z.strictObject({
    type: z.literal('max', { error: "expected 'max'" }),
    size: positiveInteger,
    padding: z.enum(['same', 'valid'], { error: "expected 'same' or 'valid'" }),
  }),
  blocks: z.array(blockSpecSchema, { error: 'expected a list of blocks' }).min(1, { error: 'expected at least one block' }),
  head: z.strictObject({
    globalPooling: z.literal('average', { error: "expected 'average'" }),
    dense: z.strictObject({
      units: z.literal(2, { error: 'expected 2 (the classes are noise and precursor)' }),
      useBias: z.boolean({ error: 'expected true or false' }),
      kernelInitializer: randomNormalSchema,
    }),
    dropout: finiteNumber.min(0, { error: 'expected a rate in [0, 1)' }).lt(1, { error: 'expected a rate in [0, 1)' }),
    activation: z.literal('softmax', { error: "expected 'softmax'" }),
  }),
  training: z.strictObject({
    optimizer: z.literal('adam', { error: "expected 'adam'" }),
    learningRate: finiteNumber.positive({ error: 'expected a positive number' }),
    batchSize: positiveInteger,
    loss: z.literal('categoricalCrossentropy', { error: "expected 'categoricalCrossentropy'" }),
    /** upper bound on epochs; early stopping usually ends training first (ours: the paper gives none) */
    maxEpochs: positiveInteger,
    earlyStopping: z.strictObject({
      monitor: z.literal('val_loss', { error: "expected 'val_loss'" }),
      /** epochs without improvement before training stops */
      patience: positiveInteger,
      /** smallest decrease of the monitored loss that counts as an improvement */
      minDelta: finiteNumber.min(0, { error: 'expected a number ≥ 0' }),
    }),
  }),
}, { error: 'expected an object with the fields of a model spec' });

export type ModelSpec = z.output<typeof modelSpecSchema>;
export type BlockSpec = z.output<typeof blockSpecSchema>;

/** Lengths of the signal through the network, for a spec that fits its input. */
export interface SpecShapes {
  /** length entering each block's convolution */
  blockInputLengths: number[];
  /** length leaving each block's pool; the last one enters the global pooling */
  blockOutputLengths: number[];
}

/** `blocks[3].dilation`, `input.length`, `(root)` — a zod path as a reader of the JSON writes it. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** The value at a path of the input, or undefined where the path leaves it. */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function issueText(issue: z.core.$ZodIssue, input: unknown): string {
  const where = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `"${key}"`).join(', ');
    return `${where}: unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}`;
  }
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) return `${where}: missing (${issue.message})`;
  return `${where}: ${issue.message}`;
}

/**
 * The lengths through the blocks, or the reasons the layers do not fit the input (a receptive
 * field longer than the signal it slides over, a length that pooling or a 'valid' convolution
 * brings to 0).
 */
export function specShapes(spec: ModelSpec): { shapes: SpecShapes; problems: string[] } {
  const problems: string[] = [];
  const blockInputLengths: number[] = [];
  const blockOutputLengths: number[] = [];
  let length = spec.input.length;
  if (spec.randomLayer !== null && spec.randomLayer.kernelSize > length) {
    problems.push(`randomLayer.kernelSize: a kernel of ${spec.randomLayer.kernelSize} taps is longer than the input of ${length} samples`);
  }
  for (const [index, block] of spec.blocks.entries()) {
    blockInputLengths.push(length);
    const receptiveField = (block.kernelSize - 1) * block.dilation + 1;
    if (receptiveField > length) {
      problems.push(
        `blocks[${index}]: kernel ${block.kernelSize} at dilation ${block.dilation} spans ${receptiveField} samples, ` +
          `longer than the ${length} samples that reach this block (shorten the kernel or the dilation, or lengthen input.length)`,
      );
      break;
    }
    if (spec.conv.padding === 'valid') length = length - receptiveField + 1;
    const pooled =
      spec.pool.padding === 'same' ? Math.ceil(length / block.poolStride) : Math.floor((length - spec.pool.size) / block.poolStride) + 1;
    if (pooled < 1) {
      problems.push(
        `blocks[${index}].poolStride: pooling (size ${spec.pool.size}, stride ${block.poolStride}, '${spec.pool.padding}') ` +
          `of the ${length} samples that leave the convolution leaves no samples`,
      );
      break;
    }
    length = pooled;
    blockOutputLengths.push(length);
  }
  return { shapes: { blockInputLengths, blockOutputLengths }, problems };
}

/** Parse and check a spec; throws ForeseisError('bad-input') naming every field at fault. */
export function parseSpec(value: unknown, origin = 'model spec'): ModelSpec {
  const parsed = modelSpecSchema.safeParse(value);
  if (!parsed.success) {
    throw new ForeseisError('bad-input', `${origin}: ${parsed.error.issues.map((issue) => issueText(issue, value)).join('; ')}`);
  }
  const { problems } = specShapes(parsed.data);
  if (problems.length > 0) {
    throw new ForeseisError('bad-input', `${origin}: the layers do not fit an input of ${parsed.data.input.length} samples: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** A copy of a spec for another input length (e.g. a short window for a smoke test), checked again. */
export function withInputLength(spec: ModelSpec, length: number): ModelSpec {
  return parseSpec({ ...spec, input: { ...spec.input, length } }, `model spec '${spec.name}' at length ${length}`);
}

/** Trainable parameters and batch-norm moving statistics, counted from the spec (not from a model). */
export function countParameters(spec: ModelSpec): { trainable: number; nonTrainable: number } {
  let trainable = 0;
  let nonTrainable = 0;
  let channels = spec.input.channels;
  for (const block of spec.blocks) {
    trainable += block.kernelSize * channels * block.filters + (spec.conv.useBias ? block.filters : 0);
    trainable += 2 * block.filters; // gamma, beta
    nonTrainable += 2 * block.filters; // moving mean, moving variance
    channels = block.filters;
  }
  trainable += channels * spec.head.dense.units + (spec.head.dense.useBias ? spec.head.dense.units : 0);
  return { trainable, nonTrainable };
}
