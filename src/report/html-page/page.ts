// The HTML report's script, run in the page (compiled by tsconfig.json beside it, with the
// DOM's types, and inlined by html-document.ts). It reads the report's data from the page, lists
// the functions (sortable, filterable, one run at a time), and shows the chosen one's
// source as a heat map with the text report's columns. It makes no request: everything
// it needs is in the page. Highlighting is highlight.js's, inlined beside it.

import type { PageData, PageFunction, PageRow, PageSource } from './data.js';

interface Highlighter {
  highlight(code: string, options: { language: string; ignoreIllegals: boolean }): { value: string };
}

declare const hljs: Highlighter | undefined;

/** A list column's index, or the name or file column. */
type SortKey = number | 'name' | 'file';

/** Tables longer than this are not highlighted (a whole bundle's outer function). */
const HIGHLIGHT_LINES = 4000;
/** Tables from this many lines show only the rows in view (showWindow). */
const VIRTUAL_FROM = 2000;
/** Rows kept beyond each edge of the view. */
const OVERSCAN = 60;

const data = JSON.parse(document.getElementById('lineprof-data')!.textContent!) as PageData;
const state = { run: 0, sort: 0 as SortKey, descending: data.listColumns[0]?.descending ?? true, filter: '', selected: '' };

const list = element('tbody', 'functions-body');
const detail = element('section', 'detail');
const filterInput = element('input', 'filter') as HTMLInputElement;
const runSelect = element('select', 'run') as HTMLSelectElement;
const count = element('span', 'count');

function element(tag: string, id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found || found.tagName.toLowerCase() !== tag) throw new Error(`the report page lacks its ${tag}#${id}`);
  return found;
}

function make<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function functions(): readonly PageFunction[] {
  return data.runs[state.run].functions;
}

function visible(): PageFunction[] {
  const needle = state.filter.toLowerCase();
  const shown = functions().filter((fn) => needle === '' || fn.name.toLowerCase().includes(needle) || fn.file.toLowerCase().includes(needle));
  const direction = state.descending ? -1 : 1;
  const key = state.sort;
  return shown.sort((a, b) => {
    const order = typeof key === 'number' ? a.sort[key] - b.sort[key] : compareText(a, b, key);
    return order === 0 ? 0 : order * direction;
  });
}

function compareText(a: PageFunction, b: PageFunction, key: 'name' | 'file'): number {
  const byKey = a[key].localeCompare(b[key]);
  return byKey !== 0 ? byKey : a.line - b.line;
}

function renderList(): void {
  const shown = visible();
  const rows = shown.map((fn) => {
    const row = make('tr', { tabindex: '0', 'data-key': fn.key, 'aria-selected': String(fn.key === state.selected) });
    fn.list.forEach((cell, i) => row.append(make('td', i === 0 ? { class: 'num bar', style: `--width:${fn.bar.toFixed(1)}%` } : { class: 'num' }, cell)));
    row.append(make('td', { class: 'name' }, fn.name), make('td', { class: 'file', title: fn.file }, `${shortFile(fn.file)}:${fn.line}`));
    return row;
  });
  list.replaceChildren(...rows);
  count.textContent = shown.length === functions().length ? `${shown.length} functions` : `${shown.length} of ${functions().length} functions`;
  for (const button of document.querySelectorAll<HTMLButtonElement>('th button[data-sort]')) {
    const sorted = button.dataset.sort === String(state.sort);
    button.closest('th')!.setAttribute('aria-sort', sorted ? (state.descending ? 'descending' : 'ascending') : 'none');
  }
}

/** The path from the folder all files share (the file's name when there is one). */
function shortFile(file: string): string {
  return file.startsWith(common) ? file.slice(common.length) : file;
}

const common = commonFolder(Object.keys(data.files));

