/**
 * Network specs: the presets are MODEL.md's table exactly; a spec with a bad field is rejected
 * naming the field; a spec whose layers do not fit its input is rejected saying why; a user's
 * file loads the same way as a preset.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ForeseisError } from '../../../src/shared/errors';
import { type BlockSpec, countParameters, type ModelSpec, parseSpec, specShapes, withInputLength } from '../../../src/main/model/spec';
import { loadSpec, modelsDir, presetNames } from '../../../src/main/model/spec-file';

// MODEL.md, "Reference network presets", transcribed by hand.
const TABLE = {
  input: { length: 16384, channels: 3 },
  filters: { paper: [32, 32, 64, 64, 128, 256, 256], compact: [8, 8, 16, 16, 32, 64, 64] },
  kernel: [7, 7, 5, 5, 3, 3, 3],
  dilation: [1, 1, 2, 4, 8, 16, 32],
  poolStride: [1, 2, 1, 1, 1, 1, 1],
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'foreseis-spec-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function compact(): ModelSpec {
  return structuredClone(loadSpec('compact'));
}

/** The ForeseisError a thunk throws (fails the test if it does not throw one). */
function thrown(fn: () => unknown): ForeseisError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ForeseisError);
    return error as ForeseisError;
  }
  throw new Error('expected a ForeseisError');
}

describe('presets', () => {
  it('ships paper and compact in resources/models', () => {
    expect(presetNames).toEqual(['paper', 'compact']);
    expect(fs.readdirSync(modelsDir()).sort()).toEqual(['compact.json', 'paper.json']);
  });

  for (const name of ['paper', 'compact'] as const) {
    it(`${name} is MODEL.md's table, row for row`, () => {
      const spec = loadSpec(name);
      expect(spec.name).toBe(name);
      expect(spec.input).toEqual(TABLE.input);
      expect(spec.randomLayer).toEqual({ kernelSize: 9, rmsRatio: 0.25 });
      expect(spec.blocks.map((b) => b.filters)).toEqual(TABLE.filters[name]);
      expect(spec.blocks.map((b) => b.kernelSize)).toEqual(TABLE.kernel);
      expect(spec.blocks.map((b) => b.dilation)).toEqual(TABLE.dilation);
      expect(spec.blocks.map((b) => b.poolStride)).toEqual(TABLE.poolStride);
      expect(spec.conv).toEqual({ stride: 1, padding: 'same', useBias: false, kernelInitializer: { type: 'randomNormal', mean: 0, stddev: 0.05 } });
      expect(spec.activation).toBe('relu');
      expect(spec.pool).toEqual({ type: 'max', size: 2, padding: 'same' });
      expect(spec.head).toEqual({
        globalPooling: 'average',
        dense: { units: 2, useBias: true, kernelInitializer: { type: 'randomNormal', mean: 0, stddev: 0.05 } },
        dropout: 0.02,
        activation: 'softmax',
      });
      expect(spec.training).toMatchObject({ optimizer: 'adam', learningRate: 1e-3, batchSize: 16, loss: 'categoricalCrossentropy', earlyStopping: { monitor: 'val_loss' } });
      expect(spec.training.earlyStopping.patience).toBeGreaterThan(0);
    });
  }

  it('traces the lengths through the blocks (block 2 halves the signal)', () => {
    const { shapes, problems } = specShapes(loadSpec('paper'));
    expect(problems).toEqual([]);
    expect(shapes.blockInputLengths).toEqual([16384, 16384, 8192, 8192, 8192, 8192, 8192]);
    expect(shapes.blockOutputLengths).toEqual([16384, 8192, 8192, 8192, 8192, 8192, 8192]);
  });

  it('counts parameters as the table implies (counted by hand here)', () => {
    // conv k·in·out (no bias) + batch norm 2·f trainable (γ, β) and 2·f moving statistics + dense in·2 + 2
    const hand = (filters: number[]) => {
      let trainable = 0;
      let inChannels = 3;
      for (let b = 0; b < 7; b++) {
        trainable += TABLE.kernel[b]! * inChannels * filters[b]! + 2 * filters[b]!;
        inChannels = filters[b]!;
      }
      return { trainable: trainable + inChannels * 2 + 2, nonTrainable: 2 * filters.reduce((a, f) => a + f, 0) };
    };
    expect(hand(TABLE.filters.paper)).toEqual({ trainable: 360226, nonTrainable: 1664 });
    expect(hand(TABLE.filters.compact)).toEqual({ trainable: 23050, nonTrainable: 416 });
    expect(countParameters(loadSpec('paper'))).toEqual(hand(TABLE.filters.paper));
    expect(countParameters(loadSpec('compact'))).toEqual(hand(TABLE.filters.compact));
  });
});

