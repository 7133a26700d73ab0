// `show --max` end to end (issue 15): a real program with one slow hit among many fast
// ones, profiled by `lineprof run`; the Max column, the JSON rows and the result file
// carry that hit's time, and the sampled engine's report says it has none.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readResultFile } from '../../src/stats/result-file.js';
import { lineprof, tempDir } from './helpers.js';

const PROGRAM = `function spin(ms) {
  const end = performance.now() + ms;
  while (performance.now() < end);
}
function work(n) {
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (i === 7) spin(30);
    s += i;
  }
  return s;
}
// The sampled engine's sampler thread takes a moment to start: the work comes after it.
spin(300);
console.log(work(500));
`;
const SLOW_LINE = 8;

function profiled(engine: string): { dir: string; out: string } {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'slow.js'), PROGRAM);
  const out = path.join(dir, 'slow.lprof');
  const run = lineprof(['run', '-q', '--func', 'work', '--engine', engine, '-o', out, 'slow.js'], dir);
  assert.deepEqual([run.status, run.stdout, run.stderr], [0, '124750\n', '']);
  return { dir, out };
}

test("exact engine: the slow line's Max is its one slow hit (>= 30 ms), far above its Per Hit", () => {
  const { dir, out } = profiled('exact');
  const row = readResultFile(out).stats.functions.find((fn) => fn.name === 'work')!.lines.find((l) => l.line === SLOW_LINE)!;
  assert.equal(row.hits, 500);
  assert.ok(row.max !== undefined && row.max >= 30e6 && row.max <= row.time, `max ${row.max} of time ${row.time}`);

  const shown = lineprof(['show', '--max', out], dir);
  assert.equal(shown.status, 0, shown.stderr);
  const lines = shown.stdout.split('\n');
  assert.match(lines.find((l) => l.startsWith('Line #'))!, /^Line #\s+Hits\s+Time\s+Per Hit\s+Max\s+% Time\s+Line Contents$/);
  const cells = lines.find((l) => l.endsWith('if (i === 7) spin(30);'))!.trim().split(/\s+/);
  // Line #, Hits, Time, Per Hit, Max (microseconds).
  assert.equal(cells[1], '500');
  assert.ok(Number(cells[4]) >= 30_000 && Number(cells[3]) < 1_000, cells.join(' '));

  const json = JSON.parse(lineprof(['show', '--format', 'json', out], dir).stdout);
  const jsonRow = json.functions.find((fn: { name: string }) => fn.name === 'work').lines.find((l: { line: number }) => l.line === SLOW_LINE);
  assert.equal(jsonRow.max, row.max);
  // Without --max the table is line_profiler's.
  assert.doesNotMatch(lineprof(['show', out], dir).stdout, /Max/);
});

test('sampled engine: show --max says it measured no single hit and leaves the column blank', () => {
  const { dir, out } = profiled('sampled');
  const shown = lineprof(['show', '--max', out], dir);
  assert.equal(shown.status, 0, shown.stderr);
  assert.match(shown.stdout, /^Max: not measured \(the sampled engine counts samples per line; it does not time single hits\)$/m);
  const cells = shown.stdout.split('\n').find((l) => l.endsWith('if (i === 7) spin(30);'))!.trim().split(/\s+/);
  // Line #, Hits, Time, Per Hit, % Time: no Max cell.
  assert.equal(cells.length, 5 + 'if (i === 7) spin(30);'.split(' ').length, cells.join(' '));
});
