// Bench section 6: start-up: `lineprof run` on a hello world vs `node hello.mjs` (wall time),
// with both engines, and `lineprof --version` alone.

import path from 'node:path';
import { fmt } from '../lib/format.mjs';
import { runPlain } from '../lib/lineprof.mjs';
import { median } from '../lib/stats.mjs';

export function measure(ctx) {
  ctx.log(`start-up: node hello.mjs vs lineprof run hello.mjs (exact, sampled), ${ctx.runs} runs each`);
  const script = path.join(ctx.workloads, 'hello.mjs');
  const out = path.join(ctx.tmp, 'hello.lprof');
  const plain = [];
  const profiled = [];
  const sampled = [];
  const cliOnly = [];
  const lineprofRun = (engineArgs, into) => {
    const r = ctx.exec(process.execPath, [ctx.cli, 'run', '-q', '-o', out, ...engineArgs, '--include', ctx.include, script]);
    if (r.status !== 0) throw new Error(`hello lineprof ${engineArgs.join(' ')}: exit ${r.status}: ${r.stderr.trim()}`);
    into.push(r.wallMs);
  };
  for (let i = 0; i < ctx.runs; i++) {
    const steps = [
      () => {
        const r = runPlain(ctx, script);
        if (r.status !== 0) throw new Error(`hello plain: exit ${r.status}`);
        plain.push(r.wallMs);
        // For a breakdown: loading lineprof's CLI alone, without running anything.
        const v = ctx.exec(process.execPath, [ctx.cli, '--version']);
        if (v.status !== 0) throw new Error(`lineprof --version: exit ${v.status}`);
        cliOnly.push(v.wallMs);
      },
      () => lineprofRun([], profiled),
      () => lineprofRun(['--engine', 'sampled'], sampled),
    ];
    for (const step of i % 2 === 0 ? steps : steps.reverse()) step();
  }
  return {
    plainMs: median(plain),
    lineprofMs: median(profiled),
    addedMs: median(profiled) - median(plain),
    sampledMs: median(sampled),
    sampledAddedMs: median(sampled) - median(plain),
    cliVersionMs: median(cliOnly),
    runs: { plain, lineprof: profiled, sampled, cliVersion: cliOnly },
  };
}

export function print(s, options) {
  const out = [`6. Start-up: wall time of a hello world (median of ${options.runs})`];
  if (s.error) out.push(`  failed: ${s.error}`);
  else
    out.push(
      `  node hello.mjs ${fmt(s.plainMs, 0)} ms; lineprof run hello.mjs ${fmt(s.lineprofMs, 0)} ms ` +
        `(+${fmt(s.addedMs, 0)} ms); with --engine sampled ${fmt(s.sampledMs, 0)} ms (+${fmt(s.sampledAddedMs, 0)} ms); ` +
        `lineprof --version alone ${fmt(s.cliVersionMs, 0)} ms`,
    );
  return out.join('\n');
}
