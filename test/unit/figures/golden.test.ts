/**
 * Golden files of the figure options: each builder's option for a seeded input at 8.4 cm, as JSON
 * under test/fixtures/figures/. A deliberate change shows as a structural diff; to accept it,
 * rerun with UPDATE_GOLDEN=1 and review the fixture diff in git. Functions (formatters, renderItem)
 * cannot be stored: they are checked through the rendered SVG text below.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { figureFonts } from '../../../src/main/export/fonts';
import { frameFor, renderFigure } from '../../../src/main/figures/figure-svg';
import { type FigureId, figureIds, figureSpecs } from '../../../src/main/figures/registry';
import { figureInputs } from './figure-inputs';

const FIXTURES = path.resolve(__dirname, '../../fixtures/figures');
const update = process.env.UPDATE_GOLDEN === '1';

/** JSON-safe copy: functions named, long strings (raster data URIs) replaced by their size and hash. */
function plain(value: unknown): unknown {
  if (typeof value === 'function') return '<function>';
  if (typeof value === 'string' && value.length > 200) return `<${value.length} chars, sha256 ${createHash('sha256').update(value).digest('hex').slice(0, 16)}>`;
  if (value instanceof Float32Array || value instanceof Float64Array) return Array.from(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** Pretty JSON with arrays of numbers on one line each, so the files diff line by line but stay small. */
function stringify(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'number' || v === null)) return JSON.stringify(value);
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${indent}  ${stringify(v, `${indent}  `)}`).join(',\n')}\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${indent}  ${JSON.stringify(k)}: ${stringify(v, `${indent}  `)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function optionOf(id: FigureId): unknown {
  const { frame } = frameFor(id, 8.4, 72);
  const data = (figureInputs[id] as () => never)();
  return plain(figureSpecs[id].option(data, frame, {}));
}

describe('golden figure options (seeded inputs, 8.4 cm, 72 DPI)', () => {
  for (const id of figureIds) {
    it(`${figureSpecs[id].paperRef} (${id}) matches test/fixtures/figures/${id}.json`, () => {
      const actual = stringify(optionOf(id));
      const file = path.join(FIXTURES, `${id}.json`);
      if (update || !fs.existsSync(file)) {
        if (!update) throw new Error(`no golden file ${file}: run with UPDATE_GOLDEN=1 to create it, then review it`);
        fs.mkdirSync(FIXTURES, { recursive: true });
        fs.writeFileSync(file, `${actual}\n`);
      }
      expect(JSON.parse(actual)).toEqual(JSON.parse(fs.readFileSync(file, 'utf8')));
    });
  }

  it('shows a changed option as a difference (the comparison is not vacuous)', () => {
    const option = optionOf('8') as { yAxis: { name: string }[] };
    option.yAxis[0].name = 'accuracy';
    const golden = JSON.parse(fs.readFileSync(path.join(FIXTURES, '8.json'), 'utf8')) as unknown;
    expect(option).not.toEqual(golden);
  });
});

/** Every text the figure shows, from the SVG (what the formatters produced). */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
}

describe('rendered figures carry labelled axes (with units) and their legends', () => {
  figureFonts();
  const expected: Record<FigureId, string[]> = {
    confusion: ['predicted class', 'true class', '233', '(90.0 %)', '(9.7 %)'],
    table2: ['accuracy', 'test event (origin date, UTC)', '2016-09-20', '0.50'],
    '5': ['time before origin (h)', 'windows called precursor (%)', 'onset 3.6 h before', 'mean of 5 runs'],
    '6': ['time from window start (s)', 'precursor score', 'BH1', 'BHZ', 'threshold 0.5', '(b) sub-window scores'],
    '7': ['mask centre from sub-window start (s)', 'precursor score', 'mask on: all channels', 'BH2', '(b) mask 10 s; no mask: 0.93'],
    '8': ['low-pass cutoff frequency (Hz)', 'test accuracy (%)', 'test loss', 'unfiltered 90.2 %', 'accuracy', 'loss'],
    '9': ['time from window start (s)', 'frequency (Hz)', 'log₁₀ amplitude', '(a) BH1', '(c) BHZ'],
    '10': ['frequency (Hz)', 'summed standardized amplitude', '(a) train (888 windows)', 'noise', 'precursor'],
    '11': ['frequency (Hz)', '(precursor − noise) / noise (%)', 'peaks (Hz): train 0.16, 0.21; test 0.16, 0.20', 'train', 'test'],
  };
  for (const id of figureIds) {
    it(`${figureSpecs[id].paperRef}: ${expected[id].join(' · ')}`, () => {
      const texts = svgTexts(renderFigure(id, (figureInputs[id] as () => never)(), 8.4, 300).svg);
      for (const t of expected[id]) expect(texts, t).toContain(t);
    });
  }

  it('draws the spectrogram as one image per channel, not as cells', () => {
    const svg = renderFigure('9', figureInputs['9'](), 8.4, 300).svg;
    expect(svg.match(/<image /g)?.length).toBe(3);
    expect(svg.match(/<path /g)?.length ?? 0).toBeLessThan(300);
  });
});
