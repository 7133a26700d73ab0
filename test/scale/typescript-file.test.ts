// Scale: instruments TypeScript's compiler, node_modules/typescript/lib/typescript.js
// (about 9 MB, 200,000 lines), in a child process (instrument-file.ts). The result must
// parse without errors and have the input's lines plus the two of the trailer (the
// embedded source and the final newline). Time, throughput and peak memory are reported
// as diagnostics and never asserted (speed lives in bench/).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Measurement } from './instrument-file.js';

const FILE = fileURLToPath(new URL('../../../node_modules/typescript/lib/typescript.js', import.meta.url));
const CHILD = fileURLToPath(new URL('./instrument-file.js', import.meta.url));

test('typescript.js (9 MB) instruments into code that parses and keeps its line count', { timeout: 180_000 }, (t) => {
  assert.equal(fs.existsSync(FILE), true, `${FILE} is missing: npm ci installs it`);
  // A CommonJS file of node_modules, as the loader would see it with --include.
  const child = spawnSync(process.execPath, [CHILD, FILE, 'commonjs'], { encoding: 'utf8', timeout: 170_000 });
  assert.equal(child.status, 0, child.stderr);
  const m = JSON.parse(child.stdout) as Measurement;
  const megabytes = m.bytes / 1e6;
  t.diagnostic(
    `${megabytes.toFixed(1)} MB, ${m.inputLines} lines, ${m.functions} functions: ` +
      `instrument ${Math.round(m.instrumentMs)} ms (${(megabytes / (m.instrumentMs / 1000)).toFixed(1)} MB/s), ` +
      `peak RSS ${Math.round(m.instrumentRssKb / 1024)} MB; ` +
      `then parsing the result (the check) ${Math.round(m.parseMs)} ms, peak RSS ${Math.round(m.maxRssKb / 1024)} MB`,
  );
  assert.deepEqual(m.errors, []);
  assert.equal(m.outputLines, m.inputLines + 2);
  assert.equal(m.functions > 10_000, true, `only ${m.functions} functions found`);
});
