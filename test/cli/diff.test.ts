// `lineprof diff` end to end: spawns the built bin on result files written into a temp dir
// and asserts the whole stdout, stderr and exit code, the diff written out by hand. Bad
// files and labels must give one line, `lineprof: <file>: <what>`, exit 1, no stack.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeResultFile } from '../../src/stats/result-file.js';
import type { FunctionStats, LineStats, ProfileMeta, ProfileStats } from '../../src/stats/model.js';

const bin = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lineprof-diff-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

function lineprof(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  const { stdout, stderr, status } = spawnSync(process.execPath, [bin, ...args], { cwd: dir, env, encoding: 'utf8' });
  return { stdout, stderr, status };
}

const rows = (...table: [number, number, number][]): LineStats[] =>
  table.map(([line, hits, time]) => ({ line, hits, time, wait: 0 }));
const stats = (...functions: FunctionStats[]): ProfileStats => ({ unit: 1e-9, engine: 'exact', functions });

const SOURCE = ['function work(n) {', '  prepare(n);', '  compute(n);', '  return check(n);', '}'];
// In B, compute is four times cheaper and the check line no longer runs.
const workA: FunctionStats = { file: '/app/work.js', name: 'work', line: 1, source: SOURCE, lines: rows([2, 1, 3000], [3, 1, 6000], [4, 1, 1000]) };
const workB: FunctionStats = { ...workA, lines: rows([2, 1, 3000], [3, 1, 1500]) };
const old: FunctionStats = { file: '/app/work.js', name: 'old', line: 7, source: ['old()'], lines: rows([7, 2, 200]) };
const helper: FunctionStats = { file: '/app/work.js', name: 'helper', line: 7, source: ['helper()'], lines: rows([7, 1, 100]) };

const meta: ProfileMeta = { clock: 'performance.now', compensated: true };
const runs = [
  { label: 'cold', stats: stats(workA) },
  { label: 'warm', stats: stats(workB) },
];
writeResultFile(path.join(dir, 'a.lprof'), { meta, stats: stats(workA, old), runs });
writeResultFile(path.join(dir, 'b.lprof'), { meta, stats: stats(workB, helper), runs: [] });
writeResultFile(path.join(dir, 'raw.lprof'), { meta: { ...meta, compensated: false }, stats: stats(workB), runs: [] });

const BLANK = ' '.repeat(73);
const WORK_BLOCK = [
  'Total time: 1e-05 s -> 4.5e-06 s (B/A 0.45)',
  'File: /app/work.js',
  'Function: work at line 1',
  '',
  'Line #    Hits A    Hits B       Time A       Time B        Delta      B/A     Line Contents',
  '============================================================================================',
  `     1${BLANK}function work(n) {`,
  '     2         1         1          3.0          3.0          0.0     1.00       prepare(n);',
  '     3         1         1          6.0          1.5         -4.5     0.25 <<    compute(n);',
  '     4         1                    1.0                      -1.0     gone <<    return check(n);',
  `     5${BLANK}}`,
  '',
  '',
].join('\n');
const ENGINE = 'Engine: exact (clock performance.now, probe cost compensated)\n';

test('diff of two files: faster line with its ratio, a gone line, functions only in one', () => {
  assert.deepEqual(lineprof('diff', 'a.lprof', 'b.lprof'), {
    stdout:
      `Timer unit: 1e-06 s\n${ENGINE}A: a.lprof\nB: b.lprof\n\n${WORK_BLOCK}` +
      'only in A: old (/app/work.js:7)\n' +
      'only in B: helper (/app/work.js:7)\n',
    stderr: '',
    status: 0,
  });
});

test('diff --runs compares two labelled runs of one file', () => {
  assert.deepEqual(lineprof('diff', 'a.lprof', '--runs', 'cold', 'warm'), {
    stdout: `Timer unit: 1e-06 s\n${ENGINE}A: a.lprof, run 'cold'\nB: a.lprof, run 'warm'\n\n${WORK_BLOCK}`,
    stderr: '',
    status: 0,
  });
});

