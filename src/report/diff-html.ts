// `lineprof diff --format html`: the functions of A and B side by side in one
// self-contained page (html-document.ts), the biggest changes marked. Pure: the
// comparison (stats/compare.ts) in, a string out. The cells are the text diff's own
// (table.ts), so that the page shows the digits its table shows.

import type { ProfileDiff } from '../stats/compare.js';
import { formatFixed, formatGeneral } from './format.js';
import { filesOf, keepSource, page, pageIdentity } from './html-document.js';
import type { ListColumn, PageFunction, PageRow } from './html-page/data.js';
import type { HtmlOptions } from './html.js';
import { changeOf, DEFAULT_OUTPUT_UNIT, DIFF_TITLES, diffLineCells, diffTitle, oneSidedLines, reportHeader } from './table.js';

export interface DiffHtmlOptions extends Omit<HtmlOptions, 'approximateBelowSeconds'> {
  /** What A and B are, for the header. */
  readonly sides: readonly string[];
}

const DIFF_COLUMNS: readonly ListColumn[] = [
  { title: 'Delta (s)', hint: 'time B - A; the biggest changes are first', descending: true },
  { title: 'Time A (s)', hint: "A's total time", descending: true },
  { title: 'Time B (s)', hint: "B's total time", descending: true },
  { title: 'B/A', hint: 'time B / time A', descending: true },
];

/** The page of a comparison: every function of `diff` (the caller leaves out what `-z` drops). */
export function renderDiffHtml(diff: ProfileDiff, options: DiffHtmlOptions): string {
  const outputUnit = options.unit ?? DEFAULT_OUTPUT_UNIT;
  const scalar = diff.unit / outputUnit;
  const sources = new Map<string, Map<number, string>>();
  const largest = diff.functions.reduce((most, fn) => Math.max(most, Math.abs(fn.delta)), 0);
  const functions = diff.functions.map((fn): PageFunction => {
    keepSource(sources, fn.file, fn.line, fn.source);
    const larger = Math.max(fn.timeA, fn.timeB);
    const rows = fn.lines.map((row): PageRow => {
      const [, ...cells] = diffLineCells(row, scalar);
      const bar = larger === 0 ? 0 : (100 * Math.abs(row.delta)) / larger;
      return [row.line, cells, bar, changeOf(row)];
    });
    return {
      ...pageIdentity(fn, rows.map(([line]) => line)),
      title: diffTitle(fn, diff.unit),
      list: [signed(fn.delta * diff.unit), formatGeneral(fn.timeA * diff.unit), formatGeneral(fn.timeB * diff.unit), fn.ratio === null ? '' : formatFixed(fn.ratio, 2)],
      sort: [Math.abs(fn.delta), fn.timeA, fn.timeB, fn.ratio ?? Infinity],
      bar: largest === 0 ? 0 : (100 * Math.abs(fn.delta)) / largest,
      columns: DIFF_TITLES.slice(1),
      barColumn: 4,
      rows,
    };
  });
  return page({
    title: options.title,
    header: [...reportHeader(outputUnit, options.header), ...options.sides, ...oneSidedLines(diff)],
    listColumns: DIFF_COLUMNS,
    runs: [{ label: 'B - A', functions }],
    files: filesOf(sources),
  });
}

function signed(seconds: number): string {
  return seconds > 0 ? `+${formatGeneral(seconds)}` : formatGeneral(seconds);
}
