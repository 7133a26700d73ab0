// `lineprof show --format html`: one self-contained page, the report as a heat map. Pure:
// stats in, a string out (html-document.ts inlines the page's script and highlight.js,
// read from lineprof's own files).
//
// The numbers are the text report's own cells (table.ts), formatted here, so that the page
// shows the digits the table shows; page.ts only lays them out. Which functions each run
// shows is the caller's (stats/select.ts).

import type { FunctionStats, ProfileStats } from '../stats/model.js';
import { ranLines, totalHits, totalTime } from '../stats/lines.js';
import { formatGeneral, formatInteger } from './format.js';
import { filesOf, keepSource, page, pageIdentity } from './html-document.js';
import type { ListColumn, PageFunction, PageRow } from './html-page/data.js';
import { approximate, DEFAULT_OUTPUT_UNIT, heatOf, lineCells, reportHeader, SHOW_TITLES, showColumns, showTitle } from './table.js';

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
  /** Exact engine: times per hit under this many seconds get `~`, as in the text report. */
  readonly approximatePerHitBelowSeconds?: number;
}

const SHOW_COLUMNS: readonly ListColumn[] = [
  { title: 'Time (s)', hint: 'the total time of its lines, as Total time in the text report', descending: true },
  { title: 'Line hits', hint: 'the hits of all its lines', descending: true },
];

export function renderHtml(runs: readonly HtmlRun[], options: HtmlOptions): string {
  const outputUnit = options.unit ?? DEFAULT_OUTPUT_UNIT;
  const sources = new Map<string, Map<number, string>>();
  const pageRuns = runs.map((run) => {
    const approximateBelow = {
      time: (options.approximateBelowSeconds ?? 0) / run.stats.unit,
      perHit: (options.approximatePerHitBelowSeconds ?? 0) / run.stats.unit,
    };
    const functions = run.stats.functions.map((fn) => {
      keepSource(sources, fn.file, fn.line, fn.source);
      return pageFunction(fn, run.stats.unit, outputUnit, approximateBelow);
    });
    const slowest = functions.reduce((most, fn) => Math.max(most, fn.sort[0]), 0);
    return { label: run.label, functions: functions.map((fn) => ({ ...fn, bar: slowest === 0 ? 0 : (100 * fn.sort[0]) / slowest })) };
  });
  return page({
    title: options.title,
    header: reportHeader(outputUnit, options.header),
    listColumns: SHOW_COLUMNS,
    runs: pageRuns,
    files: filesOf(sources),
  });
}

function pageFunction(fn: FunctionStats, unit: number, outputUnit: number, approximateBelow: { time: number; perHit: number }): PageFunction {
  const total = totalTime(fn);
  // Max where the results measured each line's slowest hit (exact engine); Wait where a line waited.
  const columns = showColumns(
    fn.lines.some((l) => l.max !== undefined),
    fn.lines.some((l) => l.wait > 0),
  );
  const rows = ranLines(fn).map((l): PageRow => {
    const cells = approximate(lineCells(l, total, unit / outputUnit), l, approximateBelow.time, approximateBelow.perHit);
    return [l.line, columns.map((key) => cells[key].trim()), cells.share, heatOf(cells.share)];
  });
  const hits = totalHits(fn);
  return {
    ...pageIdentity(fn, rows.map(([line]) => line)),
    title: showTitle(fn, total * unit),
    list: [formatGeneral(total * unit), formatInteger(hits)],
    sort: [total * unit, hits],
    bar: 0,
    columns: columns.map((key) => SHOW_TITLES[key]),
    barColumn: columns.indexOf('percent'),
    rows,
  };
}
