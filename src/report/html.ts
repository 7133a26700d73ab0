// `lineprof show --format html`: one self-contained page, the report as a heat map. Pure:
// stats in, a string out (the page's script and highlight.js are read from lineprof's
// own files and inlined).
//
// Nothing in the page makes a request: data, styles and scripts are inline, and its
// Content-Security-Policy forbids loading anything else, so it works from file:// and
// offline. The numbers are the text report's own cells (lineCells), formatted here, so
// that the page shows the digits the table shows; page.ts only lays them out.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { FunctionStats, ProfileStats } from '../stats/model.js';
import { formatFixed, formatGeneral, formatInteger } from './format.js';
import type { ProfileDiff } from './diff.js';
import { diffLineCells } from './diff.js';
import type { ListColumn, PageData, PageFunction, PageRow, PageSource } from './html-page/data.js';
import { ranLines, totalHits, totalTime } from './lines.js';
import { lineCells } from './text.js';

export interface HtmlRun {
  readonly label: string;
  readonly stats: ProfileStats;
}

export interface HtmlOptions {
  readonly title: string;
  /** Seconds per unit of Time, Per Hit and Wait; default 1e-6, as the text report's. */
  readonly unit?: number;
  /** Engine lines, as the text report prints under `Timer unit:`. */
  readonly header?: readonly string[];
  /** Sampled engine: times under this many seconds get `~`, as in the text report. */
  readonly approximateBelowSeconds?: number;
}

/** Share of a function's time from which a line is tinted, as the text report colours it. */
const HOT = 20;
const WARM = 5;

const SHOW_COLUMNS: readonly ListColumn[] = [
  { title: 'Time (s)', hint: 'the total time of its lines, as Total time in the text report', descending: true },
  { title: 'Line hits', hint: 'the hits of all its lines', descending: true },
];

export function renderHtml(runs: readonly HtmlRun[], options: HtmlOptions): string {
  const outputUnit = options.unit ?? 1e-6;
  const sources = new Map<string, Map<number, string>>();
  const pageRuns = runs.map((run) => {
    const approximateBelow = (options.approximateBelowSeconds ?? 0) / run.stats.unit;
    const functions = run.stats.functions.map((fn) => {
      keepSource(sources, fn.file, fn.line, fn.source);
      return pageFunction(fn, run.stats.unit, outputUnit, approximateBelow);
    });
    const slowest = functions.reduce((most, fn) => Math.max(most, fn.sort[0]), 0);
    return { label: run.label, functions: functions.map((fn) => ({ ...fn, bar: slowest === 0 ? 0 : (100 * fn.sort[0]) / slowest })) };
  });
  return page({
    title: options.title,
    header: [`Timer unit: ${formatGeneral(outputUnit)} s`, ...(options.header ?? [])],
    listColumns: SHOW_COLUMNS,
    runs: pageRuns,
    files: filesOf(sources),
  });
}

function pageFunction(fn: FunctionStats, unit: number, outputUnit: number, approximateBelow: number): PageFunction {
  const total = totalTime(fn);
  const wait = fn.lines.some((l) => l.wait > 0);
  // The slowest single hit, where the results measured it (exact engine).
  const max = fn.lines.some((l) => l.max !== undefined);
  const rows = ranLines(fn).map((l): PageRow => {
    const cells = lineCells(l, total, unit / outputUnit);
    const time = l.time > 0 && l.time < approximateBelow ? `~${cells.time.trimStart()}` : cells.time;
    const shown = [cells.hits, time, cells.perHit, ...(max ? [cells.max] : []), cells.percent, ...(wait ? [cells.wait] : [])].map((cell) => cell.trim());
    return [l.line, shown, cells.share, cells.share >= HOT ? 'hot' : cells.share >= WARM ? 'warm' : ''];
  });
  const hits = totalHits(fn);
  return {
    key: `${fn.file}:${fn.line}:${fn.name}`,
    name: fn.name,
    file: fn.file,
    line: fn.line,
    ...span(fn.line, fn.source.length, rows),
    title: [`Total time: ${formatGeneral(total * unit)} s`, `File: ${fn.file}`, `Function: ${fn.name} at line ${fn.line}`],
    list: [formatGeneral(total * unit), formatInteger(hits)],
    sort: [total * unit, hits],
    bar: 0,
    columns: ['Hits', 'Time', 'Per Hit', ...(max ? ['Max'] : []), '% Time', ...(wait ? ['Wait'] : [])],
    barColumn: max ? 4 : 3,
    rows,
  };
}

/** The table's first and last line: the function's source, and further if a row lies outside it. */
function span(line: number, length: number, rows: readonly PageRow[]): { first: number; last: number } {
  // Loops, not Math.min(...): a bundle's outer function has more lines than a call has arguments.
  let first = line;
  let last = line + length - 1;
  for (const [row] of rows) {
    if (row < first) first = row;
    if (row > last) last = row;
  }
  return { first, last };
}

