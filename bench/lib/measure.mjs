// Measuring variants of a workload side by side, and running steps that may fail.

import fs from 'node:fs';
import path from 'node:path';
import { workloadOutput } from './exec.mjs';

/**
 * A run that fails is tried once more (others may be rebuilding dist/ while the bench
 * runs); the failure is kept in `failures` so that it is reported, not hidden.
 */
export function retryOnce(ctx, failures, what, fn) {
  try {
    return fn();
  } catch (error) {
    failures.push({ what, message: error.message, output: error.output });
    ctx.log(`${what} failed, trying once more: ${error.message}`);
    return fn();
  }
}

/** fn's result, or { error, output } if it throws (logged), so that the bench goes on. */
export function attempt(ctx, what, fn) {
  try {
    return fn();
  } catch (error) {
    ctx.log(`FAILED ${what}: ${error.message}`);
    return { error: error.message, output: error.output };
  }
}

/** A workload's arguments for `scale` times its default work. */
export const scaleArgs = (scale) => (scale === 1 ? [] : ['--scale', String(scale)]);

/**
 * N rounds in which every variant runs once, in order in even rounds and in reverse order
 * in odd ones (so that a drift in machine load hits all alike), then one `--warmup-only`
 * run of the reference variant for the hits of set-up and warm-up.
 *
 * variants: [{ key, run(out, extra) -> exec result, info?(out) -> { hits, ... } }];
 * the first variant is the plain run. A variant that fails twice in a row is dropped
 * from later rounds and reported, without stopping the others.
 */
export function measureVariants(ctx, label, variants, reference, scale = ctx.opts.scale) {
  const failures = [];
  const data = Object.fromEntries(variants.map((v) => [v.key, { ms: [], infos: [], error: null }]));
  const checks = new Set();
  let units;
  const runOne = (v) => {
    if (data[v.key].error) return;
    const out = path.join(ctx.tmp, `${label}-${v.key}.lprof`.replace(/[^\w.-]/g, '_'));
    try {
      const { o, info } = retryOnce(ctx, failures, `${label} ${v.key}`, () => {
        fs.rmSync(out, { force: true });
        const o = workloadOutput(v.run(out, scaleArgs(scale)), `${label} ${v.key}`);
        return { o, info: v.info ? v.info(out) : null };
      });
      data[v.key].ms.push(o.ms);
      if (info) data[v.key].infos.push(info);
      units = o.units;
      checks.add(JSON.stringify(o.check));
    } catch (error) {
      ctx.log(`FAILED ${label} ${v.key}: ${error.message}`);
      data[v.key].error = error.message;
    }
  };
  for (let i = 0; i < ctx.runs; i++) {
    for (const v of i % 2 === 0 ? variants : [...variants].reverse()) runOne(v);
  }
  const warmupHits = measureWarmupHits(ctx, failures, label, variants, data, reference, scale);
  return { data, units, checksAgree: checks.size === 1, failures, warmupHits };
}

/** The hits of the reference variant's set-up and warm-up alone, or null. */
function measureWarmupHits(ctx, failures, label, variants, data, reference, scale) {
  const ref = variants.find((v) => v.key === reference);
  if (!ref || data[reference].error) return null;
  try {
    return retryOnce(ctx, failures, `${label} warm-up only`, () => {
      const out = path.join(ctx.tmp, `${label}-warmup.lprof`.replace(/[^\w.-]/g, '_'));
      fs.rmSync(out, { force: true });
      workloadOutput(ref.run(out, [...scaleArgs(scale), '--warmup-only']), `${label} warm-up only`);
      return ref.info(out).hits;
    });
  } catch (error) {
    ctx.log(`FAILED ${label} warm-up only: ${error.message}`);
    return null;
  }
}
