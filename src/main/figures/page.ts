/** Journal page geometry: column widths in cm, points, and pixels at a DPI. */
import { ForeseisError } from '../../shared/errors';

export const PT_PER_INCH = 72;
export const CM_PER_INCH = 2.54;

/** Common column widths (Elsevier, AGU, Springer use 8.4/8.5 cm single and 17.4/17.8 cm double). */
export const journalWidthsCm = { single: 8.4, double: 17.4 } as const;

export function cmToPt(cm: number): number {
  return (cm / CM_PER_INCH) * PT_PER_INCH;
}

export function ptToPixels(pt: number, dpi: number): number {
  return Math.round((pt / PT_PER_INCH) * dpi);
}

/** Pixels per metre of a DPI (the PNG pHYs chunk's unit). */
export function pixelsPerMetre(dpi: number): number {
  return Math.round(dpi / 0.0254);
}

/** '8.4cm', '84mm', '3.3in', '238pt' or a bare number of cm → cm. */
export function parseLengthCm(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(cm|mm|in|pt)?\s*$/.exec(text);
  if (!m) throw new ForeseisError('bad-input', `a width such as 8.4cm, 174mm or 3.3in is expected, got '${text}'`);
  const v = Number(m[1]);
  const cm = { cm: v, mm: v / 10, in: v * CM_PER_INCH, pt: (v / PT_PER_INCH) * CM_PER_INCH }[(m[2] ?? 'cm') as 'cm' | 'mm' | 'in' | 'pt'];
  if (cm < 3 || cm > 60) throw new ForeseisError('bad-input', `a figure width of ${cm.toFixed(1)} cm is outside 3–60 cm`);
  return cm;
}
