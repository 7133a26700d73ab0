// Bench section 4: instrumented but not recorded: the tokenizer under `lineprof run --func
// nonexistent` (every function instrumented, none recorded), with both engines.

import path from 'node:path';
import { fmt, range } from '../lib/format.mjs';
import { lineprofInfo, runPlain, runProfiled } from '../lib/lineprof.mjs';
import { retryOnce } from '../lib/measure.mjs';
import { median } from '../lib/stats.mjs';

// The cost looked for here is small, so the runs are NOOP_SCALE times longer than in
// section 1, to rise above the noise of a busy machine.
export const NOOP_SCALE = 5;

/** results.workloads' tokenizer row (if measured) gives the line events per unit of work. */
export function measure(ctx, results) {
  const tokenizer = results.workloads.find((r) => r.workload === 'tokenizer' && !r.error) ?? null;
  ctx.log(`instrumented, not recorded: tokenizer x${NOOP_SCALE}, node vs lineprof run --func nonexistent (exact, sampled), ${ctx.runs} runs each`);
  const script = path.join(ctx.workloads, 'tokenizer.mjs');
  const args = ['--scale', String(ctx.opts.scale * NOOP_SCALE)];
  const plain = [];
  const noop = [];
  // The sampled engine's inline probes store into scratch slots for calls nobody records.
  const noopSampled = [];
  let units;
  const out = path.join(ctx.tmp, 'noop.lprof');
  for (let i = 0; i < ctx.runs; i++) {
    const a = () => {
      const o = retryOnce(ctx, ctx.otherFailures, 'tokenizer plain', () => ctx.workloadOutput(runPlain(ctx, script, args), 'tokenizer plain'));
      plain.push(o.ms);
      units = o.units;
    };
    const notRecorded = (engineArgs, into) => () =>
      into.push(
        retryOnce(ctx, ctx.otherFailures, 'tokenizer not recorded', () =>
          ctx.workloadOutput(runProfiled(ctx, script, out, args, ['--func', 'nonexistent', ...engineArgs]), 'tokenizer not recorded'),
        ).ms,
      );
    const b = notRecorded([], noop);
    const c = notRecorded(['--engine', 'sampled'], noopSampled);
    if (i % 2 === 0) (a(), b(), c());
    else (c(), b(), a());
  }
  const recorded = lineprofInfo(ctx.readResultFile(out));
  const plainMs = median(plain);
  const noopMs = median(noop);
  const sampledMs = median(noopSampled);
  // Line events scale with the rounds of the tokenizer (the same expressions every round).
  const lineEvents = tokenizer?.lineEvents ? (tokenizer.lineEvents / tokenizer.units) * units : null;
  return {
    scale: ctx.opts.scale * NOOP_SCALE,
    plainMs,
    noopMs,
    slowdown: noopMs / plainMs,
    lineEvents,
    nsPerEvent: lineEvents ? ((noopMs - plainMs) * 1e6) / lineEvents : null,
    sampledMs,
    sampledSlowdown: sampledMs / plainMs,
    functionsRecorded: recorded.functions,
    runs: { plain, noop, sampled: noopSampled },
  };
}

export function print(n) {
  const out = [`4. Instrumented but not recorded: tokenizer (${NOOP_SCALE}x the work of section 1) under lineprof run --func nonexistent`];
  if (n.error) out.push(`  failed: ${n.error}`);
  else
    out.push(
      `  plain ${fmt(n.plainMs)} ms (${range(n.runs.plain)}), not recorded ${fmt(n.noopMs)} ms (${range(n.runs.noop)}): ` +
        `${fmt(n.slowdown, 2)}x,\n  ` +
        `${fmt(n.nsPerEvent, 2)} ns per (unrecorded) line event (${fmt(n.lineEvents / 1e6, 1)} M); ` +
        `functions in the result file: ${n.functionsRecorded}\n  ` +
        `sampled engine: not recorded ${fmt(n.sampledMs)} ms (${range(n.runs.sampled)}): ${fmt(n.sampledSlowdown, 2)}x`,
    );
  return out.join('\n');
}
