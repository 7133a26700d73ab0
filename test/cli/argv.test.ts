// A table of command lines and exactly what splitArgv makes of them: which words are
// lineprof's, which the program's, and the one-line usage errors. No process is spawned.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  splitArgv,
  type DiffOptions,
  type Invocation,
  type ReportOptions,
  type RunOptions,
} from '../../src/cli/argv.js';

// Written out here, not imported, so that a changed default fails a test.
const report: ReportOptions = { unit: undefined, skipZero: false, sort: false, top: undefined, summary: false, max: false, color: true };
const defaults: RunOptions = {
  outfile: undefined,
  view: false,
  quiet: false,
  funcs: [],
  all: false,
  include: [],
  exclude: [],
  engine: 'exact',
  intervalUs: undefined,
  compensate: true,
  outputIntervalS: undefined,
  report,
  watch: false,
  watchPaths: [],
};

const run = (script: string, args: string[], options: Partial<RunOptions> = {}): Invocation => ({
  command: 'run',
  script,
  args,
  options: { ...defaults, ...options },
});

const exec = (file: string, args: string[], options: Partial<RunOptions> = {}): Invocation => ({
  command: 'exec',
  file,
  args,
  options: { ...defaults, ...options },
});

const diffDefaults: DiffOptions = { unit: undefined, skipZero: false, color: true, format: 'text', output: undefined };

const diff = (
  [fileA, runA]: [string, string | undefined],
  [fileB, runB]: [string, string | undefined],
  options: Partial<DiffOptions> = {},
): Invocation => ({
  command: 'diff',
  a: { file: fileA, run: runA },
  b: { file: fileB, run: runB },
  options: { ...diffDefaults, ...options },
});

