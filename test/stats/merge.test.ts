// mergeStats, diffStats and emptyStats on small profiles with exact expected results.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffStats, emptyStats, mergeStats, sumResults } from '../../src/stats/merge.js';
import type { FunctionStats, LineStats, ProfileStats } from '../../src/stats/model.js';

const row = (line: number, hits: number, time: number, wait = 0): LineStats => ({ line, hits, time, wait });
const fn = (file: string, name: string, line: number, lines: LineStats[], source: string[] = []): FunctionStats => ({
  file,
  name,
  line,
  source,
  lines,
});
const profile = (unit: number, ...functions: FunctionStats[]): ProfileStats => ({ unit, engine: 'exact', functions });

test('mergeStats matches line_profiler LineStats.__add__ (rescaled to the coarsest unit, rounded)', () => {
  // The doctest of line_profiler's LineStats.__add__, in this model.
  const stats1 = profile(1e-6, fn('spam.py', 'foo', 1, [row(2, 10, 300)]), fn('spam.py', 'bar', 10, [row(11, 2, 1000), row(12, 1, 500)]));
  const stats2 = profile(1e-7, fn('spam.py', 'bar', 10, [row(11, 10, 20000), row(12, 5, 1000)]), fn('eggs.py', 'baz', 5, [row(5, 2, 5000)]));
  const sum = profile(
    1e-6,
    fn('spam.py', 'foo', 1, [row(2, 10, 300)]),
    fn('spam.py', 'bar', 10, [row(11, 12, 3000), row(12, 6, 600)]),
    fn('eggs.py', 'baz', 5, [row(5, 2, 500)]),
  );
  assert.deepEqual(mergeStats(stats1, stats2), sum);
  // Same numbers either way round; only the order of first appearance differs.
  assert.deepEqual(mergeStats(stats2, stats1), { ...sum, functions: [sum.functions[1], sum.functions[2], sum.functions[0]] });
});

test('rescaled times round half to even, as Python round() does', () => {
  const fine = profile(1e-9, fn('a.js', 'f', 1, [row(2, 1, 2500, 3500), row(3, 1, 1500, 0)]));
  const coarse = profile(1e-6, fn('a.js', 'f', 1, []));
  assert.deepEqual(mergeStats(fine, coarse), profile(1e-6, fn('a.js', 'f', 1, [row(2, 1, 2, 4), row(3, 1, 2, 0)])));
});

test('same unit: hits, time and wait add per line; lines stay sorted; the longest source wins', () => {
  const a = profile(1e-9, fn('/app/a.ts', 'run', 3, [row(4, 1, 100), row(6, 2, 50, 7)], ['function run() {', '  x();']));
  const b = profile(
    1e-9,
    fn('/app/a.ts', 'run', 3, [row(5, 3, 30), row(6, 1, 5, 1)], ['function run() {', '  x();', '  y();', '}']),
  );
  const c = profile(1e-9, fn('/app/a.ts', 'run', 3, [row(4, 1, 1)], ['function run() {']));
  assert.deepEqual(
    mergeStats(a, b, c),
    profile(
      1e-9,
      fn('/app/a.ts', 'run', 3, [row(4, 2, 101), row(5, 3, 30), row(6, 3, 55, 8)], ['function run() {', '  x();', '  y();', '}']),
    ),
  );
});

test('functions are told apart by file, name and first line, never by a joined string', () => {
  // Joined with ':' these two would both read "a:b:c:1".
  const colliding = [fn('a:b', 'c', 1, [row(1, 1, 10)]), fn('a', 'b:c', 1, [row(1, 1, 20)])];
  // Same file and name, different first line: two functions (e.g. two anonymous arrows).
  const arrows = [fn('x.js', '<anonymous>', 1, [row(1, 1, 1)]), fn('x.js', '<anonymous>', 2, [row(2, 1, 2)])];
  const merged = mergeStats(profile(1e-9, ...colliding, ...arrows), profile(1e-9, ...colliding));
  assert.deepEqual(
    merged,
    profile(
      1e-9,
      fn('a:b', 'c', 1, [row(1, 2, 20)]),
      fn('a', 'b:c', 1, [row(1, 2, 40)]),
      fn('x.js', '<anonymous>', 1, [row(1, 1, 1)]),
      fn('x.js', '<anonymous>', 2, [row(2, 1, 2)]),
    ),
  );
});

test('merge never mutates or shares its inputs', () => {
  const a = profile(1e-9, fn('a.js', 'f', 1, [row(1, 1, 10)], ['f()']));
  const b = profile(1e-6, fn('a.js', 'f', 1, [row(1, 1, 10)], ['f()']));
  const before = structuredClone([a, b]);
  const merged = mergeStats(a, b);
  const single = mergeStats(a);
  assert.deepEqual([a, b], before);
  assert.deepEqual(single, a);
  assert.notEqual(single.functions[0], a.functions[0]);
  assert.notEqual(single.functions[0]?.source, a.functions[0]?.source);
  assert.notEqual(single.functions[0]?.lines[0], a.functions[0]?.lines[0]);
  assert.notEqual(merged.functions[0]?.source, b.functions[0]?.source);
});

