// The shared table layout (report/table.ts) and header lines (report/header.ts): the
// pieces the text, diff and HTML reports all lay out with.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { approximatePerHitBelow, describeEngine, describeEngines } from '../../src/report/header.js';
import { approximate, columnWidths, heatOf, lineCells, padRow, reportHeader, rowRange, sourceText } from '../../src/report/table.js';
import type { ProfileResult } from '../../src/stats/model.js';

test('rowRange: the source, and further for a row outside it, also with more rows than a call takes arguments', () => {
  assert.deepEqual(rowRange(10, 3, [11]), { first: 10, last: 12 });
  assert.deepEqual(rowRange(10, 3, [8, 15]), { first: 8, last: 15 });
  assert.deepEqual(rowRange(10, 0, []), { first: 10, last: 9 });
  const many = Array.from({ length: 300_000 }, (_, i) => i + 1);
  assert.deepEqual(rowRange(1, 1, many), { first: 1, last: 300_000 });
});

test('sourceText drops line endings; a line past the source is empty', () => {
  assert.equal(sourceText(['a\r\n', 'b\n\n', 'c\r'], 5, 5), 'a');
  assert.equal(sourceText(['a\r\n', 'b\n\n', 'c\r'], 5, 6), 'b');
  assert.equal(sourceText(['a\r\n', 'b\n\n', 'c\r'], 5, 7), 'c');
  assert.equal(sourceText(['a'], 5, 9), '');
});

test('widths at least the minimum, as wide as the widest cell; cells right-aligned', () => {
  const widths = columnWidths([2, 3], [['1', 'abcd'], ['123', '']]);
  assert.deepEqual(widths, [3, 4]);
  assert.equal(padRow(['1', 'ab'], widths), '  1   ab');
  assert.deepEqual(reportHeader(1e-6, ['Engine: exact']), ['Timer unit: 1e-06 s', 'Engine: exact']);
  assert.deepEqual([heatOf(20), heatOf(19.9), heatOf(5), heatOf(4.9)], ['hot', 'warm', 'warm', '']);
});

test('engine lines: one when A and B were timed alike, else one each', () => {
  const exact = describeEngine('exact', { clock: 'tsc', compensated: true, probeCostNs: 40 });
  assert.equal(exact, 'Engine: exact (clock tsc, probe cost compensated: 40 ns per line event, ~: under one line event per hit)');
  assert.equal(describeEngine('exact', { clock: 'tsc', compensated: false }), 'Engine: exact (clock tsc, probe cost not compensated)');
  assert.deepEqual(describeEngines(exact, exact), [exact]);
  const sampled = describeEngine('sampled', { samples: 3, intervalUs: 100 });
  assert.equal(sampled, 'Engine: sampled (3 samples, every 100 us, ~: under 10 samples)');
  assert.deepEqual(describeEngines(exact, sampled), [exact.replace('Engine:', 'Engine of A:'), sampled.replace('Engine:', 'Engine of B:')]);
});

test('compensated exact results: a line under one probe event per hit gets ~, the others and raw results none', () => {
  const result = (meta: ProfileResult['meta']): ProfileResult => ({ meta, stats: { unit: 1e-9, engine: 'exact', functions: [] } }) as unknown as ProfileResult;
  // The largest probe cost of the results, in seconds.
  assert.equal(approximatePerHitBelow('exact', [result({ compensated: true, probeCostNs: 40 }), result({ compensated: true, probeCostNs: 25 })]), 40e-9);
  assert.equal(approximatePerHitBelow('exact', [result({ compensated: false, probeCostNs: 40 })]), undefined);
  assert.equal(approximatePerHitBelow('sampled', [result({ compensated: true, probeCostNs: 40 })]), undefined);
  // In the stats' unit (ns here): 10 hits under 40 ns each is under 400.
  const line = (hits: number, time: number) => ({ line: 1, hits, time, wait: 0 });
  const time = (l: ReturnType<typeof line>): string => approximate(lineCells(l, 1000, 1e-3), l, 0, 40).time.trim();
  assert.deepEqual([time(line(10, 399)), time(line(10, 0)), time(line(10, 400)), time(line(0, 5))], ['~0.4', '~0.0', '0.4', '0.0']);
});