describe('loadSpec', () => {
  it('loads a user-written spec file by path, the same way as a preset', () => {
    const mine = { ...compact(), name: 'mine', blocks: compact().blocks.slice(0, 5) };
    const file = path.join(tmp, 'mine.json');
    fs.writeFileSync(file, JSON.stringify(mine));
    expect(loadSpec(file)).toEqual(mine);
  });

  it('names the presets when asked for one that does not exist', () => {
    const error = thrown(() => loadSpec('huge'));
    expect(error.code).toBe('not-found');
    expect(error.message).toMatch(/no model preset 'huge'.*compact.*paper|paper.*compact/);
  });

  it('rejects a missing file and a file that is not JSON', () => {
    expect(thrown(() => loadSpec(path.join(tmp, 'absent.json'))).code).toBe('not-found');
    const file = path.join(tmp, 'broken.json');
    fs.writeFileSync(file, '{"formatVersion": 1,');
    const error = thrown(() => loadSpec(file));
    expect(error.code).toBe('bad-input');
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('names the field at fault in a user file', () => {
    const spec = compact() as unknown as { blocks: { dilation: number }[] };
    spec.blocks[3]!.dilation = 0;
    const file = path.join(tmp, 'bad.json');
    fs.writeFileSync(file, JSON.stringify(spec));
    expect(thrown(() => loadSpec(file)).message).toContain('blocks[3].dilation: expected a positive integer');
  });
});

describe('invalid specs are rejected naming the field', () => {
  // Mutations of a valid spec, typed loosely where they break the type on purpose.
  const mutations: [string, (s: ModelSpec) => void, string][] = [
    ['a zero dilation', (s) => (s.blocks[3]!.dilation = 0), 'blocks[3].dilation: expected a positive integer'],
    ['a fractional dilation', (s) => (s.blocks[3]!.dilation = 2.5), 'blocks[3].dilation: expected a positive integer'],
    ['a string for filters', (s) => Object.assign(s.blocks[0]!, { filters: '8' }), 'blocks[0].filters: expected a positive integer'],
    ['a missing kernel size', (s) => delete (s.blocks[6] as Partial<BlockSpec>).kernelSize, 'blocks[6].kernelSize: missing'],
    ['a misspelt field', (s) => Object.assign(s.blocks[2]!, { dilatoin: 2 }), 'blocks[2]: unknown field "dilatoin"'],
    ['no blocks', (s) => (s.blocks = []), 'blocks: expected at least one block'],
    ['a negative learning rate', (s) => (s.training.learningRate = -1), 'training.learningRate: expected a positive number'],
    ['a dropout of 1', (s) => (s.head.dropout = 1), 'head.dropout: expected a rate in [0, 1)'],
    ['three classes', (s) => Object.assign(s.head.dense, { units: 3 }), 'head.dense.units: expected 2'],
    ['an unknown optimizer', (s) => Object.assign(s.training, { optimizer: 'sgd' }), "training.optimizer: expected 'adam'"],
    ['an unknown padding', (s) => Object.assign(s.conv, { padding: 'causal' }), "conv.padding: expected 'same' or 'valid'"],
    ['a zero input length', (s) => (s.input.length = 0), 'input.length: expected a positive integer'],
    ['a negative RMS ratio', (s) => (s.randomLayer!.rmsRatio = -0.1), 'randomLayer.rmsRatio: expected a number ≥ 0'],
    ['another format version', (s) => Object.assign(s, { formatVersion: 2 }), 'formatVersion: expected 1'],
  ];
  for (const [what, mutate, message] of mutations) {
    it(what, () => {
      const spec = compact();
      mutate(spec);
      const error = thrown(() => parseSpec(spec));
      expect(error.code).toBe('bad-input');
      expect(error.message).toContain(message);
    });
  }

  it('lists every field at fault at once', () => {
    const spec = compact();
    spec.blocks[1]!.kernelSize = -3;
    spec.training.batchSize = 0;
    const message = thrown(() => parseSpec(spec)).message;
    expect(message).toContain('blocks[1].kernelSize');
    expect(message).toContain('training.batchSize');
  });

  it('accepts a spec without the random layer', () => {
    expect(parseSpec({ ...compact(), randomLayer: null }).randomLayer).toBeNull();
  });
});

describe("specs whose layers do not fit the input", () => {
  it('rejects a receptive field longer than the signal reaching the block', () => {
    // paper at L = 64: blocks 1–2 leave 32 samples; block 6 (k 3, d 16) spans 33.
    const error = thrown(() => withInputLength(loadSpec('paper'), 64));
    expect(error.code).toBe('bad-input');
    expect(error.message).toContain('do not fit an input of 64 samples');
    expect(error.message).toContain('blocks[5]: kernel 3 at dilation 16 spans 33 samples, longer than the 32 samples that reach this block');
  });

  it('rejects pooling that brings the length to 0', () => {
    const spec = compact();
    spec.input.length = 4;
    spec.randomLayer = null;
    spec.pool.padding = 'valid';
    spec.blocks = Array.from({ length: 5 }, () => ({ filters: 2, kernelSize: 1, dilation: 1, poolStride: 1 }));
    // 'valid' pools of size 2 and stride 1: 4 → 3 → 2 → 1 → nothing.
    expect(thrown(() => parseSpec(spec)).message).toContain('blocks[3].poolStride: pooling (size 2, stride 1, \'valid\') of the 1 samples that leave the convolution leaves no samples');
  });

  it("rejects 'valid' convolutions that eat the whole signal", () => {
    const spec = compact();
    spec.conv.padding = 'valid';
    spec.input.length = 100;
    expect(thrown(() => parseSpec(spec)).message).toMatch(/blocks\[\d\]: kernel \d at dilation \d+ spans \d+ samples/);
  });

  it('rejects a random-layer kernel longer than the input', () => {
    const spec = compact();
    spec.input.length = 8;
    spec.blocks = [{ filters: 2, kernelSize: 3, dilation: 1, poolStride: 1 }];
    expect(thrown(() => parseSpec(spec)).message).toContain('randomLayer.kernelSize: a kernel of 9 taps is longer than the input of 8 samples');
  });

  it('accepts the shortest input the compact preset fits (the longest receptive field decides)', () => {
    // Block 7 (k 3, d 32) spans 65 samples of a signal halved by block 2: L ≥ 130.
    expect(withInputLength(loadSpec('compact'), 130).input.length).toBe(130);
    expect(() => withInputLength(loadSpec('compact'), 128)).toThrow(/blocks\[6\]: kernel 3 at dilation 32 spans 65 samples/);
  });
});
