// Everything the preload does in a profiled process: read the config from the
// environment, install the runtime global, hook CommonJS and ES module loading, and
// write the results when the process ends. Runs once per thread; does nothing
// unless profiling was requested (LINEPROF=1 or `lineprof run`).

import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { isMainThread, parentPort } from 'node:worker_threads';
import { loadClock, PERFORMANCE_NOW_CLOCK } from '../runtime/clock.js';
import { Runtime } from '../runtime/runtime.js';
import { Selection } from '../runtime/selection.js';
import { defaultProfiler } from '../profile.js';
import { currentSession, startSession, type ProfilingSession } from '../session.js';
import { writeResultFile } from '../stats/result-file.js';
import { installCommonJsHooks } from './cjs.js';
import { configFromEnv } from './config.js';
import { onProcessEnd } from './exit.js';
import { fileMatcher, isTypeScript } from './files.js';

/** Set in the environment by the first profiled process, so its children know they are children. */
const ROOT_ENV = 'LINEPROF_ROOT_PID';

export function setup(): void {
  if (currentSession() || globalThis.__lineprof) return;
  // Node also runs --require preloads in its module-hooks thread: nothing to do there.
  if (!isMainThread && !parentPort) return;
  const cwd = process.cwd();
  const config = configFromEnv(process.env, cwd);
  if (!config) return;

  // The exact engine reads a clock per line: the native TSC clock when it was built and
  // the CPU's TSC is trustworthy, else performance.now() (LINEPROF_CLOCK forces one).
  const clock = config.engine === 'exact' ? loadClock() : PERFORMANCE_NOW_CLOCK;
  const runtime = new Runtime({
    engine: config.engine,
    intervalUs: config.intervalUs,
    compensate: config.compensate,
    clock: clock.read,
    clockNs: clock.nsPerUnit,
    clockName: clock.name,
  });
  globalThis.__lineprof = runtime;
  const selection = new Selection(runtime, { funcs: config.funcs, all: config.all, cwd });
  const session: ProfilingSession = { runtime, selection, config };
  startSession(session);

  const isOwnFile = fileMatcher({ include: config.include, exclude: config.exclude, cwd });
  installCommonJsHooks(isOwnFile);
  Module.register('./hooks.js', { parentURL: import.meta.url, data: config });
  // TypeScript is re-printed by esbuild, so its stack traces need source maps.
  if (isTypeScript(process.argv[1] ?? '')) process.setSourceMapsEnabled(true);

  const isRoot = isMainThread && (!process.env[ROOT_ENV] || process.env[ROOT_ENV] === String(process.pid));
  if (!isRoot) return; // v1: child processes and workers record but do not write.
  process.env[ROOT_ENV] = String(process.pid);
  const startTime = new Date().toISOString();
  onProcessEnd(() => writeResults(session, startTime));
}

function writeResults(current: ProfilingSession, startTime: string): void {
  const { selection, config } = current;
  const notes: string[] = [];
  for (const pattern of selection.unmatchedPatterns()) notes.push(`--func '${pattern}' matched no function`);
  const profiler = defaultProfiler(current);
  const stats = profiler.getStats();
  if (selection.recordedAll && stats.functions.length > 0) {
    const files = new Set(stats.functions.map((f) => f.file)).size;
    const count = stats.functions.length;
    notes.push(
      `no function was selected (profile(), --func or --all): profiled all ${count} function${count === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`,
    );
  }
  const sampler = current.runtime.sampler;
  const result = profiler.result({
    command: config.command,
    cwd: process.cwd(),
    startTime,
    notes,
    ...(sampler ? { samples: sampler.samples(), intervalUs: Math.round(sampler.meanIntervalUs()) } : {}),
  });
  try {
    fs.mkdirSync(path.dirname(config.output), { recursive: true });
    writeResultFile(config.output, result);
  } catch (error) {
    process.stderr.write(`lineprof: ${config.output}: could not write results (${(error as Error).message})\n`);
    return;
  }
  if (!config.fromCli) {
    for (const note of notes) process.stderr.write(`lineprof: ${note}\n`);
    const relative = path.relative(process.cwd(), config.output);
    const shown = relative && !relative.startsWith('..') ? relative : config.output;
    process.stderr.write(`lineprof: wrote ${shown}; view it with: npx lineprof show ${shown}\n`);
  }
}
