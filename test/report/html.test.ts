// `lineprof show --format html` opened in real headless Chromium (Debian's, driven by
// playwright-core): the page makes no request and logs no error, lists every function,
// shows each one's rows with exactly the text report's cells, and its sorting, filter,
// keyboard and run selector work; a result of typescript.js's size opens and scrolls. A
// screenshot is kept in dist/test-artifacts/html-report.png.
//
// Chromium is found at $LINEPROF_CHROMIUM or /usr/bin/chromium (Debian: apt-get install
// chromium). Without it these tests are skipped with a note, unless
// LINEPROF_BROWSER_TESTS=required (CI), where that is a failure.

import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FunctionStats, ProfileResult } from '../../src/stats/model.js';
import { readResultFile, writeResultFile } from '../../src/stats/result-file.js';
import { FIXTURES, lineprof, ROOT, tempDir } from '../integration/helpers.js';

const CHROMIUM = process.env.LINEPROF_CHROMIUM ?? '/usr/bin/chromium';
const REQUIRED = process.env.LINEPROF_BROWSER_TESTS === 'required';
const ARTIFACTS = path.join(ROOT, 'dist/test-artifacts');
const dir = tempDir();
let browser: Browser | undefined;

before(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    if (REQUIRED) throw new Error(`${CHROMIUM}: no Chromium, and LINEPROF_BROWSER_TESTS=required`);
    return;
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
});

