// Statements and control flow under the instrumenter: each program runs plain and
// instrumented in this process; both must log and throw the same, every line must keep
// its number, and the hits per line must be exactly what the counting rules give
// (a line counts each time it starts; `for(;;)` heads n+1; `while` tests each
// evaluation; `for-of/in` heads 1 + one per iteration; a function's first statement
// always counts; a statement on the previous statement's line does not).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameBehaviour, runProfiled } from './run-program.js';

test('statements without semicolons starting with ( [ or a template', async () => {
  const run = await assertSameBehaviour(`function noSemicolons(values) {
  let total = 0
  ;(function addFirst() { total += values[0] })()
  ;[1, 2].forEach((n) => { total += n })
  ;\`\${total}\`.split('').forEach(() => { total += 100 })
  const text = 'total'
  return text + ' ' + total
}
function joined() {
  const a = [1, 2]
  const first = a
  [0]
  const raw = String.raw
  \`x\${first}\`
  const id = (x) => x
  const five = id
  (5)
  return [first, raw, five].join()
}
log(noSemicolons([10]), joined())`);
  assert.deepEqual(run.output, ['total 213 1,x1,5']);
  assert.deepEqual(run.hits, {
    noSemicolons: { 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1 },
    addFirst: { 3: 1 },
    '<anonymous>@4': { 4: 2 },
    '<anonymous>@5': { 5: 2 },
    // Lines 12, 14 and 17 continue the statement above them: no hits of their own.
    joined: { 10: 1, 11: 1, 13: 1, 15: 1, 16: 1, 18: 1 },
    id: { 15: 1 },
  });
});

