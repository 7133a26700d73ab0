// The diff report: two profiles A and B of the same code, line by line, with what changed.
// Stats in, string out: it must not read files (source lines come from the stats), write
// to stdout, or look at the terminal; the caller decides colour. diffRows is the one
// comparison; the text and the JSON renderer only lay it out, so they cannot disagree.
//
// Matching: functions by (file, name, first line), lines by line number, as the model
// keys them. When the source changed between A and B, a line is still matched by its
// number (the header says so): aligning edited sources is guesswork we leave to the reader.
//
// JSON shape (renderDiffJson, one line), times in `unit` seconds, the coarser unit of A
// and B (1e-9 for lineprof's own results), whatever `-u` says:
//   { "format": "lineprof-diff", "version": 1,
//     "a": { "file": "a.lprof", "run": null }, "b": { "file": "b.lprof", "run": "warm" },
//     "unit": 1e-9,
//     "functions": [ { "file", "name", "line", "source": [...], "sourceChanged": false,
//                      "timeA", "timeB", "delta", "ratio",
//                      "lines": [ { "line", "status": "both" | "gone" | "new",
//                                   "hitsA", "hitsB", "timeA", "timeB", "delta", "ratio", "marked" } ] } ],
//     "onlyA": [ { "file", "name", "line", "hits", "time" } ], "onlyB": [ ... ] }
// `delta` is B - A, `ratio` B / A (null when A is 0); `functions` biggest |delta| first;
// `lines` are those that ran in A or B; `source` starts at `line`, B's text where B has one.

import picocolors from 'picocolors';
import { emptyStats, mergeStats } from '../stats/merge.js';
import type { FunctionStats, LineStats, ProfileStats } from '../stats/model.js';
import { formatFixed, formatGeneral } from './format.js';

/** 'gone': ran in A and not in B (removed, or not hit any more); 'new': the other way round. */
export type LineStatus = 'both' | 'gone' | 'new';

export interface DiffLine {
  readonly line: number;
  readonly status: LineStatus;
  readonly hitsA: number;
  readonly hitsB: number;
  readonly timeA: number;
  readonly timeB: number;
  /** timeB - timeA */
  readonly delta: number;
  /** timeB / timeA; null when timeA is 0 (JSON has no Infinity). */
  readonly ratio: number | null;
  /** One of the biggest changes of its function (see MARK_TOP, MARK_SHARE). */
  readonly marked: boolean;
}

export interface DiffFunction {
  readonly file: string;
  readonly name: string;
  readonly line: number;
  /** Lines `line ..` of the source: B's text, A's where B's source is shorter. */
  readonly source: readonly string[];
  /** Both results carry source text and it differs: lines are matched by number anyway. */
  readonly sourceChanged: boolean;
  readonly timeA: number;
  readonly timeB: number;
  readonly delta: number;
  readonly ratio: number | null;
  /** The lines that ran in A or in B, by line number. */
  readonly lines: readonly DiffLine[];
}

/** A function found in one profile only, with its totals there. */
export interface FunctionTotals {
  readonly file: string;
  readonly name: string;
  readonly line: number;
  readonly hits: number;
  readonly time: number;
}

export interface ProfileDiff {
  /** Seconds per unit of every time above: the coarser of A's and B's. */
  readonly unit: number;
  readonly functions: readonly DiffFunction[];
  readonly onlyA: readonly FunctionTotals[];
  readonly onlyB: readonly FunctionTotals[];
}

export interface DiffReportOptions {
  /** Seconds per displayed time unit; default 1e-6 as in the text report. */
  readonly unit?: number;
  /** Leave out functions that ran in neither profile. */
  readonly skipZero?: boolean;
  /** Colour the marked lines: green when faster, red when slower; default false. */
  readonly color?: boolean;
  /** Lines printed right after `Timer unit:`, e.g. which file is A and which is B. */
  readonly header?: readonly string[];
}

/** Where a side of the diff came from, for the JSON; `run` is the label of a labelled run. */
export interface DiffSide {
  readonly file: string;
  readonly run: string | null;
}

// A line is marked when it is among the 3 biggest |delta| of its function, or when its
// |delta| exceeds 20% of the function's larger total: the few lines worth looking at first.
const MARK_TOP = 3;
const MARK_SHARE = 0.2;

