/**
 * A rendered figure to files: SVG as rendered, PNG through resvg (the shipped TTFs as its only
 * fonts, a pHYs chunk for the DPI), PDF through pdfkit + svg-to-pdfkit (the TTFs embedded, so the
 * text is real, extractable vector text). No browser anywhere.
 */
import { Resvg } from '@resvg/resvg-js';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { pdfSafeSvg } from '../figures/figure-svg';
import { ptToPixels } from '../figures/page';
import { withPhysChunk } from '../figures/png';
import { figureFonts } from './fonts';

export function svgToPng(svg: string, widthPt: number, dpi: number): Uint8Array {
  const fonts = figureFonts();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: ptToPixels(widthPt, dpi) },
    background: '#ffffff',
    font: { loadSystemFonts: false, fontFiles: [fonts.regularPath, fonts.boldPath], defaultFontFamily: fonts.family, sansSerifFamily: fonts.family },
  });
  const png = resvg.render().asPng();
  return withPhysChunk(new Uint8Array(png.buffer, png.byteOffset, png.byteLength), dpi);
}

export interface PdfInfo {
  title: string;
  subject?: string;
  creator: string;
}

export function svgToPdf(svg: string, widthPt: number, heightPt: number, info: PdfInfo): Promise<Uint8Array> {
  const fonts = figureFonts();
  const doc = new PDFDocument({ size: [widthPt, heightPt], margin: 0, autoFirstPage: true, info: { Title: info.title, Subject: info.subject, Creator: info.creator, Producer: info.creator } });
  doc.registerFont('FigureRegular', fonts.regularPath);
  doc.registerFont('FigureBold', fonts.boldPath);
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  SVGtoPDF(doc, pdfSafeSvg(svg), 0, 0, {
    width: widthPt,
    height: heightPt,
    assumePt: true,
    // every text of a figure is DejaVu Sans (theme.fontFamily); map the weight to the embedded face
    fontCallback: (_family: string, bold: boolean) => (bold ? 'FigureBold' : 'FigureRegular'),
  });
  doc.end();
  return done;
}
