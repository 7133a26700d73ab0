// The report's opening lines (machine, build, load) and its closing ones. Pure: results in, text out.

import path from 'node:path';
import { fmt } from './format.mjs';
import { BENCH } from './paths.mjs';
import { KERNPROF, PYTHON } from './python.mjs';

export function header(results) {
  const m = results.machine;
  const out = [];
  out.push(`lineprof benchmark  ${results.date}`);
  out.push(`machine: ${m.cpu}, ${m.cores} cores${m.constantTsc ? ' (constant_tsc, nonstop_tsc)' : ''}; ${m.os}`);
  out.push(`node ${m.node}; native TSC clock ${m.nativeClockBuilt ? 'built' : 'NOT built (exact runs use performance.now)'}`);
  if (m.build) {
    const dirty = m.build.srcFilesChanged ? ` + ${m.build.srcFilesChanged} uncommitted file(s) in src/` : '';
    out.push(`lineprof build: ${m.build.commit}${dirty}`);
  }
  out.push(
    m.lineProfiler
      ? `python ${m.python}, line_profiler ${m.lineProfiler} (${KERNPROF})${results.options.python ? '' : '; Python rows skipped (--no-python)'}`
      : `python line_profiler: not available (${PYTHON} -c 'import line_profiler' failed or ${KERNPROF} missing); Python rows skipped`,
  );
  const l = results.load;
  out.push(
    `load average (1 min): ${fmt(l.atStart[0], 2)} at start, ${fmt(l.min, 2)}-${fmt(l.max, 2)} during the run ` +
      `(median ${fmt(l.median, 2)}, ${l.samples} samples), ${fmt(l.atEnd[0], 2)} at end; the bench itself adds about 1`,
  );
  out.push(`median of ${results.options.runs} rounds, all variants of a workload alternating; times are the work only (no process start-up)`);
  return out.join('\n');
}

export function footer(results) {
  const out = [];
  for (const f of results.otherFailures) out.push(`note: a run failed and was retried: ${f.message}`);
  out.push(`bench took ${fmt(results.elapsedS, 0)} s`);
  out.push(`wrote ${path.relative(process.cwd(), path.join(BENCH, 'results.json')) || 'bench/results.json'}`);
  return out.join('\n');
}
