// Shared by the workloads: run a short warm-up, pause, then time only the work with
// performance.now() and print one JSON line on stdout. With `--warmup-only` the script
// runs the warm-up and stops, so that bench/run.mjs can subtract the warm-up's line events
// from a profiled run's hit count. Nothing here is a profiled function of interest: it
// only calls the workload's own functions.
import { performance } from 'node:perf_hooks';

const SETTLE_MS = 150;

/** `units`: how much work `work` does, in the workload's own unit (rounds, items...). */
export async function measure(name, warmup, work, units = 1) {
  const warm = await warmup();
  if (process.argv.includes('--warmup-only')) {
    console.log(JSON.stringify({ name, warmupOnly: true, check: warm }));
    return;
  }
  // Let V8 finish the optimizing compiles that the warm-up started on its background
  // threads (on a busy 2-core machine they can take 100 ms), so they don't land in the work.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const t0 = performance.now();
  const check = await work();
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ name, ms, units, check }));
}

/** The number after `--scale` (default 1): multiplies the amount of work. */
export function scale() {
  const i = process.argv.indexOf('--scale');
  return i >= 0 ? Number(process.argv[i + 1]) : 1;
}