test('each side says how it was timed when the two differ', () => {
  const { stdout, status } = lineprof('diff', 'a.lprof', 'raw.lprof');
  assert.equal(status, 0);
  assert.equal(
    stdout.split('\n').slice(0, 5).join('\n'),
    [
      'Timer unit: 1e-06 s',
      'Engine of A: exact (clock performance.now, probe cost compensated)',
      'Engine of B: exact (clock performance.now, probe cost not compensated)',
      'A: a.lprof',
      'B: raw.lprof',
    ].join('\n'),
  );
});

test('diff --json: the whole shape, times in the results\' unit whatever -u says', () => {
  const { stdout, stderr, status } = lineprof('diff', 'a.lprof', 'b.lprof', '--json', '-u', '1');
  assert.deepEqual({ stderr, status, lines: stdout.split('\n').length }, { stderr: '', status: 0, lines: 2 });
  assert.deepEqual(JSON.parse(stdout), {
    format: 'lineprof-diff',
    version: 1,
    a: { file: 'a.lprof', run: null },
    b: { file: 'b.lprof', run: null },
    unit: 1e-9,
    functions: [
      {
        file: '/app/work.js',
        name: 'work',
        line: 1,
        source: SOURCE,
        sourceChanged: false,
        timeA: 10000,
        timeB: 4500,
        delta: -5500,
        ratio: 0.45,
        lines: [
          { line: 2, status: 'both', hitsA: 1, hitsB: 1, timeA: 3000, timeB: 3000, delta: 0, ratio: 1, marked: false },
          { line: 3, status: 'both', hitsA: 1, hitsB: 1, timeA: 6000, timeB: 1500, delta: -4500, ratio: 0.25, marked: true },
          { line: 4, status: 'gone', hitsA: 1, hitsB: 0, timeA: 1000, timeB: 0, delta: -1000, ratio: 0, marked: true },
        ],
      },
    ],
    onlyA: [{ file: '/app/work.js', name: 'old', line: 7, hits: 2, time: 200 }],
    onlyB: [{ file: '/app/work.js', name: 'helper', line: 7, hits: 1, time: 100 }],
  });
});

test('diff --runs --json names the runs', () => {
  const parsed = JSON.parse(lineprof('diff', 'a.lprof', '--runs', 'warm', 'cold', '--json').stdout);
  assert.deepEqual([parsed.a, parsed.b, parsed.functions[0].delta], [
    { file: 'a.lprof', run: 'warm' },
    { file: 'a.lprof', run: 'cold' },
    5500,
  ]);
});

const failures: [string[], string, number][] = [
  [['diff', 'missing.lprof', 'b.lprof'], 'lineprof: missing.lprof: no such file\n', 1],
  [['diff', 'a.lprof', 'missing.lprof'], 'lineprof: missing.lprof: no such file\n', 1],
  [['diff', 'a.lprof', '--runs', 'cold', 'hot'], "lineprof: a.lprof: no run labelled 'hot' (runs: cold, warm)\n", 1],
  [['diff', 'b.lprof', '--runs', 'cold', 'warm'], "lineprof: b.lprof: no run labelled 'cold' (runs: none)\n", 1],
  [['diff', 'missing.lprof', '--runs', 'cold', 'warm', '--json'], 'lineprof: missing.lprof: no such file\n', 1],
  [['diff', 'a.lprof'], 'lineprof: diff takes two result files, or one with --runs (got 1)\n', 2],
  [
    ['diff', '--runs', 'cold', 'warm', 'a.lprof'],
    "lineprof: option '--runs' takes two labels (got 3); the file goes before --runs\n",
    2,
  ],
];

for (const [args, stderr, status] of failures) {
  test(`${args.join(' ')} fails in one line, exit code ${status}`, () => {
    assert.deepEqual(lineprof(...args), { stdout: '', stderr, status });
  });
}
