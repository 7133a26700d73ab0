// Python's line_profiler on bench/python's programs: running python3 and kernprof, and
// reading kernprof's result files.

import path from 'node:path';
import { workloadOutput } from './exec.mjs';
import { PYDIR } from './paths.mjs';

export const PYTHON = '/usr/bin/python3';
export const KERNPROF = '/usr/bin/kernprof';
/** Python's runs do this fraction of bench/python's default work (each kernprof run is
 * still over a second on a busy machine; it keeps the bench near 4 minutes). */
export const PYTHON_SCALE = 0.5;

// No __pycache__ left in bench/python.
const pyEnv = (ctx) => ({ ...ctx.env, PYTHONDONTWRITEBYTECODE: '1' });

export const runPython = (ctx, script, extra = []) => ctx.exec(PYTHON, [script, ...extra], { cwd: PYDIR, env: pyEnv(ctx) });

export const runKernprof = (ctx, script, outfile, extra = []) =>
  ctx.exec(KERNPROF, ['-l', '-o', outfile, script, ...extra], { cwd: PYDIR, env: pyEnv(ctx) });

// In a neutral directory, so that no script of ours can shadow a standard module.
const LOAD_LPROF = `
import json, sys, line_profiler
s = line_profiler.load_stats(sys.argv[1])
print(json.dumps({"hits": sum(h for v in s.timings.values() for (_, h, _) in v), "functions": len(s.timings), "unit": s.unit}))
`;

/** Hits and functions of a kernprof result file. */
export function kernprofInfo(ctx, file) {
  const r = ctx.exec(PYTHON, ['-c', LOAD_LPROF, file], { cwd: ctx.tmp });
  return workloadOutput(r, `load_stats ${path.basename(file)}`);
}
