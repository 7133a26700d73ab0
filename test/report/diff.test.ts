// renderDiff, renderDiffJson and compareStats on small profiles whose reports are written out
// by hand: which lines are faster, slower, gone or new, which are marked as the biggest
// changes, and the exact columns. No files, no processes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stripVTControlCharacters } from 'node:util';
import { compareStats, type DiffLine } from '../../src/stats/compare.js';
import { renderDiff } from '../../src/report/diff-text.js';
import { renderDiffJson } from '../../src/report/diff-json.js';
import type { FunctionStats, LineStats, ProfileStats } from '../../src/stats/model.js';

const rows = (...table: [number, number, number][]): LineStats[] =>
  table.map(([line, hits, time]) => ({ line, hits, time, wait: 0 }));

const SUM_SOURCE = [
  'function sum(xs) {',
  '  let total = 0;',
  '  for (const x of xs) total += slow(x);',
  '  log(total);',
  '  return total;',
  '}',
];
// B made line 3 four times cheaper and no longer runs line 4.
const sumA: FunctionStats = {
  file: '/src/a.js',
  name: 'sum',
  line: 1,
  source: SUM_SOURCE,
  lines: rows([2, 1, 1000], [3, 11, 8000], [4, 1, 2000], [5, 1, 1000]),
};
const sumB: FunctionStats = { ...sumA, lines: rows([2, 1, 1000], [3, 11, 2000], [5, 1, 1000]) };

// B takes the early return it never took in A.
const PICK_SOURCE = ['function pick(x) {', '  if (x > 0) return 1;', '  return 0;', '}'];
const pickA: FunctionStats = { file: '/src/a.js', name: 'pick', line: 10, source: PICK_SOURCE, lines: rows([11, 2, 400]) };
const pickB: FunctionStats = { ...pickA, lines: rows([11, 2, 300], [12, 1, 100]) };

const slow: FunctionStats = { file: '/src/a.js', name: 'slow', line: 20, source: ['slow()'], lines: rows([20, 5, 50]) };
const fast: FunctionStats = { file: '/src/a.js', name: 'fast', line: 20, source: ['fast()'], lines: rows([20, 5, 10]) };

const stats = (...functions: FunctionStats[]): ProfileStats => ({ unit: 1e-9, engine: 'exact', functions });
const before = stats(pickA, sumA, slow);
const after = stats(fast, sumB, pickB);

// A row without data: six empty number columns and their separators (9 + 9 + 12 + 12 +
// 12 + 8 + 6), the blank marker between two spaces and the two spaces before the contents.
const BLANK = ' '.repeat(73);
const HEADER = [
  'Line #    Hits A    Hits B       Time A       Time B        Delta      B/A     Line Contents',
  '============================================================================================',
];

// The biggest change first: sum lost 8 us, pick none in total.
const SUM_BLOCK = [
  'Total time: 1.2e-05 s -> 4e-06 s (B/A 0.33)',
  'File: /src/a.js',
  'Function: sum at line 1',
  '',
  ...HEADER,
  `     1${BLANK}function sum(xs) {`,
  '     2         1         1          1.0          1.0          0.0     1.00       let total = 0;',
  '     3        11        11          8.0          2.0         -6.0     0.25 <<    for (const x of xs) total += slow(x);',
  '     4         1                    2.0                      -2.0     gone <<    log(total);',
  '     5         1         1          1.0          1.0          0.0     1.00       return total;',
  `     6${BLANK}}`,
  '',
  '',
].join('\n');

const PICK_BLOCK = [
  'Total time: 4e-07 s -> 4e-07 s (B/A 1.00)',
  'File: /src/a.js',
  'Function: pick at line 10',
  '',
  ...HEADER,
  `    10${BLANK}function pick(x) {`,
  '    11         2         2          0.4          0.3         -0.1     0.75 <<    if (x > 0) return 1;',
  '    12                   1                       0.1         +0.1      new <<    return 0;',
  `    13${BLANK}}`,
  '',
  '',
].join('\n');

const ONLY = 'only in A: slow (/src/a.js:20)\nonly in B: fast (/src/a.js:20)\n';

test('faster, gone and new lines side by side, biggest change first, one-sided functions listed', () => {
  assert.equal(renderDiff(before, after), `Timer unit: 1e-06 s\n\n${SUM_BLOCK}${PICK_BLOCK}${ONLY}`);
});

test('header lines come right after the Timer unit line', () => {
  const header = ['A: a.lprof', 'B: b.lprof'];
  assert.equal(
    renderDiff(stats(sumA), stats(sumB), { header }),
    `Timer unit: 1e-06 s\nA: a.lprof\nB: b.lprof\n\n${SUM_BLOCK}`,
  );
});

