// Each line's slowest single hit (issue 15), timed by the exact engine with a clock the
// program itself advances: `tick(n)` moves it n units, so every hit's time is known
// exactly, and a recording's max covers its own enabled intervals only.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instrument } from '../../src/instrument/instrument.js';
import { Recording } from '../../src/runtime/recording.js';
import { Runtime } from '../../src/runtime/runtime.js';
import type { FunctionStats } from '../../src/stats/model.js';

const PROGRAM = `
function work(n, slowAt) {
  let s = 0;
  for (let i = 0; i < n; i++) {
    tick(i === slowAt ? 1000 : 1);
    s += i;
  }
  return s;
}
async function waits(n) {
  for (let i = 0; i < n; i++) {
    tick(5); await pause(i * 10);
  }
}
exports.work = work;
exports.waits = waits;
`;

interface Program {
  readonly runtime: Runtime;
  readonly recording: Recording;
  readonly work: (n: number, slowAt: number) => number;
  readonly waits: (n: number) => Promise<void>;
}

let programs = 0;

/** The program instrumented, with a runtime whose clock only `tick` moves, and a recording of all its functions. */
function load(engine: 'exact' | 'sampled' = 'exact'): Program {
  let now = 0;
  const tick = (n: number): void => {
    now += n;
  };
  const runtime = engine === 'exact' ? new Runtime({ clock: () => now, clockNs: 1, compensate: false }) : new Runtime({ engine: 'sampled' });
  const recording = new Recording(runtime);
  runtime.onRegister((fns) => fns.forEach((fn) => recording.add(fn.id, true)));
  const fileKey = `max${programs++}`;
  const { code } = instrument(PROGRAM, { file: '/virtual/max.js', fileKey, lang: 'js', sourceType: 'commonjs', engine });
  // A pause that the clock does not see: the wait at the await is not the line's time.
  const pause = (ms: number): Promise<void> => {
    tick(ms);
    return new Promise((resolve) => setImmediate(resolve));
  };
  const exports: Record<string, unknown> = {};
  // The probes find their runtime there on every call: it stays until the next program.
  globalThis.__lineprof = runtime;
  new Function('exports', 'tick', 'pause', code)(exports, tick, pause);
  return { runtime, recording, work: exports.work as Program['work'], waits: exports.waits as Program['waits'] };
}

function linesOf(functions: readonly FunctionStats[], name: string): Record<number, { hits: number; time: number; max?: number }> {
  const fn = functions.find((f) => f.name === name);
  assert.ok(fn, `no function ${name}`);
  return Object.fromEntries(fn.lines.map(({ line, hits, time, max }) => [line, { hits, time, max }]));
}

test('one slow hit among many fast ones: the line reports its time as the max', () => {
  const { recording, work } = load();
  recording.enable();
  work(100, 7);
  recording.disable();
  const lines = linesOf(recording.stats().functions, 'work');
  assert.deepEqual(lines[5], { hits: 100, time: 1099, max: 1000 });
  // The lines around it took no clock time at all.
  assert.deepEqual(lines[6], { hits: 100, time: 0, max: 0 });
});

test('reset() forgets the max with the sums, and a later interval has its own', () => {
  const { recording, work } = load();
  recording.enable();
  work(10, 3);
  recording.reset();
  work(10, -1);
  assert.deepEqual(linesOf(recording.stats().functions, 'work')[5], { hits: 10, time: 10, max: 1 });
  recording.disable();
  recording.enable();
  work(10, 2);
  recording.disable();
  assert.deepEqual(linesOf(recording.stats().functions, 'work')[5], { hits: 20, time: 1019, max: 1000 });
});

test("two recordings: each has the slowest hit of its own intervals", () => {
  const { runtime, recording, work } = load();
  const second = new Recording(runtime);
  const id = runtime.registry.functions.find((fn) => fn.name === 'work')!.id;
  second.add(id);
  recording.enable();
  work(5, 1);
  second.enable();
  work(5, -1);
  recording.disable();
  work(5, -1);
  second.disable();
  assert.deepEqual(linesOf(recording.stats().functions, 'work')[5], { hits: 10, time: 1009, max: 1000 });
  assert.deepEqual(linesOf(second.stats().functions, 'work')[5], { hits: 10, time: 10, max: 1 });
});

test('a line that awaits is one hit across the wait: its max is its time before and after, without the wait', async () => {
  const { recording, waits } = load();
  recording.enable();
  await waits(3);
  recording.disable();
  // Per hit: tick(5) and the pause's tick(i * 10) before the await.
  assert.deepEqual(linesOf(recording.stats().functions, 'waits')[12], { hits: 3, time: 45, max: 25 });
});

test('the sampled engine times no single hit: its lines have no max', () => {
  const { runtime, recording, work } = load('sampled');
  try {
    recording.enable();
    work(50, 3);
    recording.disable();
    const line = recording.stats().functions.find((f) => f.name === 'work')!.lines.find((l) => l.line === 5)!;
    assert.equal(line.hits, 50);
    assert.equal('max' in line, false);
  } finally {
    runtime.sampler?.stop();
  }
});
