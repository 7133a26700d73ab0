// The API issue's acceptance: the default profiler with reset, independent profilers,
// isolated runs, overlapping profilers, labelled runs through a saved file, async calls,
// the errors for functions that cannot be profiled, and, under plain node, the whole API
// as a no-op.

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

test('without lineprof, every profile method is a no-op with empty results and only adding a function throws', () => {
  const dump = path.join(tempDir(), 'not-active.lprof');
  const plain = runNode(['not-active.mjs', dump], CWD);
  const empty = '{"unit":1e-9,"engine":"exact","functions":[]}';
  const emptySampled = '{"unit":1e-9,"engine":"sampled","functions":[]}';
  const notActive = 'lineprof is not active in this process (run the program with `lineprof run` or `LINEPROF=1 node --import lineprof/register`)';
  assert.equal(plain.stderr, '');
  assert.equal(plain.status, 0);
  assert.equal(
    plain.stdout,
    [
      'profile(f) === f: true',
      'experimentalDecorators returns the descriptor: true',
      'reset: undefined',
      `getStats: ${empty}`,
      `run: {"result":2,"stats":${empty}}`,
      `run label: {"result":3,"stats":${empty}}`,
      `run label again: {"result":4,"stats":${empty}}`,
      'runCall: 11',
      'run throws: "TypeError: own error"',
      `run async: {"result":7,"stats":${empty}}`,
      `getRuns: [{"label":"warm","stats":${empty}},{"label":"throws","stats":${empty}},{"label":"later","stats":${empty}}]`,
      'frozen: true',
      // What line_profiler's print_stats prints with no functions: the unit line alone.
      'printStats:',
      'Timer unit: 1e-06 s',
      '',
      'printStats to a stream: "Timer unit: 0.001 s\\n\\n"',
      'dumpStats: undefined',
      `loadStats: ${empty}`,
      'enabled: false',
      `LineProfiler run: {"result":8,"stats":${emptySampled}}`,
      'LineProfiler runCall: 9',
      `LineProfiler getRuns: [{"label":"one","stats":${emptySampled}}]`,
      `addFunction: "LineprofError: cannot profile function 'f': ${notActive}"`,
      `addClass: "LineprofError: cannot profile function 'Tokenizer': ${notActive}"`,
      `addModule: "LineprofError: cannot profile function 'f': ${notActive}"`,
      '',
    ].join('\n'),
  );
  // A valid result file with no functions, its labelled runs, and no claim of a clock.
  const emptyStats = { unit: 1e-9, engine: 'exact', functions: [] };
  assert.deepEqual(readResultFile(dump), {
    meta: { nodeVersion: process.version },
    stats: emptyStats,
    runs: ['warm', 'throws', 'later'].map((label) => ({ label, stats: emptyStats })),
  });
});
