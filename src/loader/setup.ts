// Everything the preload does in a profiled process: read the config from the
// environment, install the runtime global, hook CommonJS and ES module loading, and
// write the results when the process ends. Runs once per thread; does nothing
// unless profiling was requested (LINEPROF=1 or `lineprof run`).

import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { createOwnRequire } from '../own-require.js';
import { isMainThread, parentPort, threadId } from 'node:worker_threads';
import { loadClock } from '../runtime/clock.js';
import { Runtime } from '../runtime/runtime.js';
import { withPristineBuiltins } from '../runtime/pristine.js';
import { Selection } from '../runtime/selection.js';
import { currentSession, startSession, type ProfilingSession } from '../session.js';
import { installOriginalToString } from './source-text.js';
import { configFromEnv, type LoaderConfig } from './config.js';
import { deniedNeeds } from './permissions.js';
import { onProcessEnd } from './exit.js';
import { debug } from './debug.js';
import type { WriteMode, WriterRole } from './results.js';
import { fileMatcher, isTypeScript, isTypeScriptAsLoaded, plainDependency } from './files.js';
import { markStarted, partPath } from './parts.js';
import { watchForMissingIntegration } from './launchers.js';
import { joinProcessThreads, type ProcessThreads } from './threads.js';
import { probePlan, type ProbePlan } from './plan.js';
import { installSyncHooks, syncHooksApi } from './sync-hooks.js';
import { watchForeignHandlers } from './foreign-handlers.js';
import { watchRequireCache } from './require-cache.js';

// Loaded when first needed: the CommonJS hooks on Node 20 only, the probe-cost calibration
// and the result writer (with the profiler, the stats and the text renderer) at the end.
// Every profiled process would otherwise load them at start-up.
const require = createOwnRequire(import.meta.url);
const cjsHooks = (): typeof import('./cjs.js') => require('./cjs.js') as typeof import('./cjs.js');
const calibration = (): typeof import('./calibration.js') => require('./calibration.js') as typeof import('./calibration.js');
const results = (): typeof import('./results.js') => require('./results.js') as typeof import('./results.js');

/**
 * The `node --test` run this test process belongs to: its runner's pid, and where Linux
 * tells, the runner's start time (so that a later run whose runner got the same pid is
 * another launch).
 */
function testRunnerLaunch(): string {
  let started = '';
  try {
    // /proc/<pid>/stat: the fields after the command's closing parenthesis; start time is the 20th.
    const stat = readFileSync(`/proc/${process.ppid}/stat`, 'utf8');
    started = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    // not Linux: the pid alone
  }
  return `node --test ${process.ppid}${started ? `@${started}` : ''}`;
}

/** Set in the environment by the first profiled process, so its children know they are children. */
const ROOT_ENV = 'LINEPROF_ROOT_PID';

export function setup(): void {
  if (currentSession() || globalThis.__lineprof) return;
  // Node also runs --require preloads in its module-hooks thread: nothing to do there.
  if (!isMainThread && !parentPort) return;
  const cwd = process.cwd();
  const config = permittedConfig(cwd);
  if (!config) return;

  // Node 22.15+: synchronous hooks in this thread, for every kind of module. Node 20:
  // ES module hooks in Node's hooks thread, started first (`register` waits ~150 ms for
  // that thread, which then loads the instrumenter while this one goes on below), and
  // the CommonJS hooks of cjs.ts further down.
  const registerHooks = syncHooksApi();
  if (!registerHooks) Module.register('./esm-hooks.js', { parentURL: import.meta.url, data: config });

  const { session, plan } = startProfiling(config, cwd);
  installModuleHooks(registerHooks, config, cwd, plan);
  // TypeScript is re-printed by esbuild, so its stack traces need source maps.
  if (isTypeScript(process.argv[1] ?? '')) process.setSourceMapsEnabled(true);
  arrangeWrites(session, writerRole(config));
}

/** The config profiling was requested with, unless a permission lineprof needs is denied. */
function permittedConfig(cwd: string): LoaderConfig | undefined {
  const config = configFromEnv(process.env, cwd, process.argv);
  if (!config) return undefined;
  const denied = deniedNeeds({ output: config.output, engine: config.engine, hooksThread: !syncHooksApi() });
  if (denied !== undefined) {
    // The program runs as without lineprof; one line says what to allow.
    process.stderr.write(`lineprof: not profiling: ${denied}\n`);
    return undefined;
  }
  return config;
}

