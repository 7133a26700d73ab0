// `lineprof/vitest`: with the plugin in vitest.config.ts, `lineprof exec` profiles the code
// the real vitest (4.1) runs through its module runner, on the original TypeScript lines,
// and vitest's output and exit code stay those of a plain run; without lineprof the plugin
// has no hooks. The fixtures in test/fixtures/vitest/ name the plugin by the package name,
// which resolves to this repository (package.json self-reference) or, for a copy in a temp
// dir, through a node_modules link.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readResultFile } from '../../src/stats/result-file.js';
import type { ProfileStats } from '../../src/stats/model.js';
import { FIXTURES, hitsOf, lineprof, ROOT, runNode, tempDir, type Outcome } from './helpers.js';

const VITEST = path.join(ROOT, 'node_modules/vitest/vitest.mjs');
const PASS = path.join(FIXTURES, 'vitest/pass');
const FAIL = path.join(FIXTURES, 'vitest/fail');
const REGISTER = path.join(ROOT, 'dist/src/loader/register.js');

function plainVitest(root: string, args: readonly string[] = [], env: Record<string, string> = {}): Outcome {
  return runNode([VITEST, 'run', '--root', root, ...args], ROOT, env);
}

/** `lineprof exec -o OUT [options] <this node> vitest run --root ROOT [args]`. */
function profiledVitest(out: string, root: string, args: readonly string[] = [], options: readonly string[] = [], env: Record<string, string> = {}): Outcome {
  return lineprof(['exec', '-o', out, ...options, process.execPath, VITEST, 'run', '--root', root, ...args], ROOT, env);
}

/** vitest's output without colours, times and lineprof's own lines. */
function normalised(text: string): string {
  return text
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((line) => !line.startsWith('lineprof: '))
    .map((line) => line.replace(/^(\s*Start at ).*/, '$1<time>').replace(/^(\s*Duration ).*/, '$1<time>').replace(/ \d+(\.\d+)?m?s$/, ' <time>'))
    .join('\n');
}

function assertSameRun(run: Outcome, plain: Outcome): void {
  assert.equal(run.status, plain.status, run.stderr);
  assert.equal(normalised(run.stdout), normalised(plain.stdout));
  assert.equal(normalised(run.stderr), normalised(plain.stderr));
}

/** `file:line name` of every function, sorted. */
function functionsOf(stats: ProfileStats): string[] {
  return stats.functions.map((f) => `${path.relative(ROOT, f.file)}:${f.line} ${f.name}`).sort();
}

const PASS_FUNCTIONS = [
  'test/fixtures/vitest/pass/src/greet.js:2 greet',
  'test/fixtures/vitest/pass/src/math.ts:10 sumSquares',
  'test/fixtures/vitest/pass/src/math.ts:18 stats',
  'test/fixtures/vitest/pass/src/math.ts:19 <anonymous>',
  'test/fixtures/vitest/pass/test/math.test.ts:10 <anonymous>',
  'test/fixtures/vitest/pass/test/math.test.ts:13 <anonymous>',
  'test/fixtures/vitest/pass/test/math.test.ts:16 <anonymous>',
  'test/fixtures/vitest/pass/test/math.test.ts:5 <anonymous>',
  'test/fixtures/vitest/pass/test/math.test.ts:6 <anonymous>',
  'test/fixtures/vitest/pass/test/mock.test.ts:12 <anonymous>',
  'test/fixtures/vitest/pass/test/mock.test.ts:7 <anonymous>',
  'test/fixtures/vitest/pass/test/mock.test.ts:8 mocked.greet',
];

/** The pass fixture's hits: math.test.ts and mock.test.ts run in two workers, added up. */
function assertPassHits(stats: ProfileStats): void {
  assert.deepEqual(functionsOf(stats), PASS_FUNCTIONS);
  // 1 + 100 calls from math.test.ts, 1 from mock.test.ts (n = 4, 1000, 3).
  assert.deepEqual(hitsOf(stats, 'sumSquares'), { 11: 102, 12: 100109, 13: 100007, 15: 102 });
  assert.deepEqual(hitsOf(stats, 'stats'), { 19: 1, 20: 1 });
  assert.deepEqual(hitsOf(stats, 'greet'), { 3: 1, 4: 1 });
  assert.deepEqual(hitsOf(stats, 'mocked.greet'), { 8: 1 });
  // The vi.mock factory runs before the file's registration (vitest hoists it): unrecorded.
  const factory = stats.functions.find((f) => f.file.endsWith('mock.test.ts') && f.line === 7);
  assert.deepEqual(factory?.lines, []);
}

