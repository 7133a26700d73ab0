// `lineprof run` on scripts that are not what a script should be: a binary file, a
// latin-1 file, a 1 MB line, a directory, an unreadable file, a missing file. Each runs
// under plain node and under the built CLI (`run -q --all`, in a scratch directory): lineprof
// must end as node does (exit code, stdout byte for byte, stderr naming the file) and
// print no stack frame of its own.

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readResultFile } from '../../src/stats/result-file.js';
import {
  canMakeUnreadable,
  FIXTURES,
  lineprof,
  lineprofFrames,
  node,
  scratchDir,
  type Outcome,
} from './spawn.js';

/** Node 22.15+: lineprof's module hooks are module.registerHooks (src/loader/sync-hooks.ts). */
const SYNC_HOOKS = typeof (Module as { registerHooks?: unknown }).registerHooks === 'function';
const LINEPROF_DIST = fileURLToPath(new URL('../..', import.meta.url));

const dir = scratchDir();
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
for (const name of ['binary.js', 'latin1.js']) fs.copyFileSync(path.join(FIXTURES, name), path.join(dir, name));

interface Pair {
  readonly plain: Outcome;
  readonly profiled: Outcome;
}

function runBoth(script: string, unprivileged = false): Pair {
  return {
    plain: node([script], { cwd: dir, unprivileged }),
    // --all: no note that nothing was selected, so a good run leaves stderr empty.
    profiled: lineprof(['run', '-q', '--all', script], { cwd: dir, unprivileged }),
  };
}

/** lineprof's only line after a program that failed before any of it was instrumented. */
const NOTHING_LOADED = 'lineprof: no results were written: the program failed (exit code 1) before any of its functions was loaded\n';

/** lineprof's only line after a program that ran well and defined no function. */
const NOTHING_RECORDED =
  "lineprof: nothing was recorded: no function of the program's own files was loaded (a file's top-level code is not timed, only its functions; code that a test runner evaluates itself needs lineprof/jest or lineprof/vitest; files outside the working directory need --include)\n";

/** What must match plain node: exit code and stdout bytes. */
function assertSameEnd({ plain, profiled }: Pair): void {
  assert.equal(profiled.status, plain.status, `exit code; stderr:\n${profiled.stderr}`);
  assert.deepEqual(profiled.stdout, plain.stdout);
}

test('a binary file: node\'s SyntaxError naming the file, exit code 1', () => {
  const run = runBoth('binary.js');
  assertSameEnd(run);
  assert.equal(run.plain.status, 1);
  assert.match(run.profiled.stderr, new RegExp(`^${escape(path.join(dir, 'binary.js'))}:1\n`));
  // The whole report is node's, and no result file, since nothing of the program ran.
  assert.equal(run.profiled.stderr, run.plain.stderr + NOTHING_LOADED);
  assert.equal(fs.existsSync(path.join(dir, 'binary.js.lprof')), false);
});

test('a latin-1 file runs as node decodes it (UTF-8, invalid bytes as U+FFFD), and shows so', () => {
  const run = runBoth('latin1.js');
  assertSameEnd(run);
  assert.deepEqual([run.plain.status, run.plain.stdout.toString('utf8')], [0, 'bonjour Ren\uFFFDe \uFFFD la caf\uFFFDt\uFFFDria\n']);
  assert.equal(run.profiled.stderr, '');
  const shown = lineprof(['show', 'latin1.js.lprof'], { cwd: dir });
  assert.equal(shown.status, 0, shown.stderr);
  assert.match(shown.stdout.toString('utf8'), /^ {5}3 +1 .*  return 'bonjour ' \+ name \+ ' \uFFFD la caf\uFFFDt\uFFFDria'$/m);
});

test('a 1 MB line runs unchanged, and its source line is cut in the result file', (t) => {
  const literal = 'x'.repeat(1 << 20);
  fs.writeFileSync(path.join(dir, 'long-line.js'), `function measure() { const s = '${literal}'; return s.length }\nconsole.log(measure())\n`);
  const started = performance.now();
  const run = runBoth('long-line.js');
  t.diagnostic(`plain + profiled run: ${Math.round(performance.now() - started)} ms`);
  assertSameEnd(run);
  assert.deepEqual([run.plain.status, run.plain.stdout.toString()], [0, `${1 << 20}\n`]);
  assert.equal(run.profiled.stderr, '');
  const shown = lineprof(['show', 'long-line.js.lprof'], { cwd: dir });
  assert.equal(shown.status, 0, shown.stderr);
  // README: a source line longer than 500 characters is cut in the result file.
  const line = shown.stdout.toString().split('\n').find((l) => l.includes('function measure'));
  assert.equal(line?.slice(line.indexOf('function measure')), `function measure() { const s = '${'x'.repeat(468)}…`);
});

test('minified code without a map: each function\'s line is cut from where the function starts, not at the line\'s 500th character', () => {
  const helpers = Array.from({ length: 30 }, (_, i) => `function f${i}(x){return x+${i}}`).join('');
  fs.writeFileSync(path.join(dir, 'minified.js'), `${helpers}function target(x){return f7(x)*2}console.log(f0(1),target(1))\n`);
  const run = runBoth('minified.js');
  assertSameEnd(run);
  assert.equal(run.plain.stdout.toString(), '1 16\n');
  const stats = readResultFile(path.join(dir, 'minified.js.lprof')).stats;
  const first = (name: string): string => stats.functions.find((fn) => fn.name === name)!.source[0];
  assert.equal(first('f0'), `${helpers}function target(x){return f7(x)*2}console.log(f0(1),target(1))`.slice(0, 500) + '…');
  assert.equal(first('target'), '…function target(x){return f7(x)*2}console.log(f0(1),target(1))');
  assert.match(first('f7'), /^…function f7\(x\)\{return x\+7\}function f8/);
  assert.equal(first('f7').length, 502);
});

