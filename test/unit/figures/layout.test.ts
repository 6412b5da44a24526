/**
 * Print layout of every figure at both journal widths: no two texts overlap and none is cut off at
 * the figure's edge. Text boxes come from the SVG (position, anchor, rotation) and the shipped
 * TTF's metrics — the same metrics ECharts laid the figure out with and resvg/pdfkit draw with.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fontDir, figureFonts } from '../../../src/main/export/fonts';
import { parseFontMetrics, textWidth } from '../../../src/main/figures/font-metrics';
import { renderFigure } from '../../../src/main/figures/figure-svg';
import { figureIds, figureSpecs } from '../../../src/main/figures/registry';
import { figureInputs } from './figure-inputs';

figureFonts();
const regular = parseFontMetrics(fs.readFileSync(path.join(fontDir(), 'DejaVuSans.ttf')));
const bold = parseFontMetrics(fs.readFileSync(path.join(fontDir(), 'DejaVuSans-Bold.ttf')));

interface Box {
  text: string;
  /** the text's rectangle, turned as drawn (4 corners) */
  corners: number[][];
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function unescape(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/** Axis-aligned boxes of every non-empty <text> of an ECharts SSR SVG. */
export function textBoxes(svg: string): Box[] {
  const boxes: Box[] = [];
  for (const m of svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)) {
    const attrs = m[1];
    const text = unescape(m[2]);
    if (!text.trim()) continue;
    const size = Number(/font-size:([\d.]+)px/.exec(attrs)?.[1] ?? 12);
    const w = textWidth(/font-weight:bold/.test(attrs) ? bold : regular, text, size);
    const anchor = /text-anchor="(\w+)"/.exec(attrs)?.[1] ?? 'start';
    const x = Number(/ x="([-\d.]+)"/.exec(attrs)?.[1] ?? 0);
    const y = Number(/ y="([-\d.]+)"/.exec(attrs)?.[1] ?? 0);
    const left = x - (anchor === 'middle' ? w / 2 : anchor === 'end' ? w : 0);
    // dominant-baseline central: y is the middle of the line
    const corners = [
      [left, y - size / 2],
      [left + w, y - size / 2],
      [left, y + size / 2],
      [left + w, y + size / 2],
    ];
    let a = 1;
    let b = 0;
    let c = 0;
    let d = 1;
    let e = 0;
    let f = 0;
    const t = /transform="([^"]*)"/.exec(attrs)?.[1] ?? '';
    const mat = /matrix\(([^)]*)\)/.exec(t);
    const tr = /translate\(([-\d.]+)[ ,]+([-\d.]+)\)/.exec(t);
    if (mat) [a, b, c, d, e, f] = mat[1].split(/[ ,]+/).map(Number);
    else if (tr) [e, f] = [Number(tr[1]), Number(tr[2])];
    const pts = corners.map(([px, py]) => [a * px + c * py + e, b * px + d * py + f]);
    boxes.push({ text, corners: [pts[0], pts[1], pts[3], pts[2]], x0: Math.min(...pts.map((p) => p[0])), y0: Math.min(...pts.map((p) => p[1])), x1: Math.max(...pts.map((p) => p[0])), y1: Math.max(...pts.map((p) => p[1])) });
  }
  return boxes;
}

/**
 * Whether two (possibly rotated) text rectangles overlap by more than `slack` pt: separating-axis
 * test over the rectangles' edge directions (the boxes are a full em tall, so touching is allowed).
 */
function overlaps(p: Box, q: Box, slack = 0.75): boolean {
  for (const poly of [p.corners, q.corners]) {
    for (let i = 0; i < 2; i++) {
      const [ax, ay] = poly[i];
      const [bx, by] = poly[i + 1];
      const len = Math.hypot(bx - ax, by - ay) || 1;
      const nx = -(by - ay) / len;
      const ny = (bx - ax) / len;
      const proj = (c: number[][]): number[] => c.map(([x, y]) => x * nx + y * ny);
      const pp = proj(p.corners);
      const qq = proj(q.corners);
      if (Math.min(Math.max(...pp), Math.max(...qq)) - Math.max(Math.min(...pp), Math.min(...qq)) <= slack) return false;
    }
  }
  return true;
}

describe('print layout: no overlapping or clipped text', () => {
  for (const widthCm of [8.4, 17.4]) {
    for (const id of figureIds) {
      it(`${figureSpecs[id].paperRef} at ${widthCm} cm`, () => {
        const r = renderFigure(id, (figureInputs[id] as () => never)(), widthCm, 300);
        const boxes = textBoxes(r.svg);
        expect(boxes.length).toBeGreaterThan(4);
        const clashes: string[] = [];
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlaps(boxes[i], boxes[j])) clashes.push(`'${boxes[i].text}' × '${boxes[j].text}'`);
        expect(clashes).toEqual([]);
        const outside = boxes.filter((b) => b.x0 < -0.5 || b.y0 < -0.5 || b.x1 > r.frame.widthPt + 0.5 || b.y1 > r.frame.heightPt + 0.5).map((b) => `'${b.text}' [${b.x0.toFixed(1)}, ${b.y0.toFixed(1)}, ${b.x1.toFixed(1)}, ${b.y1.toFixed(1)}]`);
        expect(outside).toEqual([]);
      });
    }
  }

  it('finds an overlap when there is one (the check is not vacuous)', () => {
    const svg =
      '<svg><text dominant-baseline="central" text-anchor="middle" style="font-size:8px;" transform="translate(50 50)">precursor score</text>' +
      '<text dominant-baseline="central" text-anchor="start" style="font-size:8px;" transform="translate(40 53)">0.5</text></svg>';
    const [p, q] = textBoxes(svg);
    expect(overlaps(p, q)).toBe(true);
    expect(p.x1 - p.x0).toBeCloseTo(textWidth(regular, 'precursor score', 8), 6);
  });
});
