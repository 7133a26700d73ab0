// `lineprof diff` on two real runs of a known change: a line made cheaper shows as
// faster, a removed line as gone, an unchanged line about the same.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { FIXTURES, lineprof, tempDir } from './helpers.js';

interface DiffLine {
  line: number;
  status: string;
  hitsA: number;
  hitsB: number;
  ratio: number | null;
}

test('diff of two runs: cheaper line faster, removed line gone', () => {
  const dir = tempDir();
  const a = path.join(dir, 'a.lprof');
  const b = path.join(dir, 'b.lprof');
  // The same file, edited between the runs, as when tuning code.
  for (const [version, out] of [['v1', a], ['v2', b]]) {
    fs.copyFileSync(path.join(FIXTURES, 'diff', version, 'app.mjs'), path.join(dir, 'app.mjs'));
    const run = lineprof(['run', '-q', '--func', 'work', '-o', out, 'app.mjs'], dir);
    assert.equal(run.status, 0, run.stderr);
  }
  const diff = lineprof(['diff', '--json', a, b], dir);
  assert.equal(diff.status, 0, diff.stderr);
  const json = JSON.parse(diff.stdout) as { functions: { name: string; lines: DiffLine[] }[] };
  const work = json.functions.find((f) => f.name === 'work')!;
  const byLine = new Map(work.lines.map((l) => [l.line, l]));
  // Line 8: burn(8M) became burn(1k).
  assert.equal(byLine.get(8)!.status, 'both');
  assert.deepEqual([byLine.get(8)!.hitsA, byLine.get(8)!.hitsB], [5, 5]);
  // (A loaded machine blurs the exact ratio, so only "faster" is asserted.)
  assert.equal(byLine.get(8)!.ratio! < 0.9, true, `ratio ${byLine.get(8)!.ratio}`);
  // Line 10: burn(1M) removed.
  assert.equal(byLine.get(10)!.status, 'gone');
  assert.equal(byLine.get(10)!.hitsB, 0);

  const text = lineprof(['diff', a, b], dir);
  assert.equal(text.status, 0);
  assert.match(text.stdout, /^\s+10\s+5\s+.*gone/m);
});
