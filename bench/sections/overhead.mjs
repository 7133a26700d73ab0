// Bench section 1: overhead per engine (bench/workloads/*.mjs): plain `node` vs `lineprof
// run --all` with the exact engine on the TSC clock, the exact engine on performance.now()
// (LINEPROF_CLOCK=performance.now), and the sampled engine (--engine sampled, default
// interval); median of N runs in which all of them alternate, slowdown, line events, ns per
// line event. Python's line_profiler (kernprof -l) on the same programs (bench/python/, at
// half their default work) when /usr/bin/python3 can import line_profiler.
//
// Each workload times only its work (after a warm-up) with performance.now() and prints it
// as JSON, so process start-up and lineprof's own set-up and exit are not in the ratios.
// Line events are the hits in the result file minus those of a `--warmup-only` run (set-up
// and warm-up), so that they count the timed work only.

import path from 'node:path';
import { fmt, range, table } from '../lib/format.mjs';
import { LINEPROF_VARIANTS, lineprofInfo, runPlain, runProfiled } from '../lib/lineprof.mjs';
import { attempt, measureVariants } from '../lib/measure.mjs';
import { PYDIR } from '../lib/paths.mjs';
import { PYTHON_SCALE, kernprofInfo, runKernprof, runPython } from '../lib/python.mjs';
import { summarize } from '../lib/stats.mjs';

export const WORKLOAD_LIST = [
  { name: 'increment', title: 'increment loop', script: 'increment.mjs', python: 'increment_list.py', noCompensate: true },
  { name: 'tokenizer', title: 'tokenizer+evaluator', script: 'tokenizer.mjs', python: 'expr_eval.py', noCompensate: true },
  { name: 'fib', title: 'recursive fib', script: 'fib.mjs' },
  // No runWork(): its work is awaited, so its Total time would be the synchronous start only.
  { name: 'async', title: 'async pipeline', script: 'async-pipeline.mjs', noWorkFn: true },
  { name: 'classes', title: 'classes/getters', script: 'classes.mjs' },
];

/** One row per workload of --only (all by default); results.machine says whether Python can run. */
export function measure(ctx, results) {
  const pythonOk = ctx.opts.python && results.machine.lineProfiler !== null;
  if (!pythonOk) ctx.log('Python line_profiler rows skipped');
  const rows = [];
  for (const w of WORKLOAD_LIST.filter((x) => ctx.opts.only === null || ctx.opts.only.includes(x.name))) {
    const script = path.join(ctx.workloads, w.script);
    const variants = [
      { key: 'plain', run: (_out, extra) => runPlain(ctx, script, extra) },
      ...LINEPROF_VARIANTS.filter((v) => v.key !== 'exactRaw' || w.noCompensate).map((v) => ({
        key: v.key,
        run: (out, extra) => runProfiled(ctx, script, out, extra, ['--all'], v),
        info: (out) => lineprofInfo(ctx.readResultFile(out)),
      })),
    ];
    ctx.log(`${w.title}: ${variants.map((v) => v.key).join(', ')}; ${ctx.runs} rounds`);
    const row = { workload: w.name, title: w.title, noWorkFn: Boolean(w.noWorkFn) };
    Object.assign(row, attempt(ctx, w.name, () => summarize(measureVariants(ctx, w.name, variants, 'exact'), 'plain', 'exact')));
    if (w.python && pythonOk) row.python = measurePython(ctx, w);
    rows.push(row);
  }
  return rows;
}

function measurePython(ctx, w) {
  ctx.log(`${w.title}: python3 vs kernprof -l, ${ctx.runs} rounds`);
  const pyScript = path.join(PYDIR, w.python);
  const pyVariants = [
    { key: 'plain', run: (_out, extra) => runPython(ctx, pyScript, extra) },
    { key: 'kernprof', run: (out, extra) => runKernprof(ctx, pyScript, out, extra), info: (out) => kernprofInfo(ctx, out) },
  ];
  return attempt(ctx, `${w.name} (Python)`, () =>
    summarize(measureVariants(ctx, `${w.name}-py`, pyVariants, 'kernprof', ctx.opts.scale * PYTHON_SCALE), 'plain', 'kernprof'),
  );
}

