// `lineprof show FILE...`: reads result files, merges several into one, and returns the
// report (of one labelled run with `--run`) in the format asked for, or writes it to `-o`;
// the text report is text-report.ts's, which `run -v` prints too. It must not print, exit
// or catch: main prints what it returns, and a bad file's LineprofError travels up to main
// unchanged.

import path from 'node:path';
import { LineprofError } from '../errors.js';
import { readResultFile, writeFileAtomically } from '../stats/result-file.js';
import { mergeStats } from '../stats/merge.js';
import { selectFunctions } from '../stats/select.js';
import { renderJson } from '../report/json.js';
import { renderLcov } from '../report/lcov.js';
import { renderPprof } from '../report/pprof.js';
import { renderSpeedscope } from '../report/speedscope.js';
import { renderCpuprofile } from '../report/cpuprofile.js';
import { renderHtml, type HtmlRun } from '../report/html.js';
import { approximateBelow, approximatePerHitBelow, describeResults, runLine } from '../report/header.js';
import type { ProfileMeta, ProfileResult, ProfileStats } from '../stats/model.js';
import type { Invocation, ReportOptions, ShowFormat } from './argv.js';
import { selectRun } from './runs.js';
import type { Terminal } from './terminal.js';
import { renderReport, statsOf } from './text-report.js';

export type ShowInvocation = Extract<Invocation, { command: 'show' }>;

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
    report = renderReport(results, { ...options, color: options.color && output === undefined }, terminal, run === undefined ? [] : [runLine(run)]);
  } else if (format === 'html') {
    const stats = statsOf(results);
    report = renderHtml(htmlRuns(read, files, run, options), {
      title: titleOf(read[0].meta, files),
      unit: options.unit,
      header: describeResults(results, stats.engine),
      approximateBelowSeconds: approximateBelow(stats.engine, results),
      approximatePerHitBelowSeconds: approximatePerHitBelow(stats.engine, results),
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
