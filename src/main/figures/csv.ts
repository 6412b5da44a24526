/** CSV of the numbers a figure plots: '#' comment lines first (what the columns are), then a header row. */

function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(comments: readonly string[], header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const lines = [...comments.map((c) => `# ${c}`), header.map(cell).join(',')];
  for (const r of rows) lines.push(r.map(cell).join(','));
  return `${lines.join('\n')}\n`;
}

/** Columns of equal length as rows. */
export function columnsToRows(columns: readonly ArrayLike<number>[]): number[][] {
  const n = columns.length ? columns[0].length : 0;
  return Array.from({ length: n }, (_, i) => columns.map((c) => c[i]));
}