/** The browser, or undefined when the test is skipped for want of one. */
function browserFor(t: TestContext): Browser | undefined {
  if (!browser) t.skip(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set LINEPROF_CHROMIUM)`);
  return browser;
}

interface Opened {
  readonly page: Page;
  /** Requests, console errors and warnings, page errors and CSP violations seen so far. */
  readonly problems: string[];
}

async function open(b: Browser, file: string): Promise<Opened> {
  const page = await b.newPage({ viewport: { width: 1366, height: 768 } });
  const problems: string[] = [];
  const url = pathToFileURL(file).href;
  page.on('request', (request) => {
    if (request.url() !== url) problems.push(`request ${request.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(url);
  await page.waitForSelector('#detail table.source tbody tr');
  return { page, problems };
}

/** `lineprof show ...` of the fixture, and the HTML report written beside it. */
function fixtureReport(): { result: string; html: string } {
  const result = path.join(dir, 'report.lprof');
  const html = path.join(dir, 'report.html');
  if (!fs.existsSync(html)) {
    const run = lineprof(['run', '-q', '--all', '-o', result, 'report.mjs'], path.join(FIXTURES, 'html'));
    assert.deepEqual([run.status, run.stderr], [0, '']);
    const shown = lineprof(['show', '--format', 'html', result, '-o', html], ROOT);
    assert.deepEqual([shown.status, shown.stdout, shown.stderr], [0, '', '']);
  }
  return { result, html };
}

/**
 * Each function's table rows in the text report: `file:line:name` to [line, hits, time,
 * per hit, max, % time, wait?]; with --max, as the page shows the exact engine's results.
 */
function textRows(result: string, run?: string): Map<string, string[][]> {
  return tableRows(['show', '--no-color', '--max', result, ...(run ? ['--run', run] : [])]);
}

/**
 * Each function's rows in the report `lineprof ARGS` prints, cut into cells under the
 * titles; a diff's `<<` marker becomes a last cell, `<<` or ''.
 */
function tableRows(args: readonly string[]): Map<string, string[][]> {
  const shown = lineprof(args, ROOT);
  assert.equal(shown.status, 0, shown.stderr);
  const tables = new Map<string, string[][]>();
  for (const block of shown.stdout.split('\nTotal time: ').slice(1)) {
    const file = /^File: (.*)$/m.exec(block)![1];
    const [, name, line] = /^Function: (.*) at line (\d+)$/m.exec(block)!;
    const lines = block.split('\n');
    const header = lines.find((l) => l.startsWith('Line #'))!;
    const contents = header.indexOf('Line Contents');
    // Cells are right-aligned under their titles: cut each row at the titles' ends.
    const ends = [...header.slice(0, contents).matchAll(/\S+(?: \S+)?(?= {2,}|\s*$)/g)].map((m) => m.index + m[0].length);
    const rows = lines.slice(lines.indexOf(header) + 2).filter((l) => l.length > 0);
    tables.set(
      `${file}:${line}:${name}`,
      rows.map((row) => {
        const cells = ends.map((end, i) => row.slice(i === 0 ? 0 : ends[i - 1], end).trim());
        return args[0] === 'diff' ? [...cells, row.slice(ends.at(-1), ends.at(-1)! + 4).trim()] : cells;
      }),
    );
  }
  return tables;
}

/** The detail table's rows, as the page shows them. */
function pageRows(page: Page): Promise<string[][]> {
  return page.$$eval('#detail table.source tbody tr', (rows) =>
    rows.map((row) => [...row.querySelectorAll('td.num')].map((cell) => (cell.textContent ?? '').trim())),
  );
}

function listed(page: Page): Promise<string[]> {
  return page.$$eval('#functions-body tr', (rows) => rows.map((row) => row.querySelector('td.name')!.textContent ?? ''));
}

test('the HTML report: no request, no error, every function with the text report\'s numbers, a screenshot', async (t) => {
  const b = browserFor(t);
  if (!b) return;
  const { result, html } = fixtureReport();
  const expected = textRows(result);
  const stats = readResultFile(result).stats;
  const { page, problems } = await open(b, html);
  const keys = await page.$$eval('#functions-body tr', (rows) => rows.map((row) => (row as HTMLElement).dataset.key));
  assert.deepEqual(new Set(keys), new Set(stats.functions.map((fn) => `${fn.file}:${fn.line}:${fn.name}`)));
  assert.equal(keys.length, 7);
  for (const key of keys) {
    await page.click(`#functions-body tr[data-key="${key}"]`);
    assert.equal(await page.textContent('#detail .title div:last-child'), `Function: ${key!.split(':').slice(2).join(':')} at line ${key!.split(':')[1]}`);
    assert.deepEqual(await pageRows(page), expected.get(key!), key);
  }
  // The text the program's source holds is shown as text, not markup.
  const cold = stats.functions.find((fn) => fn.line === 30)!;
  await page.click(`#functions-body tr[data-key="${cold.file}:30:<anonymous>"]`);
  assert.equal(await page.textContent('#detail table.source td.code'), cold.source[0]);
  assert.match(cold.source[0], /'a "quoted" <script> line'/);
  assert.equal(await page.$$eval('#detail script, #detail [onerror]', (found) => found.length), 0);
  const later = stats.functions.find((fn) => fn.name === 'later')!;
  await page.click(`#functions-body tr[data-key="${later.file}:${later.line}:later"]`);
  assert.deepEqual(await page.$$eval('#detail table.source thead th', (cells) => cells.map((c) => c.textContent)), [
    'Line #', 'Hits', 'Time', 'Per Hit', 'Max', '% Time', 'Wait', 'Line Contents',
  ]);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'html-report.png') });
  assert.deepEqual(problems, []);
});

