// renderText against reports written out by hand from line_profiler's show_func layout:
// `%6s %9s %12s %8s %8s  %-s` columns, `%5.1f` numbers, `%g` when a number is too wide.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stripVTControlCharacters } from 'node:util';
import { renderText } from '../../src/report/text.js';
import type { FunctionStats, ProfileStats } from '../../src/stats/model.js';

const sumTo: FunctionStats = {
  file: '/app/src/sum.ts',
  name: 'sumTo',
  line: 10,
  source: [
    'function sumTo(n: number): number {',
    '  let total = 0;',
    '',
    '  for (let i = 0; i < n; i++) {',
    '    total += i;',
    '  }',
    '  return total;',
    '}',
  ],
  lines: [
    // 250 ns is 0.25 us: Python's %5.1f rounds that tie to even ("0.2"), toFixed would say 0.3.
    { line: 11, hits: 1, time: 250, wait: 0 },
    { line: 13, hits: 101, time: 60_000, wait: 0 },
    { line: 14, hits: 100, time: 39_000, wait: 0 },
    { line: 16, hits: 1, time: 750, wait: 0 },
  ],
};

const load: FunctionStats = {
  file: '/app/src/load.ts',
  name: 'load',
  line: 20,
  source: ['async function load(urls: string[]) {', '  await Promise.all(urls.map(fetch));', '  return urls.length;', '}'],
  lines: [
    { line: 21, hits: 2, time: 5_000, wait: 1_500_000 },
    { line: 22, hits: 2, time: 1_000, wait: 0 },
  ],
};

const stats = (...functions: FunctionStats[]): ProfileStats => ({ unit: 1e-9, engine: 'exact', functions });

// A row without data: empty Hits, Time, Per Hit and % Time columns, their separators and
// the two spaces before the contents (1 + 9 + 1 + 12 + 1 + 8 + 1 + 8 + 2).
const BLANK = ' '.repeat(43);
// The same with the Wait column (1 + 12 more).
const BLANK_WAIT = ' '.repeat(56);

const SUM_TO_BLOCK = [
  'Total time: 0.0001 s',
  'File: /app/src/sum.ts',
  'Function: sumTo at line 10',
  '',
  'Line #      Hits         Time  Per Hit   % Time  Line Contents',
  '==============================================================',
  `    10${BLANK}function sumTo(n: number): number {`,
  '    11         1          0.2      0.2      0.2    let total = 0;',
  `    12${BLANK}`,
  '    13       101         60.0      0.6     60.0    for (let i = 0; i < n; i++) {',
  '    14       100         39.0      0.4     39.0      total += i;',
  `    15${BLANK}  }`,
  '    16         1          0.8      0.8      0.8    return total;',
  `    17${BLANK}}`,
  '',
  '',
].join('\n');

const LOAD_BLOCK = [
  'Total time: 6e-06 s',
  'File: /app/src/load.ts',
  'Function: load at line 20',
  '',
  'Line #      Hits         Time  Per Hit   % Time         Wait  Line Contents',
  '===========================================================================',
  `    20${BLANK_WAIT}async function load(urls: string[]) {`,
  '    21         2          5.0      2.5     83.3       1500.0    await Promise.all(urls.map(fetch));',
  `    22         2          1.0      0.5     16.7${' '.repeat(17)}return urls.length;`,
  `    23${BLANK_WAIT}}`,
  '',
  '',
].join('\n');

test('one function in line_profiler layout, blank rows for lines never hit', () => {
  assert.equal(renderText(stats(sumTo)), `Timer unit: 1e-06 s\n\n${SUM_TO_BLOCK}`);
});

test('a Wait column only in the function that waited, excluded from Time and % Time', () => {
  assert.equal(renderText(stats(load, sumTo)), `Timer unit: 1e-06 s\n\n${LOAD_BLOCK}${SUM_TO_BLOCK}`);
});

test('sort puts the function with the most total time first', () => {
  assert.equal(renderText(stats(load, sumTo), { sort: true }), `Timer unit: 1e-06 s\n\n${SUM_TO_BLOCK}${LOAD_BLOCK}`);
});

test('header lines come right after the Timer unit line', () => {
  const header = ['Engine: exact (clock performance.now, probe cost compensated)', 'Merged: 2 result files'];
  assert.equal(
    renderText(stats(sumTo), { header }),
    `Timer unit: 1e-06 s\n${header[0]}\n${header[1]}\n\n${SUM_TO_BLOCK}`,
  );
});

test('the unit option rescales Time and Per Hit but not Total time', () => {
  const fn: FunctionStats = {
    file: 'a.js',
    name: 'f',
    line: 1,
    source: ['x()'],
    lines: [{ line: 1, hits: 4, time: 1_500, wait: 0 }],
  };
  assert.equal(
    renderText(stats(fn), { unit: 1e-9 }),
    [
      'Timer unit: 1e-09 s',
      '',
      'Total time: 1.5e-06 s',
      'File: a.js',
      'Function: f at line 1',
      '',
      'Line #      Hits         Time  Per Hit   % Time  Line Contents',
      '==============================================================',
      '     1         4       1500.0    375.0    100.0  x()',
      '',
      '',
    ].join('\n'),
  );
});

