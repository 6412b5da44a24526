import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import PDFDocument from 'pdfkit';
import { afterAll, describe, expect, it } from 'vitest';
import { fontDir } from '../../../src/main/export/fonts';
import { writeFigure } from '../../../src/main/export/write-figure';
import { minMaxDecimate } from '../../../src/main/figures/decimate';
import { pdfSafeSvg } from '../../../src/main/figures/figure-svg';
import { parseCssFont, parseFontMetrics, textWidth } from '../../../src/main/figures/font-metrics';
import { cmToPt, parseLengthCm, pixelsPerMetre } from '../../../src/main/figures/page';
import { crc32, encodePng, readPngChunks, withPhysChunk, zlibStored } from '../../../src/main/figures/png';
import { Xoshiro128 } from '../../../src/main/synthetic/prng';
import { confusionInput, sequentialInput } from './figure-inputs';

const regular = path.join(fontDir(), 'DejaVuSans.ttf');

describe('font metrics read from the shipped TTF', () => {
  const metrics = parseFontMetrics(fs.readFileSync(regular));

  it('gives the widths fontkit (pdfkit) gives, within kerning', () => {
    const doc = new PDFDocument({ autoFirstPage: false });
    doc.registerFont('R', regular);
    doc.font('R').fontSize(10);
    for (const text of ['time before origin (h)', 'windows called precursor (%)', '0.25', 'BH1 BH2 BHZ', '(precursor − noise) / noise (%)', 'log₁₀ amplitude']) {
      const ours = textWidth(metrics, text, 10);
      const theirs = doc.widthOfString(text);
      expect(Math.abs(ours - theirs) / theirs, text).toBeLessThan(0.02);
    }
  });

  it('reads the font units and counts a missing character as one em', () => {
    expect(metrics.unitsPerEm).toBe(2048);
    expect(textWidth(metrics, '国', 12)).toBeCloseTo(12, 9);
  });

  it('parses the size and weight of a CSS font', () => {
    expect(parseCssFont('bolder 14px DejaVu Sans, Helvetica')).toEqual({ sizePx: 14, bold: true });
    expect(parseCssFont('normal normal 7.5px sans-serif')).toEqual({ sizePx: 7.5, bold: false });
    expect(parseCssFont(undefined)).toEqual({ sizePx: 12, bold: false });
  });
});

describe('PNG chunks', () => {
  it('computes the standard CRC-32 check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('stored zlib blocks inflate back to the data, across the 64 KiB block limit', () => {
    const data = new Uint8Array(150_000).map((_, i) => (i * 7) & 0xff);
    expect(Buffer.from(zlib.inflateSync(zlibStored(data)))).toEqual(Buffer.from(data));
  });

  it('encodes RGBA that decodes to the same pixels, with valid chunk CRCs', () => {
    const rgba = new Uint8Array(3 * 2 * 4).map((_, i) => i * 10);
    const png = encodePng(3, 2, rgba);
    const chunks = readPngChunks(png);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    for (const c of chunks) expect(c.crc).toBe(crc32(new Uint8Array([...new TextEncoder().encode(c.type), ...c.data])));
    const raw = zlib.inflateSync(chunks[1].data);
    expect([...raw.subarray(1, 13)]).toEqual([...rgba.subarray(0, 12)]);
    expect([...raw.subarray(14, 26)]).toEqual([...rgba.subarray(12, 24)]);
  });

  it('inserts one pHYs chunk after IHDR with the DPI in pixels per metre', () => {
    const png = withPhysChunk(withPhysChunk(encodePng(1, 1, new Uint8Array([0, 0, 0, 255])), 150), 300);
    const chunks = readPngChunks(png);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
    const phys = new DataView(chunks[1].data.buffer, chunks[1].data.byteOffset, 9);
    expect(phys.getUint32(0)).toBe(11811); // 300 / 0.0254 = 11811.02
    expect(phys.getUint32(4)).toBe(11811);
    expect(phys.getUint8(8)).toBe(1); // unit: metre
    expect(chunks[1].crc).toBe(crc32(new Uint8Array([...new TextEncoder().encode('pHYs'), ...chunks[1].data])));
    expect(pixelsPerMetre(600)).toBe(23622);
  });
});

