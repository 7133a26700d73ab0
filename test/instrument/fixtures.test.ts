// Whole programs from test/fixtures/syntax/, each run plain (`node file`) and under
// `lineprof run -q --all`: stdout and exit code must match byte for byte, stderr too
// except where README's "Known differences from a plain run" says it differs (an
// uncaught error; see normalise-errors.ts), and the result file must list the functions,
// and the hits where given, that the program's <name>.expected.json beside it says
// (format: fixture-expectations.ts); a program without one fails. A .ts fixture runs
// plain after esbuild strips its types (Node 20 cannot run TypeScript).
//
// The fixtures are copied to a temp dir first, under a package.json of their own that
// makes .js files CommonJS (the repository's says "module"); the type-stripped .ts and the
// result files go there too. Nothing is written outside that temp dir, which is removed
// at the end. (lineprof would instrument them in place as well: it skips only its own
// dist/.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
import { readResultFile } from '../../src/stats/result-file.js';
import { EXPECTED_SUFFIX, expectedFileOf, PROGRAM, readExpected, type Expected } from './fixture-expectations.js';
import { withPlainSnippet } from './normalise-errors.js';

const bin = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const fixtures = fileURLToPath(new URL('../../../test/fixtures/syntax/', import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lineprof-syntax-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
fs.cpSync(fixtures, dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "commonjs" }\n');

/** The environment of both runs: nothing from this test runner or a surrounding lineprof. */
const env: NodeJS.ProcessEnv = { ...process.env };
for (const key of ['NODE_OPTIONS', 'NODE_TEST_CONTEXT', 'LINEPROF', 'LINEPROF_CONFIG', 'LINEPROF_ROOT_PID']) delete env[key];

interface Outcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

interface ProfiledOutcome {
  readonly outcome: Outcome;
  /** null: no result file. */
  readonly functions: readonly { name: string; lines: Record<number, number> }[] | null;
}

// Each run is a whole Node process (over a second under lineprof): they run a few at a
// time, started up front, and each test awaits its own.
let running = 0;
const waiting: (() => void)[] = [];

async function node(...args: string[]): Promise<Outcome> {
  if (running >= os.availableParallelism()) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await new Promise<Outcome>((resolve) => {
      const child = execFile(process.execPath, args, { cwd: dir, env, encoding: 'utf8' }, (_error, stdout, stderr) => {
        resolve({ stdout, stderr, status: child.exitCode });
      });
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function runPlain(file: string): Promise<Outcome> {
  if (!file.endsWith('.ts')) return node(file);
  const stripped = `${path.basename(file, '.ts')}.plain.mjs`;
  const source = fs.readFileSync(path.join(dir, file), 'utf8');
  fs.writeFileSync(path.join(dir, stripped), transformSync(source, { loader: 'ts' }).code);
  return node(stripped);
}

async function runProfiled(file: string): Promise<ProfiledOutcome> {
  const out = path.join(dir, `${file}.lprof`);
  const outcome = await node(bin, 'run', '-q', '--all', '-o', out, file);
  // No result file when the program failed before any of it was instrumented.
  if (!fs.existsSync(out)) return { outcome, functions: null };
  const functions = readResultFile(out).stats.functions.map((fn) => ({
    name: fn.name,
    lines: Object.fromEntries(fn.lines.map((l) => [l.line, l.hits])),
  }));
  return { outcome, functions };
}

/** A program of the directory and its expectations, or why it has none that can be read. */
interface Fixture {
  readonly file: string;
  readonly expectedFile: string;
  readonly expected: Expected | Error;
}

const programs = fs.readdirSync(fixtures).filter((f) => PROGRAM.test(f)).sort();
const FIXTURES: readonly Fixture[] = programs.map((file) => {
  const expectedFile = expectedFileOf(file);
  const absolute = path.join(fixtures, expectedFile);
  if (!fs.existsSync(absolute)) {
    const error = new Error(`test/fixtures/syntax/${file} has no ${expectedFile} beside it (every fixture states what it expects: see fixture-expectations.ts)`);
    return { file, expectedFile, expected: error };
  }
  try {
    return { file, expectedFile, expected: readExpected(absolute) };
  } catch (error) {
    return { file, expectedFile, expected: error as Error };
  }
});

test('the fixtures: one program per expectation file, and each file has its program', () => {
  assert.notEqual(programs.length, 0, `no programs in ${fixtures}`);
  const expectationFiles = fs.readdirSync(fixtures).filter((f) => f.endsWith(EXPECTED_SUFFIX)).sort();
  const claimed = programs.map(expectedFileOf);
  const withoutProgram = expectationFiles.filter((f) => !claimed.includes(f));
  const claimedTwice = claimed.filter((f, i) => claimed.indexOf(f) !== i);
  assert.deepEqual({ withoutProgram, claimedTwice }, { withoutProgram: [], claimedTwice: [] });
});

/** A fixture's expectations; one that has none, or none that reads, fails its tests. */
function expectationsOf(fixture: Fixture): Expected {
  if (fixture.expected instanceof Error) throw fixture.expected;
  return fixture.expected;
}

const runs = new Map(
  FIXTURES.filter((f) => !(f.expected instanceof Error)).map((f) => [f.file, Promise.all([runPlain(f.file), runProfiled(f.file)])]),
);
// A run that fails fails its test when awaited there; until then it is not unhandled.
for (const run of runs.values()) run.catch(() => {});

for (const fixture of FIXTURES) {
  test(`${fixture.file}: same output plain and under lineprof`, async () => {
    const { error } = expectationsOf(fixture);
    const [plain, profiled] = await runs.get(fixture.file)!;
    if (!error) {
      assert.deepEqual(profiled.outcome, plain);
      return;
    }
    assert.deepEqual([plain.status, plain.stderr.split('\n').filter((l) => /^\w*Error/.test(l))], [1, [error.message]]);
    const { stdout, status } = profiled.outcome;
    assert.deepEqual({ stdout, status }, { stdout: plain.stdout, status: plain.status });
    if (error.kind === 'uncaught') {
      // Node's whole report, frames and columns, but for a probe Node's snippet may show.
      assert.equal(withPlainSnippet(profiled.outcome.stderr, plain.stderr), plain.stderr);
    } else {
      const note = 'lineprof: no results were written: the program failed (exit code 1) before any of its functions was loaded\n';
      assert.equal(profiled.outcome.stderr, plain.stderr + note);
    }
  });

  test(`${fixture.file}: the result file's functions and hits as ${fixture.expectedFile} says`, async () => {
    const expected = expectationsOf(fixture);
    const [, { functions }] = await runs.get(fixture.file)!;
    if (expected.error?.kind === 'load') {
      // Nothing of the program ran: no result file.
      assert.equal(functions, null);
      return;
    }
    assert.notEqual(functions, null, 'no result file');
    // Names in order; the whole hit map of each function whose expectation gives one.
    const actual = functions!.map(({ name, lines }, i) => (expected.functions[i]?.hits === undefined ? { name } : { name, hits: lines }));
    assert.deepEqual(actual, expected.functions.map(({ name, hits }) => (hits === undefined ? { name } : { name, hits })));
  });
}
