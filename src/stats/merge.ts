// Algebra on ProfileStats: add profiles together, subtract one snapshot from a later one,
// make an empty profile. Pure: never mutates its inputs, does no I/O, reads no clock, and
// every call returns fresh plain objects (nothing shared with, or frozen like, the inputs).

import type { EngineName, FunctionStats, LineStats, ProfileResult, ProfileStats } from './model.js';
import { lineRan } from './lines.js';

/** The runtime records nanoseconds, so that is the unit of a profile with nothing in it yet. */
export const DEFAULT_UNIT = 1e-9;

export function emptyStats(engine: EngineName, unit: number = DEFAULT_UNIT): ProfileStats {
  return { unit, engine, functions: [] };
}

/**
 * Sum of several profiles: per function (matched on file, name and first line) and per
 * line, hits, time and wait add up. As in line_profiler, times are rescaled to the
 * coarsest unit among the inputs and, when any rescaling happened, rounded to integers.
 * The engine is the first input's; with no input the result is an empty exact profile.
 */
export function mergeStats(...stats: ProfileStats[]): ProfileStats {
  const first = stats[0];
  if (first === undefined) return emptyStats('exact');
  const unit = Math.max(...stats.map((s) => s.unit));
  const table = new FunctionTable();
  // Register in input order first so the output order does not depend on the units.
  for (const s of stats) for (const fn of s.functions) table.register(fn);
  // line_profiler adds from the finest unit to the coarsest to limit rounding error.
  const byUnit = [...stats].sort((a, b) => a.unit - b.unit);
  for (const s of byUnit) table.add(s, s.unit / unit, 1);
  const rescaled = stats.some((s) => s.unit !== unit);
  return { unit, engine: first.engine, functions: table.finish(rescaled, false) };
}

/**
 * What happened between two snapshots of the same profile: per line, `after` minus
 * `before`. A function missing from `before` counts from zero. Lines whose hits, time
 * and wait did not change are dropped, and so are functions left with no lines. Units
 * are handled as in mergeStats; the engine is `after`'s.
 * Subtraction, stats out: not compareStats (compare.ts), which puts A beside B for `diff`.
 */
export function diffStats(before: ProfileStats, after: ProfileStats): ProfileStats {
  const unit = Math.max(before.unit, after.unit);
  const table = new FunctionTable();
  for (const fn of after.functions) table.register(fn);
  // A function only in `before` keeps its place after the others, with negative counts.
  for (const fn of before.functions) table.register(fn);
  table.add(before, before.unit / unit, -1);
  table.add(after, after.unit / unit, 1);
  const rescaled = before.unit !== after.unit;
  return { unit, engine: after.engine, functions: table.finish(rescaled, true) };
}

interface LineTotals {
  hits: number;
  time: number;
  wait: number;
  /** The slowest hit of any input; undefined if none measured it, or in a difference. */
  max?: number;
}

interface FunctionEntry {
  readonly file: string;
  readonly name: string;
  readonly line: number;
  source: readonly string[];
  readonly lines: Map<number, LineTotals>;
}

/**
 * Functions keyed by file, then name, then first line in nested maps: the key fields are
 * compared as themselves, so no separator inside a path or a name can make two collide.
 */
class FunctionTable {
  private readonly byFile = new Map<string, Map<string, Map<number, FunctionEntry>>>();
  private readonly order: FunctionEntry[] = [];

  /** Adds the function if new; keeps the longest source seen (the first on a tie). */
  register(fn: FunctionStats): void {
    const entry = this.entry(fn);
    if (fn.source.length > entry.source.length) entry.source = fn.source;
  }

  /** Adds `sign * hits`, `sign * factor * time` and `sign * factor * wait` of every line. */
  add(stats: ProfileStats, factor: number, sign: 1 | -1): void {
    for (const fn of stats.functions) {
      const entry = this.entry(fn);
      for (const row of fn.lines) {
        let totals = entry.lines.get(row.line);
        if (totals === undefined) entry.lines.set(row.line, (totals = { hits: 0, time: 0, wait: 0 }));
        totals.hits += sign * row.hits;
        totals.time += sign * row.time * factor;
        totals.wait += sign * row.wait * factor;
        // A max does not subtract: a difference of two snapshots has none.
        if (sign > 0 && row.max !== undefined) totals.max = Math.max(totals.max ?? 0, row.max * factor);
      }
    }
  }

  finish(round: boolean, dropUnchanged: boolean): FunctionStats[] {
    const functions: FunctionStats[] = [];
    for (const entry of this.order) {
      const lines: LineStats[] = [];
      const numbers = [...entry.lines.keys()].sort((a, b) => a - b);
      for (const line of numbers) {
        const t = entry.lines.get(line) as LineTotals;
        const time = round ? roundHalfEven(t.time) : t.time;
        const wait = round ? roundHalfEven(t.wait) : t.wait;
        if (dropUnchanged && !lineRan({ hits: t.hits, time, wait })) continue;
        if (t.max === undefined || dropUnchanged) lines.push({ line, hits: t.hits, time, wait });
        else lines.push({ line, hits: t.hits, time, wait, max: round ? roundHalfEven(t.max) : t.max });
      }
      if (dropUnchanged && lines.length === 0) continue;
      const { file, name, line } = entry;
      functions.push({ file, name, line, source: [...entry.source], lines });
    }
    return functions;
  }

  /** The entry for `fn`'s (file, name, first line), created empty on first sight. */
  private entry(fn: FunctionStats): FunctionEntry {
    let byName = this.byFile.get(fn.file);
    if (byName === undefined) this.byFile.set(fn.file, (byName = new Map()));
    let byLine = byName.get(fn.name);
    if (byLine === undefined) byName.set(fn.name, (byLine = new Map()));
    let entry = byLine.get(fn.line);
    if (entry === undefined) {
      entry = { file: fn.file, name: fn.name, line: fn.line, source: fn.source, lines: new Map() };
      byLine.set(fn.line, entry);
      this.order.push(entry);
    }
    return entry;
  }
}

/** Python's round(): ties go to the even neighbour, so merges agree with line_profiler. */
function roundHalfEven(value: number): number {
  // `value % 1` is exact for doubles, so a tie is detected exactly.
  const rounded = Math.abs(value % 1) === 0.5 ? 2 * Math.round(value / 2) : Math.round(value);
  // Math.round(-0.2) is -0; a count of minus zero would print as "-0".
  return rounded === 0 ? 0 : rounded;
}

/**
 * Sums whole results: stats, and labelled runs by label (first seen first). Meta is the
 * first result's, but for how times were taken (see below).
 */
export function sumResults(results: readonly ProfileResult[]): ProfileResult {
  const byLabel = new Map<string, ProfileStats[]>();
  for (const run of results.flatMap((result) => result.runs)) {
    byLabel.set(run.label, [...(byLabel.get(run.label) ?? []), run.stats]);
  }
  // The first result's meta, but how times were taken (clock, probe cost) from the first
  // that recorded something: a process that ran none of the program's code (a test
  // runner's own) measured no probe cost.
  const first = results[0].meta;
  const measured = results.find((result) => result.stats.functions.length > 0)?.meta ?? first;
  const { clock, compensated, probeCostNs, samples, intervalUs } = measured;
  const timing = Object.fromEntries(Object.entries({ clock, compensated, probeCostNs, samples, intervalUs }).filter(([, value]) => value !== undefined));
  return {
    meta: { ...first, ...timing },
    stats: mergeStats(...results.map((result) => result.stats)),
    runs: [...byLabel].map(([label, stats]) => ({ label, stats: stats.length === 1 ? stats[0] : mergeStats(...stats) })),
  };
}
