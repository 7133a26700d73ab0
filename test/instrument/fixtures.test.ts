// Whole programs from test/fixtures/syntax/, each run plain (`node file`) and under
// `lineprof run -q --all`: stdout and exit code must match byte for byte, stderr too
// except where README's "Known differences from a plain run" says it differs (an
// uncaught error; see normalise-errors.ts), and the result file must list the program's
// functions. A .ts fixture runs plain after esbuild strips its types (Node 20 cannot run
// TypeScript).
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

interface Fixture {
  readonly file: string;
  /** Names in the result file, in registration order. */
  readonly functions: readonly string[];
  /**
   * The program dies of an uncaught error, and this is its message line on plain node's
   * stderr. `uncaught`: thrown while running, stderr identical but for a probe that Node's
   * source snippet may show (`withPlainSnippet`). `load`: a syntax error Node
   * reports while loading the file, which lineprof left uninstrumented because it does
   * not parse: stderr identical, then lineprof's note that no result file was written
   * (nothing of the program ran).
   */
  readonly error?: { readonly kind: 'uncaught' | 'load'; readonly message: string };
}

const FIXTURES: readonly Fixture[] = [
  { file: 'asi-directives.js', functions: ['sloppyThis', 'strictThis', 'noSemicolons', 'addFirst', '<anonymous>', '<anonymous>'] },
  { file: 'control-flow.js', functions: ['loops', 'labels', 'classify'] },
  { file: 'generators.js', functions: ['inner', 'outer', 'ticks', '<anonymous>'] },
  { file: 'async.mjs', functions: ['fail', 'double', 'retry', 'main', '<anonymous>'] },
  {
    file: 'classes.js',
    functions: [
      'Counter.<static>', 'Counter.increment', 'Counter.count', 'Counter.count', 'Counter.#describe', 'Counter.describe',
      'Counter.create', 'LoudCounter.constructor', 'LoudCounter.describe',
    ],
  },
  {
    file: 'scope.cjs',
    functions: ['aliasing', 'defaults', 'read', 'destructure', 'hoisting', 'declaredBelow', 'makeCounter', '<anonymous>', 'fib'],
  },
  { file: 'exceptions.js', functions: ['level3', 'level2', 'level1', 'overriding'] },
  { file: 'expressions.mjs', functions: ['tag', 'lookup', 'empty', 'oneLine', 'default'] },
  { file: 'typescript.ts', functions: ['scale', 'format', 'Shape.describe', 'Square.constructor', 'Square.area', 'first'] },
  { file: 'uncaught.js', functions: ['deep'], error: { kind: 'uncaught', message: 'Error: deep failure' } },
  { file: 'rejection.mjs', functions: ['fail'], error: { kind: 'uncaught', message: 'TypeError: async failure' } },
  // Every function of a file is profiled, the nested declaration too.
  { file: 'hoisted-names.js', functions: ['shadowed', 'helper'] },
  { file: 'syntax-error.js', functions: [], error: { kind: 'load', message: "SyntaxError: Unexpected token ';'" } },
  { file: 'early-error.js', functions: [], error: { kind: 'load', message: "SyntaxError: 'super' keyword unexpected here" } },
];

test('every fixture in the directory is listed here', () => {
  const files = fs.readdirSync(fixtures).filter((f) => /\.(js|mjs|cjs|ts)$/.test(f)).sort();
  assert.deepEqual(files, FIXTURES.map((f) => f.file).sort());
});

const runs = new Map(FIXTURES.map((f) => [f.file, Promise.all([runPlain(f.file), runProfiled(f.file)])]));
// A run that fails fails its test when awaited there; until then it is not unhandled.
for (const run of runs.values()) run.catch(() => {});

for (const fixture of FIXTURES) {
  test(`${fixture.file}: same output plain and under lineprof`, async () => {
    const [plain, profiled] = await runs.get(fixture.file)!;
    const { error } = fixture;
    if (!error) {
      assert.deepEqual(profiled.outcome, plain);
    } else {
      assert.deepEqual([plain.status, plain.stderr.split('\n').filter((l) => /^\w*Error/.test(l))], [1, [error.message]]);
      const { stdout, status } = profiled.outcome;
      assert.deepEqual({ stdout, status }, { stdout: plain.stdout, status: plain.status });
      if (error.kind === 'uncaught') {
        // Node's whole report, frames and columns, but for a probe Node's snippet may show.
        assert.equal(withPlainSnippet(profiled.outcome.stderr, plain.stderr), plain.stderr);
      } else {
        const note = 'lineprof: no results were written: the program failed (exit code 1) before any of its functions was loaded\n';
        assert.equal(profiled.outcome.stderr, plain.stderr + note);
        assert.equal(profiled.functions, null);
        return;
      }
    }
    assert.deepEqual(profiled.functions?.map((fn) => fn.name), fixture.functions);
  });
}

test('control-flow.js: hits per line', async () => {
  const [, { functions }] = await runs.get('control-flow.js')!;
  assert.deepEqual(functions, [
    { name: 'loops', lines: { 4: 1, 5: 4, 6: 3, 7: 3, 8: 2, 9: 3, 10: 2, 11: 1, 12: 4, 13: 3, 14: 1, 15: 3, 16: 3, 17: 1 } },
    { name: 'labels', lines: { 20: 1, 21: 3, 22: 5, 23: 5, 24: 3, 25: 2, 29: 1, 32: 1 } },
    {
      name: 'classify',
      lines: { 35: 3, 36: 3, 38: 1, 40: 2, 41: 2, 43: 1, 45: 3, 46: 1, 47: 2, 48: 1, 50: 1, 51: 3 },
    },
  ]);
});

test('generators.js: hits per line, resumptions not counted', async () => {
  const [, { functions }] = await runs.get('generators.js')!;
  assert.deepEqual(functions, [
    { name: 'inner', lines: { 4: 2, 5: 1, 6: 1, 7: 1 } },
    { name: 'outer', lines: { 10: 2, 11: 2, 12: 1, 13: 1, 15: 1, 16: 1, 18: 2 } },
    { name: 'ticks', lines: { 22: 4, 23: 3, 24: 3 } },
    { name: '<anonymous>', lines: { 33: 1, 34: 4, 35: 1 } },
  ]);
});
