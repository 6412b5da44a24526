/**
 * A self-contained HTML report: inline SVG figures and plain tables, no scripts, no external
 * files, so it opens anywhere (and under a strict CSP) and can be mailed as one file.
 */
import { fontFamily } from './theme';

export interface ReportTable {
  caption: string;
  header: string[];
  rows: (string | number)[][];
}

export type ReportBlock = { kind: 'figure'; caption: string; svg: string } | { kind: 'table'; table: ReportTable } | { kind: 'text'; text: string } | { kind: 'pre'; text: string };

export interface ReportSection {
  title: string;
  blocks: ReportBlock[];
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function renderBlock(b: ReportBlock): string {
  switch (b.kind) {
    case 'figure':
      return `<figure>${b.svg}<figcaption>${escapeHtml(b.caption)}</figcaption></figure>`;
    case 'text':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'pre':
      return `<pre>${escapeHtml(b.text)}</pre>`;
    case 'table': {
      const head = b.table.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
      const rows = b.table.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(String(c))}</td>`).join('')}</tr>`).join('\n');
      return `<table><caption>${escapeHtml(b.table.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
    }
  }
}

export function renderReportHtml(title: string, subtitle: string, sections: readonly ReportSection[]): string {
  const body = sections.map((s) => `<section><h2>${escapeHtml(s.title)}</h2>\n${s.blocks.map(renderBlock).join('\n')}</section>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: ${fontFamily}; max-width: 980px; margin: 2em auto; color: #222; line-height: 1.4; }
h1 { margin-bottom: 0.2em; } .subtitle { color: #666; margin-top: 0; }
section { margin: 2em 0; } figure { margin: 1em 0; } figcaption { color: #555; font-size: 0.9em; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; } caption { text-align: left; font-weight: bold; margin-bottom: 0.3em; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; } th { background: #f3f3f3; }
pre { background: #f7f7f7; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }
</style></head>
<body><h1>${escapeHtml(title)}</h1><p class="subtitle">${escapeHtml(subtitle)}</p>
${body}
</body></html>
`;
}
