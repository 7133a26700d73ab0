// The selection processors (stats/select.ts) and the diff's (stats/compare.ts): each a
// pure step stats -> stats, applied in a list, first first.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareStats, skipUnrunCompared, skipUnrunOneSided } from '../../src/stats/compare.js';
import type { FunctionStats, ProfileStats } from '../../src/stats/model.js';
import { applyProcessors, selectFunctions, selectionSteps, skipTimeless, skipZero, sortByTime, top } from '../../src/stats/select.js';

const fn = (name: string, hits: number, time: number): FunctionStats => ({ file: '/a.js', name, line: 1, source: [], lines: [{ line: 1, hits, time, wait: 0 }] });
const stats = (...functions: FunctionStats[]): ProfileStats => ({ unit: 1e-9, engine: 'exact', functions });
const names = (s: ProfileStats): string[] => s.functions.map((f) => f.name);
const profile = stats(fn('small', 1, 10), fn('idle', 0, 0), fn('big', 2, 90), fn('tie', 3, 10), fn('resumed', 0, 5));

test('each processor: skipZero by hits, skipTimeless by time, sortByTime stable, top cuts', () => {
  assert.deepEqual(names(skipZero(profile)), ['small', 'big', 'tie']);
  assert.deepEqual(names(skipTimeless(profile)), ['small', 'big', 'tie', 'resumed']);
  assert.deepEqual(names(sortByTime(profile)), ['big', 'small', 'tie', 'resumed', 'idle']);
  assert.deepEqual(names(top(2)(profile)), ['small', 'idle']);
});

test('processors leave their input as it was and keep unit and engine', () => {
  const before = names(profile);
  const sorted = applyProcessors(profile, [sortByTime, skipZero, top(1)]);
  assert.deepEqual(names(profile), before);
  assert.deepEqual({ unit: sorted.unit, engine: sorted.engine }, { unit: 1e-9, engine: 'exact' });
});

test('selectionSteps: skip, then sort, then cut, so that --top counts shown functions only', () => {
  assert.deepEqual(selectionSteps({}), []);
  assert.deepEqual(selectionSteps({ sort: true }), [sortByTime]);
  assert.deepEqual(names(selectFunctions(profile, { top: 3 })), ['big', 'small', 'tie']);
  assert.deepEqual(names(selectFunctions(profile, { top: 4, skipZero: true })), ['big', 'small', 'tie']);
  assert.deepEqual(names(selectFunctions(profile, { skipZero: true })), ['small', 'big', 'tie']);
});

test('the diff processors: functions that ran in neither, and one-sided ones never hit', () => {
  const a = stats(fn('both', 1, 10), { ...fn('neither', 0, 0), line: 2 }, { ...fn('onlyA', 0, 0), line: 3 });
  const b = stats(fn('both', 1, 20), { ...fn('neither', 0, 0), line: 2 }, { ...fn('onlyB', 1, 1), line: 4 });
  const diff = compareStats(a, b);
  assert.deepEqual(skipUnrunCompared(diff).functions.map((f) => f.name), ['both']);
  assert.deepEqual(skipUnrunCompared(diff).onlyA.map((f) => f.name), ['onlyA']);
  const both = applyProcessors(diff, [skipUnrunCompared, skipUnrunOneSided]);
  assert.deepEqual([both.onlyA.map((f) => f.name), both.onlyB.map((f) => f.name)], [[], ['onlyB']]);
});
