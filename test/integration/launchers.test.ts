// Launchers that run code through Node's own loader, with their real packages: mocha
// (.mjs specs are require()d ES modules, .cjs specs CommonJS) and tsx (an ES module
// package; a CommonJS one, where tsx compiles TypeScript in require() handlers of its
// own), each under `lineprof exec`: the launcher's output as without lineprof, exact hits.

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { readResultFile } from '../../src/stats/result-file.js';
import { FIXTURES, hitsOf, lineprof, ROOT, runNode, tempDir } from './helpers.js';

const MOCHA = path.join(ROOT, 'node_modules/mocha/bin/mocha.js');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

/** Output without durations ("2 passing (3ms)"). */
const withoutDurations = (text: string): string => text.replace(/ \(\d+ms\)/g, '');

test('mocha: an .mjs and a .cjs spec, output as without lineprof, exact hits in both', () => {
  const cwd = path.join(FIXTURES, 'mocha');
  const args = [MOCHA, '--no-config', 'mean.spec.mjs', 'count.spec.cjs'];
  const plain = runNode(args, cwd);
  const out = path.join(tempDir(), 'mocha.lprof');
  const run = lineprof(['exec', '-q', '--all', '-o', out, 'node', ...args], cwd);
  assert.deepEqual([run.status, withoutDurations(run.stdout)], [plain.status, withoutDurations(plain.stdout)]);
  assert.match(plain.stdout, /2 passing/);
  const stats = readResultFile(out).stats;
  assert.deepEqual(hitsOf(stats, 'mean'), { 2: 1, 3: 4, 4: 1 });
  assert.deepEqual(hitsOf(stats, 'count'), { 4: 1, 5: 7, 6: 1 });
});

test('tsx in an ES module package: output as without lineprof, hits on the TypeScript lines', () => {
  const cwd = path.join(FIXTURES, 'tsx-esm');
  const plain = runNode([TSX, 'src/main.ts'], cwd);
  const out = path.join(tempDir(), 'tsx.lprof');
  const run = lineprof(['exec', '-q', '--all', '-o', out, 'node', TSX, 'src/main.ts'], cwd);
  assert.deepEqual([run.status, run.stdout], [plain.status, plain.stdout]);
  assert.equal(plain.stdout, '12\n');
  assert.deepEqual(hitsOf(readResultFile(out).stats, 'perimeter'), { 6: 1, 7: 5, 8: 1 });
});

test('tsx in a CommonJS package: its require() handlers get the files instrumented; output, errors and exit code as without lineprof', () => {
  const cwd = path.join(FIXTURES, 'tsx-cjs');
  for (const args of [[], ['throw']]) {
    const plain = runNode([TSX, 'src/main.ts', ...args], cwd);
    const out = path.join(tempDir(), 'tsx.lprof');
    const run = lineprof(['exec', '-q', '--all', '-o', out, 'node', TSX, 'src/main.ts', ...args], cwd);
    assert.deepEqual(
      [run.status, run.stdout, run.stderr],
      [plain.status, plain.stdout, plain.stderr],
    );
    assert.equal(plain.stdout, '12 120\n');
    const stats = readResultFile(out).stats;
    // The entry (main.ts), a file it requires (shapes.ts) and a .cts, which tsx compiles in its .js handler.
    assert.deepEqual(hitsOf(stats, 'report'), { 6: 1, 7: 1 });
    assert.deepEqual(hitsOf(stats, 'scale'), { 2: 1 });
    assert.deepEqual(hitsOf(stats, 'perimeter'), args.length ? { 6: 2, 7: 7, 8: 2 } : { 6: 1, 7: 5, 8: 1 });
  }
});

