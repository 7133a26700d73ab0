// The API issue's acceptance: the default profiler with reset, independent profilers,
// isolated runs, overlapping profilers, labelled runs through a saved file, async calls,
// the errors for functions that cannot be profiled, and, under plain node, the whole API
// as a no-op.

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { readResultFile } from '../../src/stats/result-file.js';
import { FIXTURES, hitsOf, lineprof, runNode, tempDir, type Outcome } from './helpers.js';

const CWD = path.join(FIXTURES, 'api');

// api.ts runs every scenario in one process (one `lineprof run` takes a second or more)
// and prints one JSON line `{ what, value }` per step; it runs once, at the first test
// that asks, and each scenario's test asserts its own steps from that shared outcome.
interface Scenarios {
  readonly run: Outcome;
  /** [what, value] of each line printed, in order. */
  readonly said: readonly (readonly [string, unknown])[];
  /** Written by labelled.dumpStats(). */
  readonly saved: string;
  /** Written at exit by the default profiler. */
  readonly atExitFile: string;
}

let scenarios: Scenarios | undefined;

function apiRun(): Scenarios {
  if (scenarios) return scenarios;
  const dir = tempDir();
  const saved = path.join(dir, 'labelled.lprof');
  const atExitFile = path.join(dir, 'at-exit.lprof');
  const run = lineprof(['run', '-q', '-o', atExitFile, 'api.ts', saved], CWD);
  const said = run.stdout.trim().split('\n').map(parseStep);
  scenarios = { run, said, saved, atExitFile };
  return scenarios;
}

/** A line api.ts printed as [what, value]; one that is not its JSON (a crash) as itself. */
function parseStep(line: string): readonly [string, unknown] {
  try {
    const { what, value } = JSON.parse(line) as { what: string; value: unknown };
    return [what, value];
  } catch {
    return [`not a step: ${line}`, undefined];
  }
}

/** One scenario: its steps as api.ts prints them ([what, value]), and what else it leaves. */
interface Scenario {
  readonly name: string;
  readonly said: readonly (readonly [string, unknown])[];
  readonly also?: (run: Scenarios) => void;
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'the default profiler: 7,500 body hits, then 1,000 after reset', said: [['default', 7500], ['default after reset', 1000]] },
  { name: 'independent profilers, printed and reset each on its own', said: [['p1', 5000], ['p2', 2500], ['p2 printed', true], ['p2 after reset', 1000]] },
  { name: 'runProfile: isolated stats per call', said: [['runProfile 1000', 5000], ['runProfile 300', 1500]] },
  { name: 'two profilers on one function, overlapping', said: [['q1', 150], ['q2', 250]] },
  {
    name: 'labelled runs, kept apart, saved and loaded',
    said: [['labelled total', 710], ['labelled runs', [['iteration 1', 500], ['iteration 2', 210]]], ['loaded', 710]],
    also: ({ saved }) => {
      const result = readResultFile(saved);
      assert.deepEqual(
        result.runs.map((r) => [r.label, hitsOf(r.stats, 'incrementList')[4]]),
        [['iteration 1', 500], ['iteration 2', 210]],
      );
    },
  },
  {
    name: 'functions that cannot be profiled: one clear error each',
    said: [
      ['error', "LineprofError: cannot profile function 'max': it is native code"],
      ['error', "LineprofError: cannot profile function 'bound incrementList': it is a bound function; add the original function instead"],
      ['error', "LineprofError: cannot profile function 'parse': it is native code"],
    ],
  },
  { name: 'async: enabled until the promise settles', said: [['async', [5, 15]]] },
];

test('the API scenarios: exit 0, nothing on stderr', () => {
  const { run } = apiRun();
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '');
});

test('the API scenarios: every step printed, in order', () => {
  assert.deepEqual(
    apiRun().said.map(([what]) => what),
    SCENARIOS.flatMap((s) => s.said.map(([what]) => what)),
  );
});

let first = 0;
for (const scenario of SCENARIOS) {
  const at = first;
  first += scenario.said.length;
  test(`API scenario: ${scenario.name}`, () => {
    const run = apiRun();
    assert.deepEqual(run.said.slice(at, at + scenario.said.length), scenario.said);
    scenario.also?.(run);
  });
}

test("the API scenarios: the default profiler's file, written at exit, has every call after its reset", () => {
  // The default profiler (written at exit) records the marked function in every call
  // after its reset, whichever other profiler was on: 3,405 outer iterations in 13 calls.
  const atExit = readResultFile(apiRun().atExitFile);
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