export function diffRows(before: ProfileStats, after: ProfileStats): ProfileDiff {
  const unit = Math.max(before.unit, after.unit);
  const a = inUnit(before, unit);
  const b = inUnit(after, unit);
  const inB = new Map(b.functions.map((fn) => [keyOf(fn), fn]));
  const inA = new Set(a.functions.map(keyOf));
  const functions: DiffFunction[] = [];
  const onlyA: FunctionTotals[] = [];
  for (const fnA of a.functions) {
    const fnB = inB.get(keyOf(fnA));
    if (fnB === undefined) onlyA.push(totalsOf(fnA));
    else functions.push(diffFunction(fnA, fnB));
  }
  const onlyB = b.functions.filter((fn) => !inA.has(keyOf(fn))).map(totalsOf);
  // Biggest change first; the sort is stable, so equal changes keep A's order.
  functions.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta));
  return { unit, functions, onlyA, onlyB };
}

/** `stats` in `unit`: a merge with an empty profile rescales and rounds as every merge does. */
function inUnit(stats: ProfileStats, unit: number): ProfileStats {
  return mergeStats(stats, emptyStats(stats.engine, unit));
}

/** JSON of the tuple, not a joined string: no separator in a path or name can make two collide. */
function keyOf(fn: FunctionStats): string {
  return JSON.stringify([fn.file, fn.name, fn.line]);
}

function totalsOf(fn: FunctionStats): FunctionTotals {
  const hits = fn.lines.reduce((sum, l) => sum + l.hits, 0);
  const time = fn.lines.reduce((sum, l) => sum + l.time, 0);
  return { file: fn.file, name: fn.name, line: fn.line, hits, time };
}

function diffFunction(fnA: FunctionStats, fnB: FunctionStats): DiffFunction {
  const ranA = ranLines(fnA);
  const ranB = ranLines(fnB);
  const numbers = [...new Set([...ranA.keys(), ...ranB.keys()])].sort((x, y) => x - y);
  const rows = numbers.map((line) => compareLine(line, ranA.get(line), ranB.get(line)));
  const timeA = rows.reduce((sum, row) => sum + row.timeA, 0);
  const timeB = rows.reduce((sum, row) => sum + row.timeB, 0);
  const marked = biggestChanges(rows, Math.max(timeA, timeB));
  const length = Math.max(fnA.source.length, fnB.source.length);
  const source = Array.from({ length }, (_, i) => fnB.source[i] ?? fnA.source[i]);
  const bothHaveSource = fnA.source.length > 0 && fnB.source.length > 0;
  const sourceChanged = bothHaveSource && source.some((text, i) => text !== fnA.source[i] || text !== fnB.source[i]);
  return {
    file: fnA.file,
    name: fnA.name,
    line: fnA.line,
    source,
    sourceChanged,
    timeA,
    timeB,
    delta: timeB - timeA,
    ratio: ratioOf(timeA, timeB),
    lines: rows.map((row) => ({ ...row, marked: marked.has(row.line) })),
  };
}

/** Lines that ran; a line that only carries a probe is as absent as in the text report. */
function ranLines(fn: FunctionStats): Map<number, LineStats> {
  return new Map(fn.lines.filter((l) => l.hits !== 0 || l.time !== 0 || l.wait !== 0).map((l) => [l.line, l]));
}

function compareLine(line: number, a: LineStats | undefined, b: LineStats | undefined): Omit<DiffLine, 'marked'> {
  const status: LineStatus = a === undefined ? 'new' : b === undefined ? 'gone' : 'both';
  const timeA = a?.time ?? 0;
  const timeB = b?.time ?? 0;
  const hitsA = a?.hits ?? 0;
  const hitsB = b?.hits ?? 0;
  return { line, status, hitsA, hitsB, timeA, timeB, delta: timeB - timeA, ratio: ratioOf(timeA, timeB) };
}

function ratioOf(timeA: number, timeB: number): number | null {
  return timeA === 0 ? null : timeB / timeA;
}

function biggestChanges(rows: readonly Omit<DiffLine, 'marked'>[], total: number): Set<number> {
  const changed = rows.filter((row) => row.delta !== 0).sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta));
  const marked = changed.filter((row, rank) => rank < MARK_TOP || Math.abs(row.delta) > MARK_SHARE * total);
  return new Set(marked.map((row) => row.line));
}

