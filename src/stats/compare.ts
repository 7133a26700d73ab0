// The comparison behind `lineprof diff`: two profiles A and B of the same code side by
// side, line by line, with what changed. Pure data: the diff's renderers (report/diff-*.ts)
// only lay it out, so that text, JSON and HTML cannot disagree.
//
// compareStats puts A beside B (both kept, each line's B - A and B / A); it is not
// merge.ts's diffStats, which subtracts an earlier snapshot of one profile from a later
// one and returns stats again.
//
// Matching: functions by (file, name, first line), lines by line number, as the model
// keys them. When the source changed between A and B, a line is still matched by its
// number (the renderers say so): aligning edited sources is guesswork left to the reader.

import { emptyStats, mergeStats } from './merge.js';
import type { FunctionStats, LineStats, ProfileStats } from './model.js';
import { ranLines, totalHits, totalTime } from './lines.js';
import type { Processor } from './select.js';

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

// A line is marked when it is among the 3 biggest |delta| of its function, or when its
// |delta| exceeds 20% of the function's larger total: the few lines worth looking at first.
const MARK_TOP = 3;
const MARK_SHARE = 0.2;

/** A beside B: the functions of both, biggest |B - A| first, and those found in one only. */
export function compareStats(before: ProfileStats, after: ProfileStats): ProfileDiff {
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
    else functions.push(compareFunction(fnA, fnB));
  }
  const onlyB = b.functions.filter((fn) => !inA.has(keyOf(fn))).map(totalsOf);
  // Biggest change first; the sort is stable, so equal changes keep A's order.
  functions.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta));
  return { unit, functions, onlyA, onlyB };
}

/** Diff processor (`-z`): leaves out the functions of both that ran in neither. */
export const skipUnrunCompared: Processor<ProfileDiff> = (diff) => ({ ...diff, functions: diff.functions.filter((fn) => fn.lines.length > 0) });

/** Diff processor (`-z`, text): leaves out the functions of one profile only that were never hit there. */
export const skipUnrunOneSided: Processor<ProfileDiff> = (diff) => ({
  ...diff,
  onlyA: diff.onlyA.filter((fn) => fn.hits !== 0),
  onlyB: diff.onlyB.filter((fn) => fn.hits !== 0),
});

/** `stats` in `unit`: a merge with an empty profile rescales and rounds as every merge does. */
function inUnit(stats: ProfileStats, unit: number): ProfileStats {
  return mergeStats(stats, emptyStats(stats.engine, unit));
}

/** JSON of the tuple, not a joined string: no separator in a path or name can make two collide. */
function keyOf(fn: FunctionStats): string {
  return JSON.stringify([fn.file, fn.name, fn.line]);
}

function totalsOf(fn: FunctionStats): FunctionTotals {
  return { file: fn.file, name: fn.name, line: fn.line, hits: totalHits(fn), time: totalTime(fn) };
}

function compareFunction(fnA: FunctionStats, fnB: FunctionStats): DiffFunction {
  const ranA = ranByLine(fnA);
  const ranB = ranByLine(fnB);
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

/** Lines that ran, by number; a line that only carries a probe is as absent as in the text report. */
function ranByLine(fn: FunctionStats): Map<number, LineStats> {
  return new Map(ranLines(fn).map((l) => [l.line, l]));
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