describe('the SVG given to svg-to-pdfkit', () => {
  it('splits a haloed label into halo then letters (svg-to-pdfkit ignores paint-order: it would print white on white)', () => {
    const svg =
      '<svg width="238.11pt" height="170.08pt" viewBox="0 0 238.11 170.08"><text x="1" transform="translate(2 3)" fill="#333" stroke="rgb(255,255,255)" stroke-width="2" paint-order="stroke" stroke-miterlimit="2">onset 3.6 h before</text><text fill="#222">plain</text></svg>';
    const out = pdfSafeSvg(svg);
    expect(out.startsWith('<svg width="238.11" height="170.08"')).toBe(true);
    const texts = [...out.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map((m) => ({ attrs: m[1], text: m[2] }));
    expect(texts.map((t) => t.text)).toEqual(['onset 3.6 h before', 'onset 3.6 h before', 'plain']);
    expect(texts[0].attrs).toContain('fill="none"');
    expect(texts[0].attrs).toContain('stroke="rgb(255,255,255)"');
    expect(texts[1].attrs).toContain('fill="#333"');
    expect(texts[1].attrs).not.toContain('stroke');
    expect(texts[1].attrs).toContain('transform="translate(2 3)"');
  });
});

describe('page sizes', () => {
  it('converts journal widths', () => {
    expect(cmToPt(2.54)).toBeCloseTo(72, 9);
    expect(parseLengthCm('8.4cm')).toBe(8.4);
    expect(parseLengthCm('174mm')).toBeCloseTo(17.4, 9);
    expect(parseLengthCm('3.5in')).toBeCloseTo(8.89, 9);
    expect(() => parseLengthCm('wide')).toThrow(/8.4cm/);
    expect(() => parseLengthCm('1cm')).toThrow(/outside/);
  });
});

describe('min/max decimation', () => {
  const rng = Xoshiro128.forStream(7, 'decimate');
  const n = 40_000;
  const values = Float64Array.from({ length: n }, () => rng.nextFloat() - 0.5);
  const spikes = [17, 9_999, 10_000, 25_123, n - 1];
  spikes.forEach((i, k) => (values[i] = k % 2 ? -50 - k : 50 + k));
  const buckets = 500;
  const out = minMaxDecimate({ startSeconds: 10, sampleRateHz: 40, values }, buckets);

  it('keeps every sample that is the minimum or maximum of its pixel column, so every peak', () => {
    expect(out.length).toBeLessThanOrEqual(2 * buckets);
    const kept = new Set(out.map(([t]) => Math.round((t - 10) * 40)));
    for (const i of spikes) expect(kept.has(i), `spike at ${i}`).toBe(true);
    for (let k = 0; k < buckets; k++) {
      const from = Math.floor((k * n) / buckets);
      const to = Math.floor(((k + 1) * n) / buckets);
      const seg = Array.from(values.subarray(from, to));
      const inBucket = out.filter(([t]) => {
        const i = Math.round((t - 10) * 40);
        return i >= from && i < to;
      });
      expect(Math.max(...inBucket.map(([, v]) => v))).toBe(Math.max(...seg));
      expect(Math.min(...inBucket.map(([, v]) => v))).toBe(Math.min(...seg));
    }
  });

  it('keeps time order and returns short traces whole, without NaN', () => {
    for (let i = 1; i < out.length; i++) expect(out[i][0]).toBeGreaterThan(out[i - 1][0]);
    const short = minMaxDecimate({ startSeconds: 0, sampleRateHz: 1, values: [1, NaN, 3] }, 10);
    expect(short).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });
});

/**
 * Text of a pdfkit PDF, as a reader extracts it: each font's glyph codes in the content streams
 * mapped through that font's ToUnicode CMap (fonts switched with Tf).
 */
function pdfText(pdf: Buffer): string {
  const s = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; data: Buffer | null }>();
  for (const m of s.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = m[2];
    const at = body.search(/stream\r?\n/);
    let data: Buffer | null = null;
    if (at >= 0) {
      const start = (m.index ?? 0) + m[0].indexOf(body) + body.indexOf('\n', at) + 1;
      const raw = pdf.subarray(start, start + body.lastIndexOf('endstream') - body.indexOf('\n', at) - 1);
      try {
        data = zlib.inflateSync(raw);
      } catch {
        data = raw;
      }
    }
    objects.set(Number(m[1]), { dict: at >= 0 ? body.slice(0, at) : body, data });
  }
  const cmapOf = (fontObj: number): Map<number, string> => {
    const ref = /\/ToUnicode (\d+) 0 R/.exec(objects.get(fontObj)?.dict ?? '');
    const map = new Map<number, string>();
    const t = ref ? (objects.get(Number(ref[1]))?.data?.toString('latin1') ?? '') : '';
    for (const r of t.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi)) {
      const from = parseInt(r[1], 16);
      [...r[3].matchAll(/<([0-9a-f]+)>/gi)].forEach((u, k) => map.set(from + k, String.fromCodePoint(parseInt(u[1], 16))));
    }
    return map;
  };
  let text = '';
  for (const page of [...objects.values()].filter((o) => /\/Type \/Page\b/.test(o.dict))) {
    const fonts = new Map<string, Map<number, string>>();
    const resources = /\/Resources (\d+) 0 R/.exec(page.dict);
    const fontDict = /\/Font <<([^>]*)>>/.exec(resources ? (objects.get(Number(resources[1]))?.dict ?? '') : page.dict)?.[1] ?? '';
    for (const f of fontDict.matchAll(/\/(\w+) (\d+) 0 R/g)) fonts.set(f[1], cmapOf(Number(f[2])));
    const contents = /\/Contents (\d+) 0 R/.exec(page.dict);
    const stream = contents ? (objects.get(Number(contents[1]))?.data?.toString('latin1') ?? '') : '';
    let current = new Map<number, string>();
    for (const op of stream.matchAll(/\/(\w+) [\d.]+ Tf|<([0-9a-f]+)>\s*Tj/gi)) {
      if (op[1]) current = fonts.get(op[1]) ?? new Map();
      else for (let i = 0; i < op[2].length; i += 4) text += current.get(parseInt(op[2].slice(i, i + 4), 16)) ?? '?';
    }
  }
  return text;
}

