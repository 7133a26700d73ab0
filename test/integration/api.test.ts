// The API issue's acceptance: the default profiler with reset, independent profilers,
// isolated runs, overlapping profilers, labelled runs through a saved file, async calls,
// and the errors for functions that cannot be profiled.

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { readResultFile } from '../../src/stats/result-file.js';
import { FIXTURES, hitsOf, lineprof, runNode, tempDir } from './helpers.js';

const CWD = path.join(FIXTURES, 'api');

test('the API scenarios give exact body hits', () => {
  const dir = tempDir();
  const saved = path.join(dir, 'labelled.lprof');
  const atExitFile = path.join(dir, 'at-exit.lprof');
  const run = lineprof(['run', '-q', '-o', atExitFile, 'api.ts', saved], CWD);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '');
  const said = run.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { what: string; value: unknown })
    .map(({ what, value }) => [what, value]);
  assert.deepEqual(said, [
    ['default', 7500],
    ['default after reset', 1000],
    ['p1', 5000],
    ['p2', 2500],
    ['p2 printed', true],
    ['p2 after reset', 1000],
    ['runProfile 1000', 5000],
    ['runProfile 300', 1500],
    ['q1', 150],
    ['q2', 250],
    ['labelled total', 710],
    ['labelled runs', [['iteration 1', 500], ['iteration 2', 210]]],
    ['loaded', 710],
    ['error', "LineprofError: cannot profile function 'max': it is native code"],
    ['error', "LineprofError: cannot profile function 'bound incrementList': it is a bound function; add the original function instead"],
    ['error', "LineprofError: cannot profile function 'parse': it is native code"],
    ['async', [5, 15]],
  ]);

  const result = readResultFile(saved);
  assert.deepEqual(
    result.runs.map((r) => [r.label, hitsOf(r.stats, 'incrementList')[4]]),
    [['iteration 1', 500], ['iteration 2', 210]],
  );
  // The default profiler (written at exit) records the marked function in every call
  // after its reset, whichever other profiler was on: 3,405 outer iterations in 13 calls.
  const atExit = readResultFile(atExitFile);
  assert.deepEqual(hitsOf(atExit.stats, 'incrementList'), { 2: 3405 + 13, 3: 3405 * 6, 4: 3405 * 5, 7: 13 });
});

test('without lineprof, profile is a passthrough and addFunction says how to activate it', () => {
  const plain = runNode(['not-active.mjs'], CWD);
  assert.equal(plain.stdout, 'true\n' +
    "cannot profile function 'f': lineprof is not active in this process (run the program with `lineprof run` or `LINEPROF=1 node --import lineprof/register`)\n");
});
