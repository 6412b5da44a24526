/**
 * The fonts every exported figure uses (resources/fonts): their files for resvg and pdfkit, and
 * their metrics installed into ECharts once so that layout matches what is drawn.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ForeseisError } from '../../shared/errors';
import { parseFontMetrics } from '../figures/font-metrics';
import { useFontMetrics } from '../figures/render-svg';

export interface FigureFonts {
  regularPath: string;
  boldPath: string;
  /** the family name the figures' SVG asks for (theme.fontFamily's first entry) */
  family: string;
}

const REGULAR = 'DejaVuSans.ttf';
const BOLD = 'DejaVuSans-Bold.ttf';

/** resources/fonts beside the package root (src/main/export → ../../..; the bundle at out/main → ../..), or the packaged app's resources. */
export function fontDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [...['../../..', '../..', '..'].map((up) => path.resolve(here, up, 'resources/fonts'))];
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  // electron-builder.yml copies resources/ to <resourcesPath>/resources (extraResources)
  if (packaged) candidates.push(path.join(packaged, 'resources/fonts'));
  const found = candidates.find((d) => existsSync(path.join(d, REGULAR)));
  if (!found) throw new ForeseisError('internal', `the figure fonts (${REGULAR}) are missing from resources/fonts (looked in ${candidates.join(', ')})`);
  return found;
}

let installed: FigureFonts | undefined;

/** The shipped fonts, with ECharts measuring text by their metrics from now on. */
export function figureFonts(): FigureFonts {
  if (installed) return installed;
  const dir = fontDir();
  const regularPath = path.join(dir, REGULAR);
  const boldPath = path.join(dir, BOLD);
  useFontMetrics({ regular: parseFontMetrics(readFileSync(regularPath)), bold: parseFontMetrics(readFileSync(boldPath)) });
  installed = { regularPath, boldPath, family: 'DejaVu Sans' };
  return installed;
}