test('a function directive stays first and keeps the function strict', async () => {
  const run = await assertSameBehaviour(`function sloppy() {
  return this === undefined
}
function strict() {
  'use strict'
  return this === undefined
}
function strictOneLine() { "use strict"; return this === undefined }
log(sloppy(), strict(), strictOneLine())`);
  assert.deepEqual(run.output, ['false true true']);
  assert.deepEqual(run.hits, { sloppy: { 2: 1 }, strict: { 6: 1 }, strictOneLine: { 8: 1 } });
  const lines = run.code.split('\n');
  assert.match(lines[4], /^ {2}'use strict';const \$lp_f=/);
  assert.match(lines[7], /^function strictOneLine\(\) \{ "use strict";;const \$lp_f=/);
});

test('a program directive stays first and keeps the program strict', async () => {
  const run = await assertSameBehaviour(`'use strict'
function f() {
  return this === undefined
}
log(f())`);
  assert.deepEqual(run.output, ['true']);
  assert.match(run.code, /^'use strict';\/\*lineprof:1\*\/var \$lp_p=__lineprof\.r\(/);
});

test('hoisted declarations and the temporal dead zone', async () => {
  const run = await assertSameBehaviour(`function hoisting() {
  const seen = [typeof declaredLater, typeof varLater]
  try {
    seen.push(letLater)
  } catch (error) {
    seen.push(error.name)
  }
  var varLater = 1
  let letLater = 2
  seen.push(declaredLater(), varLater + letLater)
  return seen.join()
  function declaredLater() { return 'hoisted' }
}
function blockFunction() {
  const before = typeof inBlock
  {
    function inBlock() {}
  }
  return before + ' ' + typeof inBlock
}
log(hoisting(), blockFunction())`);
  assert.deepEqual(run.output, ['function,undefined,ReferenceError,hoisted,3 undefined function']);
  assert.deepEqual(run.hits, {
    hoisting: { 2: 1, 3: 1, 4: 1, 6: 1, 8: 1, 9: 1, 10: 1, 11: 1 },
    declaredLater: { 12: 1 },
    blockFunction: { 15: 1, 19: 1 },
    inBlock: {},
  });
});

test('labelled nested loops with continue and break, and a labelled block', async () => {
  const run = await assertSameBehaviour(`function labels() {
  const seen = []
  outer: for (let i = 0; i < 3; i++) {
    inner: for (let j = 0; j < 3; j++) {
      if (j === 1) continue outer
      if (i === 2) break outer
      seen.push(\`\${i}\${j}\`)
    }
  }
  block: {
    if (seen.length > 0) break block
    seen.push('unreachable')
  }
  return seen.join(',')
}
log(labels())`);
  assert.deepEqual(run.output, ['00,10']);
  // Line 3: entry + 2 updates (the third pass breaks). Line 4: per outer pass, entry
  // plus one update before `continue outer`, but no update on the pass that breaks.
  assert.deepEqual(run.hits, { labels: { 2: 1, 3: 3, 4: 5, 5: 5, 6: 3, 7: 2, 11: 1, 14: 1 } });
});

test('switch fall-through and if / else if / else with bodies on the next line', async () => {
  const run = await assertSameBehaviour(`function classify(x) {
  const out = []
  switch (x) {
    case 1:
      out.push('one')
    case 2:
      out.push('two')
      break
    case 3: out.push('three')
    default:
      out.push('other')
  }
  if (x === 1)
    out.push('first')
  else if (x === 2)
    out.push('second')
  else
    out.push('rest')
  return out.join('+')
}
log(classify(1), classify(2), classify(3), classify(4))`);
  assert.deepEqual(run.output, ['one+two+first two+second three+other+rest other+rest']);
  assert.deepEqual(run.hits, {
    classify: { 2: 4, 3: 4, 5: 1, 7: 2, 8: 2, 9: 1, 11: 2, 13: 4, 14: 1, 15: 3, 16: 1, 18: 2, 19: 4 },
  });
});

test('for, for-in, for-of, while and do-while with bodies on the next line', async () => {
  const run = await assertSameBehaviour(`function loops(n) {
  let sum = 0
  for (let i = 0; i < n; i++)
    sum += i
  for (const key in { a: 1, b: 2 })
    sum += key.length
  for (const value of [10, 20])
    sum += value
  let k = 0
  while (k < n)
    k++
  do
    k--
  while (k > 0)
  return sum + k
}
log(loops(3))`);
  assert.deepEqual(run.output, ['35']);
  assert.deepEqual(run.hits, {
    loops: { 2: 1, 3: 4, 4: 3, 5: 3, 6: 2, 7: 3, 8: 2, 9: 1, 10: 4, 11: 3, 12: 1, 13: 3, 14: 3, 15: 1 },
  });
});

test('loop heads without an update, with continue, one-line bodies and comments holding )', async () => {
  const run = await assertSameBehaviour(`function heads() {
  const seen = []
  for (let i = 0; i < 4;) {
    i++
    if (i % 2) continue
    seen.push(i)
  }
  for (const ch of 'ab') seen.push(ch)
  let j = 0
  for (; j < 2;) /* ) */ j++
  for (; j < 4;) // )
    j++
  for (;;) { if (j > 0) break }
  while (j > 2) j--
  return seen.join() + j
}
log(heads())`);
  assert.deepEqual(run.output, ['2,4,a,b2']);
  // An update-less head counts entry plus one per finished pass, continue included.
  assert.deepEqual(run.hits, { heads: { 2: 1, 3: 5, 4: 4, 5: 4, 6: 2, 8: 3, 9: 1, 10: 3, 11: 3, 12: 2, 13: 1, 14: 3, 15: 1 } });
});

test('exceptions thrown and caught at several depths, finally, and an uncaught one', async () => {
  const run = await assertSameBehaviour(`function level3(x) {
  if (x > 1)
    throw new RangeError(\`too big: \${x}\`)
  return x
}
function level2(x) {
  try {
    return level3(x)
  } finally {
    log('level2 finally')
  }
}
function level1(x) {
  try {
    return level2(x)
  } catch (error) {
    log('level1 caught', error.name)
    throw new Error('wrapped', { cause: error })
  }
}
function overriding() {
  try {
    return 'from try'
  } finally {
    return 'from finally'
  }
}
for (const value of [1, 2]) {
  try {
    log('ok', level1(value))
  } catch (error) {
    log('top caught', error.message, error.cause.message)
  }
}
log(overriding())
level1(5)`);
  assert.deepEqual(run.output, [
    'level2 finally', 'ok 1', 'level2 finally', 'level1 caught RangeError', 'top caught wrapped too big: 2',
    'from finally', 'level2 finally', 'level1 caught RangeError',
  ]);
  assert.equal(run.error, 'Error: wrapped');
  assert.deepEqual(run.hits, {
    level3: { 2: 3, 3: 2, 4: 1 },
    level2: { 7: 3, 8: 3, 10: 3 },
    level1: { 14: 3, 15: 3, 17: 2, 18: 2 },
    overriding: { 22: 1, 23: 1, 25: 1 },
  });
});

test('empty and one-line functions, closures, recursion and non-ASCII text on probed lines', async () => {
  const run = await assertSameBehaviour(`function empty() {}
function emptyWithComment() {
  // nothing here
}
const emptyArrow = () => {}
function oneLine(a) { return a * 2 }
const oneLineArrow = (a) => a + 1
function counter() {
  let n = 0
  return () => ++n
}
function fact(n) {
  return n <= 1 ? 1 : n * fact(n - 1)
}
function greet(name) {
  const text = 'héllo, ' + name + ' 😀 ñ'; const shout = () => text + '!'
  return shout() + text.length
}
const next = counter()
next(); next()
log(empty(), emptyWithComment(), emptyArrow(), oneLine(4), oneLineArrow(1), next(), fact(5), greet('wörld'))`);
  assert.deepEqual(run.output, ['undefined undefined undefined 8 2 3 120 héllo, wörld 😀 ñ!17']);
  assert.deepEqual(run.hits, {
    empty: {},
    emptyWithComment: {},
    emptyArrow: {},
    oneLine: { 6: 1 },
    oneLineArrow: { 7: 1 },
    counter: { 9: 1, 10: 1 },
    '<anonymous>': { 10: 3 },
    fact: { 13: 5 },
    greet: { 16: 1, 17: 1 },
    shout: { 16: 1 },
  });
});

test('CRLF line endings keep their line numbers', async () => {
  const run = await assertSameBehaviour('function f() {\r\n  let a = 1\r\n  a++\r\n  return a\r\n}\r\nlog(f())\r\n');
  assert.deepEqual(run.output, ['2']);
  assert.deepEqual(run.hits, { f: { 2: 1, 3: 1, 4: 1 } });
});

test('a statement on a line of its own keeps its columns: its probe ends the line before', async () => {
  const source = [
    'function parse(text) { // a comment after the brace',
    '  const parts = text.split(",")',
    '  /* a block',
    '     comment */',
    '  if (parts.length > 2)',
    '    return parts',
    '  switch (parts.length) {',
    '    case 1:',
    '      log("one")',
    '  }',
    '  try {',
    '    return parts.map(Number)',
    '  } catch (e) {',
    '    throw e',
    '  }',
    '}',
    'log(parse("1,2"), parse("3"))',
  ].join('\n');
  for (const engine of ['exact', 'sampled'] as const) {
    const run = engine === 'exact' ? await assertSameBehaviour(source) : await runProfiled(source, 'js', engine);
    const lines = run.code.split('\n');
    // Every line but the function's first starts as it did (a probe may follow its end).
    source.split('\n').forEach((line, i) => {
      if (i > 0) assert.equal(lines[i].startsWith(line), true, `${engine}, line ${i + 1}: ${lines[i]}`);
    });
    assert.deepEqual(run.hits.parse, { 2: 2, 5: 2, 7: 2, 9: 1, 11: 2, 12: 2 });
  }
});