test('merge of nothing is an empty exact profile; the engine is the first input\'s', () => {
  assert.deepEqual(mergeStats(), { unit: 1e-9, engine: 'exact', functions: [] });
  const sampled: ProfileStats = { unit: 1e-9, engine: 'sampled', functions: [] };
  assert.deepEqual(mergeStats(sampled, profile(1e-9)), sampled);
});

test('emptyStats', () => {
  assert.deepEqual(emptyStats('sampled'), { unit: 1e-9, engine: 'sampled', functions: [] });
  assert.deepEqual(emptyStats('exact', 1e-6), { unit: 1e-6, engine: 'exact', functions: [] });
  assert.notEqual(emptyStats('exact').functions, emptyStats('exact').functions);
});

test('diffStats: after minus before per line; new functions count from zero; unchanged ones go', () => {
  const before = profile(
    1e-9,
    fn('a.js', 'loop', 1, [row(2, 10, 1000), row(3, 10, 500), row(4, 1, 20)], ['function loop() {']),
    fn('a.js', 'idle', 9, [row(10, 1, 5)]),
  );
  const after = profile(
    1e-9,
    fn('a.js', 'idle', 9, [row(10, 1, 5)]),
    fn('a.js', 'loop', 1, [row(2, 15, 1600), row(3, 15, 700), row(4, 1, 20), row(5, 0, 0, 300)], ['function loop() {', '  a();']),
    fn('b.js', 'late', 1, [row(2, 4, 40, 2)], ['late()']),
  );
  assert.deepEqual(
    diffStats(before, after),
    profile(
      1e-9,
      // Line 4 did not change, so it goes; line 5 only waited, so it stays.
      fn('a.js', 'loop', 1, [row(2, 5, 600), row(3, 5, 200), row(5, 0, 0, 300)], ['function loop() {', '  a();']),
      fn('b.js', 'late', 1, [row(2, 4, 40, 2)], ['late()']),
    ),
  );
});

test('diffStats of a snapshot with itself is empty; before + diff gives after', () => {
  const before = profile(1e-9, fn('a.js', 'f', 1, [row(1, 2, 30, 4)]));
  const after = profile(1e-9, fn('a.js', 'f', 1, [row(1, 5, 70, 4), row(2, 1, 9)]), fn('c.js', 'g', 3, [row(3, 1, 1)]));
  assert.deepEqual(diffStats(after, after), profile(1e-9));
  assert.deepEqual(mergeStats(before, diffStats(before, after)), after);
});

test('diffStats rescales to the coarser unit and keeps after\'s engine', () => {
  const before = profile(1e-9, fn('a.js', 'f', 1, [row(1, 1, 1_000)]));
  const after: ProfileStats = { unit: 1e-6, engine: 'sampled', functions: [fn('a.js', 'f', 1, [row(1, 3, 4)])] };
  assert.deepEqual(diffStats(before, after), {
    unit: 1e-6,
    engine: 'sampled',
    functions: [fn('a.js', 'f', 1, [row(1, 2, 3)])],
  });
  assert.deepEqual(diffStats(emptyStats('exact'), emptyStats('exact')), emptyStats('exact'));
});

test('sumResults keeps the first meta, but takes how times were taken from the first result that recorded something', () => {
  const runner = { meta: { command: ['node', '--test'], cwd: '/app', clock: 'tsc', compensated: true, probeCostNs: 0 }, stats: profile(1e-9), runs: [] };
  const test1 = { meta: { command: ['a.test.mjs'], clock: 'tsc', compensated: true, probeCostNs: 19.5 }, stats: profile(1e-9, fn('/app/a.mjs', 'f', 1, [row(2, 3, 30)])), runs: [] };
  const test2 = { meta: { command: ['b.test.mjs'], clock: 'performance.now', compensated: false, probeCostNs: 40 }, stats: profile(1e-9, fn('/app/a.mjs', 'f', 1, [row(2, 1, 10)])), runs: [] };
  const sum = sumResults([runner, test1, test2]);
  assert.deepEqual(sum.meta, { command: ['node', '--test'], cwd: '/app', clock: 'tsc', compensated: true, probeCostNs: 19.5 });
  assert.deepEqual(sum.stats, profile(1e-9, fn('/app/a.mjs', 'f', 1, [row(2, 4, 40)])));
  // A first result that recorded something keeps its own.
  assert.deepEqual(sumResults([test2, test1]).meta, test2.meta);
});
