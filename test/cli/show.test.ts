// `lineprof show` end to end: spawns the built bin on result files written into a temp
// dir and asserts the whole stdout, stderr and exit code. Bad files must give one line,
// `lineprof: <file>: <what>`, exit 1, and never a stack trace.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESULT_VERSION, writeResultFile } from '../../src/stats/result-file.js';
import type { ProfileResult } from '../../src/stats/model.js';

const bin = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lineprof-show-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

function show(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  const { stdout, stderr, status } = spawnSync(process.execPath, [bin, 'show', ...args], { cwd: dir, env, encoding: 'utf8' });
  return { stdout, stderr, status };
}

// 3 hits of 1 µs each on line 2, recorded in nanoseconds as the runtime does.
const result: ProfileResult = {
  meta: { command: ['a.js'], clock: 'performance.now', compensated: true },
  stats: {
    unit: 1e-9,
    engine: 'exact',
    functions: [
      {
        file: '/src/a.js',
        name: 'twice',
        line: 1,
        source: ['function twice(x) {', '  return 2 * x;', '}'],
        lines: [{ line: 2, hits: 3, time: 3000, wait: 0 }],
      },
    ],
  },
  runs: [],
};
writeResultFile(path.join(dir, 'a.lprof'), result);
// The total is 3 hits; the run labelled 'warm' is 1 of them, so `--run` shows a table of its own.
const warm = { ...result.stats, functions: [{ ...result.stats.functions[0], lines: [{ line: 2, hits: 1, time: 1000, wait: 0 }] }] };
writeResultFile(path.join(dir, 'runs.lprof'), { ...result, runs: [{ label: 'warm', stats: warm }] });
writeResultFile(path.join(dir, 'b.lprof'), result);
fs.writeFileSync(path.join(dir, 'text.lprof'), 'Timer unit: 1e-06 s\n');
fs.writeFileSync(path.join(dir, 'other.lprof'), '{"format": "coverage", "version": 1}\n');
fs.writeFileSync(path.join(dir, 'newer.lprof'), `{"format": "lineprof", "version": ${RESULT_VERSION + 1}}\n`);

// The table of `twice` after `hits` calls of 1 µs each, as line_profiler lays it out.
const table = (hits: number): string =>
  [
    `Total time: ${hits}e-06 s`,
    'File: /src/a.js',
    'Function: twice at line 1',
    '',
    'Line #      Hits         Time  Per Hit   % Time  Line Contents',
    '==============================================================',
    '     1                                           function twice(x) {',
    `     2         ${hits}          ${hits}.0      1.0    100.0    return 2 * x;`,
    '     3                                           }',
    '',
    '',
  ].join('\n');

test('a result file shows as line_profiler would, with the engine in the header', () => {
  assert.deepEqual(show('a.lprof'), {
    stdout:
      'Timer unit: 1e-06 s\n' +
      'Engine: exact (clock performance.now, probe cost compensated)\n' +
      '\n' +
      table(3),
    stderr: '',
    status: 0,
  });
});

test('several result files are merged into one report', () => {
  assert.deepEqual(show('a.lprof', 'b.lprof'), {
    stdout:
      'Timer unit: 1e-06 s\n' +
      'Engine: exact (clock performance.now, probe cost compensated)\n' +
      'Merged: 2 result files\n' +
      '\n' +
      table(6),
    stderr: '',
    status: 0,
  });
});

test('--run shows one labelled run instead of the total', () => {
  assert.deepEqual(show('runs.lprof', '--run', 'warm'), {
    stdout:
      'Timer unit: 1e-06 s\n' +
      'Engine: exact (clock performance.now, probe cost compensated)\n' +
      'Run: warm\n' +
      '\n' +
      table(1),
    stderr: '',
    status: 0,
  });
});

test('--run with several files merges that run of each', () => {
  assert.deepEqual(show('runs.lprof', 'runs.lprof', '--run', 'warm'), {
    stdout:
      'Timer unit: 1e-06 s\n' +
      'Engine: exact (clock performance.now, probe cost compensated)\n' +
      'Merged: 2 result files\n' +
      'Run: warm\n' +
      '\n' +
      table(2),
    stderr: '',
    status: 0,
  });
});

const failures: [string[], string][] = [
  [['runs.lprof', '--run', 'cold'], "lineprof: runs.lprof: no run labelled 'cold' (runs: warm)\n"],
  [['runs.lprof', 'a.lprof', '--run', 'warm'], "lineprof: a.lprof: no run labelled 'warm' (runs: none)\n"],
  [['missing.lprof'], 'lineprof: missing.lprof: no such file\n'],
  [['text.lprof'], 'lineprof: text.lprof: not a lineprof result file (invalid JSON)\n'],
  [['other.lprof'], 'lineprof: other.lprof: not a lineprof result file\n'],
  [
    ['newer.lprof'],
    `lineprof: newer.lprof: result format version ${RESULT_VERSION + 1} is newer than this lineprof supports (${RESULT_VERSION}); upgrade lineprof\n`,
  ],
  // One bad file among good ones spoils the merge: nothing is printed on stdout.
  [['a.lprof', 'missing.lprof'], 'lineprof: missing.lprof: no such file\n'],
];

for (const [files, stderr] of failures) {
  test(`show ${files.join(' ')} fails in one line, exit code 1`, () => {
    assert.deepEqual(show(...files), { stdout: '', stderr, status: 1 });
  });
}

test('show without files is a usage error, exit code 2', () => {
  assert.deepEqual(show(), { stdout: '', stderr: "lineprof: missing required argument 'files'\n", status: 2 });
});
