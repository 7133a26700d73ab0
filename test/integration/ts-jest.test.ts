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
import type { ProfileStats } from '../../src/stats/model.js';
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

function plainJest(): Outcome {
  return runNode([JEST, '--ci', '-i', '--cacheDirectory', cacheDir()], project, { ...ENV, LINEPROF_FIXTURE_TRANSFORM: 'plain' });
}

function profiledJest(out: string): Outcome {
  return lineprof(['exec', '-q', '-o', out, process.execPath, JEST, '--ci', '-i', '--cacheDirectory', cacheDir()], project, ENV);
}

/** jest's report without durations, and without TypeScript's colours (ts-jest sets them whatever the terminal). */
const withoutTimes = (text: string): string => stripVTControlCharacters(text).replace(/^Time: .*$/m, 'Time: -').replace(/ \(\d+(\.\d+)? m?s\)/g, '');

/** Each suite's block of jest's report, by test file, and the summary after them. */
function suites(stderr: string): { blocks: Record<string, string>; summary: string } {
  const text = withoutTimes(stderr);
  const end = text.indexOf('\nTest Suites: ');
  const blocks = text.slice(0, end).split(/\n(?=(?:PASS|FAIL) )/).map((block) => block.trimEnd());
  return { blocks: Object.fromEntries(blocks.map((block) => [block.split('\n')[0].replace(/^\w+ /, ''), block])), summary: text.slice(end) };
}

// One plain and one profiled jest run of both suites (ts-jest's type check takes seconds a
// run), started before the tests that read them.
let runs: { plain: Outcome; profiled: Outcome; stats: ProfileStats } | undefined;
function bothRuns(): NonNullable<typeof runs> {
  if (!runs) {
    const out = path.join(project, 'ts-jest.lprof');
    const plain = plainJest();
    const profiled = profiledJest(out);
    runs = { plain, profiled, stats: readResultFile(out).stats };
  }
  return runs;
}

test('ts-jest (type-checking): output and exit code as without lineprof, but for the frame of the type error', () => {
  const { plain, profiled } = bothRuns();
  assert.equal(plain.status, 1, plain.stderr);
  assert.deepEqual([profiled.status, profiled.stdout], [plain.status, plain.stdout]);
  assert.deepEqual(profiled.stderr.split('\n').filter((line) => line.startsWith('lineprof: ')), []);
  const [run, expected] = [suites(profiled.stderr), suites(plain.stderr)];
  assert.equal(run.summary, expected.summary);
  assert.deepEqual(Object.keys(run.blocks).sort(), ['test/bad.test.ts', 'test/math.test.ts']);
  assert.equal(run.blocks['test/math.test.ts'], expected.blocks['test/math.test.ts']);
});

test('ts-jest (type-checking): exact hits on the TypeScript lines', () => {
  assert.deepEqual(hitsOf(bothRuns().stats, 'sumTo'), { 7: 1, 8: 5, 9: 1 });
});

test('ts-jest (type-checking): a type error fails its suite at the same line and column; its code frame shows the line with its probe', () => {
  const { plain, profiled } = bothRuns();
  const expected = suites(plain.stderr).blocks['test/bad.test.ts'];
  const run = suites(profiled.stderr).blocks['test/bad.test.ts'];
  assert.match(expected, /src\/bad\.ts:2:9 - error TS2322: Type 'number' is not assignable to type 'string'\./);
  // The one difference (README, "Known differences"): the frame's text is the checked one.
  const frameLine = (text: string): string => /^\s*2 (.*)$/m.exec(text)?.[1] ?? '';
  assert.equal(frameLine(expected), '  const label: string = 42;');
  assert.equal(frameLine(run), `${frameLine(expected)}$lp_f.l(2);`);
  assert.equal(run.replace(frameLine(run), frameLine(expected)), expected);
});
