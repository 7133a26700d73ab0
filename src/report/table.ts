// The table layout the line reports share: the text report's table (text.ts), the diff's
// (diff-text.ts), and the HTML pages that show the same cells (html.ts, diff-html.ts).
// One place for the `Timer unit:` header, a function's title lines, the columns and their
// cells, the widths, the rows' range, the source text of a row, and the tints (hot and
// warm lines, faster and slower changes) that colour a row or a page's line. Pure.

import picocolors from 'picocolors';
import type { DiffFunction, DiffLine, FunctionTotals, ProfileDiff } from '../stats/compare.js';
import type { FunctionStats, LineStats } from '../stats/model.js';
import { formatFixed, formatGeneral, formatInteger } from './format.js';
import type { RowMark } from './html-page/data.js';

/** Seconds per printed time unit when `-u` says nothing: microseconds, as line_profiler. */
export const DEFAULT_OUTPUT_UNIT = 1e-6;

/** `Timer unit:` and the lines under it (engine, runs, sides), as every line report opens. */
export function reportHeader(outputUnit: number, header: readonly string[] = []): string[] {
  return [`Timer unit: ${formatGeneral(outputUnit)} s`, ...header];
}

/** Lines as text, each ended by a newline. */
export function textLines(lines: readonly string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}

/** The lines above a function's table in the text report and its page. */
export function showTitle(fn: Pick<FunctionStats, 'file' | 'name' | 'line'>, seconds: number): string[] {
  return [`Total time: ${formatGeneral(seconds)} s`, `File: ${fn.file}`, `Function: ${fn.name} at line ${fn.line}`];
}

/** The lines above a function's table in the diff and its page; times in `unit` seconds. */
export function diffTitle(fn: DiffFunction, unit: number): string[] {
  const ratio = fn.ratio === null ? '' : ` (B/A ${formatFixed(fn.ratio, 2)})`;
  return [
    `Total time: ${formatGeneral(fn.timeA * unit)} s -> ${formatGeneral(fn.timeB * unit)} s${ratio}`,
    `File: ${fn.file}`,
    `Function: ${fn.name} at line ${fn.line}`,
    ...(fn.sourceChanged ? ["Source changed: lines are matched by number, the text is B's"] : []),
  ];
}

/** The diff's functions found in one profile only, A's first: listed under its tables, in its page's header. */
export function oneSidedLines(diff: Pick<ProfileDiff, 'onlyA' | 'onlyB'>): string[] {
  const line = (side: string, fn: FunctionTotals): string => `only in ${side}: ${fn.name} (${fn.file}:${fn.line})`;
  return [...diff.onlyA.map((fn) => line('A', fn)), ...diff.onlyB.map((fn) => line('B', fn))];
}

/** A column header and the `=` rule under it. */
export function ruled(header: string): string[] {
  return [header, '='.repeat(header.length)];
}

/** Each column as wide as its widest cell, and at least its minimum. */
export function columnWidths(minimums: readonly number[], rows: Iterable<readonly string[]>): number[] {
  const widths = [...minimums];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i], cell.length)));
  return widths;
}

/** Cells right-aligned in their columns, one space apart. */
export function padRow(values: readonly string[], widths: readonly number[]): string {
  return values.map((value, i) => value.padStart(widths[i])).join(' ');
}

/** The table's first and last line: the function's source, and further if a row lies outside it. */
export function rowRange(line: number, sourceLength: number, rows: Iterable<number>): { first: number; last: number } {
  // A loop, not Math.min(...): a bundle's outer function has more lines than a call has arguments.
  let first = line;
  let last = line + sourceLength - 1;
  for (const row of rows) {
    if (row < first) first = row;
    if (row > last) last = row;
  }
  return { first, last };
}

/** Line `line`'s text from a source starting at `firstLine`, without line endings; '' past it. */
export function sourceText(source: readonly string[], firstLine: number, line: number): string {
  return (source[line - firstLine] ?? '').replace(/\n+$/, '').replace(/\r+$/, '');
}

// line_profiler's default (and minimum) column widths, from its line_profiler.toml;
// Wait and Max are ours: Wait as wide as Time, Max as Per Hit.
export const SHOW_WIDTH = { line: 6, hits: 9, time: 12, perHit: 8, max: 8, percent: 8, wait: 12 } as const;

export type ShowColumn = 'hits' | 'time' | 'perHit' | 'max' | 'percent' | 'wait';

export const SHOW_TITLES: Readonly<Record<ShowColumn, string>> = { hits: 'Hits', time: 'Time', perHit: 'Per Hit', max: 'Max', percent: '% Time', wait: 'Wait' };

/** The number columns of a function's table: Max when asked for, Wait when a line waited. */
export function showColumns(max: boolean, wait: boolean): ShowColumn[] {
  return ['hits', 'time', 'perHit', ...(max ? (['max'] as const) : []), 'percent', ...(wait ? (['wait'] as const) : [])];
}

