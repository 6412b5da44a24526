/**
 * Text boxes of a rendered figure and their overlaps, for the layout tests: boxes come from the SVG
 * (position, anchor, rotation) and the shipped TTF's metrics — the same metrics ECharts laid the
 * figure out with and resvg/pdfkit draw with.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fontDir, figureFonts } from '../../../src/main/export/fonts';
import { parseFontMetrics, textWidth } from '../../../src/main/figures/font-metrics';

figureFonts();
export const regular = parseFontMetrics(fs.readFileSync(path.join(fontDir(), 'DejaVuSans.ttf')));
const bold = parseFontMetrics(fs.readFileSync(path.join(fontDir(), 'DejaVuSans-Bold.ttf')));

export interface Box {
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
export function overlaps(p: Box, q: Box, slack = 0.75): boolean {
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

/** Texts that overlap another, and texts cut off at the figure's edge. */
export function layoutProblems(svg: string, widthPt: number, heightPt: number): { clashes: string[]; outside: string[] } {
  const boxes = textBoxes(svg);
  const clashes: string[] = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlaps(boxes[i], boxes[j])) clashes.push(`'${boxes[i].text}' × '${boxes[j].text}'`);
  const outside = boxes.filter((b) => b.x0 < -0.5 || b.y0 < -0.5 || b.x1 > widthPt + 0.5 || b.y1 > heightPt + 0.5).map((b) => `'${b.text}' [${b.x0.toFixed(1)}, ${b.y0.toFixed(1)}, ${b.x1.toFixed(1)}, ${b.y1.toFixed(1)}]`);
  return { clashes, outside };
}