export interface DiffHtmlOptions extends Omit<HtmlOptions, 'approximateBelowSeconds'> {
  /** What A and B are, for the header. */
  readonly sides: readonly string[];
  /** Leave out functions that ran in neither. */
  readonly skipZero?: boolean;
}

const DIFF_COLUMNS: readonly ListColumn[] = [
  { title: 'Delta (s)', hint: 'time B - A; the biggest changes are first', descending: true },
  { title: 'Time A (s)', hint: "A's total time", descending: true },
  { title: 'Time B (s)', hint: "B's total time", descending: true },
  { title: 'B/A', hint: 'time B / time A', descending: true },
];

/** `lineprof diff --format html`: the functions of A and B side by side, the biggest changes marked. */
export function renderDiffHtml(diff: ProfileDiff, options: DiffHtmlOptions): string {
  const outputUnit = options.unit ?? 1e-6;
  const scalar = diff.unit / outputUnit;
  const sources = new Map<string, Map<number, string>>();
  const largest = diff.functions.reduce((most, fn) => Math.max(most, Math.abs(fn.delta)), 0);
  const compared = options.skipZero ? diff.functions.filter((fn) => fn.lines.length > 0) : diff.functions;
  const functions = compared.map((fn): PageFunction => {
    keepSource(sources, fn.file, fn.line, fn.source);
    const larger = Math.max(fn.timeA, fn.timeB);
    const rows = fn.lines.map((row): PageRow => {
      const [, ...cells] = diffLineCells(row, scalar);
      const bar = larger === 0 ? 0 : (100 * Math.abs(row.delta)) / larger;
      return [row.line, cells, bar, row.marked ? (row.delta < 0 ? 'faster' : 'slower') : ''];
    });
    const ratio = fn.ratio === null ? '' : ` (B/A ${formatFixed(fn.ratio, 2)})`;
    return {
      key: `${fn.file}:${fn.line}:${fn.name}`,
      name: fn.name,
      file: fn.file,
      line: fn.line,
      ...span(fn.line, fn.source.length, rows),
      title: [
        `Total time: ${formatGeneral(fn.timeA * diff.unit)} s -> ${formatGeneral(fn.timeB * diff.unit)} s${ratio}`,
        `File: ${fn.file}`,
        `Function: ${fn.name} at line ${fn.line}`,
        ...(fn.sourceChanged ? ["Source changed: lines are matched by number, the text is B's"] : []),
      ],
      list: [signed(fn.delta * diff.unit), formatGeneral(fn.timeA * diff.unit), formatGeneral(fn.timeB * diff.unit), fn.ratio === null ? '' : formatFixed(fn.ratio, 2)],
      sort: [Math.abs(fn.delta), fn.timeA, fn.timeB, fn.ratio ?? Infinity],
      bar: largest === 0 ? 0 : (100 * Math.abs(fn.delta)) / largest,
      columns: ['Hits A', 'Hits B', 'Time A', 'Time B', 'Delta', 'B/A'],
      barColumn: 4,
      rows,
    };
  });
  const only = [...diff.onlyA.map((fn) => `only in A: ${fn.name} (${fn.file}:${fn.line})`), ...diff.onlyB.map((fn) => `only in B: ${fn.name} (${fn.file}:${fn.line})`)];
  return page({
    title: options.title,
    header: [`Timer unit: ${formatGeneral(outputUnit)} s`, ...(options.header ?? []), ...options.sides, ...only],
    listColumns: DIFF_COLUMNS,
    runs: [{ label: 'B - A', functions }],
    files: filesOf(sources),
  });
}

function signed(seconds: number): string {
  return seconds > 0 ? `+${formatGeneral(seconds)}` : formatGeneral(seconds);
}

function keepSource(sources: Map<string, Map<number, string>>, file: string, line: number, source: readonly string[]): void {
  let lines = sources.get(file);
  if (!lines) sources.set(file, (lines = new Map()));
  source.forEach((text, i) => {
    if (!lines.has(line + i)) lines.set(line + i, text.replace(/\r?\n$/, ''));
  });
}

function filesOf(sources: Map<string, Map<number, string>>): Record<string, PageSource> {
  return Object.fromEntries([...sources].map(([file, lines]) => [file, pageSource(file, lines)]));
}

function pageSource(file: string, lines: Map<number, string>): PageSource {
  let first = Infinity;
  let last = 0;
  for (const line of lines.keys()) {
    if (line < first) first = line;
    if (line > last) last = line;
  }
  if (last === 0) first = 1;
  const text: string[] = [];
  for (let line = first; line <= last; line++) text.push(lines.get(line) ?? '');
  return { first, lines: text, language: /\.[cm]?tsx?$/.test(file) ? 'typescript' : 'javascript' };
}

const require = createRequire(import.meta.url);

