// The context every section measures with: the options, the temporary directory, the
// snapshot of lineprof's build that every run uses, and the helpers that run and log.
// createContext does the bench's set-up; nothing happens at import.

import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { makeExec, withoutLineprofSettings, workloadOutput } from './exec.mjs';
import { makeLoadSampler } from './load.mjs';
import { BENCH, INCLUDE, ROOT, WORKLOADS } from './paths.mjs';
import { median } from './stats.mjs';
import { makeTmpDir, snapshotBuild } from './tmp.mjs';

/** Makes the temporary directory and the snapshot of dist/; the caller removes ctx.tmp. */
export async function createContext(opts) {
  const env = withoutLineprofSettings(process.env);
  const tmp = makeTmpDir();
  const started = performance.now();
  const load = makeLoadSampler();
  const lineprofRoot = await snapshotBuild(ROOT, tmp);
  const resultFile = path.join(lineprofRoot, 'dist/src/stats/result-file.js');
  const { readResultFile } = await import(pathToFileURL(resultFile).href);
  const log = (message) => {
    const s = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
    process.stderr.write(`[${s}s] ${message}\n`);
  };
  return {
    opts,
    runs: opts.runs,
    started,
    env,
    tmp,
    root: ROOT,
    bench: BENCH,
    workloads: WORKLOADS,
    include: INCLUDE,
    lineprofRoot,
    cli: path.join(lineprofRoot, 'dist/src/cli/main.js'),
    readResultFile,
    exec: makeExec({ cwd: ROOT, env, beforeRun: load.sample }),
    load,
    log,
    median,
    workloadOutput,
    /** Failed runs outside section 1 that were retried (see retryOnce). */
    otherFailures: [],
  };
}
