// Running a workload plain and under `lineprof run`, and reading lineprof's result files.

/** The function of each workload that does the timed work and nothing else (see harness.mjs). */
export const WORK_FN = 'runWork';

/**
 * lineprof's variants measured side by side. `engineArgs`/`env` select the engine; `clock`
 * is the exact engine's clock the variant means (checked against the result file's meta).
 */
export const LINEPROF_VARIANTS = [
  { key: 'exact', label: 'lineprof exact', short: 'exact', clock: 'tsc' },
  {
    key: 'exactPerfNow',
    label: 'lineprof exact, LINEPROF_CLOCK=performance.now',
    short: 'exact/performance.now',
    clock: 'performance.now',
    env: { LINEPROF_CLOCK: 'performance.now' },
  },
  { key: 'sampled', label: 'lineprof --engine sampled', short: 'sampled', engineArgs: ['--engine', 'sampled'] },
  // Only for the workloads with `noCompensate` (section 2); same probes as `exact`.
  { key: 'exactRaw', label: 'lineprof exact --no-compensate', short: 'exact raw', clock: 'tsc', engineArgs: ['--no-compensate'] },
];

export function lineprofArgs(ctx, script, selection, outfile, extra = [], engineArgs = []) {
  return [ctx.cli, 'run', '-q', '-o', outfile, ...engineArgs, ...selection, '--include', ctx.include, script, ...extra];
}

/** `node script ...extra`. */
export const runPlain = (ctx, script, extra = []) => ctx.exec(process.execPath, [script, ...extra]);

/** `lineprof run` of script, writing outfile; engineArgs/env as in LINEPROF_VARIANTS. */
export const runProfiled = (ctx, script, outfile, extra = [], selection = ['--all'], { engineArgs = [], env = {} } = {}) =>
  ctx.exec(process.execPath, lineprofArgs(ctx, script, selection, outfile, extra, engineArgs), { env: { ...ctx.env, ...env } });

/** Hits, the meta, and the Total time (ms) of runWork() from a lineprof result (readResultFile's). */
export function lineprofInfo(result) {
  let hits = 0;
  let workMs = null;
  const unitMs = result.stats.unit * 1e3;
  for (const fn of result.stats.functions) {
    let time = 0;
    for (const l of fn.lines) {
      hits += l.hits;
      time += l.time;
    }
    if (fn.name === WORK_FN) workMs = (workMs ?? 0) + time * unitMs;
  }
  return { hits, functions: result.stats.functions.length, meta: result.meta, workMs };
}
