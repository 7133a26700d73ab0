// Where the exact engine charges time, line by line, with a clock that only the program
// moves: `tick(n)` advances it n units (1 unit = 1 ns), so every line's time is known
// exactly and each function's whole map (every line that ran: hits, time, wait) is
// asserted. The rule under test (README, "What the numbers mean"): a line's time runs
// from its start until the next line of the same call starts, or the call returns,
// throws or suspends; callees are included, a suspension at `await` is Wait, a suspension
// at `yield` is charged nowhere. The line numbers in the programs' comments are the ones
// the maps use (each program string starts with a newline: its first function is on line 2).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instrument } from '../../src/instrument/instrument.js';
import { Recording } from '../../src/runtime/recording.js';
import { Runtime } from '../../src/runtime/runtime.js';

type TimeMap = Record<number, { hits: number; time: number; wait: number }>;

interface Program {
  readonly runtime: Runtime;
  readonly recording: Recording;
  readonly tick: (n: number) => void;
  /** One of the program's exports, a function. */
  fn(name: string): (...args: unknown[]) => unknown;
  /** Calls one of the program's exports. */
  call(name: string, ...args: unknown[]): unknown;
  /** The recorded function's lines: hits, time and wait in nanoseconds. */
  map(name: string): TimeMap;
  /** Names of the functions the recording reports. */
  names(): string[];
}

interface LoadOptions {
  /** Functions the recording adds, by name; default all. */
  readonly record?: readonly string[];
  /** Probe costs subtracted (default false: raw times). */
  readonly compensate?: boolean;
  /** Units the clock also advances at each read, as a real clock's reads cost time (default 0). */
  readonly readCost?: number;
}

let programs = 0;

/**
 * The program instrumented for the exact engine, on a runtime whose clock moves only by
 * `tick` (and by `readCost` per read), with a recording of the chosen functions, enabled.
 * The program sees `tick` and `exports`.
 */
function load(source: string, options: LoadOptions = {}): Program {
  const { record, compensate = false, readCost = 0 } = options;
  let now = 0;
  const tick = (n: number): void => {
    now += n;
  };
  const clock = readCost === 0 ? () => now : () => (now += readCost);
  const runtime = new Runtime({ clock, clockNs: 1, compensate });
  const recording = new Recording(runtime);
  runtime.onRegister((fns) => {
    for (const fn of fns) if (record === undefined || record.includes(fn.name)) recording.add(fn.id, true);
  });
  const { code } = instrument(source, { file: '/virtual/time-map.js', fileKey: `tm${programs++}`, lang: 'js', sourceType: 'commonjs' });
  const exports: Record<string, unknown> = {};
  // The probes find their runtime there on every call: it stays until the next program.
  globalThis.__lineprof = runtime;
  new Function('exports', 'tick', code)(exports, tick);
  recording.enable();
  return {
    runtime,
    recording,
    tick,
    fn(name) {
      const value = exports[name];
      assert.equal(typeof value, 'function', `no export ${name}`);
      return value as (...args: unknown[]) => unknown;
    },
    call(name, ...args) {
      return this.fn(name)(...args);
    },
    map(name) {
      const fn = recording.stats().functions.find((f) => f.name === name);
      assert.ok(fn, `no function ${name} in the recording`);
      return Object.fromEntries(fn.lines.map(({ line, hits, time, wait }) => [line, { hits, time, wait }]));
    },
    names() {
      return recording.stats().functions.map((f) => f.name);
    },
  };
}

/** Shorthand for one line's entry: hits, time, and wait (0 unless given). */
function at(hits: number, time: number, wait = 0): { hits: number; time: number; wait: number } {
  return { hits, time, wait };
}

// ---- 1. a call in a loop -----------------------------------------------------------------

const CALL_IN_LOOP = `
function slow() {                                 // 2
  tick(100);                                      // 3
}
function loop(n, f) {                             // 5
  let s = 0;                                      // 6
  for (let i = 0; i < n; i++, tick(1000)) {       // 7
    tick(1);                                      // 8
    f();                                          // 9
    tick(10);                                     // 10
    s += i;                                       // 11
  }
  return s;                                       // 13
}
exports.slow = slow;
exports.loop = loop;
`;

/**
 * loop(3, f) for any f that ticks 100: the call's line gets the callee's 100 per hit, the
 * header its own 1000 per update (4 hits: entry and 3 updates), the lines around the
 * call their own ticks only.
 */
