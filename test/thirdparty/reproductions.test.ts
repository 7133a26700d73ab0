// Minimal reproductions of the behaviour changes that the third-party suite found: each
// program must print the same under `lineprof run -q --all` as under plain node. They are
// `todo` while the bug stands; a fix turns its test green, and then drops the `todo`.
// Programs are in test/fixtures/thirdparty/repro/, except the long line, made here.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { behaviourOf, ROOT, runPlainAndProfiled, TEST_TIMEOUT_MS, tempDir } from './harness.js';

interface Reproduction {
  readonly file: string;
  /** What plain node prints on stdout. */
  readonly stdout: string;
  /** Plain node's exit code (0 unless given). */
  readonly status?: number;
  readonly todo: string;
}

const KEYWORD =
  'instrument.ts inserts `$lp_f.v(` / `$lp_f.a(` / `$lp_f.y(` right at the argument, so `return[x]`, ' +
  '`await(x)`, `yield[x]` become the identifiers `return$lp_f`, `await$lp_f`, `yield$lp_f` (ReferenceError)';

const REPRODUCTIONS: readonly Reproduction[] = [
  { file: 'keyword-return.cjs', stdout: "[ 'a', 2 ]\n", todo: KEYWORD },
  { file: 'keyword-await.mjs', stdout: '42\n', todo: KEYWORD },
  { file: 'keyword-yield.cjs', stdout: '[ [ 1, 2 ] ]\n', todo: KEYWORD },
  {
    file: 'return-sequence.cjs',
    stdout: 'second\n',
    todo: 'in a function that declares a function, `return a, b` becomes `return $lp_f.v(a, b)`, which returns a',
  },
  {
    file: 'function-tostring.cjs',
    stdout: '3\n',
    todo: 'fn.toString() is the instrumented text; evaluated elsewhere it throws ReferenceError: $lp_<key> is not defined',
  },
  {
    file: 'error-stack-column.cjs',
    stdout: `at where (${path.join(ROOT, 'test/fixtures/thirdparty/repro/error-stack-column.cjs')}:3:27)\n`,
    todo: 'instrumented JavaScript has no source map, so Error.stack shows columns of the instrumented text',
  },
  {
    file: 'uncaught-error.cjs',
    stdout: '',
    status: 1,
    todo:
      'instrumented JavaScript has no source map, so an uncaught error shows the instrumented line ' +
      '(`$lp_f.l(1);if (n > 2) ...`) and its column instead of the original',
  },
];

for (const { file, stdout, status = 0, todo } of REPRODUCTIONS) {
  test(`repro ${file}: same behaviour under lineprof`, { todo, timeout: TEST_TIMEOUT_MS }, () => {
    const run = runPlainAndProfiled({ command: [`test/fixtures/thirdparty/repro/${file}`], include: [] });
    assert.deepEqual([run.plain.stdout, run.plain.status, run.plain.signal], [stdout, status, null]);
    if (status === 0) assert.equal(run.plain.stderr, '');
    assert.deepEqual(behaviourOf(run.profiled), behaviourOf(run.plain));
  });
}

test(
  'repro: a long line holding many functions (a minified file) still gets a result file',
  {
    todo:
      'every function stores its whole source lines, so the result file repeats a long line once per function on ' +
      'it: 2,000 functions on one 335 kB line exceed the longest string (RangeError: Invalid string length); ' +
      'the watchdog then writes a second time during the exit-time write, so the error is printed twice',
    timeout: TEST_TIMEOUT_MS,
  },
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
