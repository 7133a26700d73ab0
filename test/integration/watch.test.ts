// `lineprof run --watch`: a program edited twice gives three labelled runs with each run's
// own hits, the report after a rerun is the diff against the run before, a change made
// while the program runs starts one more run after it, and Ctrl-C ends it with the file
// left in place.

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readResultFile } from '../../src/stats/result-file.js';
import { CLI, hitsOf, tempDir } from './helpers.js';

const WORK = `export function work(n) {
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += i;
  }
  return total;
}
`;

interface Watching {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function watch(t: TestContext, dir: string, script: string): Watching {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('LINEPROF') && key !== 'NODE_OPTIONS' && key !== 'NODE_TEST_CONTEXT'));
  const child = spawn(process.execPath, [CLI, 'run', '--watch', '--all', '-o', 'out.lprof', script], { cwd: dir, env: { ...env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // A failed assertion must not leave the watcher running (and the test process waiting).
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, stdout: () => stdout, stderr: () => stderr, ended };
}

/** Waits until lineprof says it is watching after `runs` runs (the file is written by then). */
function untilRuns(watching: Watching, runs: number): Promise<void> {
  return until(() => (watching.stderr().match(/^lineprof: watching /gm) ?? []).length >= runs, watching);
}

async function until(done: () => boolean, watching: Watching): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 25) {
    if (done()) return;
    await sleep(25);
  }
  throw new Error(`still waiting after 30 s; stdout:\n${watching.stdout()}\nstderr:\n${watching.stderr()}`);
}

test('run --watch: two edits, three labelled runs with their own hits, a diff after each rerun, Ctrl-C leaves the file', async (t) => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'app.mjs'), "import { work } from './work.mjs';\nconsole.log(work(100));\n");
  fs.writeFileSync(path.join(dir, 'work.mjs'), WORK);
  const watching = watch(t, dir, 'app.mjs');
  await untilRuns(watching, 1);
  // An editor's save: a new file renamed over the old one.
  fs.writeFileSync(path.join(dir, 'work.mjs.tmp'), WORK.replace('total += i;', 'total += i * 2;'));
  fs.renameSync(path.join(dir, 'work.mjs.tmp'), path.join(dir, 'work.mjs'));
  await untilRuns(watching, 2);
  fs.writeFileSync(path.join(dir, 'work.mjs'), WORK.replace('total += i;', 'total += i * 2;').replace('i < n;', 'i < n * 2;'));
  await untilRuns(watching, 3);
  watching.child.kill('SIGINT');
  const end = await watching.ended;

  // Ended as Ctrl-C ends a program: by the signal (a shell reports 130).
  assert.deepEqual(end, { code: null, signal: 'SIGINT' }, watching.stderr());
  const result = readResultFile(path.join(dir, 'out.lprof'));
  assert.deepEqual(result.runs.map((run) => run.label), ['run 1', 'run 2', 'run 3']);
  assert.deepEqual(result.runs.map((run) => hitsOf(run.stats, 'work')), [
    { 2: 1, 3: 101, 4: 100, 6: 1 },
    { 2: 1, 3: 101, 4: 100, 6: 1 },
    { 2: 1, 3: 201, 4: 200, 6: 1 },
  ]);
  // The total adds the runs up.
  assert.deepEqual(hitsOf(result.stats, 'work'), { 2: 3, 3: 403, 4: 400, 6: 3 });

  const out = watching.stdout();
  // The program's output, each run's, and the reports between them.
  assert.deepEqual(out.split('\n').filter((line) => /^\d+$/.test(line)), ['4950', '9900', '39800']);
  assert.match(out, /^Run: run 1\n/m);
  assert.match(out, /^A: run 1\nB: run 2\n/m);
  assert.match(out, /^A: run 2\nB: run 3\n[^]*^ {5}3 {7}101 {7}201 .*for \(let i = 0; i < n \* 2; i\+\+\) \{$/m);
  assert.deepEqual(watching.stderr().split('\n').filter((line) => line.includes('kept in')), [
    'lineprof: run 1 (exit code 0) kept in out.lprof',
    'lineprof: run 2 (exit code 0) kept in out.lprof',
    'lineprof: run 3 (exit code 0) kept in out.lprof',
  ]);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['app.mjs', 'out.lprof', 'work.mjs']);
});

test('run --watch: a change while the program runs starts one more run after it ends', async (t) => {
  const dir = tempDir();
  const slow = "import { work } from './work.mjs';\nconsole.log('loaded');\nawait new Promise((resolve) => setTimeout(resolve, 1500));\nconsole.log(work(10));\n";
  fs.writeFileSync(path.join(dir, 'app.mjs'), slow);
  fs.writeFileSync(path.join(dir, 'work.mjs'), WORK);
  const watching = watch(t, dir, 'app.mjs');
  await untilRuns(watching, 1);
  fs.writeFileSync(path.join(dir, 'work.mjs'), WORK.replace('total += i;', 'total += 2 * i;'));
  // Once run 2 has loaded work.mjs and sleeps, edit again: run 3 follows run 2.
  await until(() => watching.stdout().split('\n').filter((line) => line === 'loaded').length === 2, watching);
  fs.writeFileSync(path.join(dir, 'work.mjs'), WORK.replace('total += i;', 'total += 3 * i;'));
  await untilRuns(watching, 3);
  watching.child.kill('SIGINT');
  await watching.ended;
  const result = readResultFile(path.join(dir, 'out.lprof'));
  assert.deepEqual(result.runs.map((run) => run.label), ['run 1', 'run 2', 'run 3']);
  assert.deepEqual(result.runs.map((run) => run.stats.functions[0].source[3]), ['    total += i;', '    total += 2 * i;', '    total += 3 * i;']);
  assert.deepEqual(watching.stdout().split('\n').filter((line) => /^\d+$/.test(line)), ['45', '90', '135']);
});
