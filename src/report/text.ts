// The text report, laid out exactly like line_profiler's show_text/show_func so that its
// users feel at home. Stats in, string out: it must not read files (source lines come
// from FunctionStats.source), write to stdout, or look at the terminal; the caller
// decides colour.
//
// renderText is the report as the API and the CLI ask for it: the selection (`skipZero`,
// `sort`, `top`) runs first as processors (stats/select.ts), then renderTables lays out
// the functions it is given, in the order given, and nothing else.
//
// Deliberate differences from line_profiler: functions sort by most total time first; a
// Wait column follows % Time when a line of that function waited at an await (wait is
// not part of Time); `header` lines follow the Timer unit line; `color` highlights hot
// lines and adds nothing else, so stripping its ANSI codes gives the plain report.

import type { FunctionStats, ProfileStats } from '../stats/model.js';
import { ranLines, totalTime } from '../stats/lines.js';
import { applyProcessors, selectionSteps, skipTimeless, type Selection } from '../stats/select.js';
import { formatFixed } from './format.js';
import {
  approximate,
  colorsFor,
  columnWidths,
  DEFAULT_OUTPUT_UNIT,
  heatOf,
  lineCells,
  padRow,
  paint,
  reportHeader,
  rowRange,
  ruled,
  SHOW_TITLES,
  SHOW_WIDTH,
  showColumns,
  showTitle,
  sourceText,
  textLines,
  type Cells,
  type Colors,
} from './table.js';

/** How the tables are laid out; which functions they show is the caller's (stats/select.ts). */
export interface TextLayout {
  /** Seconds per unit of the printed Time, Per Hit and Wait columns; default 1e-6. */
  readonly unit?: number;
  /** Highlight hot lines with ANSI colours; default false. */
  readonly color?: boolean;
  /** Lines printed right after `Timer unit:`, e.g. the engine and its settings. */
  readonly header?: readonly string[];
  /**
   * Sampled engine: a line whose time is under this many seconds (a few samples) gets
   * `~` before its Time, an estimate to read with care.
   */
  readonly approximateBelowSeconds?: number;
  /** Exact engine: a line whose time per hit is under this many seconds (one probe event's cost) gets `~` too. */
  readonly approximatePerHitBelowSeconds?: number;
  /**
   * A Max column after Per Hit: each line's slowest single hit (exact engine); blank for
   * a line whose results carry none (the sampled engine's, older files').
   */
  readonly max?: boolean;
}

export interface TextReportOptions extends TextLayout, Selection {
  /** Append one `seconds - file:line - name` line per function. */
  readonly summary?: boolean;
}

/** The selection's processors, then the tables of what they leave (and the summary). */
export function renderText(stats: ProfileStats, options: TextReportOptions = {}): string {
  const steps = selectionSteps(options);
  // The summary's `-z` is line_profiler's: functions that took no time are left out, and a
  // function that took time without a hit (resumed within a run) stays. Under `--top` it
  // lists the tables' N.
  const summarySteps = options.top === undefined ? selectionSteps({ sort: options.sort }) : steps;
  const summary = options.summary ? applyProcessors(stats, options.skipZero ? [...summarySteps, skipTimeless] : summarySteps) : undefined;
  return renderTables(applyProcessors(stats, steps), options, summary);
}

/** One table per function of `stats`, in their order; with `summary`, a line per function of it. */
export function renderTables(stats: ProfileStats, layout: TextLayout = {}, summary?: ProfileStats): string {
  const outputUnit = layout.unit ?? DEFAULT_OUTPUT_UNIT;
  const colors = colorsFor(layout.color ?? false);
  const approximateBelow = {
    time: (layout.approximateBelowSeconds ?? 0) / stats.unit,
    perHit: (layout.approximatePerHitBelowSeconds ?? 0) / stats.unit,
  };
  let out = `${textLines(reportHeader(outputUnit, layout.header))}\n`;
  for (const fn of stats.functions) out += renderFunction(fn, stats.unit, outputUnit, colors, approximateBelow, layout.max ?? false);
  return summary ? out + renderSummary(summary) : out;
}

/** One `seconds - file:line - name` line per function, as line_profiler's summary. */
function renderSummary(stats: ProfileStats): string {
  return textLines(stats.functions.map((fn) => `${formatFixed(totalTime(fn) * stats.unit, 2, 6)} seconds - ${fn.file}:${fn.line} - ${fn.name}`));
}

/** One function's block: the title lines, the table, and a blank line after it. */
function renderFunction(
  fn: FunctionStats,
  unit: number,
  outputUnit: number,
  colors: Colors,
  approximateBelow: { time: number; perHit: number },
  showMax: boolean,
): string {
  const total = totalTime(fn);
  const cells = new Map<number, Cells>();
  // A line that only carries a probe never ran: blank, as line_profiler never lists it.
  for (const l of ranLines(fn)) cells.set(l.line, approximate(lineCells(l, total, unit / outputUnit), l, approximateBelow.time, approximateBelow.perHit));
  const columns = showColumns(showMax, fn.lines.some((l) => l.wait > 0));
  // Line # and % Time keep line_profiler's widths; the others widen to their widest cell.
  const widthRows = [...cells.values()].map((c) => ['', ...columns.map((key) => (key === 'percent' ? '' : c[key]))]);
  const widths = columnWidths([SHOW_WIDTH.line, ...columns.map((key) => SHOW_WIDTH[key])], widthRows);
  const header = `${padRow(['Line #', ...columns.map((key) => SHOW_TITLES[key])], widths)}  Line Contents`;
  let out = `${textLines(showTitle(fn, total * unit))}\n${textLines(ruled(header))}`;
  const { first, last } = rowRange(fn.line, fn.source.length, cells.keys());
  for (let line = first; line <= last; line++) {
    const c = cells.get(line);
    const row = `${padRow([String(line), ...columns.map((key) => (c ? c[key] : ''))], widths)}  ${sourceText(fn.source, fn.line, line)}`;
    out += `${paint(row, heatOf(c?.share ?? 0), colors)}\n`;
  }
  return `${out}\n`;
}
