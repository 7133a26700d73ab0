// lineprof/jest around ts-jest in its default mode, which type-checks every file through
// TypeScript's language service on the source jest hands it: lineprof's, with probes and
// a declaration of their global after the last line. The real jest 30 and ts-jest 29 on
// test/fixtures/ts-jest, against the same project under ts-jest alone: output and exit
// code as without lineprof, exact hits on the TypeScript lines, and a type error reported
// at the same line and column.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { after, before, test } from 'node:test';
import { readResultFile } from '../../src/stats/result-file.js';
import { FIXTURES, hitsOf, lineprof, ROOT, runNode, tempDir, type Outcome } from './helpers.js';

const JEST = path.join(ROOT, 'node_modules/jest/bin/jest.js');
/** No colour (CI=true would turn picocolors' on), as in jest.test.ts. */
const ENV = { FORCE_COLOR: '0' };

let project: string;
const made: string[] = [];

before(() => {
  // A copy, as a project that installed lineprof and ts-jest (jest resolves both from it).
  project = tempDir();
  made.push(project);
  fs.cpSync(path.join(FIXTURES, 'ts-jest'), project, { recursive: true });
  const modules = path.join(project, 'node_modules');
  fs.mkdirSync(modules);
  fs.symlinkSync(ROOT, path.join(modules, 'lineprof'));
  for (const name of ['ts-jest', 'typescript', '@jest', '@types']) fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(modules, name));
});

after(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function cacheDir(): string {
  const dir = tempDir();
  made.push(dir);
  return dir;
}

function plainJest(pattern: string): Outcome {
  return runNode([JEST, '--ci', '--cacheDirectory', cacheDir(), pattern], project, { ...ENV, LINEPROF_FIXTURE_TRANSFORM: 'plain' });
}

function profiledJest(out: string, pattern: string): Outcome {
  return lineprof(['exec', '-q', '-o', out, process.execPath, JEST, '--ci', '--cacheDirectory', cacheDir(), pattern], project, ENV);
}

/** jest's report without durations, and without TypeScript's colours (ts-jest sets them whatever the terminal). */
const withoutTimes = (text: string): string => stripVTControlCharacters(text).replace(/^Time: .*$/m, 'Time: -').replace(/ \(\d+(\.\d+)? m?s\)/g, '');

test('ts-jest (type-checking): a passing suite as without lineprof, exact hits on the TypeScript lines', () => {
  const plain = plainJest('test/math');
  assert.equal(plain.status, 0, plain.stderr);
  const out = path.join(project, 'math.lprof');
  const run = profiledJest(out, 'test/math');
  assert.deepEqual([run.status, run.stdout, withoutTimes(run.stderr)], [plain.status, plain.stdout, withoutTimes(plain.stderr)]);
  assert.deepEqual(hitsOf(readResultFile(out).stats, 'sumTo'), { 7: 1, 8: 5, 9: 1 });
});

test('ts-jest (type-checking): a type error fails the suite at the same line and column; its code frame shows the line with its probe', () => {
  const plain = plainJest('test/bad');
  assert.equal(plain.status, 1);
  const message = "src/bad.ts:2:9 - error TS2322: Type 'number' is not assignable to type 'string'.";
  assert.match(withoutTimes(plain.stderr), new RegExp(message.replace(/[.()]/g, '\\$&')));
  const run = profiledJest(path.join(project, 'bad.lprof'), 'test/bad');
  assert.deepEqual([run.status, run.stdout], [plain.status, plain.stdout]);
  // The one difference (README, "Known differences"): the frame's text is the checked one.
  // No suite ran: lineprof says that nothing was recorded, in a line of its own.
  const own = run.stderr.split('\n').filter((line) => line.startsWith('lineprof: '));
  assert.deepEqual(own.map((line) => line.slice(0, 36)), ['lineprof: nothing was recorded: no f']);
  const jestOwn = run.stderr.split('\n').filter((line) => !line.startsWith('lineprof: ')).join('\n');
  const [profiled, expected] = [withoutTimes(jestOwn), withoutTimes(plain.stderr)];
  const frameLine = (text: string): string => /^\s*2 (.*)$/m.exec(text)?.[1] ?? '';
  assert.equal(frameLine(expected), '  const label: string = 42;');
  assert.equal(frameLine(profiled), `${frameLine(expected)}$lp_f.l(2);`);
  assert.equal(profiled.replace(frameLine(profiled), frameLine(expected)), expected);
});
