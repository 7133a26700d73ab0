// Which functions a view shows, and in what order, as processors in the manner of
// pyinstrument's: small pure steps, stats in, stats out, applied in a list before a
// renderer, which then renders what it is given. `-z`, `--sort` and `--top` are
// selectionSteps; a renderer takes no selection options of its own.

import type { ProfileStats } from './model.js';
import { totalHits, totalTime } from './lines.js';

/** One step: never mutates its input, returns fresh arrays (the functions themselves are shared). */
export type Processor<T = ProfileStats> = (input: T) => T;

/** The steps applied one after the other, first first. */
export function applyProcessors<T>(input: T, processors: readonly Processor<T>[]): T {
  return processors.reduce((value, step) => step(value), input);
}

/** Leaves out functions that were never hit (`-z`). */
export const skipZero: Processor = (stats) => ({ ...stats, functions: stats.functions.filter((fn) => totalHits(fn) !== 0) });

/** Leaves out functions that took no time (in seconds): the text summary's `-z`, as line_profiler's. */
export const skipTimeless: Processor = (stats) => ({ ...stats, functions: stats.functions.filter((fn) => totalTime(fn) * stats.unit !== 0) });

/** Most total time first (`--sort`); the sort is stable, so equal totals keep their order. */
export const sortByTime: Processor = (stats) => ({
  ...stats,
  functions: stats.functions
    .map((fn) => ({ fn, total: totalTime(fn) }))
    .sort((a, b) => b.total - a.total)
    .map(({ fn }) => fn),
});

/** The first `n` functions (`--top`, after sortByTime). */
export function top(n: number): Processor {
  return (stats) => ({ ...stats, functions: stats.functions.slice(0, n) });
}

/** How the functions of a view are chosen and ordered (`-z`, `--sort`, `--top`). */
export interface Selection {
  /** Leave out functions that were never hit. */
  readonly skipZero?: boolean;
  /** Most total time first (stable: equal totals keep their order). */
  readonly sort?: boolean;
  /** Only the N functions with the most total time, most first (so it sorts). */
  readonly top?: number;
}

/** The processors of a selection: skip, then sort, then cut, so that `--top` counts shown functions only. */
export function selectionSteps(selection: Selection): Processor[] {
  const steps: Processor[] = [];
  if (selection.skipZero) steps.push(skipZero);
  if (selection.sort || selection.top !== undefined) steps.push(sortByTime);
  if (selection.top !== undefined) steps.push(top(selection.top));
  return steps;
}

/** The stats with a selection applied. */
export function selectFunctions(stats: ProfileStats, selection: Selection): ProfileStats {
  return applyProcessors(stats, selectionSteps(selection));
}
