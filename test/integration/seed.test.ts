// The core issue's acceptance: the seed scenario in TypeScript, `show` of its file,
// and results written however the program ends, with its exit code kept.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readResultFile } from '../../src/stats/result-file.js';
import { withPlainSnippet } from '../instrument/normalise-errors.js';
import { FIXTURES, hitsOf, lineprof, ROOT, runNode, tempDir } from './helpers.js';

const SEED = path.join(ROOT, 'examples/increment.ts');

test('seed: run -v prints the table with 7,500 hits on the body line', () => {
  const dir = tempDir();
  const out = path.join(dir, 'seed.lprof');
  const run = lineprof(['run', '-v', '-o', out, SEED], ROOT);
  assert.equal(run.status, 0, run.stderr);
  const [programOutput, report] = splitOnce(run.stdout, 'Timer unit: 1e-06 s\n');
  assert.equal(programOutput, '1501 1502 1503 1504 1505\n');
  const rows = tableRows(report);
  assert.deepEqual(rows.map((r) => [r.line, r.hits]), [
    [4, ''],
    [5, '1502'],
    [6, '9000'],
    [7, '7500'],
    [8, ''],
    [9, ''],
    [10, '2'],
    [11, ''],
  ]);
  assert.match(report, /^Function: incrementList at line 4$/m);
  assert.match(report, new RegExp(`^File: ${escape(SEED)}$`, 'm'));
  assert.match(report, /^Line #\s+Hits\s+Time\s+Per Hit\s+% Time\s+Line Contents$/m);

  const stats = readResultFile(out).stats;
  assert.deepEqual(hitsOf(stats, 'incrementList'), { 5: 1502, 6: 9000, 7: 7500, 10: 2 });
  const fn = stats.functions[0];
  const total = fn.lines.reduce((sum, l) => sum + l.time, 0);
  assert.ok(total > 0, 'the function took some time');
  assert.equal(fn.source[3], '      data[i] += 1;');

  // `show` prints the same rows from the file alone, after the source is gone.
  const moved = path.join(dir, 'elsewhere.lprof');
  fs.renameSync(out, moved);
  const show = lineprof(['show', moved], dir);
  assert.equal(show.status, 0, show.stderr);
  assert.equal(show.stdout, report);
});

test('process.exit(7): exit code kept and results written', () => {
  const dir = tempDir();
  const out = path.join(dir, 'exit.lprof');
  const plain = runNode(['exit7.mjs'], path.join(FIXTURES, 'seed'));
  const run = lineprof(['run', '-q', '-o', out, 'exit7.mjs'], path.join(FIXTURES, 'seed'));
  assert.equal(plain.status, 7);
  assert.equal(run.status, 7);
  assert.equal(run.stdout, plain.stdout);
  assert.equal(run.stderr, '');
  assert.deepEqual(hitsOf(readResultFile(out).stats, 'work'), { 4: 1, 5: 101, 6: 1 });
});

const FAILURES = [
  { title: 'uncaught exception', script: 'throws.cjs', fn: 'fail', hits: { 4: 3, 5: 2 } },
  { title: 'unhandled rejection', script: 'rejects.mjs', fn: 'later', hits: { 2: 3, 3: 3, 4: 2 } },
];

for (const { title, script, fn, hits } of FAILURES) {
  test(`${title}: same exit code and output, results written`, () => {
    const out = path.join(tempDir(), `${script}.lprof`);
    const cwd = path.join(FIXTURES, 'seed');
    const plain = runNode([script], cwd);
    const run = lineprof(['run', '-q', '-o', out, script], cwd);
    assert.equal(plain.status, 1);
    assert.equal(run.status, 1);
    assert.equal(run.stdout, plain.stdout);
    // Node's whole report (frames and columns), but for a probe its snippet may show; then,
    // if nothing was marked, lineprof's note that it profiled everything.
    const [report, note] = splitNote(run.stderr);
    assert.equal(withPlainSnippet(report, plain.stderr), plain.stderr);
    assert.match(note, /^(lineprof: no function was selected \(profile\(\), --func or --all\): profiled all \d+ functions in 1 file\n)?$/);
    assert.deepEqual(hitsOf(readResultFile(out).stats, fn), hits);
  });
}

test('SIGTERM: dies of the signal as plain node does, results written', () => {
  const dir = tempDir();
  const out = path.join(dir, 'signal.lprof');
  const cwd = path.join(FIXTURES, 'seed');
  const plain = runNode(['signal.mjs'], cwd);
  const run = lineprof(['run', '-q', '-o', out, 'signal.mjs'], cwd);
  assert.equal(plain.signal, 'SIGTERM');
  assert.equal(run.signal, 'SIGTERM');
  assert.equal(run.stdout, '');
  // Written by the watchdog while the loop ran: a snapshot taken mid-loop.
  const hits = hitsOf(readResultFile(out).stats, 'spin');
  assert.equal(hits[3], 1);
  assert.equal(hits[6] > 1_000_000, true);
});

// The watchdog interrupts only a main thread that runs: one asleep in Atomics.wait is
// waiting (for Node's module-hooks thread, say), and an interrupt there deadlocked once.
test('a main thread asleep in Atomics.wait past the watchdog\'s 2 s is left alone: no snapshot meanwhile', () => {
  const out = path.join(tempDir(), 'blocked.lprof');
  const cwd = path.join(FIXTURES, 'seed');
  const plain = runNode(['blocked.mjs', out], cwd);
  assert.deepEqual([plain.status, plain.stdout], [0, 'timed-out false\n']);
  const run = lineprof(['run', '-q', '--all', '-o', out, 'blocked.mjs', out], cwd);
  assert.deepEqual([run.status, run.stdout, run.stderr], [0, plain.stdout, '']);
  assert.deepEqual(hitsOf(readResultFile(out).stats, 'block'), { 7: 1, 8: 1 });
});

function splitOnce(text: string, marker: string): [string, string] {
  const at = text.indexOf(marker);
  assert.notEqual(at, -1, `no ${JSON.stringify(marker)} in output`);
  return [text.slice(0, at), text.slice(at)];
}

function tableRows(report: string): { line: number; hits: string }[] {
  const lines = report.split('\n');
  const start = lines.findIndex((l) => l.startsWith('====')) + 1;
  const rows: { line: number; hits: string }[] = [];
  for (const row of lines.slice(start)) {
    const match = /^\s*(\d+)\s{1,9}(\d*)/.exec(row.slice(0, 16));
    if (!match || row.trim() === '') break;
    rows.push({ line: Number(match[1]), hits: row.slice(6, 16).trim() });
  }
  return rows;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** stderr split before lineprof's first `lineprof: ` line. */
function splitNote(stderr: string): [string, string] {
  const at = stderr.search(/^lineprof: /m);
  return at < 0 ? [stderr, ''] : [stderr.slice(0, at), stderr.slice(at)];
}
