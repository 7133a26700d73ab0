// Test helper: drives a Runtime as instrumented code does, without instrumenting any:
// `r` registers a file's function table, `e(id)` opens a call's frame, `l(k)` starts
// line k of it (counted from the function's first line) and `x()` ends it. No files, no
// processes, no globalThis.__lineprof.

import assert from 'node:assert/strict';
import type { FunctionTable } from '../../src/runtime/registry.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import type { LineStats, ProfileStats } from '../../src/stats/model.js';

let files = 0;

/**
 * Registers a file of `table`'s functions (a fresh key each time) and returns their ids
 * by name. Its source is lines `line 1`, `line 2`, … (enough for every function).
 */
export function registerFile(runtime: Runtime, table: FunctionTable, file = `/virtual/file${files}.js`): Record<string, number> {
  const key = `t${files++}`;
  const lastLine = Math.max(0, ...table.map(([, , endLine]) => endLine));
  const source = Array.from({ length: lastLine }, (_, i) => `line ${i + 1}`).join('\n');
  const first = runtime.r(key, file, table, () => source);
  return Object.fromEntries(table.map(([name], i) => [name, first + i]));
}

/**
 * One call of function `id`: each step starts line `k` (from the function's first line)
 * and then moves `clock` on by `spend` units, if given, before the next probe.
 */
export function call(runtime: Runtime, id: number, steps: readonly (number | readonly [k: number, spend: number])[], clock?: { now: number }): void {
  const frame = runtime.e(id);
  for (const step of steps) {
    const [k, spend] = typeof step === 'number' ? [step, 0] : step;
    frame.l(k);
    if (clock) clock.now += spend;
  }
  frame.x();
}

/** A function's line rows in a stats value, by name (the one function of that name). */
export function rowsOf(stats: ProfileStats, name: string): readonly LineStats[] {
  const found = stats.functions.filter((fn) => fn.name === name);
  assert.equal(found.length, 1, `functions named ${name} in ${stats.functions.map((fn) => fn.name).join(', ')}`);
  return found[0].lines;
}

/** `{ line: hits }` of a function in a stats value. */
export function hitsOf(stats: ProfileStats, name: string): Record<number, number> {
  return Object.fromEntries(rowsOf(stats, name).map((row) => [row.line, row.hits]));
}
