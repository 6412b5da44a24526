/**
 * Advance widths of a TrueType font, read from its own tables (head, hhea, hmtx, cmap), so that
 * ECharts lays text out with the metrics of the font the PNG and PDF are drawn with: without
 * them, server-side ECharts guesses widths and labels overlap or are cut at print size.
 * Kerning is ignored (a fraction of a percent of a label's width).
 */

export interface FontMetrics {
  unitsPerEm: number;
  /** advance width in font units of the glyph drawn for this code point */
  advance(codePoint: number): number;
  /** ascender and descender (negative) in font units */
  ascender: number;
  descender: number;
}

interface TableRecord {
  offset: number;
  length: number;
}

function tables(view: DataView): Map<string, TableRecord> {
  const count = view.getUint16(4);
  const out = new Map<string, TableRecord>();
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    const tag = String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
    out.set(tag, { offset: view.getUint32(at + 8), length: view.getUint32(at + 12) });
  }
  return out;
}

/** A code point → glyph id lookup from a cmap format 4 (BMP) or 12 (full Unicode) subtable. */
function glyphLookup(view: DataView, cmap: TableRecord): (codePoint: number) => number {
  const n = view.getUint16(cmap.offset + 2);
  let best: { format: number; offset: number } | null = null;
  for (let i = 0; i < n; i++) {
    const at = cmap.offset + 4 + 8 * i;
    const platform = view.getUint16(at);
    const encoding = view.getUint16(at + 2);
    const offset = cmap.offset + view.getUint32(at + 4);
    const format = view.getUint16(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode || (format !== 4 && format !== 12)) continue;
    if (!best || (format === 12 && best.format === 4)) best = { format, offset };
  }
  if (!best) throw new Error('font has no Unicode cmap (format 4 or 12)');
  const { format, offset } = best;
  if (format === 12) {
    const groups = view.getUint32(offset + 12);
    return (cp) => {
      let lo = 0;
      let hi = groups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const at = offset + 16 + 12 * mid;
        const start = view.getUint32(at);
        const end = view.getUint32(at + 4);
        if (cp < start) hi = mid - 1;
        else if (cp > end) lo = mid + 1;
        else return view.getUint32(at + 8) + (cp - start);
      }
      return 0;
    };
  }
  const segX2 = view.getUint16(offset + 6);
  const ends = offset + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  return (cp) => {
    if (cp > 0xffff) return 0;
    for (let s = 0; s < segX2; s += 2) {
      if (cp > view.getUint16(ends + s)) continue;
      const start = view.getUint16(starts + s);
      if (cp < start) return 0;
      const delta = view.getInt16(deltas + s);
      const ro = view.getUint16(rangeOffsets + s);
      if (ro === 0) return (cp + delta) & 0xffff;
      const glyph = view.getUint16(rangeOffsets + s + ro + 2 * (cp - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

export function parseFontMetrics(bytes: Uint8Array): FontMetrics {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const t = tables(view);
  const need = (tag: string): TableRecord => {
    const r = t.get(tag);
    if (!r) throw new Error(`font has no '${tag}' table`);
    return r;
  };
  const head = need('head');
  const hhea = need('hhea');
  const hmtx = need('hmtx');
  const unitsPerEm = view.getUint16(head.offset + 18);
  const ascender = view.getInt16(hhea.offset + 4);
  const descender = view.getInt16(hhea.offset + 6);
  const metricsCount = view.getUint16(hhea.offset + 34);
  const glyphOf = glyphLookup(view, need('cmap'));
  const cache = new Map<number, number>();
  return {
    unitsPerEm,
    ascender,
    descender,
    advance(codePoint) {
      let w = cache.get(codePoint);
      if (w === undefined) {
        const g = glyphOf(codePoint);
        // A character the font lacks counts one em: zrender takes its line height from the width of
        // a CJK character, which a Latin font does not have. Glyphs past numberOfHMetrics share the
        // last advance (monospaced tails).
        w = g === 0 ? unitsPerEm : view.getUint16(hmtx.offset + 4 * Math.min(g, metricsCount - 1));
        cache.set(codePoint, w);
      }
      return w;
    },
  };
}

/** Width of `text` in px at `fontSizePx` (no kerning). */
export function textWidth(metrics: FontMetrics, text: string, fontSizePx: number): number {
  let units = 0;
  for (const ch of text) units += metrics.advance(ch.codePointAt(0) ?? 0);
  return (units * fontSizePx) / metrics.unitsPerEm;
}

/** The size and weight a CSS font shorthand asks for ('bolder 14px DejaVu Sans, …'). */
export function parseCssFont(font: string | undefined): { sizePx: number; bold: boolean } {
  const size = /(\d+(?:\.\d+)?)px/.exec(font ?? '');
  return { sizePx: size ? Number(size[1]) : 12, bold: /\b(bold|bolder|[6-9]00)\b/.test(font ?? '') };
}
