// prettier (an ES module package of large minified files) instrumented whole, formatting
// JavaScript, CSS, Markdown, a file with a syntax error, and a snapshot of some of
// lineprof's own src/*.ts: stdout (the formatted text), stderr and exit code must be byte
// for byte those of the plain run, under each engine. Reports the functions instrumented
// and the slowdown.
// The src files are copied first, so that edits made meanwhile cannot make the runs differ.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { behaviourOf, compareUnderLineprof, functionsOf, ROOT, TEST_TIMEOUT_MS, tempDir, THIRDPARTY_FIXTURES } from './harness.js';

const SAMPLES = ['messy.js', 'messy.css', 'notes.md', 'broken.ts'];
const OWN_SOURCES = ['src/instrument/instrument.ts', 'src/report/text.ts', 'src/stats/merge.ts', 'src/cli/argv.ts'];

test('prettier: formatting files behaves the same under lineprof', { timeout: TEST_TIMEOUT_MS }, (t) => {
  const dir = tempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const files = [
    ...SAMPLES.map((name) => path.join(THIRDPARTY_FIXTURES, 'prettier/samples', name)),
    ...OWN_SOURCES.filter((file) => fs.existsSync(path.join(ROOT, file))).map((file) => path.join(ROOT, file)),
  ].map((file) => {
    const copy = path.join(dir, path.basename(file));
    fs.copyFileSync(file, copy);
    return copy;
  });
  assert.equal(files.length > SAMPLES.length, true, 'some of src/*.ts still exist');

  const run = compareUnderLineprof(t, {
    command: ['test/fixtures/thirdparty/prettier/format.mjs', ...files],
    include: ['node_modules/prettier/**'],
    libraries: ['prettier'],
    sampled: true,
  });

  // The plain run formatted every file but the broken one, each stable on a second pass.
  assert.equal(run.plain.status, 1, run.plain.stderr);
  assert.equal(run.plain.stderr, '');
  const headers = [...run.plain.stdout.matchAll(/^=== (.+)$/gm)].map((m) => m[1]);
  assert.deepEqual(headers, files.map((file) => path.basename(file)));
  assert.equal(run.plain.stdout.split('\n--- stable: true\n').length - 1, files.length - 1);
  assert.match(run.plain.stdout, /^=== broken\.ts\nSyntaxError: ',' expected\. \(2:34\)\n/m);
  assert.match(run.plain.stdout, /^prettier 3\.\d+\.\d+: 1 failed\n$/m);

  assert.deepEqual(behaviourOf(run.profiled), behaviourOf(run.plain));
  assert.deepEqual(run.sampled && behaviourOf(run.sampled), behaviourOf(run.plain), 'sampled engine');

  assert.equal(run.resultError, undefined);
  const own = functionsOf(run.functions ?? [], 'prettier');
  assert.equal(own.length > 5_000, true, `only ${own.length} prettier functions instrumented`);
});
