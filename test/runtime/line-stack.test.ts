// The sampled engine's shared line stack (src/runtime/sampled.ts) as instrumented code
// keeps it: a program run in this process, instrumented for the sampled engine, reports
// the stack's depth and the line on top at chosen points through `depthHere()`. Inline
// frames (plain functions), frame objects (async functions, generators, functions that
// declare functions) and exceptions between them must leave the stack as the calls are.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instrument } from '../../src/instrument/instrument.js';
import { programRuntime } from '../instrument/run-program.js';

type Probe = (label: string) => void;

async function depthsOf(source: string): Promise<Record<string, number>> {
  const { runtime, fileKey } = programRuntime('sampled', 'stack');
  const { code } = instrument(source, { file: '/virtual/stack.js', fileKey, lang: 'js', sourceType: 'commonjs', engine: 'sampled' });
  const depths: Record<string, number> = {};
  const depthHere: Probe = (label) => {
    depths[label] = runtime.d[0];
  };
  globalThis.__lineprof = runtime;
  try {
    const program = new Function('depthHere', code) as (probe: Probe) => unknown;
    await program(depthHere);
  } finally {
    globalThis.__lineprof = undefined;
  }
  return depths;
}

test('inline frames push and pop; a callee without try/finally that throws is healed by the catch', async () => {
  const depths = await depthsOf(`
function leaf() {
  depthHere('leaf')
}
function middle() {
  leaf()
  depthHere('middle after leaf')
}
function thrower() {
  function helper() {}
  helper()
  throw new Error('x')
}
function catcher() {
  try {
    thrower()
  } catch (e) {
    depthHere('catcher in catch')
  }
  depthHere('catcher after')
}
function top() {
  middle()
  catcher()
  depthHere('top end')
}
top()
depthHere('outside')
return 0
`);
  assert.deepEqual(depths, {
    leaf: 3,
    'middle after leaf': 2,
    'catcher in catch': 2,
    'catcher after': 2,
    'top end': 1,
    outside: 0,
  });
});

test('an async function leaves the stack at await and is alone on it when resumed; a generator resumes on top', async () => {
  const depths = await depthsOf(`
function* gen() {
  depthHere('gen first')
  yield 1
  depthHere('gen second')
}
function drive(g) {
  g.next()
  depthHere('drive after first next')
}
function driveAgain(g) {
  g.next()
}
async function worker() {
  depthHere('worker before await')
  await null
  depthHere('worker after await')
  return 1
}
function start() {
  const g = gen()
  drive(g)
  driveAgain(g)
  const p = worker()
  depthHere('start after calling worker')
  return p
}
return start()
`);
  assert.deepEqual(depths, {
    'gen first': 3,
    'drive after first next': 2,
    'gen second': 3,
    'worker before await': 2,
    'start after calling worker': 1,
    'worker after await': 1,
  });
});

test('a generator that returns right after being resumed (no line in between) pops the depth it resumed at', async () => {
  const depths = await depthsOf(`
function* once() {
  return yield 1
}
const it = once()
it.next()
depthHere('after first next')
function resumer() {
  it.next(2)
  depthHere('resumer after the generator returned')
}
resumer()
return 0
`);
  assert.deepEqual(depths, { 'after first next': 0, 'resumer after the generator returned': 1 });
});

test('a for-await loop resumes its frame from the microtask queue, alone on the stack', async () => {
  const depths = await depthsOf(`
async function consume(items) {
  for await (const x of items) {
    depthHere('in loop ' + x)
  }
  depthHere('after loop')
}
function startConsume() {
  const done = consume([1, 2])
  depthHere('caller')
  return done
}
return startConsume()
`);
  assert.deepEqual(depths, { caller: 1, 'in loop 1': 1, 'in loop 2': 1, 'after loop': 1 });
});

test('the implicit awaits of for-await loops and of an async generator return leave the stack', async () => {
  const depths = await depthsOf(`
const withoutReturn = {
  [Symbol.asyncIterator]() {
    let i = 0
    return { next() { i++; return Promise.resolve({ value: i, done: i > 3 }) } }
  },
}
async function early(items) {
  for await (const x of items) {
    if (x === 2) break
  }
  depthHere('after break (no return())')
}
async function skipping(items) {
  outer: for await (const x of items) {
    if (x === 1) continue outer
    depthHere('after continue ' + x)
  }
}
async function* numbers() {
  yield 1
  return 2
}
function caller() {
  const a = early(withoutReturn)
  depthHere('caller after early')
  const b = skipping([1, 2])
  depthHere('caller after skipping')
  const g = numbers()
  g.next()
  g.next()
  depthHere('caller after the generator returned')
  return Promise.all([a, b])
}
return caller()
`);
  assert.deepEqual(depths, {
    'caller after early': 1,
    'caller after skipping': 1,
    'caller after the generator returned': 1,
    'after continue 2': 1,
    'after break (no return())': 1,
  });
});
