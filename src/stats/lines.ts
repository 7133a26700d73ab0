// What every view of a profile reads off a function the same way: the lines that ran,
// its total time and hits. Pure; types only from the model, so that the runtime, the
// algebra, the comparison and every renderer can share one definition.

import type { FunctionStats, LineStats } from './model.js';

/** A line ran: it has hits, time or wait. One that only carries a probe has none of them. */
export function lineRan(l: Pick<LineStats, 'hits' | 'time' | 'wait'>): boolean {
  return l.hits !== 0 || l.time !== 0 || l.wait !== 0;
}

/** The lines that ran, in the function's order. */
export function ranLines(fn: FunctionStats): LineStats[] {
  return fn.lines.filter(lineRan);
}

/** A function's total time in the stats' unit: the sum of its lines, as line_profiler's. */
export function totalTime(fn: FunctionStats): number {
  return fn.lines.reduce((sum, l) => sum + l.time, 0);
}

export function totalHits(fn: FunctionStats): number {
  return fn.lines.reduce((sum, l) => sum + l.hits, 0);
}

/** Nanoseconds, whole, of a time in `unit` seconds. */
export function toNanoseconds(time: number, unit: number): number {
  return Math.round((time * unit) / 1e-9);
}
