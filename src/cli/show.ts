// `lineprof show FILE...`: reads result files, merges several into one, and returns the
// report (of one labelled run with `--run`) in the format asked for, or writes it to `-o`;
// `run -v` reuses `renderReport`. It must not print, exit or catch: main prints what it
// returns, and a bad file's LineprofError travels up to main unchanged.

import path from 'node:path';
import { LineprofError } from '../errors.js';
import { readResultFile, writeFileAtomically } from '../stats/result-file.js';
import { mergeStats } from '../stats/merge.js';
import { renderText } from '../report/text.js';
import { renderJson } from '../report/json.js';
import { renderLcov } from '../report/lcov.js';
import { renderPprof } from '../report/pprof.js';
import { renderSpeedscope } from '../report/speedscope.js';
import { renderCpuprofile } from '../report/cpuprofile.js';
import { renderHtml, type HtmlRun } from '../report/html.js';
import { selectFunctions } from '../report/lines.js';
import type { EngineName, ProfileMeta, ProfileResult, ProfileStats } from '../stats/model.js';
import type { Invocation, ReportOptions, ShowFormat } from './argv.js';
import { selectRun } from './runs.js';

export type ShowInvocation = Extract<Invocation, { command: 'show' }>;

/** What main knows about where the report goes; passed in so that nothing here reads globals. */
export interface Terminal {
  readonly stdoutIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** What goes to stdout: the report, or nothing when `-o` took it. */
export function showFiles(invocation: ShowInvocation, terminal: Terminal): string | Uint8Array {
  const { files, run, format, output, options } = invocation;
  if (format === 'pprof' && output === undefined && terminal.stdoutIsTTY) {
    throw new LineprofError('USAGE', 'pprof is binary (gzipped protobuf): write it to a file with -o FILE, or pipe it');
  }
  const read = files.map((file) => readResultFile(file));
  const results = run === undefined ? read : read.map((result, i) => ({ ...result, stats: selectRun(result, run, files[i]) }));
  let report: string | Uint8Array;
  if (format === 'text') {
    report = renderReport(results, { ...options, color: options.color && output === undefined }, terminal, run === undefined ? [] : [`Run: ${run}`]);
  } else if (format === 'html') {
    const stats = statsOf(results);
    report = renderHtml(htmlRuns(read, files, run, options), {
      title: titleOf(read[0].meta, files),
      unit: options.unit,
      header: describeResults(results, stats.engine),
      approximateBelowSeconds: approximateBelow(stats.engine, results),
    });
  } else {
    const stats = selectFunctions(statsOf(results), options);
    const sources = files.map((file, i) => ({ file, meta: read[i].meta }));
    report = renderExport(format, stats, sources, run);
  }
  if (output === undefined) return report;
  writeFileAtomically(output, report);
  return '';
}

/** The runs an HTML report offers: the one asked for, or the total and each labelled run (added up across files by label). */
function htmlRuns(read: readonly ProfileResult[], files: readonly string[], run: string | undefined, options: ReportOptions): HtmlRun[] {
  if (run !== undefined) return [{ label: run, stats: selectFunctions(statsOf(read.map((r, i) => ({ ...r, stats: selectRun(r, run, files[i]) }))), options) }];
  const labels = [...new Set(read.flatMap((result) => result.runs.map((r) => r.label)))];
  const total = { label: labels.length === 0 ? 'all' : 'total of all runs', stats: selectFunctions(statsOf(read), options) };
  const labelled = labels.map((label) => {
    const stats = read.flatMap((result) => result.runs.filter((r) => r.label === label).map((r) => r.stats));
    return { label, stats: selectFunctions(stats.length === 1 ? stats[0] : mergeStats(...stats), options) };
  });
  return [total, ...labelled];
}

function titleOf(meta: ProfileMeta, files: readonly string[]): string {
  const command = meta.command?.join(' ');
  return files.length > 1 ? `${files.length} result files merged` : command || path.basename(files[0]);
}

function statsOf(results: readonly ProfileResult[]): ProfileStats {
  return results.length === 1 ? results[0].stats : mergeStats(...results.map((result) => result.stats));
}

function renderExport(
  format: Exclude<ShowFormat, 'text' | 'html'>,
  stats: ProfileStats,
  sources: readonly { file: string; meta: ProfileMeta }[],
  run: string | undefined,
): string | Uint8Array {
  const meta = sources[0].meta;
  const name = run ?? titleOf(meta, sources.map((source) => source.file));
  switch (format) {
    case 'json':
      return renderJson(stats, sources, run);
    case 'lcov':
      return renderLcov(stats, run);
    case 'pprof': {
      const startTime = meta.startTime === undefined ? undefined : Date.parse(meta.startTime);
      return renderPprof(stats, { startTime: Number.isNaN(startTime) ? undefined : startTime, comment: name });
    }
    case 'speedscope':
      return renderSpeedscope(stats, name, 'lineprof');
    case 'cpuprofile':
      return renderCpuprofile(stats);
  }
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
    header: [...describeResults(results, stats.engine), ...(options.max && stats.engine === 'sampled' ? [NO_MAX] : []), ...header],
    approximateBelowSeconds: approximateBelow(stats.engine, results),
  });
}

/** What `--max` says of sampled results: samples land in lines, they time no single hit. */
const NO_MAX = 'Max: not measured (the sampled engine counts samples per line; it does not time single hits)';

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
