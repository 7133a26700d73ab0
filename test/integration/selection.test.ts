// Selecting functions without touching the code (--func, --all, nothing), the notes
// lineprof prints about it, and `LINEPROF=1 node --import lineprof/register`.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readResultFile } from '../../src/stats/result-file.js';
import { FIXTURES, lineprof, runNode, tempDir } from './helpers.js';

const CWD = path.join(FIXTURES, 'select');

function names(out: string): string[] {
  return readResultFile(out).stats.functions.map((f) => f.name);
}

test('--func: by name (methods too), Class.method, file glob and name glob', () => {
  const cases: [string[], string[]][] = [
    [['--func', 'parse'], ['Parser.parse', 'parse']],
    [['--func', 'Parser.parse'], ['Parser.parse']],
    [['--func', 'lib.cjs:parse'], ['Parser.parse', 'parse']],
    [['--func', 'app.mjs:*'], ['handlers.double', 'main']],
    [['--func', 'handlers.*', '--func', 'main'], ['handlers.double', 'main']],
  ];
  for (const [options, expected] of cases) {
    const out = path.join(tempDir(), 'out.lprof');
    const run = lineprof(['run', '-q', '-o', out, ...options, 'app.mjs'], CWD);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '66 132\n');
    assert.equal(run.stderr, '', options.join(' '));
    assert.deepEqual(names(out).sort(), expected.sort(), options.join(' '));
  }
});

test('a --func that matches nothing is named in a warning', () => {
  const out = path.join(tempDir(), 'out.lprof');
  const run = lineprof(['run', '-q', '-o', out, '--func', 'nothere', '--func', 'main', 'app.mjs'], CWD);
  assert.equal(run.status, 0);
  assert.equal(run.stderr, "lineprof: --func 'nothere' matched no function\n");
  assert.deepEqual(names(out), ['main']);
});

test('nothing selected: every function of the own files, said in one line', () => {
  const out = path.join(tempDir(), 'out.lprof');
  const run = lineprof(['run', '-o', out, 'app.mjs'], CWD);
  assert.equal(run.status, 0);
  assert.equal(
    run.stderr,
    'lineprof: no function was selected (profile(), --func or --all): profiled all 4 functions in 2 files\n' +
      `lineprof: wrote profile results to ${out}; view with: lineprof show ${out}\n`,
  );
  assert.deepEqual(names(out).sort(), ['Parser.parse', 'handlers.double', 'main', 'parse']);
});

test('--exclude keeps a file out; --all takes the rest', () => {
  const out = path.join(tempDir(), 'out.lprof');
  const run = lineprof(['run', '-q', '-o', out, '--all', '--exclude', 'lib.cjs', 'app.mjs'], CWD);
  assert.equal(run.status, 0);
  assert.equal(run.stderr, '');
  assert.deepEqual(names(out).sort(), ['handlers.double', 'main']);
});

test('LINEPROF=1 node --import lineprof/register writes lineprof.lprof and says how to view it', () => {
  const dir = tempDir();
  fs.cpSync(CWD, dir, { recursive: true });
  const plain = runNode(['app.mjs'], dir);
  // The copy lives outside this package, so `lineprof/register` is found by path.
  const register = path.join(FIXTURES, '../../dist/src/loader/register.js');
  const run = runNode(['--import', register, 'app.mjs'], dir, { LINEPROF: '1' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, plain.stdout);
  assert.equal(
    run.stderr,
    'lineprof: no function was selected (profile(), --func or --all): profiled all 4 functions in 2 files\n' +
      'lineprof: wrote lineprof.lprof; view it with: npx lineprof show lineprof.lprof\n',
  );
  assert.deepEqual(names(path.join(dir, 'lineprof.lprof')).sort(), ['Parser.parse', 'handlers.double', 'main', 'parse']);
  // Without LINEPROF=1 the preload does nothing at all.
  const off = runNode(['--import', register, 'app.mjs'], dir);
  assert.equal(off.stderr, '');
  assert.equal(off.stdout, plain.stdout);
});
