// The diff report: two profiles A and B of the same code, line by line, with what changed
// (the comparison is stats/compare.ts). Stats in, string out: it must not read files
// (source lines come from the stats), write to stdout, or look at the terminal; the caller
// decides colour. The table is the text report's layout (table.ts) with the diff's columns;
// a `<<` marks each function's biggest changes, and the header says when B's source differs.

import { compareStats, skipUnrunCompared, skipUnrunOneSided, type DiffFunction, type ProfileDiff } from '../stats/compare.js';
import type { ProfileStats } from '../stats/model.js';
import { applyProcessors } from '../stats/select.js';
import {
  changeOf,
  colorsFor,
  columnWidths,
  DEFAULT_OUTPUT_UNIT,
  DIFF_TITLES,
  DIFF_WIDTH,
  diffLineCells,
  diffTitle,
  oneSidedLines,
  padRow,
  paint,
  reportHeader,
  rowRange,
  ruled,
  sourceText,
  textLines,
  type Colors,
} from './table.js';

/** How the diff's tables are laid out; which functions they show is the caller's. */
export interface DiffLayout {
  /** Seconds per displayed time unit; default 1e-6 as in the text report. */
  readonly unit?: number;
  /** Colour the marked lines: green when faster, red when slower; default false. */
  readonly color?: boolean;
  /** Lines printed right after `Timer unit:`, e.g. which file is A and which is B. */
  readonly header?: readonly string[];
}

export interface DiffReportOptions extends DiffLayout {
  /** Leave out functions that ran in neither profile, and one-sided ones never hit. */
  readonly skipZero?: boolean;
}

/** The comparison of A and B, `skipZero`'s processors, then the tables of what they leave. */
export function renderDiff(before: ProfileStats, after: ProfileStats, options: DiffReportOptions = {}): string {
  const steps = options.skipZero ? [skipUnrunCompared, skipUnrunOneSided] : [];
  return renderDiffTables(applyProcessors(compareStats(before, after), steps), options);
}

/** One table per compared function, in the diff's order, then those found on one side only. */
export function renderDiffTables(diff: ProfileDiff, layout: DiffLayout = {}): string {
  const outputUnit = layout.unit ?? DEFAULT_OUTPUT_UNIT;
  const colors = colorsFor(layout.color ?? false);
  let out = `${textLines(reportHeader(outputUnit, layout.header))}\n`;
  for (const fn of diff.functions) out += renderFunction(fn, diff.unit, outputUnit, colors);
  return out + textLines(oneSidedLines(diff));
}

/** One function's block: the title lines, the table, and a blank line after it. */
function renderFunction(fn: DiffFunction, unit: number, outputUnit: number, colors: Colors): string {
  const scalar = unit / outputUnit;
  const cells = new Map(fn.lines.map((row) => [row.line, diffLineCells(row, scalar)]));
  const widths = columnWidths(DIFF_WIDTH, cells.values());
  // The marker column (`<<` or blank) sits between the numbers and the source text.
  const header = `${padRow(DIFF_TITLES, widths)}     Line Contents`;
  let out = `${textLines(diffTitle(fn, unit))}\n${textLines(ruled(header))}`;

  const rows = new Map(fn.lines.map((row) => [row.line, row]));
  const { first, last } = rowRange(fn.line, fn.source.length, rows.keys());
  for (let line = first; line <= last; line++) {
    const row = rows.get(line);
    const values = cells.get(line) ?? [String(line), '', '', '', '', '', ''];
    const text = `${padRow(values, widths)} ${row?.marked ? '<<' : '  '}  ${sourceText(fn.source, fn.line, line)}`;
    out += `${paint(text, row ? changeOf(row) : '', colors)}\n`;
  }
  return `${out}\n`;
}