test('the unit option rescales the times and deltas, not the totals', () => {
  assert.equal(
    renderDiff(stats(pickA), stats(pickB), { unit: 1e-9 }),
    [
      'Timer unit: 1e-09 s',
      '',
      'Total time: 4e-07 s -> 4e-07 s (B/A 1.00)',
      'File: /src/a.js',
      'Function: pick at line 10',
      '',
      ...HEADER,
      `    10${BLANK}function pick(x) {`,
      '    11         2         2        400.0        300.0       -100.0     0.75 <<    if (x > 0) return 1;',
      '    12                   1                     100.0       +100.0      new <<    return 0;',
      `    13${BLANK}}`,
      '',
      '',
    ].join('\n'),
  );
});

test('the 3 biggest changes are marked, and every change over 20% of the larger total', () => {
  const source = ['function f() {', 'a();', 'b();', 'c();', 'd();', 'e();', '}'];
  const f = (...table: [number, number, number][]): ProfileStats =>
    stats({ file: 'f.js', name: 'f', line: 1, source, lines: rows(...table) });
  const marked = (a: ProfileStats, b: ProfileStats): number[] =>
    compareStats(a, b).functions[0].lines.filter((l) => l.marked).map((l) => l.line);
  // Total 220 -> 175: only the top 3 (|delta| 50, 30, 20); 10 and 5 are under 44.
  const a1 = f([2, 1, 100], [3, 1, 50], [4, 1, 40], [5, 1, 20], [6, 1, 10]);
  const b1 = f([2, 1, 50], [3, 1, 80], [4, 1, 20], [5, 1, 10], [6, 1, 15]);
  assert.deepEqual(marked(a1, b1), [2, 3, 4]);
  // Total 401 both: four changes of 90 are each over 80.2, the change of 1 is not.
  const a2 = f([2, 1, 100], [3, 1, 100], [4, 1, 100], [5, 1, 100], [6, 1, 1]);
  const b2 = f([2, 1, 10], [3, 1, 190], [4, 1, 10], [5, 1, 190], [6, 1, 2]);
  assert.deepEqual(marked(a2, b2), [2, 3, 4, 5]);
  // Nothing changed: nothing marked.
  assert.deepEqual(marked(a1, a1), []);
});

test('compareStats: every line that ran in A or B, with B - A and B / A', () => {
  const line = (fields: Omit<DiffLine, 'delta' | 'ratio'>, ratio: number | null): DiffLine => ({
    ...fields,
    delta: fields.timeB - fields.timeA,
    ratio,
  });
  assert.deepEqual(compareStats(before, after), {
    unit: 1e-9,
    functions: [
      {
        file: '/src/a.js',
        name: 'sum',
        line: 1,
        source: SUM_SOURCE,
        sourceChanged: false,
        timeA: 12000,
        timeB: 4000,
        delta: -8000,
        ratio: 4000 / 12000,
        lines: [
          line({ line: 2, status: 'both', hitsA: 1, hitsB: 1, timeA: 1000, timeB: 1000, marked: false }, 1),
          line({ line: 3, status: 'both', hitsA: 11, hitsB: 11, timeA: 8000, timeB: 2000, marked: true }, 0.25),
          line({ line: 4, status: 'gone', hitsA: 1, hitsB: 0, timeA: 2000, timeB: 0, marked: true }, 0),
          line({ line: 5, status: 'both', hitsA: 1, hitsB: 1, timeA: 1000, timeB: 1000, marked: false }, 1),
        ],
      },
      {
        file: '/src/a.js',
        name: 'pick',
        line: 10,
        source: PICK_SOURCE,
        sourceChanged: false,
        timeA: 400,
        timeB: 400,
        delta: 0,
        ratio: 1,
        lines: [
          line({ line: 11, status: 'both', hitsA: 2, hitsB: 2, timeA: 400, timeB: 300, marked: true }, 0.75),
          line({ line: 12, status: 'new', hitsA: 0, hitsB: 1, timeA: 0, timeB: 100, marked: true }, null),
        ],
      },
    ],
    onlyA: [{ file: '/src/a.js', name: 'slow', line: 20, hits: 5, time: 50 }],
    onlyB: [{ file: '/src/a.js', name: 'fast', line: 20, hits: 5, time: 10 }],
  });
});

test('profiles in different units are compared in the coarser one, rounded as merges are', () => {
  const inNs = stats({ ...pickA, lines: rows([11, 2, 3000]) });
  const inUs: ProfileStats = { unit: 1e-6, engine: 'exact', functions: [{ ...pickA, lines: rows([11, 2, 2]) }] };
  const diff = compareStats(inNs, inUs);
  assert.equal(diff.unit, 1e-6);
  assert.deepEqual(
    diff.functions[0].lines.map((l) => [l.timeA, l.timeB, l.delta]),
    [[3, 2, -1]],
  );
});

