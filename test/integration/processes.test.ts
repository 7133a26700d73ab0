// Child processes and worker threads are profiled too, and their results end up in the
// one result file that the first process writes.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readResultFile } from '../../src/stats/result-file.js';
import { FIXTURES, hitsOf, lineprof, runNode, tempDir } from './helpers.js';

test('a forked child and a worker add their hits to the result file', () => {
  const cwd = path.join(FIXTURES, 'processes');
  const dir = tempDir();
  const out = path.join(dir, 'out.lprof');
  const plain = runNode(['main.mjs'], cwd);
  const run = lineprof(['run', '--func', 'square', '-o', out, 'main.mjs'], cwd);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, plain.stdout);
  assert.equal(run.stderr, `lineprof: added the results of 2 child processes or workers\nlineprof: wrote profile results to ${out}; view with: lineprof show ${out}\n`);
  // 10 calls here, 20 in the child, 30 in the worker.
  assert.deepEqual(hitsOf(readResultFile(out).stats, 'square'), { 2: 60 });
  assert.deepEqual(fs.readdirSync(dir), ['out.lprof']);
});

test("workers whose 'exit' never comes keep their hits: one terminate()d, one running at process.exit()", () => {
  const cwd = path.join(FIXTURES, 'processes');
  const dir = tempDir();
  const out = path.join(dir, 'out.lprof');
  const plain = runNode(['ended.mjs'], cwd);
  const run = lineprof(['run', '-q', '--func', 'square', '-o', out, 'ended.mjs'], cwd);
  assert.deepEqual([run.status, run.stdout], [plain.status, plain.stdout]);
  assert.equal(plain.stdout, 'terminated 30 1\nexiting 91\n');
  // -q: where they came from is not said (the first test says it).
  assert.equal(run.stderr, '');
  // 5 calls in the terminated worker, 7 in the one running at the end.
  assert.deepEqual(hitsOf(readResultFile(out).stats, 'square'), { 2: 12 });
  assert.deepEqual(fs.readdirSync(dir), ['out.lprof']);
});

test('a worker terminate()d while busy cannot write its hits: one line says so, the rest is kept', () => {
  const cwd = path.join(FIXTURES, 'processes');
  const out = path.join(tempDir(), 'out.lprof');
  const run = lineprof(['run', '-q', '--func', 'square', '-o', out, 'busy.mjs'], cwd);
  assert.deepEqual([run.status, run.stdout], [0, 'terminated 1 9\n']);
  assert.match(run.stderr, /^lineprof: worker \d+ did not write its results in time \(busy when it was ended\?\): they are lost\n$/);
  assert.deepEqual(hitsOf(readResultFile(out).stats, 'square'), { 2: 1 });
});

test('a child killed with SIGKILL cannot write its hits: one line says which, the rest is kept', () => {
  const cwd = path.join(FIXTURES, 'processes');
  const dir = tempDir();
  const out = path.join(dir, 'out.lprof');
  const plain = runNode(['killed.mjs'], cwd);
  const run = lineprof(['run', '-q', '--func', 'square', '-o', out, 'killed.mjs'], cwd);
  assert.deepEqual([run.status, run.stdout], [plain.status, plain.stdout]);
  assert.equal(plain.stdout, 'ended by SIGTERM SIGKILL\n');
  assert.match(
    run.stderr,
    /^lineprof: the results of 1 child process \(pid \d+\) are missing: it ended without writing them \(killed with SIGKILL, e\.g\. by a test runner's timeout after SIGTERM\?\)\n$/,
  );
  // 1 call here, 3 in the child that SIGTERM ended; the killed child's 3 are lost.
  assert.deepEqual(hitsOf(readResultFile(out).stats, 'square'), { 2: 4 });
  // No part and no marker left behind.
  assert.deepEqual(fs.readdirSync(dir), ['out.lprof']);
});

test('lineprof exec says so too, and records the rest', () => {
  const cwd = path.join(FIXTURES, 'processes');
  const out = path.join(tempDir(), 'out.lprof');
  const run = lineprof(['exec', '-q', '--func', 'square', '-o', out, '--', process.execPath, 'killed.mjs'], cwd);
  assert.deepEqual([run.status, run.stdout], [0, 'ended by SIGTERM SIGKILL\n']);
  assert.match(run.stderr, /^lineprof: the results of 1 child process \(pid \d+\) are missing: [^\n]*\n$/);
  assert.deepEqual(hitsOf(readResultFile(out).stats, 'square'), { 2: 4 });
});