const LOOP_MAP: TimeMap = {
  6: at(1, 0),
  7: at(4, 3000),
  8: at(3, 3),
  9: at(3, 300),
  10: at(3, 30),
  11: at(3, 0),
  13: at(1, 0),
};

test('a call in a loop, callee recorded: the call line has the callee\'s time, its neighbours and the header their own', () => {
  const p = load(CALL_IN_LOOP);
  p.call('loop', 3, p.fn('slow'));
  p.recording.disable();
  assert.deepEqual(p.map('loop'), LOOP_MAP);
  assert.deepEqual(p.map('slow'), { 3: at(3, 300) });
});

test('a call in a loop, callee instrumented but not recorded: the caller\'s map is the same', () => {
  const p = load(CALL_IN_LOOP, { record: ['loop'] });
  p.call('loop', 3, p.fn('slow'));
  p.recording.disable();
  assert.deepEqual(p.names(), ['loop']);
  assert.deepEqual(p.map('loop'), LOOP_MAP);
});

test('a call in a loop, callee not instrumented at all: the caller\'s map is the same', () => {
  const p = load(CALL_IN_LOOP);
  p.call('loop', 3, () => p.tick(100));
  p.recording.disable();
  assert.deepEqual(p.map('loop'), LOOP_MAP);
  // The instrumented slow() never ran.
  assert.deepEqual(p.map('slow'), {});
});

// ---- 2. loop headers ---------------------------------------------------------------------

test('a for header has its init, every test and every update; a while header every test', () => {
  const p = load(`
function headers(n) {                                             // 2
  let i;                                                          // 3
  for (i = (tick(1000), 0); (tick(1), i < n); (tick(10), i++)) {  // 4
    tick(100);                                                    // 5
  }
  let j = 0;                                                      // 7
  while ((tick(2), j < n)) {                                      // 8
    tick(200);                                                    // 9
    j++;                                                          // 10
  }
  return i + j;                                                   // 12
}
exports.headers = headers;
`);
  assert.equal(p.call('headers', 3), 6);
  p.recording.disable();
  assert.deepEqual(p.map('headers'), {
    3: at(1, 0),
    // Entry and 3 updates; init 1000, 4 tests of 1, 3 updates of 10.
    4: at(4, 1000 + 4 * 1 + 3 * 10),
    5: at(3, 300),
    7: at(1, 0),
    // One hit per test (no statement probe), 4 tests of 2.
    8: at(4, 8),
    9: at(3, 600),
    10: at(3, 0),
    12: at(1, 0),
  });
});

test('a for-of header has the iterator\'s next() calls, the first and every later one; the body its own lines', () => {
  const p = load(`
function iterate(n) {                             // 2
  let s = 0;                                      // 3
  const it = { i: 0, [Symbol.iterator]() { return this; }, next() { tick(300); return this.i < n ? { value: this.i++, done: false } : { value: undefined, done: true }; } };
  for (const v of it) {                           // 5
    tick(1);                                      // 6
    s += v;                                       // 7
  }
  return s;                                       // 9
}
function* numbers(n) {                            // 11
  for (let i = 0; i < n; i++) {                   // 12
    tick(10);                                     // 13
    yield i;                                      // 14
  }
  tick(1000);                                     // 16
}
function consume(n) {                             // 18
  let s = 0;                                      // 19
  for (const v of numbers(n)) s += (tick(2), v);  // 20
  for (const k in { a: 1, b: 2 }) {               // 21
    if (k === 'b') continue;                      // 22
    tick(5);                                      // 23
  }
  return s;                                       // 25
}
exports.iterate = iterate;
exports.consume = consume;
`);
  assert.equal(p.call('iterate', 3), 3);
  assert.equal(p.call('consume', 2), 1);
  p.recording.disable();
  assert.deepEqual(p.map('iterate'), {
    3: at(1, 0),
    4: at(1, 0),
    // Entry and 3 iterations' ends: 4 next() calls of 300, the last one done.
    5: at(4, 1200),
    6: at(3, 3),
    7: at(3, 0),
    9: at(1, 0),
  });
  const consume = p.map('consume');
  // The generator's work is the head's (inclusive): its 2 x 10 before the yields, its 1000
  // at the end; the body on the same line adds its 2 x 2.
  assert.deepEqual(consume[20], at(3, 2 * 10 + 1000 + 2 * 2));
  // A for-in: entry and the end of each of the 2 iterations, the one left by continue too.
  assert.deepEqual(consume[21], at(3, 0));
  assert.deepEqual(consume[22], at(2, 0));
  assert.deepEqual(consume[23], at(1, 5));
});