const splits: [string[], Invocation][] = [
  [['run', 'a.js'], run('a.js', [])],
  [['run', 'a.js', 'x', 'y'], run('a.js', ['x', 'y'])],
  // After the script every word is the program's, even lineprof's own options.
  [['run', '-v', 'a.js', '-v', '--func', 'f', '-o', 'x'], run('a.js', ['-v', '--func', 'f', '-o', 'x'], { view: true })],
  [['run', 'a.js', '--help'], run('a.js', ['--help'])],
  [['run', 'a.js', '--frob'], run('a.js', ['--frob'])],
  [['run', 'a.js', '--', 'z'], run('a.js', ['--', 'z'])],
  // A `--` before the script ends lineprof's options; only the first one is consumed.
  [['run', '--', 'a.js', '-v'], run('a.js', ['-v'])],
  [['run', '-v', '--', '-weird.js', '--'], run('-weird.js', ['--'], { view: true })],
  [['run', '--', '--', 'a.js'], run('--', ['a.js'])],
  // Option values are not taken for the script, in both spellings.
  [['run', '-o', 'out.lprof', 'a.js'], run('a.js', [], { outfile: 'out.lprof' })],
  [['run', '--outfile', 'out.lprof', 'a.js'], run('a.js', [], { outfile: 'out.lprof' })],
  [['run', '--outfile=out.lprof', 'a.js'], run('a.js', [], { outfile: 'out.lprof' })],
  // As with getopt, a value that looks like an option is still the value.
  [['run', '-o', '-v', 'a.js'], run('a.js', [], { outfile: '-v' })],
  [['run', '--func', '--all', 'a.js'], run('a.js', [], { funcs: ['--all'] })],
  // Repeatable options keep every value, in order.
  [
    ['run', '--func', 'f', '--func=Parser.parse', '--func', 'src/*.ts:g', 'a.js'],
    run('a.js', [], { funcs: ['f', 'Parser.parse', 'src/*.ts:g'] }),
  ],
  [
    ['run', '--include', 'node_modules/x/**', '--include=lib/**', '--exclude', 'gen/**', '--exclude=*.test.ts', 'a.ts'],
    run('a.ts', [], { include: ['node_modules/x/**', 'lib/**'], exclude: ['gen/**', '*.test.ts'] }),
  ],
  [
    ['run', '--engine', 'sampled', '--interval', '250', 'a.js'],
    run('a.js', [], { engine: 'sampled', intervalUs: 250 }),
  ],
  [['run', '--engine=sampled', 'a.js'], run('a.js', [], { engine: 'sampled' })],
  [['run', '--engine', 'exact', 'a.js'], run('a.js', [], { engine: 'exact' })],
  // Every flag, short ones combined.
  [
    ['run', '-vzq', '--sort', '--summary', '--all', '--no-compensate', '--no-color', '-u', '1e-3', 'a.js'],
    run('a.js', [], {
      view: true,
      quiet: true,
      all: true,
      compensate: false,
      report: { unit: 1e-3, skipZero: true, sort: true, top: undefined, summary: true, max: false, color: false },
    }),
  ],
  [['run', '--unit=0.5', '--skip-zero', 'a.js'], run('a.js', [], { report: { ...report, unit: 0.5, skipZero: true } })],
  // `exec`: lineprof's options, then the command and everything after it, untouched.
  [['run', '--watch', 'a.js', '--watch'], run('a.js', ['--watch'], { watch: true })],
  [['run', '-w', '--watch-path', 'data/*.json', '--watch-path=*.txt', 'a.js'], run('a.js', [], { watch: true, watchPaths: ['data/*.json', '*.txt'] })],
  [['exec', 'npm', 'test'], exec('npm', ['test'])],
  [['run', '-i', '5', 'server.js'], run('server.js', [], { outputIntervalS: 5 })],
  [['exec', '--output-interval=0.5', 'npm', 'start'], exec('npm', ['start'], { outputIntervalS: 0.5 })],
  [['exec', '-q', '--all', 'node', '--test', 'a.mjs', '-v'], exec('node', ['--test', 'a.mjs', '-v'], { quiet: true, all: true })],
  [['exec', '-o', 'all.lprof', '--', 'node', '--expose-gc', 'app.js'], exec('node', ['--expose-gc', 'app.js'], { outfile: 'all.lprof' })],
  [['exec', '--engine', 'sampled', 'npx', 'vitest', 'run'], exec('npx', ['vitest', 'run'], { engine: 'sampled' })],
  [['show', 'a.lprof'], { command: 'show', files: ['a.lprof'], run: undefined, format: 'text', output: undefined, options: report }],
  [['show', 'a.lprof', '--top', '3'], { command: 'show', files: ['a.lprof'], run: undefined, format: 'text', output: undefined, options: { ...report, top: 3 } }],
  [['show', 'a.lprof', '--run', 'warm'], { command: 'show', files: ['a.lprof'], run: 'warm', format: 'text', output: undefined, options: report }],
  [
    ['show', '--format', 'pprof', 'a.lprof', '-o', 'a.pb.gz'],
    { command: 'show', files: ['a.lprof'], run: undefined, format: 'pprof', output: 'a.pb.gz', options: report },
  ],
  [
    ['show', 'a.lprof', '--format=json', '--output=a.json', '--sort'],
    { command: 'show', files: ['a.lprof'], run: undefined, format: 'json', output: 'a.json', options: { ...report, sort: true } },
  ],
  // `show` has no program after it: options may come anywhere.
  [
    ['show', '-u', '1e-3', 'a.lprof', 'b.lprof', '-z', '--sort', '--summary', '--no-color'],
    {
      command: 'show',
      files: ['a.lprof', 'b.lprof'],
      run: undefined,
      format: 'text',
      output: undefined,
      options: { unit: 1e-3, skipZero: true, sort: true, top: undefined, summary: true, max: false, color: false },
    },
  ],
  [['diff', 'a.lprof', 'b.lprof'], diff(['a.lprof', undefined], ['b.lprof', undefined])],
  [
    ['diff', '--json', '-u', '1e-3', '-z', '--no-color', 'a.lprof', 'b.lprof'],
    diff(['a.lprof', undefined], ['b.lprof', undefined], { unit: 1e-3, skipZero: true, color: false, format: 'json' }),
  ],
  // Both sides are runs of one file; the labels end at the next option.
  [['diff', 'x.lprof', '--runs', 'cold', 'warm'], diff(['x.lprof', 'cold'], ['x.lprof', 'warm'])],
  [['diff', 'x.lprof', '--runs', 'cold', 'warm', '--json'], diff(['x.lprof', 'cold'], ['x.lprof', 'warm'], { format: 'json' })],
  [['diff', '--format', 'json', 'a.lprof', 'b.lprof'], diff(['a.lprof', undefined], ['b.lprof', undefined], { format: 'json' })],
  [['diff', '--format', 'html', '-o', 'd.html', 'a.lprof', 'b.lprof'], diff(['a.lprof', undefined], ['b.lprof', undefined], { format: 'html', output: 'd.html' })],
  [['diff', '--format', 'text', 'a.lprof', 'b.lprof'], diff(['a.lprof', undefined], ['b.lprof', undefined])],
  [
    ['merge', '-o', 'all.lprof', 'a.lprof', 'b.lprof'],
    { command: 'merge', files: ['a.lprof', 'b.lprof'], outfile: 'all.lprof', quiet: false },
  ],
  [
    ['merge', 'a.lprof', '--outfile=a.lprof', '-q'],
    { command: 'merge', files: ['a.lprof'], outfile: 'a.lprof', quiet: true },
  ],
];

for (const [argv, expected] of splits) {
  test(`splitArgv ${JSON.stringify(argv)}`, () => {
    assert.deepEqual(splitArgv(argv), expected);
  });
}

