// Where results go when several write, or none can (issue 17): an output folder without
// write permission is one line before the program runs; two runs writing one file at
// once leave one whole result file, never a torn or mixed one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readResultFile } from '../../src/stats/result-file.js';
import { CLI, hitsOf, tempDir } from '../integration/helpers.js';

const PROGRAM = 'function work(n) {\n  let s = 0;\n  for (let i = 0; i < n; i++) s += i;\n  return s;\n}\nlet t = 0;\nfor (let r = 0; r < 300; r++) t += work(2000);\nconsole.log(t);\n';

function project(): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'app.js'), PROGRAM);
  fs.chmodSync(dir, 0o755);
  return dir;
}

test('an output folder without write permission: one line, exit code 1, and the program does not run', () => {
  const dir = project();
  const locked = path.join(dir, 'locked');
  fs.mkdirSync(locked, { mode: 0o555 });
  fs.chmodSync(locked, 0o555);
  // root may write anywhere: the test runs lineprof as nobody then.
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const run = spawnSync(process.execPath, [CLI, 'run', '--all', '-o', 'locked/out.lprof', 'app.js'], { cwd: dir, encoding: 'utf8', ...asUser });
  assert.deepEqual([run.status, run.stdout, run.stderr], [1, '', 'lineprof: locked/out.lprof: cannot write there (no write permission for its folder)\n']);
  assert.deepEqual(fs.readdirSync(locked), []);
});

test('two runs writing one result file at once: one whole file, with one run\'s exact hits', async () => {
  const dir = project();
  const out = path.join(dir, 'same.lprof');
  const once = (): Promise<number | null> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, 'run', '-q', '--all', '-o', out, 'app.js'], { cwd: dir, stdio: 'ignore' });
      child.on('close', resolve);
    });
  for (let round = 0; round < 3; round++) {
    assert.deepEqual(await Promise.all([once(), once(), once()]), [0, 0, 0]);
    // Each run replaces the file whole (a temporary file, then rename): the last one's.
    assert.deepEqual(hitsOf(readResultFile(out).stats, 'work'), { 2: 300, 3: 300 * 2001, 4: 300 });
    assert.deepEqual(fs.readdirSync(dir).sort(), ['app.js', 'same.lprof']);
  }
});
