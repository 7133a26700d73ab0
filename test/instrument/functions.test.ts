// Function forms under the instrumenter: generators, async functions, classes,
// parameters and expression syntax. Each program runs plain and instrumented in this
// process (see run-program.ts); both must log and throw the same, and the hits per
// line must be exact.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameBehaviour } from './run-program.js';

test('generators: yield with and without a value, yield*, throw() and return() into them', async () => {
  const run = await assertSameBehaviour(`function* inner() {
  const got = yield 'i1'
  log('inner got', got)
  yield
  return 'inner-done'
}
function* outer() {
  try {
    const result = yield* inner()
    log('delegated', result)
    yield 'o1'
  } catch (error) {
    log('caught', error)
    yield 'o2'
  } finally {
    log('cleanup')
  }
}
const show = (r) => JSON.stringify(r)
const g = outer()
log(show(g.next()), show(g.next('sent')), show(g.next()), show(g.throw('boom')), show(g.return('r')))
const h = outer()
h.next()
log(show(h.return('early')))`);
  assert.deepEqual(run.output, [
    'inner got sent', 'delegated inner-done', 'caught boom', 'cleanup',
    '{"value":"i1","done":false} {"done":false} {"value":"o1","done":false} {"value":"o2","done":false} {"value":"r","done":true}',
    'cleanup', '{"value":"early","done":true}',
  ]);
  // Resuming after a yield is not a new hit: line 2 counts once per call of inner.
  assert.deepEqual(run.hits, {
    inner: { 2: 2, 3: 1, 4: 1, 5: 1 },
    outer: { 8: 2, 9: 2, 10: 1, 11: 1, 13: 1, 14: 1, 16: 2 },
    show: { 19: 6 },
  });
});

test('an async generator consumed with for await', async () => {
  const run = await assertSameBehaviour(`async function* ticks(n) {
  for (let i = 0; i < n; i++) {
    await null
    yield i
  }
}
async function collect() {
  const seen = []
  for await (const t of ticks(3)) seen.push(t)
  return seen
}
return collect().then((seen) => log('ticks', seen.join()))`);
  assert.deepEqual(run.output, ['ticks 0,1,2']);
  assert.deepEqual(run.hits, {
    ticks: { 2: 4, 3: 3, 4: 3 },
    collect: { 8: 1, 9: 4, 10: 1 },
    '<anonymous>': { 12: 1 },
  });
});

test('async functions: rejections caught at two depths and later, an async arrow expression body', async () => {
  const run = await assertSameBehaviour(`async function fail(reason) {
  await null
  throw new Error(reason)
}
const double = async (x) => (await x) * 2
async function retry(times) {
  for (let attempt = 1; attempt <= times; attempt++) {
    try {
      await fail(\`attempt \${attempt}\`)
    } catch (error) {
      log('retry caught', error.message)
    }
  }
  return times
}
async function main() {
  const late = fail('late')
  log('retried', await retry(2))
  late.catch((error) => log('late caught', error.message))
  return double(Promise.resolve(21))
}
return main().then((value) => log('result', value))`);
  assert.deepEqual(run.output, ['retry caught attempt 1', 'retry caught attempt 2', 'retried 2', 'late caught late', 'result 42']);
  assert.deepEqual(run.hits, {
    fail: { 2: 3, 3: 3 },
    double: { 5: 1 },
    retry: { 7: 3, 8: 2, 9: 2, 11: 2, 14: 1 },
    main: { 17: 1, 18: 1, 19: 1, 20: 1 },
    '<anonymous>@19': { 19: 1 },
    '<anonymous>@22': { 22: 1 },
  });
});

test('an async rejection nobody catches reaches the caller unchanged', async () => {
  const run = await assertSameBehaviour(`async function reject(value) {
  await value
  throw new TypeError('rejected with ' + value)
}
const arrow = async () => reject(await 7)
return arrow()`);
  assert.equal(run.error, 'TypeError: rejected with 7');
  assert.deepEqual(run.hits, { reject: { 2: 1, 3: 1 }, arrow: { 5: 1 } });
});

