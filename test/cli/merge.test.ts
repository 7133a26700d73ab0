// `lineprof merge` end to end: spawns the built bin on result files written into a temp
// dir, then reads what it wrote back: totals summed, runs merged by label, the first
// file's meta with a note. Failures must write nothing and say so in one line.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readResultFile, writeResultFile } from '../../src/stats/result-file.js';
import type { FunctionStats, LineStats, ProfileResult, ProfileStats } from '../../src/stats/model.js';

const bin = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lineprof-merge-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

function merge(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const { stdout, stderr, status } = spawnSync(process.execPath, [bin, 'merge', ...args], { cwd: dir, encoding: 'utf8' });
  return { stdout, stderr, status };
}

const rows = (...table: [number, number, number][]): LineStats[] =>
  table.map(([line, hits, time]) => ({ line, hits, time, wait: 0 }));
const stats = (...functions: FunctionStats[]): ProfileStats => ({ unit: 1e-9, engine: 'exact', functions });
const work = (...table: [number, number, number][]): FunctionStats => ({
  file: '/app/work.js',
  name: 'work',
  line: 1,
  source: ['function work(n) {', '  prepare(n);', '  compute(n);', '}'],
  lines: rows(...table),
});
const other: FunctionStats = { file: '/app/other.js', name: 'other', line: 3, source: ['other()'], lines: rows([3, 4, 40]) };

const a: ProfileResult = {
  meta: { command: ['app.js', '--first'], clock: 'performance.now', compensated: true, notes: ['everything profiled'] },
  stats: stats(work([2, 1, 1000], [3, 1, 2000])),
  runs: [
    { label: 'cold', stats: stats(work([2, 1, 700])) },
    { label: 'only-a', stats: stats(work([3, 1, 5])) },
  ],
};
const b: ProfileResult = {
  meta: { command: ['app.js', '--second'], clock: 'performance.now', compensated: false },
  stats: stats(work([2, 2, 500]), other),
  runs: [
    { label: 'only-b', stats: stats(other) },
    { label: 'cold', stats: stats(work([2, 3, 300], [3, 1, 10])) },
  ],
};
writeResultFile(path.join(dir, 'a.lprof'), a);
writeResultFile(path.join(dir, 'b.lprof'), b);

test('merge sums the totals, merges runs of the same label and keeps the others', () => {
  assert.deepEqual(merge('-o', 'out.lprof', 'a.lprof', 'b.lprof'), {
    stdout: '',
    stderr: 'lineprof: merged 2 result files into out.lprof\n',
    status: 0,
  });
  const expected: ProfileResult = {
    meta: {
      command: ['app.js', '--first'],
      clock: 'performance.now',
      compensated: true,
      notes: ['everything profiled', 'merged from 2 result files: a.lprof, b.lprof'],
    },
    stats: stats(work([2, 3, 1500], [3, 1, 2000]), other),
    runs: [
      { label: 'cold', stats: stats(work([2, 4, 1000], [3, 1, 10])) },
      { label: 'only-a', stats: stats(work([3, 1, 5])) },
      { label: 'only-b', stats: stats(other) },
    ],
  };
  assert.deepEqual(readResultFile(path.join(dir, 'out.lprof')), expected);
});

test('the output may be one of the inputs: everything is read before it is replaced', () => {
  writeResultFile(path.join(dir, 'acc.lprof'), a);
  assert.deepEqual(merge('-q', '-o', 'acc.lprof', 'acc.lprof', 'acc.lprof'), { stdout: '', stderr: '', status: 0 });
  const merged = readResultFile(path.join(dir, 'acc.lprof'));
  assert.deepEqual(merged.stats, stats(work([2, 2, 2000], [3, 2, 4000])));
  assert.deepEqual(
    merged.runs.map((run) => [run.label, run.stats]),
    [
      ['cold', stats(work([2, 2, 1400]))],
      ['only-a', stats(work([3, 2, 10]))],
    ],
  );
  // No temporary file is left behind.
  assert.deepEqual(fs.readdirSync(dir).filter((name) => name.endsWith('.tmp')), []);
});

const failures: [string[], string, number][] = [
  [['-o', 'bad.lprof', 'a.lprof', 'missing.lprof'], 'lineprof: missing.lprof: no such file\n', 1],
  [['-o', 'nodir/bad.lprof', 'a.lprof'], 'lineprof: nodir/bad.lprof: cannot write (ENOENT)\n', 1],
  [['a.lprof', 'b.lprof'], "lineprof: required option '-o, --outfile <file>' not specified\n", 2],
];

for (const [args, stderr, status] of failures) {
  test(`merge ${args.join(' ')} fails in one line, exit code ${status}, and writes nothing`, () => {
    assert.deepEqual(merge(...args), { stdout: '', stderr, status });
    assert.equal(fs.existsSync(path.join(dir, 'bad.lprof')), false);
  });
}
