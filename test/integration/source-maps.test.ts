// Built code with source maps: TypeScript compiled by the real tsc (--sourceMap, ES2022
// and ES5), and bundled by esbuild (inline map, and minified), profiled as it runs; the
// report is on the original lines and files, as a stack trace with source maps is. A map
// that cannot be read is said in one line, and the built lines are reported.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { readResultFile } from '../../src/stats/result-file.js';
import type { FunctionStats } from '../../src/stats/model.js';
import { FIXTURES, lineprof, ROOT, runNode, tempDir } from './helpers.js';

const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const ESBUILD = path.join(ROOT, 'node_modules/esbuild/bin/esbuild');
let project: string;

before(() => {
  project = tempDir();
  fs.cpSync(path.join(FIXTURES, 'built/src'), path.join(project, 'src'), { recursive: true });
  fs.writeFileSync(path.join(project, 'package.json'), '{ "type": "commonjs" }\n');
  for (const target of ['es2022', 'es5']) {
    execFileSync(process.execPath, [TSC, '--target', target, '--module', 'commonjs', '--lib', 'es2022,dom', '--sourceMap', '--outDir', `tsc-${target}`, 'src/app.ts'], { cwd: project });
  }
  execFileSync(ESBUILD, ['src/main.ts', '--bundle', '--platform=node', '--format=esm', '--sourcemap=inline', '--outfile=bundle/main.mjs'], { cwd: project });
  execFileSync(ESBUILD, ['src/main.ts', '--bundle', '--platform=node', '--minify', '--sourcemap', '--outfile=bundle/min.cjs'], { cwd: project });
});

/** The run's functions as `file:line name`, with `{ line: hits }`. */
function profiled(file: string, args: readonly string[] = ['--all']): { run: ReturnType<typeof lineprof>; functions: FunctionStats[] } {
  const out = path.join(tempDir(), 'out.lprof');
  const run = lineprof(['run', '-q', ...args, '-o', out, file], project);
  const plain = runNode([file], project);
  assert.deepEqual([run.status, run.stdout], [plain.status, plain.stdout], run.stderr);
  return { run, functions: [...readResultFile(out).stats.functions] };
}

function find(functions: readonly FunctionStats[], file: string, name: string): FunctionStats {
  const found = functions.filter((fn) => path.relative(project, fn.file) === file && fn.name === name);
  assert.equal(found.length, 1, `${file} ${name} in ${functions.map((fn) => `${path.relative(project, fn.file)} ${fn.name}`).join(', ')}`);
  return found[0];
}

const hits = (fn: FunctionStats): Record<number, number> => Object.fromEntries(fn.lines.map((l) => [l.line, l.hits]));

test('tsc --sourceMap (ES2022): hits on the TypeScript lines, with their text; the output as plain', () => {
  const { run, functions } = profiled('tsc-es2022/app.js');
  assert.equal(run.stdout, '14\n2\n');
  const total = find(functions, 'src/app.ts', 'total');
  assert.equal(total.line, 6);
  assert.deepEqual(hits(total), { 7: 1, 8: 3, 9: 2, 11: 1 });
  assert.deepEqual(total.source, fs.readFileSync(path.join(project, 'src/app.ts'), 'utf8').split('\n').slice(5, 12));
  const later = find(functions, 'src/app.ts', 'later');
  assert.deepEqual(hits(later), { 15: 1, 16: 1 });
  assert.ok(later.lines[0].wait > 0, 'the await waits on its TypeScript line');
  // No function is left on the built file's lines.
  assert.deepEqual(functions.filter((fn) => !fn.file.endsWith('app.ts')), []);
});

test('tsc down-levelled to ES5: a for...of of two elements counts 3 on its line, not the 5 of its two generated lines', () => {
  const { functions } = profiled('tsc-es5/app.js');
  const total = find(functions, 'src/app.ts', 'total');
  assert.deepEqual(hits(total), { 7: 1, 8: 3, 9: 2, 11: 1 });
  // tsc's own helpers have no source: they stay on the built lines.
  assert.ok(functions.some((fn) => fn.file.endsWith(path.join('tsc-es5', 'app.js')) && fn.name === 'step'));
});

test('an esbuild bundle with an inline map: each function in its own source file', () => {
  const { run, functions } = profiled('bundle/main.mjs');
  assert.equal(run.stdout, '30\n');
  const square = find(functions, 'src/lib.ts', 'square');
  assert.deepEqual([square.line, hits(square)], [1, { 2: 5, 3: 5 }]);
  assert.equal(square.source[0], 'export function square(n: number): number {');
});

test('minified code stays on the built lines (its statements share one line)', () => {
  const { functions } = profiled('bundle/min.cjs');
  assert.ok(functions.length > 0);
  assert.deepEqual([...new Set(functions.map((fn) => path.relative(project, fn.file)))], [path.join('bundle', 'min.cjs')]);
});

test('a map that cannot be read: one line names the file and why, and the built lines are reported', () => {
  const broken = path.join(project, 'tsc-es2022/broken.js');
  fs.writeFileSync(broken, fs.readFileSync(path.join(project, 'tsc-es2022/app.js'), 'utf8').replace('app.js.map', 'broken.js.map'));
  fs.writeFileSync(path.join(project, 'tsc-es2022/broken.js.map'), '{"version":3,');
  const { run, functions } = profiled('tsc-es2022/broken.js');
  assert.match(run.stderr, /^lineprof: .*\/tsc-es2022\/broken\.js: its source map could not be read \(.*JSON.*\): its lines are the built file's$/m);
  const total = find(functions, path.join('tsc-es2022', 'broken.js'), 'total');
  assert.equal(total.source[0], 'function total(points) {');
});

test('a map file that is not there (a package that strips its maps, keeping the comment): the built lines, quietly', () => {
  const stripped = path.join(project, 'tsc-es2022/stripped.js');
  fs.writeFileSync(stripped, fs.readFileSync(path.join(project, 'tsc-es2022/app.js'), 'utf8').replace('app.js.map', 'missing.js.map'));
  const { run, functions } = profiled('tsc-es2022/stripped.js');
  assert.equal(run.stderr, '');
  assert.equal(find(functions, path.join('tsc-es2022', 'stripped.js'), 'total').source[0], 'function total(points) {');
});

test('a map whose sources are nowhere (a package shipping maps without its sources): the built lines', () => {
  // pkg/dist/app.js.map names ../src/app.ts: pkg/src/app.ts, which is not there.
  const dir = path.join(project, 'pkg/dist');
  fs.mkdirSync(dir, { recursive: true });
  for (const name of ['app.js', 'app.js.map']) fs.copyFileSync(path.join(project, 'tsc-es2022', name), path.join(dir, name));
  const { run, functions } = profiled('pkg/dist/app.js');
  assert.equal(run.stderr, '');
  const total = find(functions, path.join('pkg', 'dist', 'app.js'), 'total');
  assert.deepEqual([total.line, total.source[0]], [5, 'function total(points) {']);
});
