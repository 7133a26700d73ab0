// Bench section 3: accuracy per engine: % Time of lines that take a known share of a
// function (bench/workloads/accuracy.mjs), under the exact and the sampled engine.

import fs from 'node:fs';
import path from 'node:path';
import { fmt, signed, table } from '../lib/format.mjs';
import { LINEPROF_VARIANTS, runPlain, runProfiled } from '../lib/lineprof.mjs';
import { attempt, retryOnce } from '../lib/measure.mjs';

export function measure(ctx) {
  const script = path.join(ctx.workloads, 'accuracy.mjs');
  const source = fs.readFileSync(script, 'utf8').split('\n');
  const lineOf = (id) => source.findIndex((l) => l.includes(`// LINE ${id}`)) + 1;
  ctx.log(`accuracy: plain run, then lineprof run --all with the exact and the sampled engine, ${ctx.runs} runs each`);
  const plain = retryOnce(ctx, ctx.otherFailures, 'accuracy plain', () => ctx.workloadOutput(runPlain(ctx, script), 'accuracy plain'));
  const engines = {};
  for (const v of LINEPROF_VARIANTS.filter((x) => x.key === 'exact' || x.key === 'sampled')) {
    // One run can be skewed by the machine (a preempted or deoptimised long call): ctx.runs
    // runs, and the one whose largest error is the median of the runs' largest errors.
    engines[v.key] = attempt(ctx, `accuracy ${v.key}`, () => {
      const runs = Array.from({ length: ctx.runs }, () => accuracyRun(ctx, script, lineOf, plain, v));
      const largest = (run) => Math.max(...run.lines.map((l) => Math.abs(l.errorPts)));
      const sorted = [...runs].sort((a, b) => largest(a) - largest(b));
      return { ...sorted[Math.floor(sorted.length / 2)], largestErrorsPts: runs.map(largest) };
    });
  }
  return { plainMs: { spin: plain.spinMs, burn: plain.burnMs }, engines };
}

/** One profiled run of accuracy.mjs with variant v, against the plain run's shares. */
function accuracyRun(ctx, script, lineOf, plain, v) {
  const out = path.join(ctx.tmp, `accuracy-${v.key}.lprof`);
  const profiled = retryOnce(ctx, ctx.otherFailures, `accuracy ${v.key}`, () => {
    fs.rmSync(out, { force: true });
    return ctx.workloadOutput(runProfiled(ctx, script, out, [], ['--all'], v), `accuracy ${v.key}`);
  });
  const result = ctx.readResultFile(out);
  const report = (fnName, kind, inRun, unprofiled) => {
    const fn = result.stats.functions.find((f) => f.name === fnName);
    if (!fn) throw new Error(`${fnName} is not in the result file`);
    const total = fn.lines.reduce((s, l) => s + l.time, 0);
    return [10, 30, 60].map((nominal, k) => {
      const line = lineOf(`${kind}-${nominal}`);
      const row = fn.lines.find((l) => l.line === line);
      const lineprofPct = row ? (100 * row.time) / total : NaN;
      return {
        function: fnName,
        line,
        nominalPct: nominal,
        truthPct: inRun[k],
        unprofiledPct: unprofiled[k],
        lineprofPct,
        errorPts: lineprofPct - inRun[k],
      };
    });
  };
  return {
    clock: result.meta.clock ?? null,
    compensated: result.meta.compensated ?? null,
    samples: result.meta.samples ?? null,
    intervalUs: result.meta.intervalUs ?? null,
    profiledMs: { spin: profiled.spinMs, burn: profiled.burnMs },
    lines: [...report('spinWork', 'spin', profiled.spin, plain.spin), ...report('burnWork', 'burn', profiled.burn, plain.burn)],
  };
}

export function print(a, options) {
  const out = ['3. Accuracy per engine: % Time of three lines of one function (lineprof run --all)'];
  if (a.error) {
    out.push(`  failed: ${a.error}`);
    return out.join('\n');
  }
  const ex = a.engines.exact;
  const sa = a.engines.sampled;
  const lines = !ex?.error ? ex.lines : !sa?.error ? sa.lines : [];
  const cell = (e, i, f) => (e && !e.error ? f(e.lines[i]) : 'error');
  out.push(
    table(
      ['function', 'line', 'nominal %', 'unprofiled %', 'exact: truth %', 'lineprof %', 'error', 'sampled: truth %', 'lineprof %', 'error'],
      lines.map((l, i) => [
        l.function,
        l.line,
        fmt(l.nominalPct, 0),
        fmt(l.unprofiledPct),
        cell(ex, i, (x) => fmt(x.truthPct)),
        cell(ex, i, (x) => fmt(x.lineprofPct)),
        cell(ex, i, (x) => signed(x.errorPts)),
        cell(sa, i, (x) => fmt(x.truthPct)),
        cell(sa, i, (x) => fmt(x.lineprofPct)),
        cell(sa, i, (x) => signed(x.errorPts)),
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push('  spinWork busy-waits on performance.now() for 1/3/6 ms a line; burnWork runs a calibrated loop of 1/3/6 units.');
  out.push('  truth = time measured inside each callee in that profiled run; unprofiled % = the same in a plain run; error in points.');
  out.push(...engineNotes(a, ex, sa, options.runs));
  return out.join('\n');
}

/** The lines under the table: which run of each engine, its clock, samples and times. */
function engineNotes(a, ex, sa, runs) {
  const out = [];
  const largest = (e) => (e && !e.error ? e.largestErrorsPts.map((x) => fmt(x, 1)).join(', ') : '-');
  out.push(`  each engine: the run of ${runs} with the median largest error (largest errors: exact ${largest(ex)}; sampled ${largest(sa)})`);
  if (ex && !ex.error)
    out.push(
      `  exact: clock ${ex.clock}, compensation ${ex.compensated ? 'on' : 'off'}; ` +
        `burnWork took ${fmt(a.plainMs.burn)} ms plain, ${fmt(ex.profiledMs.burn)} ms profiled`,
    );
  else if (ex) out.push(`  exact failed: ${ex.error}`);
  if (sa && !sa.error)
    out.push(
      `  sampled: ${fmt(sa.samples, 0)} samples, mean interval ${fmt(sa.intervalUs, 0)} us; ` +
        `burnWork took ${fmt(sa.profiledMs.burn)} ms profiled`,
    );
  else if (sa) out.push(`  sampled failed: ${sa.error}`);
  return out;
}
