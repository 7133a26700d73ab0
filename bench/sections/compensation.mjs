// Bench section 2: overhead compensation. The Total time the exact engine reports for the
// workload's runWork() (the function the harness times, and only that) vs the plain run's
// time of the same work, compensated (the default) and with --no-compensate. From the runs
// of section 1: it runs nothing itself.

import { fmt, table } from '../lib/format.mjs';
import { WORK_FN } from '../lib/lineprof.mjs';

/** Goal for compensated Total time of runWork vs the plain run's time: within 15 %. */
export const COMPENSATION_GOAL = 0.15;

/** runWork's Total time vs the plain run's time, per workload of results.workloads. */
export function measure(_ctx, results) {
  const rows = [];
  for (const r of results.workloads) {
    if (r.error || r.noWorkFn) continue;
    const row = { workload: r.workload, title: r.title, plainMs: r.plainMs };
    for (const key of ['exact', 'exactRaw']) {
      const v = r.variants[key];
      if (!v || v.error) continue;
      row[key] = {
        workMs: v.workMs,
        ratio: v.workMs === null ? null : v.workMs / r.plainMs,
        wallMs: v.ms,
        compensated: v.compensated,
        probeCostNs: v.probeCostNs,
        clocks: v.clocks,
      };
    }
    if (row.exact) row.withinGoal = row.exact.ratio !== null && Math.abs(row.exact.ratio - 1) <= COMPENSATION_GOAL;
    rows.push(row);
  }
  return rows;
}

export function print(c) {
  const out = [`2. Overhead compensation (exact engine): Total time of ${WORK_FN}() in the result file vs the plain run's time of the same work`];
  if (c.length === 0) {
    out.push('  no workload with runWork() was measured');
    return out.join('\n');
  }
  out.push(
    table(
      [
        'workload',
        'plain ms',
        'compensated: Total ms',
        'ratio',
        'goal',
        '(wall ms)',
        'probe cost ns',
        '--no-compensate: Total ms',
        'ratio',
        '(wall ms)',
      ],
      c.map((r) => [
        r.title,
        fmt(r.plainMs),
        fmt(r.exact?.workMs),
        r.exact?.ratio != null ? `${fmt(r.exact.ratio, 2)}x` : '-',
        r.exact ? (r.withinGoal ? 'ok' : 'MISSED') : '',
        fmt(r.exact?.wallMs),
        fmt(r.exact?.probeCostNs, 1),
        r.exactRaw ? fmt(r.exactRaw.workMs) : '',
        r.exactRaw?.ratio != null ? `${fmt(r.exactRaw.ratio, 2)}x` : '',
        r.exactRaw ? fmt(r.exactRaw.wallMs) : '',
      ]),
      ['l', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push(
    `  ratio = ${WORK_FN}() Total time / plain ms (goal: compensated within ${COMPENSATION_GOAL * 100}% of plain); ` +
      'the exact runs are those of section 1 (TSC clock);',
  );
  out.push('  wall ms = the profiled run\'s own measured time of the work (medians over the rounds; Total ms should be <= wall ms);');
  out.push(`  ${WORK_FN}() is called only for the timed work (the warm-up calls the inner functions directly);`);
  out.push('  --no-compensate runs only for the increment loop and the tokenizer; async pipeline: no runWork() (its work is awaited)');
  return out.join('\n');
}
