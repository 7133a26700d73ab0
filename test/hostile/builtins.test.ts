// Programs that replace or delete built-ins lineprof's own code uses (issue 17's corpus,
// its first part): each runs plain and under `lineprof run --all` with both engines, with
// the same stdout, stderr and exit code, and a result file with the exact hits of its
// work() calls. lineprof's end-of-run code runs with the built-ins it found at load
// (src/runtime/pristine.ts), so the program's replacements neither break it nor run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readResultFile } from '../../src/stats/result-file.js';
import { FIXTURES, hitsOf, lineprof, runNode, tempDir } from '../integration/helpers.js';

const DIR = path.join(FIXTURES, 'hostile');

/** The n of each work(n) call, in order: the loop header counts n + 1 per call. */
const CALLS: Record<string, number[]> = {
  'api.cjs': [10, 5, 5],
  'array-iterator.js': [10, 5],
  'array-methods.js': [10, 5],
  'collections.js': [10, 5],
  'functions-promises.js': [10, 5],
  'json-object.js': [10, 10],
  'strings.js': [10, 10],
};

test('the corpus is every fixture', () => {
  assert.deepEqual(fs.readdirSync(DIR).sort(), [...Object.keys(CALLS), 'late-load.cjs', 'lib'].sort());
});

for (const [script, calls] of Object.entries(CALLS)) {
  for (const engine of ['exact', 'sampled']) {
    test(`${script}, ${engine} engine: the program's output and exit code as plain, and its hits`, () => {
      const plain = runNode([script], DIR);
      const out = path.join(tempDir(), `${script}.lprof`);
      const run = lineprof(['run', '-q', '--all', '--engine', engine, '-o', out, script], DIR);
      assert.deepEqual([run.status, run.stdout, run.stderr], [plain.status, plain.stdout, plain.stderr]);
      const source = fs.readFileSync(path.join(DIR, script), 'utf8').split('\n');
      const loop = source.findIndex((line) => line.includes('for (let i = 0; i < n; i++)')) + 1;
      assert.equal(hitsOf(readResultFile(out).stats, 'work')[loop], calls.reduce((sum, n) => sum + n + 1, 0));
    });
  }
}

// The program replaces built-ins, then loads the code it profiles: lineprof's loader
// (on Node 22+ hooks in the program's own thread), its registration of each file's
// functions and its end-of-run code all run without calling the replacements.
for (const engine of ['exact', 'sampled']) {
  test(`late-load.cjs, ${engine} engine: modules loaded after the patches are profiled, and no replacement runs for lineprof`, () => {
    const plain = runNode(['late-load.cjs'], DIR);
    assert.equal(plain.status, 0, plain.stderr);
    const out = path.join(tempDir(), 'late-load.lprof');
    const run = lineprof(['run', '-q', '--all', '--engine', engine, '-o', out, 'late-load.cjs'], DIR);
    assert.deepEqual([run.status, run.stdout, run.stderr], [plain.status, plain.stdout, plain.stderr]);
    const { stats } = readResultFile(out);
    const works = stats.functions.filter((fn) => fn.name === 'work').map((fn) => [path.basename(fn.file), fn.lines.find((l) => l.line === 3)?.hits]);
    assert.deepEqual(works.sort(), [['late-cjs.cjs', 11], ['late-esm.mjs', 11]]);
    // Plain node calls none of these (its own code uses the built-ins it took at start-up).
    const replaced = ['Map.get', 'Map.set', 'JSON.stringify', 'Object.keys', 'String.split', 'String.replace', 'String.startsWith', 'RegExp.exec'];
    const called = stats.functions.filter((fn) => replaced.includes(fn.name) && fn.lines.some((l) => l.hits > 0)).map((fn) => fn.name);
    assert.deepEqual(called, []);
  });
}