test('the HTML report: sorting, the filter, the keyboard and the run selector', async (t) => {
  const b = browserFor(t);
  if (!b) return;
  const { result, html } = fixtureReport();
  const stats = readResultFile(result).stats;
  const { page, problems } = await open(b, html);
  const total = (fn: FunctionStats): number => fn.lines.reduce((sum, l) => sum + l.time, 0);
  const byTime = [...stats.functions].sort((x, y) => total(y) - total(x)).map((fn) => fn.name);
  assert.deepEqual(await listed(page), byTime);

  await page.click('th button[data-sort="name"]');
  const names = stats.functions.map((fn) => fn.name);
  const ascending = [...stats.functions].sort((x, y) => x.name.localeCompare(y.name) || x.line - y.line).map((fn) => fn.name);
  assert.deepEqual(await listed(page), ascending);
  assert.equal(await page.getAttribute('th:has(button[data-sort="name"])', 'aria-sort'), 'ascending');
  await page.click('th button[data-sort="name"]');
  assert.deepEqual(await listed(page), [...ascending].reverse());
  await page.click('th button[data-sort="1"]');
  const hitsOf = new Map(stats.functions.map((fn) => [`${fn.file}:${fn.line}:${fn.name}`, fn.lines.reduce((n, l) => n + l.hits, 0)]));
  const keys = await page.$$eval('#functions-body tr', (rows) => rows.map((row) => (row as HTMLElement).dataset.key!));
  const shownHits = keys.map((key) => hitsOf.get(key));
  assert.deepEqual(shownHits, [...shownHits].sort((x, y) => y! - x!));
  assert.equal(names.length, 7);

  await page.fill('#filter', 'counter');
  assert.deepEqual((await listed(page)).sort(), ['Counter.add', 'Counter.constructor']);
  assert.equal(await page.textContent('#count'), '2 of 7 functions');
  await page.fill('#filter', '');

  // The keyboard: `/` to the filter, rows by arrows, Enter to show one.
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'filter');
  await page.focus('#functions-body tr:first-child');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const second = (await listed(page))[1];
  assert.match((await page.textContent('#detail .title div:last-child')) ?? '', new RegExp(`^Function: ${second.replace(/[.<>]/g, '\\$&')} at line`));

  // The run selector: the labelled run's own hits, as `show --run cold` prints them.
  const tokenize = stats.functions.find((fn) => fn.name === 'tokenize')!;
  const key = `${tokenize.file}:${tokenize.line}:tokenize`;
  await page.click(`#functions-body tr[data-key="${key}"]`);
  assert.deepEqual(await page.$$eval('#run option', (options) => options.map((o) => o.textContent)), ['total of all runs', 'cold', 'warm']);
  for (const run of ['cold', 'warm']) {
    await page.selectOption('#run', { label: run });
    assert.deepEqual(await pageRows(page), textRows(result, run).get(key));
  }
  assert.notDeepEqual(textRows(result, 'cold').get(key), textRows(result, 'warm').get(key));
  assert.deepEqual(problems, []);
});

/** A result the size of typescript.js profiled with --all: one outer function over the whole file, thousands inside. */
function bigResult(): ProfileResult {
  const inner = 8000;
  const size = 18;
  const lines = inner * size + 2;
  const source = Array.from({ length: lines }, (_, i) => `  const value${i} = compute(${i}, "text of line ${i + 1}") + other(${i});`);
  const outer: FunctionStats = {
    file: '/big/typescript.js',
    name: '<anonymous>',
    line: 1,
    source,
    lines: Array.from({ length: inner }, (_, i) => ({ line: 2 + i * size, hits: 1, time: 1000 + i, wait: 0 })),
  };
  const functions = Array.from({ length: inner }, (_, i): FunctionStats => ({
    file: '/big/typescript.js',
    name: `function${i}`,
    line: 2 + i * size,
    source: source.slice(1 + i * size, 1 + (i + 1) * size),
    lines: Array.from({ length: size - 2 }, (_, j) => ({ line: 3 + i * size + j, hits: j + i, time: (j + 1) * 1000, wait: 0 })),
  }));
  return { meta: { command: ['typescript.js'] }, stats: { unit: 1e-9, engine: 'exact', functions: [outer, ...functions] }, runs: [] };
}

