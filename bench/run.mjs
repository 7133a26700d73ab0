// lineprof's benchmark: `npm run bench` (which builds first). Prints one report and writes
// bench/results.json. The sections, in order, are listed in bench/sections/index.mjs (one
// file each: measure and print); bench/lib/ holds the helpers (the command line:
// lib/options.mjs; the set-up every section measures with: lib/context.mjs).
// --lines-only and --big-only run section 7 or 8 alone, into a results file of its own.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createContext } from './lib/context.mjs';
import { BenchExit } from './lib/errors.mjs';
import { fmt } from './lib/format.mjs';
import { loadSummary } from './lib/load.mjs';
import { machine } from './lib/machine.mjs';
import { attempt } from './lib/measure.mjs';
import { parseOptions } from './lib/options.mjs';
import { BENCH } from './lib/paths.mjs';
import { PYTHON_SCALE } from './lib/python.mjs';
import { footer, header } from './lib/report.mjs';
import { removeTmpDir } from './lib/tmp.mjs';
import { SECTIONS } from './sections/index.mjs';

function measure(ctx, results, s) {
  const run = () => s.section.measure(ctx, results);
  results[s.key] = s.name ? attempt(ctx, s.name, run) : run();
}

function finish(ctx, results, file) {
  fs.writeFileSync(path.join(BENCH, file), `${JSON.stringify(results, null, 2)}\n`);
  removeTmpDir(ctx.tmp);
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  const ctx = await createContext(opts);
  const options = { runs: opts.runs, scale: opts.scale, pythonScale: opts.scale * PYTHON_SCALE, python: opts.python };
  const results = { version: 1, date: new Date().toISOString(), options, machine: machine(ctx.lineprofRoot, ctx.root) };
  const alone = SECTIONS.find((s) => s.alone && opts[s.alone]);
  if (alone) {
    // One section alone, kept apart from the full bench's results.json.
    measure(ctx, results, alone);
    results.elapsedS = (performance.now() - ctx.started) / 1000;
    finish(ctx, results, alone.file);
    console.log(alone.section.print(results[alone.key], options));
    console.log(`bench took ${fmt(results.elapsedS, 0)} s; wrote bench/${alone.file}`);
    return;
  }
  const selected = SECTIONS.filter((s) => !s.when || s.when(opts));
  for (const s of selected) measure(ctx, results, s);
  results.otherFailures = ctx.otherFailures;
  results.elapsedS = (performance.now() - ctx.started) / 1000;
  ctx.load.sample();
  results.load = loadSummary(ctx.load.samples, results.machine.loadAvgAtStart, os.loadavg());
  finish(ctx, results, 'results.json');
  const report = [header(results), ...selected.map((s) => s.section.print(results[s.key], options)), footer(results)];
  console.log(report.join('\n\n'));
}

try {
  await main();
} catch (error) {
  if (!(error instanceof BenchExit)) throw error;
  console.error(error.message);
  process.exit(error.code);
}