// ---- 3. await ----------------------------------------------------------------------------

const AWAITS = `
async function waiter(n, sleep) {                 // 2
  tick(1);                                        // 3
  for (let i = 0; i < n; i++) {                   // 4
    tick(5); await sleep(1000 * (i + 1));         // 5
    tick(20);                                     // 6
  }
  tick(3); await sleep(7000); tick(40);           // 8
  return n;                                       // 9
}
async function main(sleep) {                      // 11
  tick(4);                                        // 12
  await waiter(2, sleep);                         // 13
  tick(50);                                       // 14
}
exports.main = main;
`;

test('await: the line has its time before the suspension; the time suspended is its wait', async () => {
  const p = load(AWAITS);
  // 2 units of the line's own (before the promise exists), then ms units while suspended.
  const sleep = (ms: number): Promise<void> => {
    p.tick(2);
    return new Promise((resolve) =>
      setImmediate(() => {
        p.tick(ms);
        resolve();
      }),
    );
  };
  await p.call('main', sleep);
  p.recording.disable();
  assert.deepEqual(p.map('waiter'), {
    3: at(1, 1),
    4: at(3, 0),
    // Per hit 5 + 2 before the await; waits of 1000 and 2000.
    5: at(2, 14, 3000),
    6: at(2, 40),
    // The call notices its resumption at its next line (README): the tick(40) after the
    // await on the same line is wait, not time.
    8: at(1, 5, 7040),
    9: at(1, 0),
  });
  // waiter() runs synchronously up to its first await (1 + 5 + 2), which is main's time;
  // the rest of it (10100 - 8 in all) runs while main is suspended: main's wait.
  assert.deepEqual(p.map('main'), {
    12: at(1, 4),
    13: at(1, 8, 10092),
    14: at(1, 50),
  });
});

// ---- 4. throw ----------------------------------------------------------------------------

const THROWS = `
function catches(n) {                             // 2
  let caught = 0;                                 // 3
  for (let i = 0; i < n; i++) {                   // 4
    try {                                         // 5
      tick(1);                                    // 6
      tick(10); throw new Error('boom');          // 7
      tick(1000);                                 // 8
    } catch (e) {
      tick(100);                                  // 10
      caught++;                                   // 11
    }
  }
  return caught;                                  // 14
}
function thrower() {                              // 16
  tick(1);                                        // 17
  tick(10); throw new Error('out');               // 18
}
function declares() {                             // 20
  function inner() {}                             // 21
  tick(1);                                        // 22
  tick(10); throw new Error('out');               // 23
}
function outer(f) {                               // 25
  try {                                           // 26
    tick(2);                                      // 27
    f();                                          // 28
    tick(1000);                                   // 29
  } catch (e) {
    tick(100);                                    // 31
  }
  tick(4);                                        // 33
}
exports.catches = catches;
exports.thrower = thrower;
exports.declares = declares;
exports.outer = outer;
`;

test('a throw caught in the same function: the throwing line keeps its time, the catch block has its own', () => {
  const p = load(THROWS, { record: ['catches'] });
  assert.equal(p.call('catches', 3), 3);
  p.recording.disable();
  assert.deepEqual(p.map('catches'), {
    3: at(1, 0),
    4: at(4, 0),
    5: at(3, 0),
    6: at(3, 3),
    7: at(3, 30),
    // Line 8 never runs: not in the map.
    10: at(3, 300),
    11: at(3, 0),
    14: at(1, 0),
  });
});

test('a throw that leaves the function: its line keeps its time, the caller\'s call line has it all', () => {
  const p = load(THROWS, { record: ['thrower', 'outer'] });
  p.call('outer', p.fn('thrower'));
  p.recording.disable();
  assert.deepEqual(p.map('thrower'), { 17: at(1, 1), 18: at(1, 10) });
  assert.deepEqual(p.map('outer'), { 26: at(1, 0), 27: at(1, 2), 28: at(1, 11), 31: at(1, 100), 33: at(1, 4) });
});