const usageErrors: [string[], string][] = [
  [['run'], "missing required argument 'script'"],
  [['exec'], "missing required argument 'command'"],
  [['exec', '--interval', '9', 'npm', 'test'], "option '--interval' needs '--engine sampled'"],
  [['run', '-v', '--all'], "missing required argument 'script'"],
  [['run', '--'], "missing required argument 'script'"],
  [['run', '--frob', 'a.js'], "unknown option '--frob'"],
  [['run', '-x', 'a.js'], "unknown option '-x'"],
  [['run', '-o'], "option '-o, --outfile <file>' argument missing"],
  [['run', '--func'], "option '--func <pattern>' argument missing"],
  [['run', '--engine', 'fast', 'a.js'], "option '--engine <name>' argument 'fast' is invalid. Allowed choices are exact, sampled."],
  [['run', '-u', '0', 'a.js'], "option '-u, --unit <seconds>' argument '0' is invalid. Expected a positive number."],
  [['run', '-u', 'abc', 'a.js'], "option '-u, --unit <seconds>' argument 'abc' is invalid. Expected a positive number."],
  [
    ['run', '--engine', 'sampled', '--interval', '1.5', 'a.js'],
    "option '--interval <us>' argument '1.5' is invalid. Expected a positive integer.",
  ],
  [['run', '--interval', '100', 'a.js'], "option '--interval' needs '--engine sampled'"],
  [['run', '--watch-path', '*.json', 'a.js'], "option '--watch-path' needs '--watch'"],
  [['exec', '--watch', 'npm', 'test'], "unknown option '--watch'"],
  [['show'], "missing required argument 'files'"],
  [['show', '--frob', 'a.lprof'], "unknown option '--frob'"],
  [['show', 'a.lprof', '--run'], "option '--run <label>' argument missing"],
  [['show', 'a.lprof', '--top', '0'], "option '--top <n>' argument '0' is invalid. Expected a positive number."],
  [
    ['show', 'a.lprof', '--format', 'xml'],
    "option '--format <format>' argument 'xml' is invalid. Allowed choices are text, html, json, lcov, pprof, speedscope, cpuprofile.",
  ],
  [['diff', 'a.lprof', 'b.lprof', '--format', 'lcov'], "option '--format <format>' argument 'lcov' is invalid. Allowed choices are text, html, json."],
  [['diff', 'a.lprof'], 'diff takes two result files, or one with --runs (got 1)'],
  [['diff', 'a.lprof', 'b.lprof', 'c.lprof'], 'diff takes two result files, or one with --runs (got 3)'],
  [['diff', 'a.lprof', '--runs', 'cold'], "option '--runs' takes two labels (got 1)"],
  [['diff', '--runs', 'cold', 'warm', 'x.lprof'], "option '--runs' takes two labels (got 3); the file goes before --runs"],
  [['diff', 'a.lprof', 'b.lprof', '--runs', 'cold', 'warm'], 'diff --runs takes one result file (got 2)'],
  [['diff', 'a.lprof', 'b.lprof', '-u', '0'], "option '-u, --unit <seconds>' argument '0' is invalid. Expected a positive number."],
  [['merge', 'a.lprof'], "required option '-o, --outfile <file>' not specified"],
  [['merge', '-o', 'out.lprof'], "missing required argument 'files'"],
  [['frob'], "unknown command 'frob'"],
];

for (const [argv, message] of usageErrors) {
  test(`splitArgv ${JSON.stringify(argv)} is a usage error`, () => {
    assert.throws(() => splitArgv(argv), { name: 'LineprofError', code: 'USAGE', message });
  });
}

// Help text is commander's; its first line says which help it is.
function helpOf(argv: string[]): { exitCode: number; firstLine: string } | Invocation {
  const result = splitArgv(argv);
  return result.command === 'help' ? { exitCode: result.exitCode, firstLine: result.text.split('\n')[0] } : result;
}

const helps: [string[], number, string][] = [
  // No command at all: the help goes to stderr, exit code 2.
  [[], 2, 'Usage: lineprof [options] [command]'],
  [['--help'], 0, 'Usage: lineprof [options] [command]'],
  [['run', '-v', '--help', 'a.js'], 0, 'Usage: lineprof run [options] <script> [args...]'],
  [['help', 'run'], 0, 'Usage: lineprof run [options] <script> [args...]'],
  [['show', '-h'], 0, 'Usage: lineprof show [options] <files...>'],
  [['diff', '-h'], 0, 'Usage: lineprof diff [options] <A.lprof> <B.lprof> | <file.lprof> --runs <A> <B>'],
  [['merge', '--help'], 0, 'Usage: lineprof merge [options] <files...>'],
];

for (const [argv, exitCode, firstLine] of helps) {
  test(`splitArgv ${JSON.stringify(argv)} is help`, () => {
    assert.deepEqual(helpOf(argv), { exitCode, firstLine });
  });
}

test('--version prints the version it was given', () => {
  assert.deepEqual(splitArgv(['--version'], { version: '1.2.3' }), { command: 'help', text: '1.2.3\n', exitCode: 0 });
});
