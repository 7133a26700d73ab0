// The text report, laid out exactly like line_profiler's show_text/show_func so that its
// users feel at home. Stats in, string out: it must not read files (source lines come
// from FunctionStats.source), write to stdout, or look at the terminal; the caller
// decides colour.
//
// Deliberate differences from line_profiler: functions sort by most total time first; a
// Wait column follows % Time when a line of that function waited at an await (wait is
// not part of Time); `header` lines follow the Timer unit line; `color` highlights hot
// lines and adds nothing else, so stripping its ANSI codes gives the plain report.

import picocolors from 'picocolors';
import type { FunctionStats, LineStats, ProfileStats } from '../stats/model.js';
import { formatFixed, formatGeneral, formatInteger } from './format.js';
import { totalTime } from './lines.js';

export interface TextReportOptions {
  /** Seconds per unit of the printed Time, Per Hit and Wait columns; default 1e-6. */
  readonly unit?: number;
  /** Leave out functions that were never hit (and, in the summary, never took time). */
  readonly skipZero?: boolean;
  /** Functions with the most total time first; otherwise in the order of the stats. */
  readonly sort?: boolean;
  /** Only the N functions with the most total time, most first (so it sorts). */
  readonly top?: number;
  /** Append one `seconds - file:line - name` line per function. */
  readonly summary?: boolean;
  /** Highlight hot lines with ANSI colours; default false. */
  readonly color?: boolean;
  /** Lines printed right after `Timer unit:`, e.g. the engine and its settings. */
  readonly header?: readonly string[];
  /**
   * Sampled engine: a line whose time is under this many seconds (a few samples) gets
   * `~` before its Time, an estimate to read with care.
   */
  readonly approximateBelowSeconds?: number;
  /**
   * A Max column after Per Hit: each line's slowest single hit (exact engine); blank for
   * a line whose results carry none (the sampled engine's, older files').
   */
  readonly max?: boolean;
}

// line_profiler's default (and minimum) column widths, from its line_profiler.toml;
// Wait and Max are ours: Wait as wide as Time, Max as Per Hit.
const WIDTH = { line: 6, hits: 9, time: 12, perHit: 8, max: 8, percent: 8, wait: 12 } as const;
// Share of the function's time from which a line is coloured.
const HOT_PERCENT = 20;
const WARM_PERCENT = 5;

export function renderText(stats: ProfileStats, options: TextReportOptions = {}): string {
  const outputUnit = options.unit ?? 1e-6;
  const colors = picocolors.createColors(options.color ?? false);
  let functions = [...stats.functions];
  if (options.sort || options.top !== undefined) {
    // Array.prototype.sort is stable, so equal totals keep the order of the stats.
    functions = functions
      .map((fn) => ({ fn, total: totalTime(fn) }))
      .sort((a, b) => b.total - a.total)
      .map(({ fn }) => fn);
  }
  if (options.top !== undefined) {
    if (options.skipZero) functions = functions.filter((fn) => fn.lines.some((l) => l.hits > 0));
    functions = functions.slice(0, options.top);
  }
  let out = `Timer unit: ${formatGeneral(outputUnit)} s\n`;
  for (const line of options.header ?? []) out += `${line}\n`;
  out += '\n';
  for (const fn of functions) {
    const hits = fn.lines.reduce((sum, l) => sum + l.hits, 0);
    if (options.skipZero && hits === 0) continue;
    const approximateBelow = (options.approximateBelowSeconds ?? 0) / stats.unit;
    out += renderFunction(fn, stats.unit, outputUnit, colors, approximateBelow, options.max ?? false);
  }
  if (options.summary) {
    for (const fn of functions) {
      const seconds = totalTime(fn) * stats.unit;
      if (options.skipZero && seconds === 0) continue;
      out += `${formatFixed(seconds, 2, 6)} seconds - ${fn.file}:${fn.line} - ${fn.name}\n`;
    }
  }
  return out;
}

type Colors = ReturnType<typeof picocolors.createColors>;

export interface Cells {
  readonly hits: string;
  readonly time: string;
  readonly perHit: string;
  readonly max: string;
  readonly percent: string;
  readonly wait: string;
  readonly share: number;
}