function commonFolder(files: readonly string[]): string {
  if (files.length === 0) return '';
  let prefix = files[0];
  for (const file of files) while (!file.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.slice(0, prefix.lastIndexOf('/') + 1);
}

function select(key: string, focus = false): void {
  state.selected = key;
  for (const row of list.querySelectorAll('tr')) row.setAttribute('aria-selected', String(row.dataset.key === key));
  const fn = functions().find((f) => f.key === key);
  renderDetail(fn);
  if (focus) detail.focus();
  history.replaceState(null, '', `#${encodeURIComponent(key)}`);
}

function renderDetail(fn: PageFunction | undefined): void {
  stopWindow();
  if (!fn) {
    const label = data.runs[state.run].label;
    detail.replaceChildren(make('p', { class: 'empty' }, state.selected === '' ? 'Choose a function.' : `Not in ${label}.`));
    return;
  }
  const source = data.files[fn.file];
  const title = make('div', { class: 'title' });
  title.append(...fn.title.map((text) => make('div', {}, text)));
  const table = make('table', { class: 'source', 'aria-label': `lines of ${fn.name}` });
  const titles = ['Line #', ...fn.columns, 'Line Contents'];
  const head = make('tr');
  // Columns as wide as their widest cell from the start: rows shown later do not move them.
  const widest = (i: number): number => fn.rows.reduce((most, row) => Math.max(most, (row[1][i] ?? '').length), 0);
  const widths = [String(fn.last).length, ...fn.columns.map((_, i) => widest(i))];
  titles.forEach((text, i) => {
    const width = i === titles.length - 1 ? 0 : Math.max(text.length, widths[i]);
    head.append(make('th', { scope: 'col', ...(width > 0 ? { style: `min-width:${width + 1}ch` } : {}) }, text));
  });
  const body = make('tbody');
  table.append(make('thead'), body);
  table.tHead!.append(head);
  detail.replaceChildren(title, table);
  detail.scrollTop = 0;
  const lines = sourceLines(fn, source);
  const cells = new Map(fn.rows.map((row) => [row[0], row]));
  const rowOf = (line: number): HTMLTableRowElement => sourceRow(fn, line, cells.get(line), lines[line - fn.first] ?? '');
  const count = fn.last - fn.first + 1;
  if (count <= VIRTUAL_FROM) {
    for (let line = fn.first; line <= fn.last; line++) body.append(rowOf(line));
  } else {
    showWindow(body, fn.first, count, titles.length, rowOf);
  }
}

/** Stops the scroll listener of the function shown before. */
let stopWindow = (): void => {};

/**
 * A long function's rows, only those in view (and OVERSCAN more on each side), between
 * two spacer rows as high as the rows left out: every row is one line of text, so all
 * are as high as the first.
 */
function showWindow(body: HTMLElement, first: number, count: number, columns: number, rowOf: (line: number) => HTMLTableRowElement): void {
  const spacer = (): HTMLTableRowElement => {
    const row = make('tr', { class: 'spacer', 'aria-hidden': 'true' });
    row.append(make('td', { colspan: String(columns) }));
    return row;
  };
  const above = spacer();
  const below = spacer();
  const probe = rowOf(first);
  body.append(above, probe, below);
  const height = probe.getBoundingClientRect().height || 18;
  const origin = probe.getBoundingClientRect().top - detail.getBoundingClientRect().top + detail.scrollTop;
  probe.remove();
  let shown = '';
  const update = (): void => {
    const from = Math.max(0, Math.min(count - 1, Math.floor((detail.scrollTop - origin) / height) - OVERSCAN));
    const to = Math.min(count, from + Math.ceil(detail.clientHeight / height) + 2 * OVERSCAN);
    if (`${from}-${to}` === shown) return;
    shown = `${from}-${to}`;
    while (above.nextElementSibling && above.nextElementSibling !== below) above.nextElementSibling.remove();
    const rows: HTMLTableRowElement[] = [];
    for (let i = from; i < to; i++) rows.push(rowOf(first + i));
    above.after(...rows);
    (above.firstElementChild as HTMLElement).style.height = `${from * height}px`;
    (below.firstElementChild as HTMLElement).style.height = `${(count - to) * height}px`;
  };
  let pending = false;
  const onScroll = (): void => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      update();
    });
  };
  detail.addEventListener('scroll', onScroll, { passive: true });
  stopWindow = () => detail.removeEventListener('scroll', onScroll);
  update();
}

