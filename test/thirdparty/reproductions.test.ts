// Minimal reproductions of the behaviour changes that the third-party suite found: each
// program must print the same under `lineprof run -q --all` as under plain node. Those
// that a documented limitation still breaks (README, "Known differences from a plain
// run") stay `todo`, with the reason. Programs are in test/fixtures/thirdparty/repro/,
// except the long line, made here.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { programFrames } from '../instrument/normalise-errors.js';
import { behaviourOf, ROOT, runPlainAndProfiled, TEST_TIMEOUT_MS, tempDir } from './harness.js';

interface Reproduction {
  readonly file: string;
  /** What plain node prints on stdout (it exits with 0 and prints nothing on stderr). */
  readonly stdout: string;
  readonly todo?: string;
}

const REPRODUCTIONS: readonly Reproduction[] = [
  // Probes must not be glued to a keyword: `return[`, `await(`, `yield[` stay keywords.
  { file: 'keyword-return.cjs', stdout: "[ 'a', 2 ]\n" },
  { file: 'keyword-await.mjs', stdout: '42\n' },
  { file: 'keyword-yield.cjs', stdout: '[ [ 1, 2 ] ]\n' },
  // `return a, b` in a function that declares a function still returns b.
  { file: 'return-sequence.cjs', stdout: 'second\n' },
  // A module reads its own file as it is on disk; a module required again after its cache
  // entry was deleted runs instrumented again.
  {
    file: 'read-own-source.cjs',
    stdout:
      '// A module that reads its own file while it loads, and one loaded twice through a cleared\nfalse\n6 9 false\nfalse\n',
  },
  // fn.toString() gives the original text, which runs when evaluated elsewhere.
  { file: 'function-tostring.cjs', stdout: '3\n' },
  {
    file: 'function-tostring-forms.mjs',
    stdout:
      'function add(a, b) { return a + b; }\nget x() { return 1 }\nmethod(y) {\n  if (y)\n    return y\n  return 0 }\n' +
      'class K { constructor(a) { this.a = a }\n  static s() { return 2 } }\ns() { return 2 }\n(z) => z * 2\n' +
      'async (q) => { await q; return q }\nfunction* gen() { yield 1 }\nfunction toString() { [native code] } toString 0 false\n' +
      "Function.prototype.toString requires that 'this' be a Function\n",
  },
  {
    file: 'error-stack-column.cjs',
    stdout: `at where (${path.join(ROOT, 'test/fixtures/thirdparty/repro/error-stack-column.cjs')}:3:27)\n`,
    todo:
      'documented limitation (README, "Known differences from a plain run"): plain JavaScript gets no source map, ' +
      "and in a one-line function the entry probe sits between the `{` and the first statement, shifting that line's columns",
  },
];

for (const { file, stdout, todo } of REPRODUCTIONS) {
  test(`repro ${file}: same behaviour under lineprof`, { todo, timeout: TEST_TIMEOUT_MS }, () => {
    const run = runPlainAndProfiled({ command: [`test/fixtures/thirdparty/repro/${file}`], include: [] });
    assert.deepEqual(behaviourOf(run.plain), { stdout, stderr: '', status: 0, signal: null });
    assert.deepEqual(behaviourOf(run.profiled), behaviourOf(run.plain));
  });
}

// An uncaught error: Node's whole report (snippet, caret, frames with columns) is the same
// under lineprof; here the throwing line is the last of its function, so no probe follows it.
test('repro uncaught-error.cjs: same output, exit code and error report under lineprof', { timeout: TEST_TIMEOUT_MS }, () => {
  const run = runPlainAndProfiled({ command: ['test/fixtures/thirdparty/repro/uncaught-error.cjs'], include: [] });
  const file = path.join(ROOT, 'test/fixtures/thirdparty/repro/uncaught-error.cjs');
  assert.deepEqual([run.plain.stdout, run.plain.status, run.plain.signal], ['', 1, null]);
  assert.deepEqual(programFrames(run.plain.stderr), [
    'Error: too big: 3',
    `    at check (${file}:4`,
    `    at Object.<anonymous> (${file}:6`,
  ]);
  assert.deepEqual(behaviourOf(run.profiled), behaviourOf(run.plain));
});

test('repro extensionless: a CommonJS script without an extension runs instrumented', { timeout: TEST_TIMEOUT_MS }, () => {
  const run = runPlainAndProfiled({ command: ['test/fixtures/thirdparty/repro/commonjs-bin/extensionless'], include: [] });
  assert.deepEqual(behaviourOf(run.plain), { stdout: 'hello world\n', stderr: '', status: 0, signal: null });
  assert.deepEqual(behaviourOf(run.profiled), behaviourOf(run.plain));
  const greet = run.functions?.find((fn) => fn.name === 'greet');
  assert.deepEqual(greet?.lines.map((line) => [line.line, line.hits]), [[5, 1]]);
});

// Every function on a line stores that line: a long minified line held by thousands of
// functions must not make the result file too long to write.
test(
  'repro: a long line holding many functions (a minified file) still gets a result file',
  { timeout: TEST_TIMEOUT_MS },
  (t) => {
    const dir = tempDir();
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const script = path.join(dir, 'long-line.cjs');
    const functions = Array.from({ length: 2000 }, (_, i) => `function f${i}(){}`).join('');
    fs.writeFileSync(script, `${functions}const pad='${'x'.repeat(300_000)}';console.log(pad.length)\n`);
    const run = runPlainAndProfiled({ command: [script], include: [] });
    assert.deepEqual(behaviourOf(run.plain), { stdout: '300000\n', stderr: '', status: 0, signal: null });
    assert.deepEqual(behaviourOf(run.profiled), behaviourOf(run.plain));
    assert.equal(run.resultError, undefined);
    assert.equal(run.functions?.length, 2000);
  },
);