test('a probe-only line (no hits, no time) counts as not run: gone, not a zero row', () => {
  const probed = stats({ ...pickA, lines: rows([11, 2, 400], [12, 0, 0]) });
  const b = stats({ ...pickA, lines: rows([11, 2, 400]) });
  assert.deepEqual(
    compareStats(probed, b).functions[0].lines.map((l) => [l.line, l.status]),
    [[11, 'both']],
  );
  assert.deepEqual(
    compareStats(stats({ ...pickA, lines: rows([11, 2, 400], [12, 1, 50]) }), stats({ ...pickA, lines: rows([11, 2, 400], [12, 0, 0]) }))
      .functions[0].lines.map((l) => [l.line, l.status]),
    [
      [11, 'both'],
      [12, 'gone'],
    ],
  );
});

test('changed source is flagged; lines are matched by number and shown with B\'s text', () => {
  const edited = stats({ ...pickB, source: ['function pick(x) {', '  if (x >= 0) return 1;', '  return 0;', '}'] });
  const out = renderDiff(stats(pickA), edited);
  assert.equal(
    out.split('\n').slice(2, 8).join('\n'),
    [
      'Total time: 4e-07 s -> 4e-07 s (B/A 1.00)',
      'File: /src/a.js',
      'Function: pick at line 10',
      "Source changed: lines are matched by number, the text is B's",
      '',
      HEADER[0],
    ].join('\n'),
  );
  assert.match(out, /<< {4}if \(x >= 0\) return 1;\n/);
  assert.equal(compareStats(stats(pickA), stats(pickB)).functions[0].sourceChanged, false);
});

test('skipZero hides functions that ran in neither, and one-sided ones that never ran', () => {
  const idle = (fn: FunctionStats): FunctionStats => ({ ...fn, lines: rows([fn.line, 0, 0]) });
  const a = stats(idle(pickA), idle(slow));
  const b = stats(idle(pickA), idle(fast));
  assert.equal(renderDiff(a, b, { skipZero: true }), 'Timer unit: 1e-06 s\n\n');
  assert.equal(
    renderDiff(a, b).split('\n').filter((l) => l.startsWith('only in')).join('\n'),
    'only in A: slow (/src/a.js:20)\nonly in B: fast (/src/a.js:20)',
  );
});

test('a time of 0 in A has no ratio; empty profiles give only the unit line', () => {
  const zero = stats({ ...pickA, lines: rows([11, 1, 0]) });
  assert.equal(compareStats(zero, stats(pickA)).functions[0].ratio, null);
  assert.match(renderDiff(zero, stats(pickA)), /^Total time: 0 s -> 4e-07 s\n/m);
  assert.equal(renderDiff(stats(), stats()), 'Timer unit: 1e-06 s\n\n');
});

test('ties round half to even as in the text report: 250 ns is 0.2 us', () => {
  const a = stats({ ...pickA, lines: rows([11, 1, 250]) });
  const b = stats({ ...pickA, lines: rows([11, 1, 500]) });
  assert.match(renderDiff(a, b), /\n {4}11 {9}1 {9}1 {10}0\.2 {10}0\.5 {9}\+0\.2 {5}2\.00 << /);
});

test('colour marks faster lines green and slower ones red, and adds nothing else', () => {
  const a = stats(sumA, { ...pickA, lines: rows([11, 2, 300]) });
  const b = stats(sumB, { ...pickA, lines: rows([11, 2, 400]) });
  const coloured = renderDiff(a, b, { color: true });
  assert.equal(stripVTControlCharacters(coloured), renderDiff(a, b));
  const green = coloured.split('\n').filter((l) => l.startsWith('\x1b[32m')).map((l) => l.slice(5, 11));
  const red = coloured.split('\n').filter((l) => l.startsWith('\x1b[31m')).map((l) => l.slice(5, 11));
  assert.deepEqual({ green, red }, { green: ['     3', '     4'], red: ['    11'] });
});

test('renderDiffJson: the sides, then compareStats, on one line', () => {
  const sides = { a: { file: 'a.lprof', run: null }, b: { file: 'a.lprof', run: 'warm' } };
  const text = renderDiffJson(before, after, sides);
  assert.equal(text.split('\n').length, 2);
  assert.deepEqual(JSON.parse(text), {
    format: 'lineprof-diff',
    version: 1,
    ...sides,
    ...JSON.parse(JSON.stringify(compareStats(before, after))),
  });
});