test('a directory without an index: node\'s "Cannot find module", exit code 1, no frame of lineprof', () => {
  fs.mkdirSync(path.join(dir, 'folder.js'));
  const run = runBoth('folder.js');
  assertSameEnd(run);
  assert.equal(run.plain.status, 1);
  assert.match(run.profiled.stderr, new RegExp(`Error: Cannot find module '${escape(path.join(dir, 'folder.js'))}'`));
  assert.deepEqual(lineprofFrames(run.profiled.stderr), []);
  assert.equal(run.profiled.stderr, run.plain.stderr + NOTHING_LOADED);
  assert.equal(fs.existsSync(path.join(dir, 'folder.js.lprof')), false);
});

test('a directory with an index.js runs it, as node does', () => {
  fs.mkdirSync(path.join(dir, 'package-dir'));
  fs.writeFileSync(path.join(dir, 'package-dir/index.js'), "console.log('index', require.main === module)\n");
  const run = runBoth('package-dir');
  assertSameEnd(run);
  assert.deepEqual([run.plain.status, run.plain.stdout.toString()], [0, 'index true\n']);
  // index.js has no function: lineprof's one line says nothing was recorded, and why.
  assert.equal(run.profiled.stderr, run.plain.stderr + NOTHING_RECORDED);
});

/**
 * Writes `content` to `name`, makes it unreadable and runs it both ways: node's EACCES
 * naming the file, its exit code, no frame of lineprof. undefined when skipped.
 */
function runUnreadable(t: TestContext, name: string, content: string): Pair | undefined {
  fs.writeFileSync(path.join(dir, name), content);
  fs.chmodSync(path.join(dir, name), 0o000);
  if (!canMakeUnreadable(dir)) {
    t.skip('a chmod 000 file stays readable here (root, with no unprivileged user that can run this node binary)');
    return undefined;
  }
  const run = runBoth(name, true);
  assertSameEnd(run);
  assert.equal(run.plain.status, 1);
  assert.match(run.profiled.stderr, new RegExp(`Error: EACCES: permission denied, open '${escape(path.join(dir, name))}'`));
  // Node 22.15+ reads every module through lineprof's load hook, which lets Node's error
  // pass without a catch: Node's report names where it was thrown, as without lineprof,
  // and its frames include the hook chain's (README, "Known differences").
  const hookFrames = lineprofFrames(run.profiled.stderr).map((line) => line.replace(/:\d+:\d+\)$/, ')'));
  const loadHook = `    at load (${pathToFileURL(path.resolve(LINEPROF_DIST, 'src/loader/sync-hooks.js')).href})`;
  assert.deepEqual(hookFrames, SYNC_HOOKS ? [loadHook] : []);
  if (SYNC_HOOKS) assert.equal(run.profiled.stderr.split('\n').slice(0, 3).join('\n'), run.plain.stderr.split('\n').slice(0, 3).join('\n'));
  return run;
}

for (const name of ['unreadable.js', 'unreadable.mjs']) {
  test(`an unreadable script (${name}): node's EACCES naming the file, no frame of lineprof`, (t) => {
    const run = runUnreadable(t, name, "console.log('read it anyway')\n");
    if (!run) return;
    // Node 20: an ES module loads through Node's module hooks once lineprof registers
    // them, and Node then reports a failed load from its hook machinery (another source
    // snippet and a `nextLoad` frame of Node's own); CommonJS reads the file as without
    // lineprof. Node 22.15+: both load through the hooks (see runUnreadable).
    if (name.endsWith('.js') && !SYNC_HOOKS) assert.equal(run.profiled.stderr, run.plain.stderr + NOTHING_LOADED);
    assert.match(run.profiled.stderr, new RegExp(`${escape(NOTHING_LOADED)}$`));
  });
}

// Node 20 reads a .ts entry as JavaScript; lineprof's own .ts loader reads it instead, so
// the frames differ from plain node's, but the error and the exit code must not.
test('an unreadable TypeScript script: EACCES naming the file, node\'s exit code, no frame of lineprof', (t) => {
  runUnreadable(t, 'unreadable.ts', 'const n: number = 1\nconsole.log(n)\n');
});

test('an ES module importing a missing file: node\'s report (byte for byte on Node 22.15+), exit code 1', () => {
  fs.writeFileSync(path.join(dir, 'missing-import.mjs'), "import './not-there.mjs';\nconsole.log('never');\n");
  const run = runBoth('missing-import.mjs');
  assertSameEnd(run);
  assert.equal(run.plain.status, 1);
  assert.match(run.profiled.stderr, /Error \[ERR_MODULE_NOT_FOUND\]: Cannot find module '.*not-there\.mjs' imported from .*missing-import\.mjs/);
  assert.deepEqual(lineprofFrames(run.profiled.stderr), []);
  // Node 20 resolves through lineprof's hooks thread, whose frames Node's report shows.
  if (SYNC_HOOKS) assert.equal(run.profiled.stderr, run.plain.stderr + NOTHING_LOADED);
});

test('a missing script: one line naming it, node\'s exit code, nothing run', () => {
  const run = runBoth('missing.js');
  assertSameEnd(run);
  assert.deepEqual([run.profiled.stderr, run.profiled.status], ['lineprof: missing.js: no such file\n', 1]);
  assert.equal(fs.existsSync(path.join(dir, 'missing.js.lprof')), false);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
