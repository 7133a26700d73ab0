// `lineprof show` (and merge, diff) on files that are not result files, or no longer
// whole ones: empty, cut in the middle, a JSON array, a newer format version, a
// directory, an unreadable file. Each must give exactly one line, `lineprof: <file>:
// <cause>`, exit code 1, nothing on stdout and no stack trace.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { canMakeUnreadable, FIXTURES, lineprof, scratchDir } from './spawn.js';

const dir = scratchDir();
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
for (const name of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.lprof'))) {
  fs.copyFileSync(path.join(FIXTURES, name), path.join(dir, name));
}
fs.mkdirSync(path.join(dir, 'folder.lprof'));

function show(args: readonly string[], unprivileged = false): { stdout: string; stderr: string; status: number | null } {
  const outcome = lineprof(['show', '--no-color', ...args], { cwd: dir, unprivileged });
  return { stdout: outcome.stdout.toString(), stderr: outcome.stderr, status: outcome.status };
}

test('the whole fixture shows (the bad ones below are cut from or changed from it)', () => {
  const shown = show(['whole.lprof']);
  assert.equal(shown.status, 0, shown.stderr);
  assert.match(shown.stdout, /^ {5}3 +4 +16\.0 +4\.0 +48\.5 +for \(const v of values\) total \+= v$/m);
});

const CASES: readonly [file: string, stderr: string][] = [
  ['empty.lprof', 'lineprof: empty.lprof: not a lineprof result file (empty)\n'],
  // Cut in the middle.
  ['truncated.lprof', 'lineprof: truncated.lprof: truncated lineprof result file (it ends in the middle)\n'],
  ['array.lprof', 'lineprof: array.lprof: not a lineprof result file\n'],
  ['newer.lprof', 'lineprof: newer.lprof: result format version 3 is newer than this lineprof supports (2); upgrade lineprof\n'],
  ['folder.lprof', 'lineprof: folder.lprof: cannot read (EISDIR)\n'],
  ['missing.lprof', 'lineprof: missing.lprof: no such file\n'],
];

for (const [file, stderr] of CASES) {
  test(`show ${file}: one line naming the file, exit code 1`, () => {
    assert.deepEqual(show([file]), { stdout: '', stderr, status: 1 });
    // Next to a good file it fails the same way: nothing half-shown.
    assert.deepEqual(show(['whole.lprof', file]), { stdout: '', stderr, status: 1 });
  });
}

test('show of an unreadable file: cannot read (EACCES)', (t) => {
  fs.copyFileSync(path.join(FIXTURES, 'whole.lprof'), path.join(dir, 'locked.lprof'));
  fs.chmodSync(path.join(dir, 'locked.lprof'), 0o000);
  if (!canMakeUnreadable(dir)) {
    t.skip('a chmod 000 file stays readable here (root, with no unprivileged user that can run this node binary)');
    return;
  }
  assert.deepEqual(show(['locked.lprof'], true), { stdout: '', stderr: 'lineprof: locked.lprof: cannot read (EACCES)\n', status: 1 });
});

test('merge and diff name the bad file the same way and write nothing', () => {
  const merged = lineprof(['merge', '-o', 'out.lprof', 'whole.lprof', 'truncated.lprof'], { cwd: dir });
  assert.deepEqual(
    { stdout: merged.stdout.toString(), stderr: merged.stderr, status: merged.status },
    { stdout: '', stderr: 'lineprof: truncated.lprof: truncated lineprof result file (it ends in the middle)\n', status: 1 },
  );
  assert.equal(fs.existsSync(path.join(dir, 'out.lprof')), false);
  const diffed = lineprof(['diff', 'whole.lprof', 'newer.lprof'], { cwd: dir });
  assert.deepEqual(
    { stdout: diffed.stdout.toString(), stderr: diffed.stderr, status: diffed.status },
    {
      stdout: '',
      stderr: 'lineprof: newer.lprof: result format version 3 is newer than this lineprof supports (2); upgrade lineprof\n',
      status: 1,
    },
  );
});
