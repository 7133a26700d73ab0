// `lineprof run -i SECONDS`: the result file is written while the program runs, whole each
// time (every read of it mid-run parses), and it grows; the write at exit is the complete one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readResultFile } from '../../src/stats/result-file.js';
import { CLI, FIXTURES, hitsOf, tempDir } from './helpers.js';

test('run -i 0.3: the file is readable mid-run and grows; the last write is the whole run', async () => {
  const out = path.join(tempDir(), 'ticker.lprof');
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('LINEPROF') && key !== 'NODE_OPTIONS' && key !== 'NODE_TEST_CONTEXT'));
  const child = spawn(process.execPath, [CLI, 'run', '-q', '-i', '0.3', '--all', '-o', out, 'ticker.mjs'], { cwd: path.join(FIXTURES, 'interval'), env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let running = true;
  void ended.then(() => (running = false));

  // Every read while it runs: the loop line's hits so far (1,001 per tick).
  const seen: number[] = [];
  while (running) {
    if (fs.existsSync(out)) {
      const hits = hitsOf(readResultFile(out).stats, 'tick')[4] ?? 0;
      if (running && seen.at(-1) !== hits) seen.push(hits);
    }
    await sleep(40);
  }
  assert.equal(await ended, 0, stderr);
  assert.equal(stdout, 'ticked 40\n');
  assert.equal(stderr, '');
  // (The last file may be the one written at exit, just before the process ended.)
  const partial = seen.filter((hits) => hits < 40 * 1001);
  assert.ok(partial.length >= 3, `only ${partial.length} different files seen mid-run: ${seen.join(', ')}`);
  assert.deepEqual(seen, [...seen].sort((a, b) => a - b), 'the hits only grow');
  assert.ok(seen.every((hits) => hits % 1001 === 0 && hits <= 40 * 1001), seen.join(', '));
  assert.deepEqual(hitsOf(readResultFile(out).stats, 'tick'), { 3: 40, 4: 40 * 1001, 5: 40 });
  // Nothing left beside it: the temporary files of the writes were renamed over it.
  assert.deepEqual(fs.readdirSync(path.dirname(out)), ['ticker.lprof']);
});