test('a throw leaving a function that declares functions (no try/finally): its line is not closed', () => {
  // Such a body gets no try/finally (src/instrument/instrument.ts, FunctionScope.noTry):
  // the exception leaves without an exit probe, and the throwing line's time is lost.
  // The caller's line still has all of it.
  const p = load(THROWS, { record: ['declares', 'outer'] });
  p.call('outer', p.fn('declares'));
  p.recording.disable();
  assert.deepEqual(p.map('declares'), { 22: at(1, 1), 23: at(1, 0) });
  assert.deepEqual(p.map('outer'), { 26: at(1, 0), 27: at(1, 2), 28: at(1, 11), 31: at(1, 100), 33: at(1, 4) });
});

// ---- 5. generators -----------------------------------------------------------------------

test('yield: the consumer\'s time between next() calls is charged to the consumer, not to the generator', () => {
  const p = load(`
function* gen(n) {                                // 2
  tick(1);                                        // 3
  for (let i = 0; i < n; i++) {                   // 4
    tick(10); yield i;                            // 5
    tick(100);                                    // 6
  }
  tick(1000);                                     // 8
}
function consume(n) {                             // 10
  const it = gen(n);                              // 11
  let s = 0;                                      // 12
  let r = it.next();                              // 13
  while (!r.done) {                               // 14
    tick(5000);                                   // 15
    s += r.value;                                 // 16
    r = it.next();                                // 17
  }
  return s;                                       // 19
}
exports.consume = consume;
`);
  assert.equal(p.call('consume', 2), 1);
  p.recording.disable();
  assert.deepEqual(p.map('gen'), {
    3: at(1, 1),
    4: at(3, 0),
    // 10 per hit until the yield; suspended at a yield is no wait.
    5: at(2, 20),
    6: at(2, 200),
    8: at(1, 1000),
  });
  assert.deepEqual(p.map('consume'), {
    11: at(1, 0),
    12: at(1, 0),
    // First next(): gen's lines 3 and 5 up to the yield.
    13: at(1, 11),
    14: at(3, 0),
    15: at(2, 10000),
    16: at(2, 0),
    // Second next(): 100 + 10; third: 100 + 1000.
    17: at(2, 1210),
    19: at(1, 0),
  });
});

// ---- 6. early return, recursion ----------------------------------------------------------

test('a return inside a loop ends the call on the return\'s line; the loop\'s later lines do not run', () => {
  const p = load(`
function find(xs, target) {                       // 2
  for (let i = 0; i < xs.length; i++) {           // 3
    tick(1);                                      // 4
    if (xs[i] === target) {                       // 5
      tick(100);                                  // 6
      return i;                                   // 7
    }
    tick(10);                                     // 9
  }
  return -1;                                      // 11
}
exports.find = find;
`);
  assert.equal(p.call('find', [5, 6, 7, 8], 7), 2);
  assert.deepEqual(p.map('find'), { 3: at(3, 0), 4: at(3, 3), 5: at(3, 0), 6: at(1, 100), 7: at(1, 0), 9: at(2, 20) });
  assert.equal(p.call('find', [1], 9), -1);
  p.recording.disable();
  assert.deepEqual(p.map('find'), { 3: at(5, 0), 4: at(4, 4), 5: at(4, 0), 6: at(1, 100), 7: at(1, 0), 9: at(3, 30), 11: at(1, 0) });
});

test('recursion: the recursive call line has the inner calls\' whole time, counted again at each level', () => {
  const p = load(`
function fact(n) {                                // 2
  tick(1);                                        // 3
  if (n <= 1) return 1;                           // 4
  tick(10);                                       // 5
  return n * fact(n - 1);                         // 6
}
exports.fact = fact;
`);
  assert.equal(p.call('fact', 3), 6);
  p.recording.disable();
  // fact(1) takes 1; fact(2) 1 + 10 + 1 = 12, of which its line 6 has 1; fact(3)'s line
  // 6 has 12. The lines sum to 36 for 23 units of clock, as line_profiler counts.
  assert.deepEqual(p.map('fact'), { 3: at(3, 3), 4: at(3, 0), 5: at(2, 20), 6: at(2, 12 + 1) });
});

// ---- two runtimes in one thread -----------------------------------------------------------

