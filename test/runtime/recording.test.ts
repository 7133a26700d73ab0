// Recording (src/runtime/recording.ts), one profiler's set of functions over its enabled
// intervals, driven through a Runtime's frames as instrumented code drives them (calls.ts):
// which calls count, how intervals, nesting, reset, add and remove combine, and whole
// line rows with a clock the test moves itself. No instrumenter, no processes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NOOP_FRAME } from '../../src/runtime/exact.js';
import { Recording } from '../../src/runtime/recording.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { call, hitsOf, registerFile, rowsOf } from './calls.js';

/** A runtime whose clock reads 0 (hits only), with `f` on lines 1-3 and `g` on lines 5-6 of /virtual/fg.js. */
function setup(): { runtime: Runtime; f: number; g: number } {
  const runtime = new Runtime(() => 0);
  const { f, g } = registerFile(runtime, [['f', 1, 3], ['g', 5, 6]], '/virtual/fg.js');
  return { runtime, f, g };
}

const recorded = (runtime: Runtime, id: number): boolean => runtime.e(id) !== NOOP_FRAME;

test('only calls made while the recording is enabled count; nobody recording, a call gets the no-op frame', () => {
  const { runtime, f } = setup();
  const recording = new Recording(runtime);
  recording.add(f);
  assert.equal(recorded(runtime, f), false);
  call(runtime, f, [0]);
  recording.enable();
  assert.equal(recorded(runtime, f), true);
  call(runtime, f, [0, 1]);
  call(runtime, f, [0, 2]);
  recording.disable();
  assert.equal(recorded(runtime, f), false);
  call(runtime, f, [0]);
  assert.deepEqual(hitsOf(recording.stats(), 'f'), { 1: 2, 2: 1, 3: 1 });
});

test('enable and disable nest: only the outermost pair starts and ends the interval', () => {
  const { runtime, f } = setup();
  const recording = new Recording(runtime);
  recording.add(f);
  recording.disable(); // never enabled: nothing to end
  assert.equal(recording.enabled, false);
  recording.enable();
  recording.enable();
  recording.disable();
  assert.equal(recording.enabled, true);
  call(runtime, f, [0]);
  recording.disable();
  assert.equal(recording.enabled, false);
  assert.equal(recorded(runtime, f), false);
  call(runtime, f, [0]);
  assert.deepEqual(hitsOf(recording.stats(), 'f'), { 1: 1 });
});

test('intervals add up, and what another recording counted between them is not in them', () => {
  const { runtime, f } = setup();
  const a = new Recording(runtime);
  const b = new Recording(runtime);
  a.add(f);
  b.add(f);
  a.enable();
  call(runtime, f, [0]);
  a.disable();
  b.enable();
  call(runtime, f, [0]);
  call(runtime, f, [0]);
  a.enable();
  for (let i = 0; i < 3; i++) call(runtime, f, [0, 1]);
  a.disable();
  b.disable();
  assert.deepEqual(hitsOf(a.stats(), 'f'), { 1: 4, 2: 3 });
  assert.deepEqual(hitsOf(b.stats(), 'f'), { 1: 5, 2: 3 });
});

test('stats() while enabled includes the interval now running', () => {
  const { runtime, f } = setup();
  const recording = new Recording(runtime);
  recording.add(f);
  recording.enable();
  call(runtime, f, [0]);
  call(runtime, f, [0]);
  assert.deepEqual(hitsOf(recording.stats(), 'f'), { 1: 2 });
  call(runtime, f, [0]);
  assert.deepEqual(hitsOf(recording.stats(), 'f'), { 1: 3 });
  recording.disable();
  recording.enable();
  call(runtime, f, [1]);
  assert.deepEqual(hitsOf(recording.stats(), 'f'), { 1: 3, 2: 1 });
  recording.disable();
  assert.deepEqual(hitsOf(recording.stats(), 'f'), { 1: 3, 2: 1 });
});