describe('a figure exported to SVG, PNG and PDF (no browser)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'foreseis-figure-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the files, the PNG at the DPI, the PDF with an embedded font and extractable text, the CSV and the sidecar', async () => {
    const r = await writeFigure({
      id: 'confusion',
      data: confusionInput(),
      formats: ['svg', 'png', 'pdf'],
      widthCm: 8.4,
      dpi: 300,
      folder: dir,
      stem: 'confusion',
      project: { dir: '/projects/demo' },
      run: { id: 3, group: 3, runIds: [3, 4], datasetId: 1 },
      source: { kind: 'test' },
    });
    expect(r.files.map((f) => path.basename(f.path))).toEqual(['confusion.svg', 'confusion.png', 'confusion.pdf', 'confusion.csv', 'confusion.json']);
    const svg = fs.readFileSync(path.join(dir, 'confusion.svg'), 'utf8');
    expect(svg).toMatch(/^<svg width="238.11pt" height="\d+(\.\d+)?pt"/);
    for (const t of ['predicted class', 'true class', '233', '(90.0 %)']) expect(svg).toContain(t);

    const png = new Uint8Array(fs.readFileSync(path.join(dir, 'confusion.png')));
    const chunks = readPngChunks(png);
    const ihdr = new DataView(chunks[0].data.buffer, chunks[0].data.byteOffset, 8);
    expect(ihdr.getUint32(0)).toBe(992); // 8.4 cm at 300 DPI
    expect(chunks[1].type).toBe('pHYs');
    expect(new DataView(chunks[1].data.buffer, chunks[1].data.byteOffset, 4).getUint32(0)).toBe(11811);

    const pdf = fs.readFileSync(path.join(dir, 'confusion.pdf'));
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2 \d+ 0 R/);
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 238.11 /);
    const text = pdfText(pdf);
    for (const t of ['predicted class', 'true class', 'precursor', '(90.0 %)']) expect(text).toContain(t);

    const csv = fs.readFileSync(path.join(dir, 'confusion.csv'), 'utf8');
    expect(csv).toContain('true_class,predicted_noise,predicted_precursor');
    expect(csv).toContain('noise,234,25,');
    const sidecar = JSON.parse(fs.readFileSync(path.join(dir, 'confusion.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(sidecar.software.name).toBe('foreseis');
    expect(sidecar.run).toEqual({ id: 3, group: 3, runIds: [3, 4], datasetId: 1 });
    expect(sidecar.figure.paperRef).toBe('Fig. 4');
    expect(sidecar.settings).toMatchObject({ widthCm: 8.4, dpi: 300, font: 'DejaVu Sans' });
    expect(sidecar.project.name).toBe('demo');
  });

  it('draws bold panel labels with the bold face and keeps a long trace small', async () => {
    const r = await writeFigure({ id: '6', data: sequentialInput(), formats: ['svg', 'pdf'], widthCm: 17.4, dpi: 300, folder: dir, stem: 'seq', project: { dir }, run: { id: 1, group: 1, runIds: [1], datasetId: 1 }, source: {} });
    const svg = fs.readFileSync(r.files[0].path, 'utf8');
    // 3 × 40 000 samples drawn as at most 2 points per device pixel of a 17.4 cm panel at 300 DPI
    expect(svg.length).toBeLessThan(200_000);
    const pdf = fs.readFileSync(r.files[1].path).toString('latin1');
    expect(pdf).toMatch(/DejaVuSans-Bold/);
    const text = pdfText(Buffer.from(pdf, 'latin1'));
    expect(text).toContain('time from window start (s)');
    expect(text).toContain('(b) sub-window scores');
  });
});
