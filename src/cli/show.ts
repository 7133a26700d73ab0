// `lineprof show FILE...`: reads result files, merges several into one, and returns the
// text report (of one labelled run with `--run`); `run -v` reuses `renderReport`. It must not print, exit or catch: main
// prints the text, and a bad file's LineprofError travels up to main unchanged.

import { readResultFile } from '../stats/result-file.js';
import { mergeStats } from '../stats/merge.js';
import { renderText } from '../report/text.js';
import type { EngineName, ProfileMeta, ProfileResult } from '../stats/model.js';
import type { ReportOptions } from './argv.js';
import { selectRun } from './runs.js';

/** What main knows about where the report goes; passed in so that nothing here reads globals. */
export interface Terminal {
  readonly stdoutIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function showFiles(
  files: readonly string[],
  run: string | undefined,
  options: ReportOptions,
  terminal: Terminal,
): string {
  const results = files.map((file) => readResultFile(file));
  if (run === undefined) return renderReport(results, options, terminal);
  const runs = results.map((result, i) => ({ ...result, stats: selectRun(result, run, files[i]) }));
  return renderReport(runs, options, terminal, [`Run: ${run}`]);
}

export function renderReport(
  results: readonly ProfileResult[],
  options: ReportOptions,
  terminal: Terminal,
  header: readonly string[] = [],
): string {
  const stats = results.length === 1 ? results[0].stats : mergeStats(...results.map((result) => result.stats));
  return renderText(stats, {
    unit: options.unit,
    skipZero: options.skipZero,
    sort: options.sort,
    summary: options.summary,
    color: wantsColor(options, terminal),
    header: [...describeResults(results, stats.engine), ...header],
    approximateBelowSeconds: approximateBelow(stats.engine, results),
  });
}

/** Sampled results: a time from fewer than this many samples is marked as approximate. */
const FEW_SAMPLES = 10;

function approximateBelow(engine: EngineName, results: readonly ProfileResult[]): number | undefined {
  if (engine !== 'sampled') return undefined;
  const intervals = results.map((r) => r.meta.intervalUs ?? 0);
  return FEW_SAMPLES * Math.max(...intervals) * 1e-6;
}

/** Colour only for a person at a terminal who has not asked otherwise (https://no-color.org). */
export function wantsColor(options: Pick<ReportOptions, 'color'>, terminal: Terminal): boolean {
  const noColor = terminal.env.NO_COLOR;
  return options.color && terminal.stdoutIsTTY && (noColor === undefined || noColor === '');
}

/** Header lines above the tables: how the times were taken, so a saved report explains itself. */
export function describeResults(results: readonly ProfileResult[], engine: EngineName): string[] {
  const lines = [...new Set(results.map((result) => describeEngine(engine, result.meta)))];
  // Merged runs whose settings differ get the engine alone rather than one run's details.
  const header = lines.length === 1 ? lines : [`Engine: ${engine} (runs with different settings)`];
  if (results.length > 1) header.push(`Merged: ${results.length} result files`);
  return header;
}

export function describeEngine(engine: EngineName, meta: ProfileMeta): string {
  const details: string[] = [];
  if (engine === 'exact') {
    if (meta.clock !== undefined) details.push(`clock ${meta.clock}`);
    if (meta.compensated !== undefined) {
      const perCall = meta.callCostNs ? `, ${meta.callCostNs} ns per call` : '';
      const cost = meta.probeCostNs !== undefined && meta.compensated ? `: ${meta.probeCostNs} ns per line event${perCall}` : '';
      details.push(meta.compensated ? `probe cost compensated${cost}` : 'probe cost not compensated');
    }
  } else {
    if (meta.samples !== undefined) details.push(`${meta.samples} samples`);
    if (meta.intervalUs !== undefined) details.push(`every ${meta.intervalUs} us`);
    details.push(`~: under ${FEW_SAMPLES} samples`);
  }
  return details.length === 0 ? `Engine: ${engine}` : `Engine: ${engine} (${details.join(', ')})`;
}