/** One function's block: the title lines, the table, and a blank line after it. */
function renderFunction(fn: FunctionStats, unit: number, outputUnit: number, colors: Colors, approximateBelow: number, showMax: boolean): string {
  const total = totalTime(fn);
  const scalar = unit / outputUnit;
  const cells = new Map<number, Cells>();
  for (const l of fn.lines) {
    // A line that only carries a probe never ran: blank, as line_profiler never lists it.
    if (l.hits !== 0 || l.time !== 0 || l.wait !== 0) {
      const cell = lineCells(l, total, scalar);
      const rough = l.time > 0 && l.time < approximateBelow;
      cells.set(l.line, rough ? { ...cell, time: `~${cell.time.trimStart()}` } : cell);
    }
  }
  type Column = 'hits' | 'time' | 'perHit' | 'max' | 'percent' | 'wait';
  const columns: Column[] = ['hits', 'time', 'perHit'];
  if (showMax) columns.push('max');
  columns.push('percent');
  if (fn.lines.some((l) => l.wait > 0)) columns.push('wait');
  const TITLES: Record<Column, string> = { hits: 'Hits', time: 'Time', perHit: 'Per Hit', max: 'Max', percent: '% Time', wait: 'Wait' };
  const widths = [WIDTH.line, ...columns.map((key) => (key === 'percent' ? WIDTH.percent : Math.max(WIDTH[key], ...[...cells.values()].map((c) => c[key].length))))];
  const left = (values: string[]): string => values.map((v, i) => v.padStart(widths[i])).join(' ');

  const header = `${left(['Line #', ...columns.map((key) => TITLES[key])])}  Line Contents`;
  let out = `Total time: ${formatGeneral(total * unit)} s\nFile: ${fn.file}\n`;
  out += `Function: ${fn.name} at line ${fn.line}\n\n${header}\n${'='.repeat(header.length)}\n`;

  // Rows run over the source, and further if a line with data lies outside it.
  const lineNumbers = [...cells.keys()];
  const first = Math.min(fn.line, ...lineNumbers);
  const last = Math.max(fn.line + fn.source.length - 1, ...lineNumbers);
  for (let line = first; line <= last; line++) {
    const c = cells.get(line);
    const values = columns.map((key) => (c ? c[key] : ''));
    const content = (fn.source[line - fn.line] ?? '').replace(/\n+$/, '').replace(/\r+$/, '');
    const row = `${left([String(line), ...values])}  ${content}`;
    out += `${highlight(row, c?.share ?? 0, colors)}\n`;
  }
  return `${out}\n`;
}

/** A line's cells as the table prints them, and its share (0-100) of the function's time. */
export function lineCells(l: LineStats, total: number, scalar: number): Cells {
  // The arithmetic follows line_profiler's expressions so that the floats round alike.
  const share = total === 0 ? 0 : (100 * l.time) / total;
  return {
    hits: hitsCell(l.hits),
    time: timeCell(l.time * scalar, WIDTH.time),
    // Per Hit of a line without hits (possible in a diff) has no meaning: left blank.
    perHit: l.hits === 0 ? '' : timeCell((l.time * scalar) / l.hits, WIDTH.perHit),
    max: l.max === undefined || l.hits === 0 ? '' : timeCell(l.max * scalar, WIDTH.max),
    percent: total === 0 ? '' : formatFixed(share, 1, 5),
    wait: l.wait === 0 ? '' : timeCell(l.wait * scalar, WIDTH.wait),
    share,
  };
}

/** `%d`, or `%g` when that is wider than the column, as line_profiler does. */
function hitsCell(hits: number): string {
  const text = formatInteger(hits);
  return text.length > WIDTH.hits ? formatGeneral(hits) : text;
}

/** `%5.1f`, or `%5.3g` when that is wider than the column, as line_profiler does. */
function timeCell(value: number, column: number): string {
  const text = formatFixed(value, 1, 5);
  return text.length > column ? formatGeneral(value, 3, 5) : text;
}

function highlight(row: string, share: number, colors: Colors): string {
  if (share >= HOT_PERCENT) return colors.bold(colors.red(row));
  if (share >= WARM_PERCENT) return colors.yellow(row);
  return row;
}