test('two runtimes in one thread keep apart: each one\'s frames count into its own counters, on its own clock', () => {
  const source = `
function count(n) {                               // 2
  for (let i = 0; i < n; i++) tick(1);            // 3
}
exports.count = count;
`;
  const first = load(source);
  // The second runtime is made after the first one's program loaded (engine state
  // per runtime, not per module: the first one's frames must not write into it).
  const second = load(source);
  globalThis.__lineprof = first.runtime;
  first.call('count', 4);
  globalThis.__lineprof = second.runtime;
  second.call('count', 2);
  first.recording.disable();
  second.recording.disable();
  assert.deepEqual(first.map('count'), { 3: at(5, 4) });
  assert.deepEqual(second.map('count'), { 3: at(3, 2) });
});

// ---- 7. compensation ---------------------------------------------------------------------
// With readCost, every clock read advances the clock, as a probe costs time: each probe
// event reads the clock once, so a line's raw time is its ticks plus readCost per event
// that landed in it: its ending probe, and every probe of the recorded calls it made
// (slow() has two, its line's and its exit's; its entry reads no clock). On loop(3, slow) the events per line are
// 6: 1, 7: 4, 8: 3, 9: 3 x (2 + 1), 10: 3, 11: 3, 13: 1, and slow's line 3: 3.

const READ_COST = 4;

test('without compensation, a clock whose reads cost time adds readCost per probe event to each line', () => {
  const p = load(CALL_IN_LOOP, { readCost: READ_COST });
  p.call('loop', 3, p.fn('slow'));
  p.recording.disable();
  const c = READ_COST;
  assert.deepEqual(p.map('loop'), {
    6: at(1, 1 * c),
    7: at(4, 3000 + 4 * c),
    8: at(3, 3 + 3 * c),
    9: at(3, 300 + 9 * c),
    10: at(3, 30 + 3 * c),
    11: at(3, 3 * c),
    13: at(1, 1 * c),
  });
  assert.deepEqual(p.map('slow'), { 3: at(3, 300 + 3 * c) });
});

test('compensation calibrated on the same clock: each read costs readCost, and the lines come out at their ticks', () => {
  const p = load(CALL_IN_LOOP, { readCost: READ_COST, compensate: true });
  p.call('loop', 3, p.fn('slow'));
  p.recording.disable();
  // The calibration (src/runtime/exact.ts, calibrateProbeCost) runs at the first read of
  // results, with this clock: batches of 5000 line probes, each charged readCost. It
  // divides by 4999, so the cost comes out a hair above readCost (at most 5000/4999 of it);
  // rounded to whole units, the lines lose exactly their probes' cost.
  const maps = { loop: p.map('loop'), slow: p.map('slow') };
  assert.ok(p.runtime.probeCostNs >= READ_COST && p.runtime.probeCostNs <= (READ_COST * 5000) / 4999, `probe cost ${p.runtime.probeCostNs}`);
  assert.deepEqual(maps.loop, LOOP_MAP);
  assert.deepEqual(maps.slow, { 3: at(3, 300) });
});

test('compensation with a given probe cost subtracts it once per event, never below zero', () => {
  // A probe cost another thread measured (Runtime.setSharedProbeCost) is used as it is,
  // without calibrating: 3 per event against reads of 4 leaves 1 per event.
  const p = load(CALL_IN_LOOP, { readCost: READ_COST, compensate: true });
  p.runtime.setSharedProbeCost({ read: () => 3, write: () => assert.fail('a given cost is not written back') });
  p.call('loop', 3, p.fn('slow'));
  p.recording.disable();
  assert.equal(p.runtime.probeCostNs, 3);
  assert.deepEqual(p.map('loop'), { 6: at(1, 1), 7: at(4, 3004), 8: at(3, 6), 9: at(3, 309), 10: at(3, 33), 11: at(3, 3), 13: at(1, 1) });
  assert.deepEqual(p.map('slow'), { 3: at(3, 303) });

  // 5 per event against reads of 4: lines with fewer ticks than events stop at zero.
  const q = load(CALL_IN_LOOP, { readCost: READ_COST, compensate: true });
  q.runtime.setSharedProbeCost({ read: () => 5, write: () => assert.fail('a given cost is not written back') });
  q.call('loop', 3, q.fn('slow'));
  q.recording.disable();
  assert.deepEqual(q.map('loop'), { 6: at(1, 0), 7: at(4, 2996), 8: at(3, 0), 9: at(3, 291), 10: at(3, 27), 11: at(3, 0), 13: at(1, 0) });
  assert.deepEqual(q.map('slow'), { 3: at(3, 297) });
});
