/**
 * Print layout of every figure at both journal widths: no two texts overlap and none is cut off at
 * the figure's edge (text boxes from the SVG and the shipped TTF's metrics, text-layout.ts).
 */
import { describe, expect, it } from 'vitest';
import { textWidth } from '../../../src/main/figures/font-metrics';
import { renderFigure } from '../../../src/main/figures/figure-svg';
import { figureIds, figureSpecs } from '../../../src/main/figures/registry';
import { figureInputs } from './figure-inputs';
import { overlaps, regular, textBoxes } from './text-layout';

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
