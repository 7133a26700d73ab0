// Running a child process and reading what a workload printed.

import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** The environment of every run: without the lineprof settings the bench's caller may have set. */
export function withoutLineprofSettings(env) {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^LINEPROF(_|$)/.test(k)));
}

/**
 * An exec(cmd, args, { cwd, env }) that runs a command and returns { wallMs, status,
 * signal, stdout, stderr }; `cwd` and `env` default to the ones given here, and
 * `beforeRun` is called before each run.
 */
export function makeExec({ cwd: defaultCwd, env: defaultEnv, beforeRun = () => {} }) {
  return function exec(cmd, args, { cwd = defaultCwd, env = defaultEnv } = {}) {
    beforeRun();
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
    const wallMs = performance.now() - t0;
    if (r.error) throw r.error;
    return { wallMs, status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
  };
}

/** The JSON line a workload printed (the last line that looks like JSON). */
export function workloadOutput(r, what) {
  const line = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop();
  if (r.status !== 0 || line === undefined) {
    const lines = (r.stderr || r.stdout).trim().split('\n').filter((l) => l.trim() !== '');
    const error = new Error(`${what}: exit ${r.status ?? r.signal}: ${lines.slice(0, 2).join(' | ')}`);
    error.output = lines.slice(-20).join('\n');
    throw error;
  }
  return JSON.parse(line);
}
