// Mixed module graphs: an ES module TypeScript entry importing CommonJS (.cjs, and .cts
// by name), TypeScript by `import()`, a require() of TypeScript from CommonJS; and a
// CommonJS-scoped .ts written with import/export (compiled to require(), as tsc does).

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { readResultFile } from '../../src/stats/result-file.js';
import { FIXTURES, hitsOf, lineprof, tempDir } from './helpers.js';

const CWD = path.join(FIXTURES, 'mixed');

test('.mts -> .cjs -> .ts (require), .mts -> .cts (named import), .mts -> import(.ts)', () => {
  const out = path.join(tempDir(), 'out.lprof');
  const run = lineprof(['run', '-q', '--all', '-o', out, 'a.mts'], CWD);
  assert.equal(run.status, 0, run.stderr);
  // c.cts, a CommonJS module imported by an ES module: on Node 24+ its require() is
  // Node's own, with require.cache; on Node 20 and 22 the ES module loader's CommonJS
  // translator runs it (as it does any CommonJS source a module hook returns there),
  // whose require has no cache.
  const requireCache = Number(process.versions.node.split('.')[0]) >= 24 ? 'object' : 'undefined';
  assert.equal(run.stdout, `abec${requireCache}functionbed\n`);
  const stats = readResultFile(out).stats;
  assert.deepEqual(stats.functions.map((f) => `${path.basename(f.file)}:${f.name}`).sort(), [
    'a.mts:a', 'b.cjs:b', 'c.cts:c', 'd.ts:d', 'e.ts:e',
  ]);
  assert.deepEqual(hitsOf(stats, 'b'), { 1: 2 });
});

test('a CommonJS-scoped .ts with import/export runs as CommonJS', () => {
  const out = path.join(tempDir(), 'out.lprof');
  const run = lineprof(['run', '-q', '--all', '-o', out, 'cjsproj/main.ts'], CWD);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, 'b.txt42 function object\n');
  assert.deepEqual(hitsOf(readResultFile(out).stats, 'main'), { 3: 1 });
});

test('require() of ES modules (an .mjs file, a .js file of a "type": "module" package) is instrumented', () => {
  const out = path.join(tempDir(), 'out.lprof');
  const run = lineprof(['run', '-q', '--all', '-o', out, 'require-esm/main.cjs'], CWD);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, '10 42\n');
  const stats = readResultFile(out).stats;
  assert.deepEqual(hitsOf(stats, 'total'), { 2: 1, 3: 5, 4: 1 });
  assert.deepEqual(hitsOf(stats, 'double'), { 2: 1 });
});

test('TypeScript in a CommonJS package importing ./stats.js for stats.ts (NodeNext) runs and is profiled', () => {
  const out = path.join(tempDir(), 'out.lprof');
  const run = lineprof(['run', '-q', '--all', '-o', out, 'cjs-nodenext/main.ts'], CWD);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, '2 function\n');
  assert.deepEqual(hitsOf(readResultFile(out).stats, 'mean'), { 2: 1, 3: 4, 4: 1 });
});

test('an ES module TypeScript entry that throws: the report shows its own line, no line of lineprof\'s', () => {
  const out = path.join(tempDir(), 'out.lprof');
  const run = lineprof(['run', '-q', '--all', '-o', out, 'esm-crash/crash.ts'], CWD);
  assert.equal(run.status, 1);
  const lines = run.stderr.split('\n');
  assert.deepEqual(lines.slice(0, 3), [`${path.join(CWD, 'esm-crash/crash.ts')}:3`, '  throw new Error(`boom ${n}`);', '        ^']);
  assert.ok(lines.includes('Error: boom 1'), run.stderr);
  assert.deepEqual(lines.filter((line) => line.includes('dist/src/')), []);
  assert.deepEqual(hitsOf(readResultFile(out).stats, 'boom'), { 3: 1 });
});