export function print(workloads) {
  const out = ['1. Overhead per engine: lineprof run --all vs plain node; Python line_profiler (kernprof -l) vs plain python3'];
  const rows = workloads.flatMap((r) => (r.error ? [[r.title, 'error', '', '', '', '', '', r.error]] : [...lineprofRows(r), ...pythonRows(r.python)]));
  out.push(
    table(
      ['workload', 'run', 'ms', '(range)', 'slowdown', 'M line events', 'ns/event', 'notes'],
      rows,
      ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
  );
  for (const r of workloads) {
    for (const f of [...(r.failures ?? []), ...(r.python?.failures ?? [])]) out.push(`  note: a run failed and was retried: ${f.message}`);
  }
  out.push('  ns/event = (profiled - plain) / line events; line events = hits in the result file of the timed work');
  out.push(
    `  (Python runs do less work than the JS ones, ${PYTHON_SCALE}x bench/python's default: compare slowdown and ns/event, not ms)`,
  );
  return out.join('\n');
}

/** The plain row and one row per engine of a workload. */
function lineprofRows(r) {
  const events = fmt(r.lineEvents / 1e6, 2);
  const rows = [[r.title, 'node (plain)', fmt(r.plainMs), range(r.plainRuns), '', '', '', r.checksAgree ? '' : 'results differ!']];
  for (const key of ['exact', 'exactPerfNow', 'sampled']) {
    const v = r.variants[key];
    const spec = LINEPROF_VARIANTS.find((x) => x.key === key);
    if (!v) continue;
    if (v.ms === undefined) {
      rows.push(['', spec.short, 'error', '', '', '', '', v.error]);
      continue;
    }
    const name = key === 'exact' ? `exact (${v.clocks.join('/') || '?'})` : spec.short;
    rows.push(['', name, fmt(v.ms), range(v.runs), `${fmt(v.slowdown, 1)}x`, events, fmt(v.nsPerEvent, 1), variantNotes(key, v, spec)]);
  }
  return rows;
}

/** python3's and kernprof's rows of a workload (none when Python did not run). */
function pythonRows(p) {
  if (!p) return [];
  if (p.error) return [['', 'kernprof -l', 'error', '', '', '', '', p.error]];
  const k = p.variants.kernprof;
  const rows = [['', 'python3 (plain)', fmt(p.plainMs), range(p.plainRuns), '', '', '', p.checksAgree ? '' : 'results differ!']];
  if (k.ms === undefined) rows.push(['', 'kernprof -l', 'error', '', '', '', '', k.error]);
  else rows.push(['', 'kernprof -l', fmt(k.ms), range(k.runs), `${fmt(k.slowdown, 1)}x`, fmt(p.lineEvents / 1e6, 2), fmt(k.nsPerEvent, 1), '']);
  return rows;
}

/** What a variant's row should say about its clock, samples, hits. */
function variantNotes(key, v, spec) {
  const notes = [];
  if (spec?.clock && v.clocks.length && !(v.clocks.length === 1 && v.clocks[0] === spec.clock)) {
    notes.push(`clock was ${v.clocks.join('/')}, not ${spec.clock}!`);
  }
  if (key === 'sampled') {
    notes.push(`${fmt(v.samples, 0)} samples, mean ${fmt(v.intervalUs, 0)} us`);
    if (!v.hitsMatchReference) notes.push('hits differ from exact!');
  }
  if ((key === 'exact' || key === 'exactPerfNow') && v.probeCostNs !== undefined) {
    notes.push(`probe cost ${fmt(v.probeCostNs, 1)} ns`);
  }
  if (v.error) notes.push(`some runs failed: ${v.error}`);
  return notes.join('; ');
}
