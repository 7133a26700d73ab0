// `lineprof run` mistakes that are caught before any program starts, so they need no
// preload: the built bin is spawned and its whole stdout, stderr and exit code asserted.
// Runs that reach the program are the integration tests' business.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lineprof-run-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
fs.writeFileSync(path.join(dir, 'hello.js'), "console.log('hello');\n");

function run(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const { stdout, stderr, status } = spawnSync(process.execPath, [bin, 'run', ...args], { cwd: dir, encoding: 'utf8' });
  return { stdout, stderr, status };
}

const failures: [string[], string, number][] = [
  [['missing.js'], 'lineprof: missing.js: no such file\n', 1],
  [['-v', '--func', 'f', 'missing.js', '--frob'], 'lineprof: missing.js: no such file\n', 1],
  [['-o', 'no-dir/out.lprof', 'hello.js'], 'lineprof: no-dir/out.lprof: no such directory\n', 1],
  [['--frob', 'hello.js'], "lineprof: unknown option '--frob'\n", 2],
  [[], "lineprof: missing required argument 'script'\n", 2],
  [['-v'], "lineprof: missing required argument 'script'\n", 2],
  [['--engine', 'fast', 'hello.js'], "lineprof: option '--engine <name>' argument 'fast' is invalid. Allowed choices are exact, sampled.\n", 2],
];

for (const [args, stderr, status] of failures) {
  test(`run ${args.join(' ')} fails before the program starts`, () => {
    assert.deepEqual(run(...args), { stdout: '', stderr, status });
    // Nothing ran, so nothing was written: only the fixture is in the directory.
    assert.deepEqual(fs.readdirSync(dir), ['hello.js']);
  });
}
