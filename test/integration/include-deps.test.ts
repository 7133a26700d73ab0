// `--include 'node_modules/**'` never instruments the packages lineprof runs itself
// (files.ts, isOwnDependency): on Node 20 the program hung at its first import (exit 13,
// nothing recorded), and elsewhere lineprof would time its own parser. A package of the
// program's own is profiled; one that lineprof shares with it runs as it is.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readResultFile } from '../../src/stats/result-file.js';
import { FIXTURES, lineprof, ROOT, runNode, tempDir } from './helpers.js';

test("--include 'node_modules/**': the program's packages profiled, lineprof's own dependencies not", () => {
  const script = path.join(FIXTURES, 'include-deps/main.mjs');
  const plain = runNode([script], ROOT);
  assert.deepEqual([plain.status, plain.stdout], [0, 'true <h1>hi</h1>\n']);
  const out = path.join(tempDir(), 'deps.lprof');
  const run = lineprof(['run', '-q', '--all', '--include', 'node_modules/**', '-o', out, script], ROOT);
  assert.deepEqual([run.status, run.stdout, run.stderr], [0, plain.stdout, '']);
  const packages = new Set(readResultFile(out).stats.functions.map((fn) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(fn.file)?.[1]));
  assert.ok(packages.has('markdown-it'), [...packages].join(', '));
  for (const own of ['picomatch', 'oxc-parser', 'magic-string', 'esbuild', '@jridgewell/trace-mapping']) assert.equal(packages.has(own), false, own);
});