export function renderDiffJson(before: ProfileStats, after: ProfileStats, sides: { a: DiffSide; b: DiffSide }): string {
  const head = { format: 'lineprof-diff', version: 1, a: sides.a, b: sides.b };
  return `${JSON.stringify({ ...head, ...diffRows(before, after) })}\n`;
}

type Colors = ReturnType<typeof picocolors.createColors>;

// Minimum column widths: line_profiler's for Line # and Hits, Time's for the times and Delta.
const WIDTH = [6, 9, 9, 12, 12, 12, 8] as const;
const TITLES = ['Line #', 'Hits A', 'Hits B', 'Time A', 'Time B', 'Delta', 'B/A'] as const;

export function renderDiff(before: ProfileStats, after: ProfileStats, options: DiffReportOptions = {}): string {
  const diff = diffRows(before, after);
  const outputUnit = options.unit ?? 1e-6;
  const colors = picocolors.createColors(options.color ?? false);
  let out = `Timer unit: ${formatGeneral(outputUnit)} s\n`;
  for (const line of options.header ?? []) out += `${line}\n`;
  out += '\n';
  for (const fn of diff.functions) {
    if (options.skipZero && fn.lines.length === 0) continue;
    out += renderFunction(fn, diff.unit, outputUnit, colors);
  }
  for (const [side, list] of [['A', diff.onlyA], ['B', diff.onlyB]] as const) {
    for (const fn of list) {
      if (options.skipZero && fn.hits === 0) continue;
      out += `only in ${side}: ${fn.name} (${fn.file}:${fn.line})\n`;
    }
  }
  return out;
}

/** One function's block: the title lines, the table, and a blank line after it. */
function renderFunction(fn: DiffFunction, unit: number, outputUnit: number, colors: Colors): string {
  const scalar = unit / outputUnit;
  const cells = new Map(fn.lines.map((row) => [row.line, diffLineCells(row, scalar)]));
  const widths = WIDTH.map((min, i) => Math.max(min, ...[...cells.values()].map((c) => c[i].length)));
  const left = (values: readonly string[]): string => values.map((v, i) => v.padStart(widths[i])).join(' ');
  // The marker column (`<<` or blank) sits between the numbers and the source text.
  const header = `${left(TITLES)}     Line Contents`;

  const ratio = fn.ratio === null ? '' : ` (B/A ${formatFixed(fn.ratio, 2)})`;
  let out = `Total time: ${formatGeneral(fn.timeA * unit)} s -> ${formatGeneral(fn.timeB * unit)} s${ratio}\n`;
  out += `File: ${fn.file}\nFunction: ${fn.name} at line ${fn.line}\n`;
  if (fn.sourceChanged) out += "Source changed: lines are matched by number, the text is B's\n";
  out += `\n${header}\n${'='.repeat(header.length)}\n`;

  const rows = new Map(fn.lines.map((row) => [row.line, row]));
  const first = Math.min(fn.line, ...rows.keys());
  const last = Math.max(fn.line + fn.source.length - 1, ...rows.keys());
  for (let line = first; line <= last; line++) {
    const row = rows.get(line);
    const values = cells.get(line) ?? [String(line), '', '', '', '', '', ''];
    const content = (fn.source[line - fn.line] ?? '').replace(/\n+$/, '').replace(/\r+$/, '');
    const text = `${left(values)} ${row?.marked ? '<<' : '  '}  ${content}`;
    out += `${row?.marked ? highlight(text, row.delta, colors) : text}\n`;
  }
  return `${out}\n`;
}

/** Hits A, Hits B, Time A, Time B, Delta, B/A (the line number added in front). */
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

function highlight(text: string, delta: number, colors: Colors): string {
  return delta < 0 ? colors.green(text) : colors.red(text);
}

/** `%+.1f`, except that no change reads `0.0`, not `+0.0` or `-0.0`. */
function formatDelta(value: number): string {
  const text = formatFixed(Math.abs(value), 1);
  if (text === '0.0') return text;
  return value < 0 ? `-${text}` : `+${text}`;
}