function sourceRow(fn: PageFunction, line: number, row: PageRow | undefined, html: string): HTMLTableRowElement {
  const [, cells, bar, mark] = row ?? [line, [], 0, ''];
  const tr = make('tr', { class: mark || (row ? 'ran' : 'idle'), style: `--share:${bar.toFixed(1)}%` });
  tr.append(make('td', { class: 'num lineno' }, String(line)));
  fn.columns.forEach((_, i) => tr.append(make('td', { class: i === fn.barColumn ? 'num share' : 'num' }, cells[i] ?? '')));
  const code = make('td', { class: 'code' });
  code.innerHTML = html;
  tr.append(code);
  return tr;
}

/** The function's lines as HTML, highlighted when highlight.js is there and the function is not huge. */
function sourceLines(fn: PageFunction, source: PageSource | undefined): string[] {
  const text: string[] = [];
  for (let line = fn.first; line <= fn.last; line++) text.push(source?.lines[line - source.first] ?? '');
  if (typeof hljs === 'undefined' || text.length > HIGHLIGHT_LINES || !source) return text.map(escapeHtml);
  try {
    return splitLines(hljs.highlight(text.join('\n'), { language: source.language, ignoreIllegals: true }).value);
  } catch {
    return text.map(escapeHtml);
  }
}

/**
 * Cuts highlighted HTML into lines: a span open at a line's end (a comment or a template
 * over several lines) is closed there and opened again on the next line.
 */
function splitLines(html: string): string[] {
  const lines: string[] = [];
  const open: string[] = [];
  let current = '';
  for (const part of html.split(/(<span[^>]*>|<\/span>|\n)/)) {
    if (part === '\n') {
      lines.push(current + '</span>'.repeat(open.length));
      current = open.join('');
    } else {
      if (part.startsWith('<span')) open.push(part);
      else if (part === '</span>') open.pop();
      current += part;
    }
  }
  lines.push(current);
  return lines;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function moveFocus(from: HTMLElement, step: 1 | -1): void {
  const next = step === 1 ? from.nextElementSibling : from.previousElementSibling;
  if (next instanceof HTMLElement) next.focus();
}

function start(): void {
  document.getElementById('header')!.textContent = data.header.join('\n');
  runSelect.replaceChildren(...data.runs.map((run, i) => make('option', { value: String(i) }, run.label)));
  runSelect.closest('label')!.hidden = data.runs.length < 2;
  runSelect.addEventListener('change', () => {
    state.run = Number(runSelect.value);
    renderList();
    if (state.selected !== '') select(state.selected);
  });
  filterInput.addEventListener('input', () => {
    state.filter = filterInput.value;
    renderList();
  });
  const headRow = document.getElementById('functions-head')!;
  headRow.replaceChildren(
    ...[...data.listColumns.map((column, i) => ({ sort: String(i), title: column.title, hint: column.hint })), { sort: 'name', title: 'Function', hint: '' }, { sort: 'file', title: 'File', hint: '' }].map(
      (column) => {
        const th = make('th', { scope: 'col', 'aria-sort': 'none' });
        th.append(make('button', { 'data-sort': column.sort, ...(column.hint ? { title: column.hint } : {}) }, column.title));
        return th;
      },
    ),
  );
  for (const button of document.querySelectorAll<HTMLButtonElement>('th button[data-sort]')) {
    button.addEventListener('click', () => {
      const value = button.dataset.sort!;
      const key: SortKey = value === 'name' || value === 'file' ? value : Number(value);
      state.descending = key === state.sort ? !state.descending : typeof key === 'number' && data.listColumns[key].descending;
      state.sort = key;
      renderList();
    });
  }
  list.addEventListener('click', (event) => {
    const row = (event.target as HTMLElement).closest('tr');
    if (row?.dataset.key) select(row.dataset.key);
  });
  list.addEventListener('keydown', (event) => {
    const row = (event.target as HTMLElement).closest('tr');
    if (!row?.dataset.key) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      select(row.dataset.key, event.key === 'Enter');
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      moveFocus(row, event.key === 'ArrowDown' ? 1 : -1);
    }
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === '/' && document.activeElement !== filterInput) {
      event.preventDefault();
      filterInput.focus();
    }
  });
  renderList();
  const wanted = decodeURIComponent(location.hash.slice(1));
  const first = functions().find((fn) => fn.key === wanted) ?? visible()[0];
  if (first) select(first.key);
  else renderDetail(undefined);
}

start();