test('classes: private members, accessors, static blocks, arrow fields, super and new.target', async () => {
  const run = await assertSameBehaviour(`class Counter {
  #count = 0
  static created = 0
  static {
    Counter.label = 'counter'
  }
  increment = () => ++this.#count
  get count() {
    return this.#count
  }
  set count(value) {
    this.#count = value
  }
  #describe() {
    return \`\${Counter.label}:\${this.#count}\`
  }
  describe() {
    return this.#describe()
  }
  static create() {
    Counter.created++
    return new Counter()
  }
}
class LoudCounter extends Counter {
  constructor(start) {
    log('constructing', new.target === LoudCounter)
    super()
    this.count = start
  }
  describe() {
    return super.describe().toUpperCase()
  }
}
const plain = Counter.create()
plain.increment()
plain.increment()
const loud = new LoudCounter(5)
loud.increment()
log(plain.count, plain.describe(), loud.describe(), Counter.created)`);
  assert.deepEqual(run.output, ['constructing true', '2 counter:2 COUNTER:6 1']);
  assert.deepEqual(run.hits, {
    'Counter.<static>': { 5: 1 },
    'Counter.increment': { 7: 3 },
    // Getter and setter share a name; the run-program helper tells them apart by line.
    'Counter.count@8': { 9: 1 },
    'Counter.count@11': { 12: 1 },
    'Counter.#describe': { 15: 2 },
    'Counter.describe': { 18: 2 },
    'Counter.create': { 21: 1, 22: 1 },
    'LoudCounter.constructor': { 27: 1, 28: 1, 29: 1 },
    'LoudCounter.describe': { 32: 1 },
  });
});

test('parameters: sloppy and strict arguments, defaults reading earlier ones, destructuring', async () => {
  const run = await assertSameBehaviour(`function aliasing(a, b) {
  arguments[0] = 'changed'
  b = 'b2'
  return [a, arguments[1], arguments.length].join()
}
function strictArguments(a) {
  'use strict'
  arguments[0] = 'changed'
  return a
}
function defaults(a, b = a * 2, read = () => a + b) {
  return read()
}
function destructure({ name, tags: [first, second = first + '!'] }, ...rest) {
  return \`\${name}:\${first}:\${second}:\${rest.length}\`
}
function Target() {
  return new.target === Target
}
const arrowArguments = function () {
  const inner = () => arguments.length
  return inner()
}
log(aliasing(1, 2), strictArguments(1), defaults(1), defaults(1, 5), destructure({ name: 'n', tags: ['t'] }, 0, 0))
log(Target(), new Target() instanceof Target, arrowArguments(1, 2, 3))`);
  assert.deepEqual(run.output, ['changed,b2,2 1 3 6 n:t:t!:2', 'false true 3']);
  assert.deepEqual(run.hits, {
    aliasing: { 2: 1, 3: 1, 4: 1 },
    strictArguments: { 8: 1, 9: 1 },
    defaults: { 12: 2 },
    read: { 11: 2 },
    destructure: { 15: 1 },
    Target: { 18: 2 },
    arrowArguments: { 21: 1, 22: 1 },
    inner: { 21: 1 },
  });
});

test('optional chaining, logical assignment and tagged templates', async () => {
  const run = await assertSameBehaviour(`const tag = (strings, ...values) =>
  strings.raw.join('|') + '#' + values.join(',')
function lookup(config) {
  const depth = config?.nested?.depth ?? 'none'
  const call = config?.method?.() ?? 'no method'
  let value = null
  value ??= 1
  value ||= 2
  value &&= value + 10
  return tag\`v\${value}d\${depth}\\n\` + ' ' + call
}
log(lookup({ nested: { depth: 3 }, method: () => 'called' }))
log(lookup(undefined))`);
  assert.deepEqual(run.output, ['v|d|\\n#11,3 called', 'v|d|\\n#11,none no method']);
  assert.deepEqual(run.hits, {
    tag: { 2: 2 },
    lookup: { 4: 2, 5: 2, 6: 2, 7: 2, 8: 2, 9: 2, 10: 2 },
    method: { 12: 1 },
  });
});

// Function declarations must keep their function-level scope under the probes: if the
// body went into a block (e.g. `try { ... }`), they would become lexical there and clash
// with a `var` of the same name, with each other in strict code, and with a `var` that a
// direct eval declares, and Annex B hoisting would change.

test('a var and a function declaration of the same name in one function', async () => {
  const run = await assertSameBehaviour(`function shadowed() {
  var helper = 'value'
  function helper() {}
  return typeof helper
}
log(shadowed())`);
  assert.deepEqual(run.output, ['string']);
});

test('two function declarations of the same name in a strict function', async () => {
  const run = await assertSameBehaviour(`function twice() {
  'use strict'
  function pick() { return 1 }
  function pick() { return 2 }
  return pick()
}
log(twice())`);
  assert.deepEqual(run.output, ['2']);
});

test('a direct eval declaring a var named like a function declaration', async () => {
  const run = await assertSameBehaviour(`function evaluated() {
  eval('var helper = 2')
  function helper() {}
  return helper
}
log(evaluated())`);
  assert.deepEqual(run.output, ['2']);
});

test('a sloppy block function replacing a top-level one of the same name', async () => {
  // Annex B: evaluating the inner declaration assigns the function-level binding. With the
  // outer declaration itself in a block, that assignment no longer happens (no error: 1).
  const run = await assertSameBehaviour(`function replaced() {
  function pick() { return 1 }
  {
    function pick() { return 2 }
  }
  return pick()
}
log(replaced())`);
  assert.deepEqual(run.output, ['2']);
});
