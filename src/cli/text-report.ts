// The text report of result files, as `show`, `run -v`, `exec -v` and `run --watch` print
// it: their stats merged, under the header saying how they were timed (report/header.ts),
// coloured when the terminal wants it. Loaded only when a report is printed.

import { mergeStats } from '../stats/merge.js';
import type { ProfileResult, ProfileStats } from '../stats/model.js';
import { approximateBelow, approximatePerHitBelow, resultsHeader } from '../report/header.js';
import { renderText } from '../report/text.js';
import type { ReportOptions } from './argv.js';
import { wantsColor, type Terminal } from './terminal.js';

/** The results' stats added up (one result's as they are). */
export function statsOf(results: readonly ProfileResult[]): ProfileStats {
  return results.length === 1 ? results[0].stats : mergeStats(...results.map((result) => result.stats));
}

export function renderReport(
  results: readonly ProfileResult[],
  options: ReportOptions,
  terminal: Terminal,
  header: readonly string[] = [],
): string {
  const stats = statsOf(results);
  return renderText(stats, {
    unit: options.unit,
    skipZero: options.skipZero,
    sort: options.sort,
    top: options.top,
    summary: options.summary,
    max: options.max,
    color: wantsColor(options, terminal),
    header: [...resultsHeader(results, stats.engine, options.max), ...header],
    approximateBelowSeconds: approximateBelow(stats.engine, results),
    approximatePerHitBelowSeconds: approximatePerHitBelow(stats.engine, results),
  });
}