/** Installs the runtime global and starts the profiling session that the probes record into. */
function startProfiling(config: LoaderConfig, cwd: string): { session: ProfilingSession; plan: ProbePlan } {
  // The exact engine reads a clock per line, the sampled one at each await: the native
  // TSC clock when it was built and the CPU's TSC is trustworthy, else performance.now()
  // (LINEPROF_CLOCK forces one).
  const clock = loadClock();
  const runtime = new Runtime({
    engine: config.engine,
    intervalUs: config.intervalUs,
    compensate: config.compensate,
    clock: clock.read,
    clockNs: clock.nsPerUnit,
    clockName: clock.name,
  });
  globalThis.__lineprof = runtime;
  const plan = probePlan(config, cwd);
  installOriginalToString(runtime, plan);
  runtime.setProbeCostCalibration(() => calibration().measureProbeCostNs(runtime));
  const selection = new Selection(runtime, { funcs: config.funcs, all: config.all, cwd });
  const session: ProfilingSession = { runtime, selection, config };
  startSession(session);
  return { session, plan };
}

/** @param registerHooks Node's synchronous module hooks API, where this Node has it (else the CommonJS hooks of cjs.ts) */
function installModuleHooks(registerHooks: ReturnType<typeof syncHooksApi>, config: LoaderConfig, cwd: string, plan: ProbePlan): void {
  const isOwnFile = fileMatcher({ include: config.include, exclude: config.exclude, cwd });
  // Node's own require() handlers, and those lineprof installs (Node 20), are not foreign.
  const nodeHandlers = new Set(Object.values((Module as unknown as { _extensions: Record<string, unknown> })._extensions));
  if (registerHooks) {
    const foreign = watchForeignHandlers(isOwnFile, plan, (handler) => nodeHandlers.has(handler));
    // Only TypeScript goes to another loader's handler: other files pass at no cost.
    watchRequireCache((filename) => foreign.prepare(filename), isTypeScriptAsLoaded);
    installSyncHooks(registerHooks, { isOwnFile, plan, foreign, passOn: plainDependency(config.include) });
  } else {
    cjsHooks().installCommonJsHooks(isOwnFile, plan, (handler) => nodeHandlers.has(handler));
  }
}

/**
 * The first profiled process writes the result file; its child processes and worker
 * threads write parts next to it, which it adds in when it writes (if they ended first).
 * A test file that `node --test` runs with the preload in NODE_OPTIONS is a first profiled
 * process too (the runner loads no --import preload): the test files of one run add
 * their results to one file, under a lock, as processes of one launch.
 */
function writerRole(config: LoaderConfig): WriterRole {
  const launch = process.env[ROOT_ENV] === undefined && process.env.NODE_TEST_CONTEXT ? testRunnerLaunch() : undefined;
  const rootPid = process.env[ROOT_ENV] ?? String(process.pid);
  process.env[ROOT_ENV] = rootPid;
  return isMainThread && rootPid === String(process.pid)
    ? { root: true, output: config.output, rootPid, ...(launch === undefined ? {} : { launch }) }
    : { root: false, output: partPath(config.output, rootPid, process.pid, threadId), rootPid };
}

/** Has this thread's results written when it ends (and, on the main thread, while it runs). */
function arrangeWrites(session: ProfilingSession, role: WriterRole): void {
  const { runtime, config } = session;
  const startTime = new Date().toISOString();
  // With the built-ins as lineprof found them: the program may have replaced some (pristine.ts).
  const write = (mode: WriteMode = 'final'): void => withPristineBuiltins(() => results().writeResults(session, startTime, role, mode));
  // Workers that another thread terminates, or that the process's end stops, write when
  // asked (their 'exit' never comes); the main thread asks those still running at the end.
  const threads = joinProcessThreads(role.rootPid, () => write());
  runtime.setSharedProbeCost(threads.probeCost);
  runtime.onRegister(threads.announce);
  // A child process says it records, so that its results are not missed in silence.
  if (isMainThread && !role.root) {
    let marked = false;
    runtime.onRegister(() => {
      if (marked) return;
      marked = true;
      markStarted(config.output, role.rootPid, process.pid);
    });
  }
  // Workers get no signals, and the watchdog watches the main thread: 'exit' only.
  if (isMainThread) {
    watchForMissingIntegration(process.argv[1] ?? '');
    writeFromMainThread(config, threads, write);
  } else {
    process.on('exit', () => write());
  }
}

/**
 * The main thread's writes: at the process's end (after the workers still running have
 * written theirs), once while it is busy (a snapshot, see watchdog.ts), and every `-i` seconds.
 */
function writeFromMainThread(config: LoaderConfig, threads: ProcessThreads, write: (mode?: WriteMode) => void): void {
  onProcessEnd((snapshot) =>
    withPristineBuiltins(() => {
      if (!snapshot) threads.flushWorkers();
      write(snapshot ? 'snapshot' : 'final');
    }),
  );
  // `-i SECONDS`: the results so far, written whole every SECONDS (the timer keeps no
  // process alive); a child writes its part, which the root adds in.
  if (config.outputIntervalMs !== undefined) {
    setInterval(() => {
      try {
        write('interval');
      } catch (error) {
        debug('results not written at the interval: %s', (error as Error).stack);
      }
    }, config.outputIntervalMs).unref();
  }
}