export interface Cells extends Readonly<Record<ShowColumn, string>> {
  /** The line's share (0-100) of its function's time. */
  readonly share: number;
}

/** A line's cells as the table prints them; `total` and `l` in the stats' unit, `scalar` to the printed one. */
export function lineCells(l: LineStats, total: number, scalar: number): Cells {
  // The arithmetic follows line_profiler's expressions so that the floats round alike.
  const share = total === 0 ? 0 : (100 * l.time) / total;
  return {
    hits: hitsCell(l.hits),
    time: timeCell(l.time * scalar, SHOW_WIDTH.time),
    // Per Hit of a line without hits (possible in a diff) has no meaning: left blank.
    perHit: l.hits === 0 ? '' : timeCell((l.time * scalar) / l.hits, SHOW_WIDTH.perHit),
    max: l.max === undefined || l.hits === 0 ? '' : timeCell(l.max * scalar, SHOW_WIDTH.max),
    percent: total === 0 ? '' : formatFixed(share, 1, 5),
    wait: l.wait === 0 ? '' : timeCell(l.wait * scalar, SHOW_WIDTH.wait),
    share,
  };
}

/**
 * `~` before an estimate's Time: under the sampled engine a time under `below` (in the
 * stats' unit: a few samples); under the compensated exact engine a time per hit under
 * `perHitBelow` (one probe event's cost, see approximatePerHitBelow).
 */
export function approximate(cells: Cells, l: LineStats, below: number, perHitBelow = 0): Cells {
  const fewSamples = l.time > 0 && l.time < below;
  const underProbeCost = l.hits > 0 && l.time < l.hits * perHitBelow;
  return fewSamples || underProbeCost ? { ...cells, time: `~${cells.time.trimStart()}` } : cells;
}

/** `%d`, or `%g` when that is wider than the column, as line_profiler does. */
function hitsCell(hits: number): string {
  const text = formatInteger(hits);
  return text.length > SHOW_WIDTH.hits ? formatGeneral(hits) : text;
}

/** `%5.1f`, or `%5.3g` when that is wider than the column, as line_profiler does. */
function timeCell(value: number, column: number): string {
  const text = formatFixed(value, 1, 5);
  return text.length > column ? formatGeneral(value, 3, 5) : text;
}

// Minimum column widths of the diff: line_profiler's for Line # and Hits, Time's for the times and Delta.
export const DIFF_WIDTH = [6, 9, 9, 12, 12, 12, 8] as const;
export const DIFF_TITLES = ['Line #', 'Hits A', 'Hits B', 'Time A', 'Time B', 'Delta', 'B/A'] as const;

/** Line #, Hits A, Hits B, Time A, Time B, Delta, B/A of a compared line. */
export function diffLineCells(row: DiffLine, scalar: number): string[] {
  const inA = row.status !== 'new';
  const inB = row.status !== 'gone';
  const ratio = row.status !== 'both' ? row.status : row.ratio === null ? '' : formatFixed(row.ratio, 2);
  return [
    String(row.line),
    inA ? String(row.hitsA) : '',
    inB ? String(row.hitsB) : '',
    inA ? formatFixed(row.timeA * scalar, 1) : '',
    inB ? formatFixed(row.timeB * scalar, 1) : '',
    formatDelta(row.delta * scalar),
    ratio,
  ];
}

/** `%+.1f`, except that no change reads `0.0`, not `+0.0` or `-0.0`. */
function formatDelta(value: number): string {
  const text = formatFixed(Math.abs(value), 1);
  if (text === '0.0') return text;
  return value < 0 ? `-${text}` : `+${text}`;
}

/** How a row stands out: the text report colours it, a page tints it (the page's class names). */
export type Tint = RowMark;

// Share of the function's time from which a line is hot or warm.
const HOT_PERCENT = 20;
const WARM_PERCENT = 5;

/** A line of the text report by its share (0-100) of the function's time. */
export function heatOf(share: number): Tint {
  return share >= HOT_PERCENT ? 'hot' : share >= WARM_PERCENT ? 'warm' : '';
}

/** A compared line: one of its function's biggest changes, faster or slower; else nothing. */
export function changeOf(row: DiffLine): Tint {
  return row.marked ? (row.delta < 0 ? 'faster' : 'slower') : '';
}

export type Colors = ReturnType<typeof picocolors.createColors>;

/** ANSI colours when `enabled`; else functions that return their text unchanged. */
export function colorsFor(enabled: boolean): Colors {
  return picocolors.createColors(enabled);
}

/** A row of text in its tint's colour: hot bold red, warm yellow, faster green, slower red. */
export function paint(text: string, tint: Tint, colors: Colors): string {
  switch (tint) {
    case 'hot':
      return colors.bold(colors.red(text));
    case 'warm':
      return colors.yellow(text);
    case 'faster':
      return colors.green(text);
    case 'slower':
      return colors.red(text);
    case '':
      return text;
  }
}