test('a result of typescript.js\'s size (8,001 functions, a 144,002-line outer one) opens, and its outer function scrolls to the end with only the rows in view in the page', async (t) => {
  const b = browserFor(t);
  if (!b) return;
  const result = path.join(dir, 'big.lprof');
  writeResultFile(result, bigResult());
  const html = path.join(dir, 'big.html');
  const started = performance.now();
  const shown = lineprof(['show', '--format', 'html', result, '-o', html], ROOT);
  assert.deepEqual([shown.status, shown.stderr], [0, '']);
  t.diagnostic(`result ${(fs.statSync(result).size / 1e6).toFixed(1)} MB, page ${(fs.statSync(html).size / 1e6).toFixed(1)} MB, written in ${Math.round(performance.now() - started)} ms`);
  const opening = performance.now();
  const { page, problems } = await open(b, html);
  t.diagnostic(`opened in ${Math.round(performance.now() - opening)} ms`);
  assert.equal(await page.$$eval('#functions-body tr', (rows) => rows.length), 8001);
  await page.click('#functions-body tr[data-key="/big/typescript.js:1:<anonymous>"]');
  // Only the rows in view are in the page; scrolling brings the others, to the last.
  const scrolling = performance.now();
  const rowsShown = (): Promise<string[]> =>
    page.$$eval('#detail table.source tbody tr:not(.spacer) td.lineno', (cells) => cells.map((cell) => cell.textContent ?? ''));
  const scrollTo = async (fraction: number): Promise<string[]> => {
    const before = (await rowsShown()).join();
    await page.$eval('#detail', (detail, f) => detail.scrollTo(0, f * detail.scrollHeight), fraction);
    await page.waitForFunction(
      (was) => [...document.querySelectorAll('#detail table.source tbody tr:not(.spacer) td.lineno')].map((c) => c.textContent).join() !== was,
      before,
    );
    return rowsShown();
  };
  const middle = await scrollTo(0.5);
  assert.ok(middle.length < 400, `${middle.length} rows in the page`);
  assert.ok(middle.includes('72001'), `line 72001 in view at half way (${middle[0]}..${middle.at(-1)})`);
  const end = await scrollTo(1);
  assert.equal(end.at(-1), '144002');
  assert.deepEqual(end.map(Number), end.map((_, i) => Number(end[0]) + i));
  // The rows in view are the right ones: line 144,002 with its text.
  const texts = await page.$$eval('#detail table.source tbody tr:not(.spacer) td.code', (cells) => cells.map((cell) => cell.textContent ?? ''));
  assert.match(texts.at(-1)!, /"text of line 144002"/);
  t.diagnostic(`scrolled to the middle and the end in ${Math.round(performance.now() - scrolling)} ms`);
  assert.deepEqual(problems, []);
});

test('diff --format html: the functions of both sides, each row with the text diff\'s cells, its biggest changes marked', async (t) => {
  const b = browserFor(t);
  if (!b) return;
  const { result } = fixtureReport();
  const html = path.join(dir, 'diff.html');
  const written = lineprof(['diff', '-z', result, '--runs', 'cold', 'warm', '--format', 'html', '-o', html], ROOT);
  assert.deepEqual([written.status, written.stdout, written.stderr], [0, '', '']);
  const expected = tableRows(['diff', '-z', '--no-color', result, '--runs', 'cold', 'warm']);
  const { page, problems } = await open(b, html);
  const keys = await page.$$eval('#functions-body tr', (rows) => rows.map((row) => (row as HTMLElement).dataset.key!));
  // What ran in either run: tokenize and Counter.add in both, each run's own arrow.
  assert.deepEqual(new Set(keys), new Set(expected.keys()));
  assert.deepEqual(keys.map((key) => key.split(':').slice(2).join(':')).sort(), ['<anonymous>', '<anonymous>', 'Counter.add', 'tokenize']);
  for (const key of keys) {
    await page.click(`#functions-body tr[data-key="${key}"]`);
    const rows = await page.$$eval('#detail table.source tbody tr', (trs) =>
      trs.map((tr) => [
        ...[...tr.querySelectorAll('td.num')].map((cell) => (cell.textContent ?? '').trim()),
        tr.classList.contains('faster') || tr.classList.contains('slower') ? '<<' : '',
      ]),
    );
    assert.deepEqual(rows, expected.get(key), key);
    assert.ok(rows.some((row) => row.at(-1) === '<<'), `${key}: a change is marked`);
  }
  assert.deepEqual(await page.$$eval('#functions-head th', (cells) => cells.map((c) => c.textContent)), ['Delta (s)', 'Time A (s)', 'Time B (s)', 'B/A', 'Function', 'File']);
  assert.match((await page.textContent('#header')) ?? '', new RegExp(`^A: ${result.replace(/[.]/g, '\\.')}, run 'cold'$`, 'm'));
  assert.deepEqual(problems, []);
});