test('vitest run (forks pool) under lineprof exec: exact hits on the original lines; output and exit code as a plain run', () => {
  const out = path.join(tempDir(), 'forks.lprof');
  const plain = plainVitest(PASS);
  const run = profiledVitest(out, PASS);
  assertSameRun(run, plain);
  assert.equal(run.status, 0, run.stderr);
  assert.match(normalised(run.stdout), /Tests {2}5 passed \(5\)/);
  assert.match(
    run.stderr,
    /^lineprof: no function was selected \(profile\(\), --func or --all\): profiled all 12 functions in 4 files\nlineprof: added up the results of \d+ Node processes and workers\nlineprof: wrote profile results to .*forks\.lprof; view with: lineprof show .*\n$/,
  );
  assertPassHits(readResultFile(out).stats);
});

test('vitest run --pool threads under lineprof exec: the same hits, from worker threads', () => {
  const out = path.join(tempDir(), 'threads.lprof');
  const plain = plainVitest(PASS, ['--pool', 'threads']);
  const run = profiledVitest(out, PASS, ['--pool', 'threads']);
  assertSameRun(run, plain);
  assertPassHits(readResultFile(out).stats);
});

test('failing tests: the errors, code frames and exit code are those of a plain run', () => {
  const out = path.join(tempDir(), 'fail.lprof');
  const plain = plainVitest(FAIL);
  const run = profiledVitest(out, FAIL);
  assertSameRun(run, plain);
  assert.equal(run.status, 1);
  const report = normalised(run.stderr);
  // The error thrown in src/boom.ts, with its code frame on the original line and column.
  assert.match(report, /Error: bad mode b\n ❯ boom src\/boom\.ts:9:11\n {6}7\| export function boom\(mode: Mode\): Thing \{\n/);
  assert.match(report, /AssertionError: expected 1 to be 2 \/\/ Object\.is equality[\s\S]* ❯ test\/boom\.test\.ts:14:17\n/);
  assert.match(report, /Error: Snapshot `fails an inline snapshot 1` mismatched[\s\S]* ❯ test\/boom\.test\.ts:18:21\n/);
  assert.match(normalised(run.stdout), /Tests {2}3 failed \| 1 passed \(4\)/);
  assert.deepEqual(hitsOf(readResultFile(out).stats, 'boom'), { 8: 4, 9: 1, 11: 3 });
});

test('a new inline snapshot is written where a plain run writes it', () => {
  const write = (profiled: boolean): string => {
    // A copy, since vitest writes into the test file; node_modules links resolve vitest and lineprof.
    const dir = tempDir();
    fs.cpSync(path.join(FIXTURES, 'vitest/snapshot'), dir, { recursive: true });
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(path.join(ROOT, 'node_modules/vitest'), path.join(dir, 'node_modules/vitest'));
    fs.symlinkSync(ROOT, path.join(dir, 'node_modules/lineprof'));
    const run = profiled ? profiledVitest(path.join(dir, 'snap.lprof'), dir, ['-u']) : plainVitest(dir, ['-u']);
    assert.equal(run.status, 0, run.stderr);
    if (profiled) assert.deepEqual(hitsOf(readResultFile(path.join(dir, 'snap.lprof')).stats, 'point'), { 11: 1 });
    return fs.readFileSync(path.join(dir, 'test/snap.test.ts'), 'utf8');
  };
  const plain = write(false);
  assert.match(plain, /toMatchInlineSnapshot\(`\n {4}\{\n {6}"x": 1,\n {6}"y": 2,\n {4}\}\n {2}`\);/);
  assert.equal(write(true), plain);
});

test('LINEPROF=1 with --import lineprof/register: vitest\'s workers get the preload from the plugin', () => {
  const out = path.join(tempDir(), 'register.lprof');
  const run = runNode(['--import', REGISTER, VITEST, 'run', '--root', PASS], ROOT, { LINEPROF: '1', LINEPROF_OUTPUT: out });
  assert.equal(run.status, 0, run.stderr);
  assertPassHits(readResultFile(out).stats);
});

test('without the plugin, lineprof exec records none of the code vitest runs', () => {
  const out = path.join(tempDir(), 'without.lprof');
  const run = profiledVitest(out, PASS, [], [], { FIXTURE_WITHOUT_PLUGIN: '1' });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(readResultFile(out).stats.functions, []);
});

test('without the plugin, lineprof exec says so', () => {
  const out = path.join(tempDir(), 'notice.lprof');
  const run = profiledVitest(out, PASS, [], [], { FIXTURE_WITHOUT_PLUGIN: '1' });
  assert.match(run.stderr, /^lineprof: vitest ran without the lineprof\/vitest plugin/m);
});

/** A module script that prints `lineprof()`'s hooks (run without lineprof, or under exec). */
const PRINT_HOOKS = "import lineprof from 'lineprof/vitest'; console.log(JSON.stringify(Object.keys(lineprof())));";

test('without lineprof active the plugin has no hooks (every module stays byte for byte as it is)', () => {
  const plain = runNode(['--input-type=module', '-e', PRINT_HOOKS], ROOT);
  assert.deepEqual([plain.status, plain.stdout, plain.stderr], [0, '["name"]\n', '']);
  // LINEPROF alone, without the preload: the workers would have no runtime.
  const flagOnly = runNode(['--input-type=module', '-e', PRINT_HOOKS], ROOT, { LINEPROF: '1' });
  assert.deepEqual(
    [flagOnly.status, flagOnly.stdout, flagOnly.stderr],
    [0, '["name"]\n', "lineprof: LINEPROF is set but lineprof is not loaded in vitest's process: not profiling (run it under `lineprof exec`, or with --import lineprof/register)\n"],
  );
});

test('the plugin\'s decisions: own files only, a key per source, not under istanbul coverage, not in vm pools\' jsdom contexts', () => {
  // Its hooks, called as vitest calls them, in a process lineprof is active in.
  const script = `
    import lineprof from 'lineprof/vitest';
    const plugin = lineprof();
    const ssr = {}, client = {};
    const coverage = { enabled: false, provider: 'v8' };
    const project = (pool) => ({ config: { pool, environment: 'node', execArgv: ['--x'] }, vite: { environments: { ssr, client } } });
    const forks = project('forks');
    plugin.configureVitest({ vitest: { config: { coverage } }, project: forks });
    const own = ${JSON.stringify(path.join(PASS, 'src/greet.js'))};
    const code = 'export function f() {\\n  return 1;\\n}\\n';
    const instrumented = (environment, id) => plugin.transform.call({ environment }, code, id)?.code.includes('__lineprof.r(') ?? false;
    const results = {
      execArgv: forks.config.execArgv,
      own: instrumented(ssr, own),
      jsdom: instrumented(client, own),
      query: instrumented(ssr, own + '?raw'),
      dependency: instrumented(ssr, ${JSON.stringify(path.join(ROOT, 'node_modules/x/index.js'))}),
      otherServer: instrumented({}, own),
    };
    // The file's key (in its registration call) names its source too: a changed module
    // evaluated again in the same worker gets a table of its own.
    const keyOf = (source) => plugin.transform.call({ environment: ssr }, source, own).code.split('__lineprof.r("')[1].split('"')[0];
    results.sameSourceSameKey = keyOf(code) === keyOf(code);
    results.changedSourceOtherKey = keyOf(code) !== keyOf(code.replace('1', '2'));
    coverage.enabled = true;
    results.v8 = instrumented(ssr, own);
    coverage.provider = 'istanbul';
    results.istanbul = instrumented(ssr, own);
    const vmProject = { config: { pool: 'vmForks', environment: 'node', execArgv: [] }, vite: { environments: { ssr: {}, client: {} } } };
    coverage.enabled = false;
    plugin.configureVitest({ vitest: { config: { coverage } }, project: vmProject });
    results.vmNode = instrumented(vmProject.vite.environments.ssr, own);
    results.vmJsdom = instrumented(vmProject.vite.environments.client, own);
    console.log(JSON.stringify(results));
  `;
  const out = path.join(tempDir(), 'decisions.lprof');
  const run = lineprof(['exec', '-q', '-o', out, process.execPath, '--input-type=module', '-e', script], ROOT);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), {
    execArgv: ['--x', '--require', path.join(ROOT, 'dist/src/loader/preload.cjs')],
    own: true,
    jsdom: true,
    query: false,
    dependency: false,
    otherServer: false,
    sameSourceSameKey: true,
    changedSourceOtherKey: true,
    v8: true,
    istanbul: false,
    vmNode: true,
    vmJsdom: false,
  });
  assert.deepEqual(run.stderr.split('\n').filter((line) => line.startsWith('lineprof: vitest')), [
    "lineprof: vitest's istanbul coverage is on: the code vitest runs is not profiled (istanbul would count lineprof's probes; v8 coverage is not affected)",
    "lineprof: vitest's vmForks pool: test files of the jsdom, happy-dom and edge-runtime environments are not profiled (their contexts have no lineprof runtime)",
  ]);
});

test('lineprof() type-checks as a Vite plugin and in a vitest config (tsc)', () => {
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
  const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--types', 'node'];
  const run = runNode([tsc, ...flags, path.join(PASS, 'vitest.config.ts'), path.join(FIXTURES, 'vitest/types/plugin.ts')], ROOT);
  assert.deepEqual([run.status, run.stdout, run.stderr], [0, '', '']);
});
