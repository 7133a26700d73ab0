// Formatting of the report: numbers, ranges and plain-text tables. Pure functions.

export function fmt(x, digits = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return '-';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export const range = (xs) => (xs && xs.length ? `${fmt(Math.min(...xs), 0)}-${fmt(Math.max(...xs), 0)}` : '');
export const signed = (x, digits = 1) => (x >= 0 ? '+' : '') + fmt(x, digits);

/** A table with a header row and a dashed rule; align[i] 'l' pads column i on the right, else on the left. */
export function table(headers, rows, align) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => (align[i] === 'l' ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
