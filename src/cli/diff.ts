// `lineprof diff A.lprof B.lprof` and `lineprof diff FILE --runs A B`: reads the two sides
// and returns the diff report (text, JSON or HTML), or writes it to `-o`. It must not print, exit or catch: main prints
// the text, and a bad file's or label's LineprofError travels up to main unchanged.

import { readResultFile, writeFileAtomically } from '../stats/result-file.js';
import { compareStats, skipUnrunCompared } from '../stats/compare.js';
import { applyProcessors } from '../stats/select.js';
import { renderDiff } from '../report/diff-text.js';
import { renderDiffJson } from '../report/diff-json.js';
import { renderDiffHtml } from '../report/diff-html.js';
import { describeEngine, describeEngines, sideLines } from '../report/header.js';
import type { ProfileResult, ProfileStats } from '../stats/model.js';
import type { Invocation, ProfileSource } from './argv.js';
import { selectRun } from './runs.js';
import { wantsColor, type Terminal } from './terminal.js';

export type DiffInvocation = Extract<Invocation, { command: 'diff' }>;

interface Side {
  readonly result: ProfileResult;
  readonly stats: ProfileStats;
}

export function diffFiles(invocation: DiffInvocation, terminal: Terminal): string {
  const { a, b, options } = invocation;
  // `--runs` names one file twice: read it once.
  const read = new Map<string, ProfileResult>();
  const load = (source: ProfileSource): Side => {
    const result = read.get(source.file) ?? readResultFile(source.file);
    read.set(source.file, result);
    const stats = source.run === undefined ? result.stats : selectRun(result, source.run, source.file);
    return { result, stats };
  };
  const sideA = load(a);
  const sideB = load(b);
  const report = render(invocation, sideA, sideB, terminal);
  if (options.output === undefined) return report;
  writeFileAtomically(options.output, report);
  return '';
}

function render({ a, b, options }: DiffInvocation, sideA: Side, sideB: Side, terminal: Terminal): string {
  switch (options.format) {
    case 'json': {
      const sides = { a: { file: a.file, run: a.run ?? null }, b: { file: b.file, run: b.run ?? null } };
      return renderDiffJson(sideA.stats, sideB.stats, sides);
    }
    case 'html': {
      const [engines, sides] = describeSides(a, sideA, b, sideB);
      // `-z` in the page: functions that ran in neither; the one-sided ones stay in its header.
      const diff = applyProcessors(compareStats(sideA.stats, sideB.stats), options.skipZero ? [skipUnrunCompared] : []);
      return renderDiffHtml(diff, { title: `${name(a)} -> ${name(b)}`, unit: options.unit, header: engines, sides });
    }
    case 'text': {
      const [engines, sides] = describeSides(a, sideA, b, sideB);
      return renderDiff(sideA.stats, sideB.stats, {
        unit: options.unit,
        skipZero: options.skipZero,
        color: options.output === undefined && wantsColor(options, terminal),
        header: [...engines, ...sides],
      });
    }
  }
}

function name(source: ProfileSource): string {
  return source.run === undefined ? source.file : `${source.file}, run '${source.run}'`;
}

/** How each side was timed, and which is A and which is B, so that a saved diff explains itself. */
function describeSides(a: ProfileSource, sideA: Side, b: ProfileSource, sideB: Side): [string[], string[]] {
  const engines = describeEngines(describeEngine(sideA.stats.engine, sideA.result.meta), describeEngine(sideB.stats.engine, sideB.result.meta));
  return [engines, sideLines(name(a), name(b))];
}