function page(data: PageData): string {
  const script = fs.readFileSync(new URL('./html-page/page.js', import.meta.url), 'utf8');
  const highlighter = fs.readFileSync(require.resolve('@highlightjs/cdn-assets/highlight.min.js'), 'utf8');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<meta name="generator" content="lineprof">
<title>${escapeHtml(`lineprof: ${data.title}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(data.title)}</h1>
<pre id="header"></pre>
<label>Run <select id="run"></select></label>
</header>
<main>
<nav aria-label="functions">
<div class="tools"><input id="filter" type="search" placeholder="Filter by name or file ( / )" aria-label="filter functions"> <span id="count"></span></div>
<div class="scroll">
<table id="functions">
<thead><tr id="functions-head"></tr></thead>
<tbody id="functions-body"></tbody>
</table>
</div>
</nav>
<section id="detail" tabindex="-1" aria-live="polite"></section>
</main>
<script type="application/json" id="lineprof-data">${inlineJson(data)}</script>
<script>${inlineScript(highlighter)}</script>
<script type="module">${inlineScript(script)}</script>
</body>
</html>
`;
}

/** JSON safe inside a script element: no `</script>`, no `<!--`. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function inlineScript(code: string): string {
  return code.replace(/<\/script/gi, '<\\/script');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Heat: the % Time cell carries a bar of the line's share; lines from 5% and 20% of the
// function's time are tinted as the text report colours them.
const STYLE = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1b1f24; --muted: #5f6b76; --line: #d8dee4; --bar: #f0883e55;
  --warm: #fff3c4; --hot: #ffd8cc; --sel: #dbeafe; --faster: #d3f5dc; --kw: #a0259a; --str: #0b6e30; --com: #6a737d; --num: #005cc5; --fn: #6639ba; }
@media (prefers-color-scheme: dark) { :root { --bg: #0f1419; --fg: #e6edf3; --muted: #9aa7b3; --line: #30363d; --bar: #f0883e66;
  --warm: #3b3212; --hot: #4a1f17; --sel: #1f3a5f; --faster: #143d22; --kw: #ff7bd5; --str: #7ee787; --com: #8b949e; --num: #79c0ff; --fn: #d2a8ff; } }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; background: var(--bg); color: var(--fg); }
header { padding: 8px 16px; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: 4px 24px; align-items: baseline; }
h1 { font-size: 16px; margin: 0; width: 100%; overflow-wrap: anywhere; }
#header { margin: 0; font-size: 12px; color: var(--muted); }
main { display: grid; grid-template-columns: minmax(280px, 34%) 1fr; height: calc(100vh - 90px); }
nav { border-right: 1px solid var(--line); display: flex; flex-direction: column; min-height: 0; }
.tools { padding: 8px; display: flex; gap: 8px; align-items: center; }
#filter { flex: 1; padding: 4px 6px; font: inherit; }
#count { color: var(--muted); font-size: 12px; white-space: nowrap; }
.scroll { overflow: auto; flex: 1; }
table { border-collapse: collapse; width: 100%; }
#functions th { position: sticky; top: 0; background: var(--bg); text-align: left; }
th { white-space: nowrap; }
th button { font: inherit; font-weight: 600; background: none; border: 0; color: inherit; cursor: pointer; padding: 4px 6px; }
th[aria-sort=descending] button::after { content: " \\25BC"; }
th[aria-sort=ascending] button::after { content: " \\25B2"; }
#functions td { padding: 2px 6px; border-bottom: 1px solid var(--line); cursor: pointer; }
#functions tr[aria-selected=true] { background: var(--sel); }
#functions tr:focus { outline: 2px solid var(--num); outline-offset: -2px; }
td.bar { background: linear-gradient(to right, var(--bar) 0 var(--width), transparent var(--width)); }
td.name { font-family: ui-monospace, monospace; white-space: nowrap; }
td.file { color: var(--muted); font-size: 12px; white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: pre; }
#detail { overflow: auto; padding: 8px 16px; min-height: 0; }
#detail:focus { outline: none; }
.title { font-family: ui-monospace, monospace; margin-bottom: 8px; }
table.source { font: 13px/1.35 ui-monospace, monospace; }
table.source th { position: sticky; top: -8px; background: var(--bg); text-align: right; padding: 2px 8px; border-bottom: 2px solid var(--line); }
table.source th:last-child { text-align: left; }
table.source td { padding: 0 8px; white-space: pre; }
table.source td.code { width: 100%; }
td.lineno { color: var(--muted); }
tr.warm { background: var(--warm); }
tr.hot { background: var(--hot); font-weight: 600; }
tr.slower { background: var(--hot); font-weight: 600; }
tr.faster { background: var(--faster); font-weight: 600; }
td.share { background: linear-gradient(to right, var(--bar) 0 var(--share), transparent var(--share)); }
tr.spacer td { padding: 0; border: 0; }
.empty { color: var(--muted); }
.hljs-keyword, .hljs-built_in, .hljs-literal { color: var(--kw); }
.hljs-string, .hljs-regexp, .hljs-template-string { color: var(--str); }
.hljs-comment { color: var(--com); font-style: italic; }
.hljs-number { color: var(--num); }
.hljs-title, .hljs-function .hljs-title { color: var(--fn); }
`;