test('reset() forgets what was recorded, keeps the functions and the enabled state', () => {
  const { runtime, f, g } = setup();
  const recording = new Recording(runtime);
  recording.add(f);
  recording.add(g);
  recording.enable();
  call(runtime, f, [0]);
  call(runtime, g, [0]);
  recording.reset();
  assert.equal(recording.enabled, true);
  assert.deepEqual(recording.ids(), [f, g]);
  call(runtime, f, [0, 1]);
  assert.deepEqual(hitsOf(recording.stats(), 'f'), { 1: 1, 2: 1 });
  assert.deepEqual(rowsOf(recording.stats(), 'g'), []);
  recording.disable();
  recording.reset();
  assert.deepEqual(rowsOf(recording.stats(), 'f'), []);
});

test('add() while enabled counts from the counters as they are then; a second add() changes nothing', () => {
  const { runtime, f } = setup();
  const other = new Recording(runtime);
  other.add(f);
  other.enable();
  call(runtime, f, [0]);
  call(runtime, f, [0]);
  const late = new Recording(runtime);
  late.enable();
  late.add(f);
  call(runtime, f, [0]);
  late.add(f);
  call(runtime, f, [0]);
  late.disable();
  other.disable();
  assert.deepEqual(hitsOf(late.stats(), 'f'), { 1: 2 });
  assert.deepEqual(hitsOf(other.stats(), 'f'), { 1: 4 });
});

test('add(id, true) of a function just registered records it from its first call', () => {
  const runtime = new Runtime(() => 0);
  const recording = new Recording(runtime);
  recording.enable();
  const { h } = registerFile(runtime, [['h', 1, 2]]);
  recording.add(h, true);
  call(runtime, h, [0, 1]);
  recording.disable();
  assert.deepEqual(hitsOf(recording.stats(), 'h'), { 1: 1, 2: 1 });
});

test('remove() forgets a function and stops recording it; removing one not there does nothing', () => {
  const { runtime, f, g } = setup();
  const recording = new Recording(runtime);
  recording.add(f);
  recording.add(g);
  recording.enable();
  call(runtime, f, [0]);
  recording.remove(f);
  recording.remove(f);
  assert.equal(recording.has(f), false);
  assert.equal(recorded(runtime, f), false);
  assert.equal(recorded(runtime, g), true);
  assert.deepEqual(recording.stats().functions.map((fn) => fn.name), ['g']);
  // Added again: a new start, without the hits from before it was removed.
  recording.add(f);
  call(runtime, f, [1]);
  recording.disable();
  assert.deepEqual(hitsOf(recording.stats(), 'f'), { 2: 1 });
});

test('ids() lists the functions in the order they were added; stats() in registration order, unhit ones with no rows', () => {
  const { runtime, f, g } = setup();
  const recording = new Recording(runtime);
  recording.add(g);
  recording.add(f);
  assert.deepEqual(recording.ids(), [g, f]);
  assert.deepEqual(recording.stats(), {
    unit: 1e-9,
    engine: 'exact',
    functions: [
      { file: '/virtual/fg.js', name: 'f', line: 1, source: ['line 1', 'line 2', 'line 3'], lines: [] },
      { file: '/virtual/fg.js', name: 'g', line: 5, source: ['line 5', 'line 6'], lines: [] },
    ],
  });
});

test('whole rows with a clock the test moves: time per line, the slowest hit, no wait', () => {
  const clock = { now: 0 };
  const runtime = new Runtime({ clock: () => clock.now, clockNs: 1, compensate: false });
  const { f } = registerFile(runtime, [['f', 10, 12]]);
  const recording = new Recording(runtime);
  recording.add(f);
  recording.enable();
  call(runtime, f, [[0, 5], [1, 2], [1, 7]], clock);
  call(runtime, f, [[0, 1], [2, 3]], clock);
  recording.disable();
  // Not recorded: its time is nobody's.
  call(runtime, f, [[0, 100]], clock);
  assert.deepEqual(rowsOf(recording.stats(), 'f'), [
    { line: 10, hits: 2, time: 6, wait: 0, max: 5 },
    { line: 11, hits: 2, time: 9, wait: 0, max: 7 },
    { line: 12, hits: 1, time: 3, wait: 0, max: 3 },
  ]);
});
