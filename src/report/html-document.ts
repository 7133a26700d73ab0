// The page around an HTML report's data (html.ts, diff-html.ts): one self-contained
// document with the data as JSON, the page's script (html-page/page.js) and highlight.js
// inlined, and each file's source lines kept once for all its functions. Reads only
// lineprof's own files.
//
// Nothing in the page makes a request: data, styles and scripts are inline, and its
// Content-Security-Policy forbids loading anything else, so it works from file:// and
// offline.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { PageData, PageSource } from './html-page/data.js';
import { rowRange } from './table.js';

/** The key of a function in the page: the same function in another run has the same key. */
export function pageKey(fn: { readonly file: string; readonly name: string; readonly line: number }): string {
  return `${fn.file}:${fn.line}:${fn.name}`;
}

/** What the page knows a function by, show and diff alike: its key, name, place and the rows it shows. */
export function pageIdentity(
  fn: { readonly file: string; readonly name: string; readonly line: number; readonly source: readonly string[] },
  rowLines: readonly number[],
): { key: string; name: string; file: string; line: number } & ReturnType<typeof rowRange> {
  return { key: pageKey(fn), name: fn.name, file: fn.file, line: fn.line, ...rowRange(fn.line, fn.source.length, rowLines) };
}

/** Adds a function's source lines to its file's, where no other function gave them yet. */
export function keepSource(sources: Map<string, Map<number, string>>, file: string, line: number, source: readonly string[]): void {
  let lines = sources.get(file);
  if (!lines) sources.set(file, (lines = new Map()));
  source.forEach((text, i) => {
    if (!lines.has(line + i)) lines.set(line + i, text.replace(/\r?\n$/, ''));
  });
}

/** The page's `files`: each file's lines from its first kept line to its last. */
export function filesOf(sources: Map<string, Map<number, string>>): Record<string, PageSource> {
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

/** The whole document: the shell, the style, the data and the scripts. */
export function page(data: PageData): string {
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
