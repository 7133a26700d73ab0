// Bench section: accuracy beside calls (bench/workloads/calls.mjs). Where each engine puts
// the time of a loop whose lines are cheap statements beside a call: a ~25 ns call
// (`work`) and one small enough for V8 to inline (`add`), with the callee recorded
// (`--func` names it too) and not (only the loop is named: the usual way to use --func).
// Truth: the shares of a plain run, taken apart by running the loop with lines removed.
// Also each loop's Total time against its unprofiled time (compensated totals).

import fs from 'node:fs';
import path from 'node:path';
import { fmt, signed, table } from '../lib/format.mjs';
import { runPlain, runProfiled } from '../lib/lineprof.mjs';
import { attempt, retryOnce } from '../lib/measure.mjs';
import { median } from '../lib/stats.mjs';

const LOOPS = [
  { fn: 'callLoop', key: 'call', callee: 'work', rows: [['header', 'call-header'], ['cheap', 'call-cheap-1', 'call-cheap-2'], ['call', 'call-call']] },
  { fn: 'smallLoop', key: 'small', callee: 'add', rows: [['header', 'small-header'], ['cheap', 'small-cheap'], ['call', 'small-call']] },
];
const CONFIGS = [
  { key: 'exact', engineArgs: [], recorded: false },
  { key: 'exact', engineArgs: [], recorded: true },
  { key: 'sampled', engineArgs: ['--engine', 'sampled'], recorded: false },
  { key: 'sampled', engineArgs: ['--engine', 'sampled'], recorded: true },
];

export function measure(ctx) {
  const script = path.join(ctx.workloads, 'calls.mjs');
  const source = fs.readFileSync(script, 'utf8').split('\n');
  const lineOf = (id) => source.findIndex((l) => l.includes(`// LINE ${id}`)) + 1;
  ctx.log(`calls: ${ctx.runs} plain runs (truth), then exact and sampled, callee recorded and not, ${ctx.runs} runs each`);
  const plains = Array.from({ length: ctx.runs }, () =>
    retryOnce(ctx, ctx.otherFailures, 'calls plain', () => ctx.workloadOutput(runPlain(ctx, script, ['--truth']), 'calls plain')),
  );
  const truth = Object.fromEntries(
    LOOPS.map(({ key, rows }) => [key, Object.fromEntries(rows.map(([row]) => [row, median(plains.map((p) => p.truth[key][row]))]))]),
  );
  // Unprofiled ms per round of each loop.
  const plainMs = { call: median(plains.map((p) => p.callMs)), small: median(plains.map((p) => p.smallMs)) };
  const perRound = { call: plainMs.call / plains[0].rounds.call, small: plainMs.small / plains[0].rounds.small };
  const configs = CONFIGS.map((config) => ({
    engine: config.key,
    recorded: config.recorded,
    ...attempt(ctx, `calls ${config.key}${config.recorded ? ' recorded' : ''}`, () => {
      const runs = Array.from({ length: ctx.runs }, (_, i) => profiledRun(ctx, script, config, lineOf, perRound, i));
      // Per loop and row, the median of the runs.
      return Object.fromEntries(
        LOOPS.map(({ key, rows }) => [
          key,
          {
            pct: Object.fromEntries(rows.map(([row]) => [row, median(runs.map((r) => r[key].pct[row]))])),
            totalRatio: median(runs.map((r) => r[key].totalRatio)),
          },
        ]),
      );
    }),
  }));
  return { truth, plainMs, configs };
}

/** One profiled run: each loop's rows as % of its Total time, and that total over the unprofiled time of the same rounds. */
function profiledRun(ctx, script, config, lineOf, perRound, i) {
  const out = path.join(ctx.tmp, `calls-${config.key}-${config.recorded}-${i}.lprof`);
  const selection = LOOPS.flatMap(({ fn, callee }) => ['--func', fn, ...(config.recorded ? ['--func', callee] : [])]);
  retryOnce(ctx, ctx.otherFailures, `calls ${config.key}`, () => {
    fs.rmSync(out, { force: true });
    return ctx.workloadOutput(runProfiled(ctx, script, out, [], selection, { engineArgs: config.engineArgs }), `calls ${config.key}`);
  });
  const { stats } = ctx.readResultFile(out);
  fs.rmSync(out, { force: true });
  return Object.fromEntries(
    LOOPS.map(({ fn, key, rows }) => {
      const f = stats.functions.find((x) => x.name === fn);
      if (!f) throw new Error(`${fn} is not in the result file`);
      const total = f.lines.reduce((s, l) => s + l.time, 0);
      const line = (id) => f.lines.find((l) => l.line === lineOf(id)) ?? { time: 0, hits: 0 };
      const pct = Object.fromEntries(rows.map(([row, ...ids]) => [row, (100 * ids.reduce((s, id) => s + line(id).time, 0)) / total]));
      // Rounds run (warm-up included) from the call line's hits; unprofiled time of as many.
      const rounds = line(rows[2][1]).hits;
      return [key, { pct, totalRatio: (total * stats.unit * 1e3) / (perRound[key] * rounds) }];
    }),
  );
}

export function print(a) {
  const out = ['3b. Accuracy beside calls: % Time of a loop\'s lines, callee recorded (--func names it) and not'];
  if (a.error) {
    out.push(`  failed: ${a.error}`);
    return out.join('\n');
  }
  const heads = a.configs.map((c) => `${c.engine}${c.recorded ? ' rec.' : ''}`);
  const rows = [];
  for (const { key, fn, callee, rows: lineRows } of LOOPS) {
    for (const [row] of lineRows) {
      const truth = a.truth[key][row];
      rows.push([
        `${fn}: ${row === 'call' ? `${callee}() call` : row}`,
        fmt(truth),
        ...a.configs.map((c) => (c.error ? 'error' : `${fmt(c[key].pct[row])} (${signed(c[key].pct[row] - truth)})`)),
      ]);
    }
    rows.push([`${fn}: Total / unprofiled`, '1.00x', ...a.configs.map((c) => (c.error ? 'error' : `${fmt(c[key].totalRatio, 2)}x`))]);
  }
  out.push(table(['line', 'truth %', ...heads], rows, ['l', 'r', ...heads.map(() => 'r')]));
  out.push(`  truth: a plain run's shares, taken apart by removing lines (callLoop ${fmt(a.plainMs.call, 0)} ms, smallLoop ${fmt(a.plainMs.small, 0)} ms per timed call);`);
  out.push('  cells: lineprof % (error in points), the median of the runs; "rec.": the callee is recorded too.');
  return out.join('\n');
}
