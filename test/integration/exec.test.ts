// `lineprof exec COMMAND`: any command, every Node process it starts profiled and added up
// into one result file; and the test files of `node --test` under the register hook, which
// add up into one file too (the runner loads no --import preload).

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import fs from 'node:fs';
import { readResultFile } from '../../src/stats/result-file.js';
import { FIXTURES, hitsOf, lineprof, ROOT, runNode, tempDir } from './helpers.js';

const CWD = path.join(FIXTURES, 'exec');
const REGISTER = path.join(ROOT, 'dist/src/loader/register.js');

/** `# pass N` / `# fail N` (TAP) or `ℹ pass N` (spec reporter, Node 23+ even when piped). */
function testCounts(stdout: string): string[] {
  return stdout.split('\n').filter((line) => /^(#|ℹ) (pass|fail) \d+$/.test(line)).map((line) => line.slice(2));
}

test('exec node --test with two files: both test processes in one result file, the runner\'s output kept', () => {
  const out = path.join(tempDir(), 'tests.lprof');
  const plain = runNode(['--test', 'square.test.mjs', 'cube.test.mjs'], CWD);
  const run = lineprof(['exec', '-o', out, 'node', '--test', 'square.test.mjs', 'cube.test.mjs'], CWD);
  assert.equal(run.status, plain.status);
  assert.deepEqual(testCounts(run.stdout), testCounts(plain.stdout));
  assert.deepEqual(testCounts(run.stdout), ['pass 2', 'fail 0']);
  const stats = readResultFile(out).stats;
  assert.deepEqual(hitsOf(stats, 'square'), { 5: 3 });
  assert.deepEqual(hitsOf(stats, 'cube'), { 5: 1 });
  // The runner and the two test processes wrote parts; none is left.
  assert.match(run.stderr, /^lineprof: no function was selected .*: profiled all 4 functions in 2 files\nlineprof: added up the results of 3 Node processes and workers\n/);
  assert.deepEqual(fs.readdirSync(path.dirname(out)), ['tests.lprof']);
});

test('exec passes Node flags, the exit code and the program\'s output through; npm scripts are profiled', () => {
  const dir = tempDir();
  const out = path.join(dir, 'gc.lprof');
  const run = lineprof(['exec', '-q', '--all', '-o', out, '--', 'node', '--expose-gc', 'gc.cjs', '3'], CWD);
  assert.deepEqual([run.status, run.stdout, run.stderr], [3, 'function\n', '']);
  assert.deepEqual(hitsOf(readResultFile(out).stats, 'collect'), { 3: 3, 4: 1 });

  const viaNpm = path.join(dir, 'npm.lprof');
  const npm = lineprof(['exec', '-q', '--all', '-o', viaNpm, 'npm', 'run', '--silent', 'collect'], CWD);
  assert.equal(npm.status, 0, npm.stderr);
  assert.equal(npm.stdout, 'function\n');
  assert.deepEqual(hitsOf(readResultFile(viaNpm).stats, 'collect'), { 3: 3, 4: 1 });
});

test('exec of a command that starts no Node process says so; a missing command is one line', () => {
  const out = path.join(tempDir(), 'none.lprof');
  const none = lineprof(['exec', '-o', out, 'true'], CWD);
  assert.deepEqual(
    [none.status, none.stderr],
    [0, 'lineprof: no results were written: no Node process of `true` was profiled (NODE_OPTIONS must reach it)\n'],
  );
  assert.equal(fs.existsSync(out), false);
  const missing = lineprof(['exec', 'lineprof-no-such-command'], CWD);
  assert.deepEqual([missing.status, missing.stderr], [1, 'lineprof: lineprof-no-such-command: command not found\n']);
});

test('LINEPROF=1 NODE_OPTIONS=--import lineprof/register node --test: the test files add up into one file', () => {
  const dir = tempDir();
  const out = path.join(dir, 'register.lprof');
  const env = { LINEPROF: '1', LINEPROF_OUTPUT: out, NODE_OPTIONS: `--import ${REGISTER}` };
  const run = runNode(['--test', 'square.test.mjs', 'cube.test.mjs'], CWD, env);
  assert.equal(run.status, 0, run.stderr);
  const result = readResultFile(out);
  assert.deepEqual(hitsOf(result.stats, 'square'), { 5: 3 });
  assert.deepEqual(hitsOf(result.stats, 'cube'), { 5: 1 });
  assert.match(result.meta.launch ?? '', /^node --test \d+/);
  // A second run replaces the file: another runner, another launch.
  const again = runNode(['--test', 'cube.test.mjs'], CWD, env);
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(readResultFile(out).stats.functions.map((f) => f.name).sort(), ['<anonymous>', 'cube']);
  assert.deepEqual(fs.readdirSync(dir), ['register.lprof']);
});

const NOTHING =
  "lineprof: nothing was recorded: no function of the program's own files was loaded (a file's top-level code is not timed, only its functions; code that a test runner evaluates itself needs lineprof/jest or lineprof/vitest; files outside the working directory need --include)\n";

test('a run that instruments no function says so in one line, under run and under exec; the output as plain', () => {
  const plain = runNode(['no-functions.cjs'], CWD);
  assert.deepEqual([plain.status, plain.stdout], [0, 'top level 42\n']);
  const run = lineprof(['run', '-q', '-o', path.join(tempDir(), 'run.lprof'), 'no-functions.cjs'], CWD);
  assert.deepEqual([run.status, run.stdout, run.stderr], [0, plain.stdout, NOTHING]);
  const out = path.join(tempDir(), 'exec.lprof');
  const exec = lineprof(['exec', '-q', '-o', out, '--', process.execPath, 'no-functions.cjs'], CWD);
  assert.deepEqual([exec.status, exec.stdout, exec.stderr], [0, plain.stdout, NOTHING]);
  assert.deepEqual(readResultFile(out).stats.functions, []);
});

test('a --func that matched nothing is the reason given, not the general one', () => {
  const run = lineprof(['run', '-q', '--func', 'nosuch', '-o', path.join(tempDir(), 'func.lprof'), 'no-functions.cjs'], CWD);
  assert.deepEqual([run.status, run.stderr], [0, "lineprof: --func 'nosuch' matched no function\n"]);
});
