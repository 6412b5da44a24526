import { describe, expect, it } from 'vitest';
import { temporalCurve } from '../../../src/main/analysis/temporal-curve';
import { confusionOption } from '../../../src/main/figures/confusion';
import { perEventOption } from '../../../src/main/figures/per-event';
import { renderSvg } from '../../../src/main/figures/render-svg';
import { temporalCurveOption } from '../../../src/main/figures/temporal-curve';

describe('figures rendered server-side to SVG', () => {
  it('draws the temporal curve with labelled axes, the onset and one point per interval', () => {
    const run = Array.from({ length: 36 }, (_, k) => (k < 30 ? 0.1 + 0.01 * Math.sin(k) : 0.2 + 0.1 * (k - 30)));
    const curve = temporalCurve([run, run.map((v) => v + 0.01)], 1000);
    const svg = renderSvg(temporalCurveOption(curve), 640, 400);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('time before origin (h)');
    expect(svg).toContain('windows called precursor (%)');
    expect(svg).toContain(`onset ${((curve.onsetSecondsBeforeOrigin as number) / 3600).toFixed(1)} h before`);
    expect(svg).toContain('mean of 2 runs');
  });

  it('labels every cell of the confusion matrix with its count and row percentage', () => {
    const svg = renderSvg(confusionOption({ trueNoise: { predictedNoise: 234, predictedPrecursor: 25 }, truePrecursor: { predictedNoise: 26, predictedPrecursor: 233 } }), 420, 380);
    for (const text of ['234', '(90.3 %)', '25', '(9.7 %)', '26', '(10.0 %)', '233', '(90.0 %)', 'predicted class', 'true class']) expect(svg).toContain(text);
  });

  it('draws one bar per event with its accuracy', () => {
    const svg = renderSvg(perEventOption([{ label: '2013-10-25 17:10', mean: 1, std: 0 }, { label: '2016-09-20 16:21', mean: 0.5, std: 0.1 }]), 640, 400);
    expect(svg).toContain('2016-09-20 16:21');
    expect(svg).toContain('0.50');
    expect(svg).toContain('test event (origin date, UTC)');
  });
});
