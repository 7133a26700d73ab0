// What every view of a profile reads off a function the same way: its total time and
// the lines that ran. Pure.

import type { FunctionStats, LineStats, ProfileStats } from '../stats/model.js';

/** A function's total time in the stats' unit: the sum of its lines, as line_profiler's. */
export function totalTime(fn: FunctionStats): number {
  return fn.lines.reduce((sum, l) => sum + l.time, 0);
}

export function totalHits(fn: FunctionStats): number {
  return fn.lines.reduce((sum, l) => sum + l.hits, 0);
}

/** The lines that ran (a line that only carries a probe has no hits, time or wait). */
export function ranLines(fn: FunctionStats): LineStats[] {
  return fn.lines.filter((l) => l.hits !== 0 || l.time !== 0 || l.wait !== 0);
}

/** How the functions of a view are chosen and ordered (`-z`, `--sort`). */
export interface Selection {
  /** Leave out functions that were never hit. */
  readonly skipZero?: boolean;
  /** Most total time first (stable: equal totals keep their order). */
  readonly sort?: boolean;
  /** Only the N functions with the most total time, most first (so it sorts). */
  readonly top?: number;
}

export function selectFunctions(stats: ProfileStats, selection: Selection): ProfileStats {
  let functions = selection.skipZero ? stats.functions.filter((fn) => totalHits(fn) > 0) : [...stats.functions];
  if (selection.sort || selection.top !== undefined) {
    functions = functions
      .map((fn) => ({ fn, total: totalTime(fn) }))
      .sort((a, b) => b.total - a.total)
      .map(({ fn }) => fn);
  }
  if (selection.top !== undefined) functions = functions.slice(0, selection.top);
  return { ...stats, functions };
}

/** Nanoseconds, whole, of a time in `unit` seconds. */
export function toNanoseconds(time: number, unit: number): number {
  return Math.round((time * unit) / 1e-9);
}