test('numbers too wide for a column fall back to %g and widen the column', () => {
  const fn: FunctionStats = {
    file: 'big.js',
    name: 'big',
    line: 3,
    source: ['function big() {', '  spin();', '}'],
    lines: [{ line: 4, hits: 12_345_678_901, time: 1e25, wait: 0 }],
  };
  assert.equal(
    renderText(stats(fn)),
    [
      'Timer unit: 1e-06 s',
      '',
      'Total time: 1e+16 s',
      'File: big.js',
      'Function: big at line 3',
      '',
      'Line #        Hits         Time  Per Hit   % Time  Line Contents',
      '================================================================',
      `     3${' '.repeat(45)}function big() {`,
      '     4 1.23457e+10        1e+22  8.1e+11    100.0    spin();',
      `     5${' '.repeat(45)}}`,
      '',
      '',
    ].join('\n'),
  );
});

const slow: FunctionStats = {
  file: '/app/slow.js',
  name: 'slow',
  line: 1,
  source: ['function slow() {', '  work();', '}'],
  lines: [{ line: 2, hits: 1, time: 1_234_567_890, wait: 0 }],
};
// Its lines carry probes but never ran.
const unused: FunctionStats = {
  file: '/app/unused.js',
  name: 'unused',
  line: 30,
  source: ['function unused() {', '  return 1;', '}'],
  lines: [{ line: 31, hits: 0, time: 0, wait: 0 }],
};

const UNUSED_BLOCK = [
  'Total time: 0 s',
  'File: /app/unused.js',
  'Function: unused at line 30',
  '',
  'Line #      Hits         Time  Per Hit   % Time  Line Contents',
  '==============================================================',
  `    30${BLANK}function unused() {`,
  `    31${BLANK}  return 1;`,
  `    32${BLANK}}`,
  '',
  '',
].join('\n');

const SLOW_BLOCK = [
  'Total time: 1.23457 s',
  'File: /app/slow.js',
  'Function: slow at line 1',
  '',
  'Line #      Hits         Time  Per Hit   % Time  Line Contents',
  '==============================================================',
  `     1${BLANK}function slow() {`,
  // 1234567.9 fits Time (12) but not Per Hit (8), which falls back to %5.3g.
  '     2         1    1234567.9 1.23e+06    100.0    work();',
  `     3${BLANK}}`,
  '',
  '',
].join('\n');

test('summary lists each function as seconds - file:line - name after the tables', () => {
  assert.equal(
    renderText(stats(unused, slow), { summary: true, sort: true }),
    `Timer unit: 1e-06 s\n\n${SLOW_BLOCK}${UNUSED_BLOCK}` +
      '  1.23 seconds - /app/slow.js:1 - slow\n  0.00 seconds - /app/unused.js:30 - unused\n',
  );
});

test('skipZero drops functions never hit, from the tables and the summary', () => {
  assert.equal(
    renderText(stats(unused, slow), { summary: true, skipZero: true }),
    `Timer unit: 1e-06 s\n\n${SLOW_BLOCK}  1.23 seconds - /app/slow.js:1 - slow\n`,
  );
});

test('no functions: just the Timer unit line', () => {
  assert.equal(renderText(stats()), 'Timer unit: 1e-06 s\n\n');
  assert.equal(renderText(stats(), { summary: true, header: ['Engine: sampled'] }), 'Timer unit: 1e-06 s\nEngine: sampled\n\n');
});

test('colour marks hot lines and is otherwise the plain report', () => {
  const plain = renderText(stats(load, sumTo));
  const colored = renderText(stats(load, sumTo), { color: true });
  assert.equal(stripVTControlCharacters(plain), plain);
  assert.equal(stripVTControlCharacters(colored), plain);
  const redBold = (row: string): string => `\x1b[1m\x1b[31m${row}\x1b[39m\x1b[22m`;
  const yellow = (row: string): string => `\x1b[33m${row}\x1b[39m`;
  // At least 20% of the function's time: red and bold; at least 5%: yellow; others plain.
  assert.deepEqual(
    colored.split('\n').filter((row) => row.includes('\x1b')),
    [
      redBold('    21         2          5.0      2.5     83.3       1500.0    await Promise.all(urls.map(fetch));'),
      yellow(`    22         2          1.0      0.5     16.7${' '.repeat(17)}return urls.length;`),
      redBold('    13       101         60.0      0.6     60.0    for (let i = 0; i < n; i++) {'),
      redBold('    14       100         39.0      0.4     39.0      total += i;'),
    ],
  );
});

test('top: only the N functions with the most total time, most first; with skip-zero, none never hit', () => {
  const fn = (name: string, time: number, hits = 1): FunctionStats => ({
    file: '/app/a.ts',
    name,
    line: 1,
    source: ['x'],
    lines: [{ line: 1, hits, time, wait: 0 }],
  });
  const stats: ProfileStats = { unit: 1e-9, engine: 'exact', functions: [fn('small', 10), fn('big', 300), fn('idle', 0, 0), fn('middle', 200)] };
  const names = (text: string): string[] => [...text.matchAll(/^Function: (\S+)/gm)].map((m) => m[1]);
  assert.deepEqual(names(renderText(stats, { top: 2 })), ['big', 'middle']);
  assert.deepEqual(names(renderText(stats, { top: 9 })), ['big', 'middle', 'small', 'idle']);
  assert.deepEqual(names(renderText(stats, { top: 9, skipZero: true })), ['big', 'middle', 'small']);
});