// ts-node's ES module loader runs its async hooks in Node's hooks thread, and its type
// check keeps the program's thread waiting there for seconds; on Node 22+ lineprof's
// in-thread hooks were inside that wait when the watchdog's snapshot loaded a module
// through the same chain, and both threads hung (exit.ts, loaderWait).
test('ts-node/esm (--loader, type-checking) in an ES module package: exact hits on the TypeScript lines; output and exit code as without lineprof', () => {
  const cwd = path.join(FIXTURES, 'ts-node-esm');
  // Node's warnings name the process.
  const withoutPid = (text: string): string => text.replace(/^\(node:\d+\)/gm, '(node)');
  const plain = runNode(['--loader', 'ts-node/esm', 'src/main.ts'], cwd);
  assert.deepEqual([plain.status, plain.stdout], [0, 'total 12\n']);
  const out = path.join(tempDir(), 'ts-node-esm.lprof');
  const run = lineprof(['exec', '-q', '--all', '-o', out, 'node', '--loader', 'ts-node/esm', 'src/main.ts'], cwd);
  assert.deepEqual([run.status, run.stdout, withoutPid(run.stderr)], [0, plain.stdout, withoutPid(plain.stderr)]);
  const stats = readResultFile(out).stats;
  assert.deepEqual(hitsOf(stats, 'total'), { 4: 1, 5: 4, 6: 3, 8: 1 });
  assert.deepEqual(hitsOf(stats, 'area'), { 6: 3, 7: 3 });
});

test('ts-node (type-checking) in a CommonJS package: the files instrumented, their types still checked; output, errors and exit code as without lineprof', () => {
  const cwd = path.join(FIXTURES, 'ts-node');
  const plain = runNode(['-r', 'ts-node/register', 'src/main.ts'], cwd);
  assert.deepEqual([plain.status, plain.stdout, plain.stderr], [0, 'total 12\n', '']);
  const out = path.join(tempDir(), 'ts-node.lprof');
  const run = lineprof(['exec', '-q', '--all', '-o', out, 'node', '-r', 'ts-node/register', 'src/main.ts'], cwd);
  assert.deepEqual([run.status, run.stdout, run.stderr], [0, plain.stdout, '']);
  const stats = readResultFile(out).stats;
  assert.deepEqual(hitsOf(stats, 'total'), { 6: 1, 7: 4, 8: 1 });
  assert.deepEqual(hitsOf(stats, 'area'), { 7: 3, 8: 3 });
  // A type error: ts-node's report, line and column, byte for byte.
  const plainBad = runNode(['-r', 'ts-node/register', 'src/main.ts', 'bad'], cwd);
  assert.equal(plainBad.status, 1);
  assert.match(plainBad.stderr, /src\/bad\.ts\(2,9\): error TS2322: Type 'number' is not assignable to type 'string'\./);
  const bad = lineprof(['exec', '-q', '--all', '-o', out, 'node', '-r', 'ts-node/register', 'src/main.ts', 'bad'], cwd);
  assert.deepEqual([bad.status, bad.stdout], [plainBad.status, plainBad.stdout]);
  assert.equal(bad.stderr, plainBad.stderr);
});

// @swc-node/register compiles every .js file outside node_modules too (with pirates), to
// CommonJS: lineprof's own lazily loaded ES modules, run from a checkout or `npm link`,
// went through it and broke the exit-time write (own-require.ts).
test('@swc-node/register in a CommonJS package: exact hits on the TypeScript lines; output and exit code as without lineprof', () => {
  const cwd = path.join(FIXTURES, 'ts-node');
  const plain = runNode(['-r', '@swc-node/register', 'src/main.ts'], cwd);
  assert.deepEqual([plain.status, plain.stdout, plain.stderr], [0, 'total 12\n', '']);
  const out = path.join(tempDir(), 'swc-node.lprof');
  const run = lineprof(['exec', '-q', '--all', '-o', out, 'node', '-r', '@swc-node/register', 'src/main.ts'], cwd);
  assert.deepEqual([run.status, run.stdout, run.stderr], [0, plain.stdout, '']);
  const stats = readResultFile(out).stats;
  assert.deepEqual(hitsOf(stats, 'total'), { 6: 1, 7: 4, 8: 1 });
  assert.deepEqual(hitsOf(stats, 'area'), { 7: 3, 8: 3 });
});
