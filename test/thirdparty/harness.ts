// Runs a real third-party workload from the repository root, under plain node and under
// `lineprof run -q --all --include <library globs>` (and, if asked, once more with
// `--engine sampled`, whose plain functions get other probes), and measures the runs. Reports
// (never asserts) the wall times; the tests assert that the two runs behave the same.
// Must not read the machine's timing into any assertion, nor write outside its temp dir.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';
import { readResultFile } from '../../src/stats/result-file.js';
import type { FunctionStats } from '../../src/stats/model.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = path.join(ROOT, 'dist/src/cli/main.js');
export const THIRDPARTY_FIXTURES = path.join(ROOT, 'test/fixtures/thirdparty');

/** A generous per-process limit: a whole compiler instrumented is slow on 2 cores. */
const PROCESS_TIMEOUT_MS = 300_000;
/** A generous per-test limit (plain run + profiled run + reading the result file). */
export const TEST_TIMEOUT_MS = 600_000;

export interface Outcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface TimedOutcome extends Outcome {
  readonly wallMs: number;
}

/** Both runs of one workload, and the profiled run's result file (if it was written). */
export interface Comparison {
  readonly plain: TimedOutcome;
  readonly profiled: TimedOutcome;
  readonly functions: readonly FunctionStats[] | undefined;
  /** Why the result file could not be read, when `functions` is undefined. */
  readonly resultError: string | undefined;
  /** The run under `--engine sampled`, when the workload asked for it. */
  readonly sampled?: TimedOutcome;
}

export interface Workload {
  /** Script and its arguments, as given to node (paths relative to the repository root). */
  readonly command: readonly string[];
  /** `--include` globs, relative to the repository root. */
  readonly include: readonly string[];
  /** Directory names under node_modules whose functions are counted in the report. */
  readonly libraries: readonly string[];
  /** Also run it under the sampled engine. */
  readonly sampled?: boolean;
}

const CLEAN_ENV: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !key.startsWith('LINEPROF') && key !== 'NODE_OPTIONS' && key !== 'NODE_TEST_CONTEXT',
  ),
);

function runTimed(args: readonly string[]): TimedOutcome {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    env: CLEAN_ENV,
    encoding: 'utf8',
    timeout: PROCESS_TIMEOUT_MS,
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = performance.now() - start;
  if (result.error) throw result.error;
  return { stdout: result.stdout, stderr: result.stderr, status: result.status, signal: result.signal, wallMs };
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lineprof-thirdparty-'));
}

/** Functions whose file lies in `node_modules/<library>/`. */
export function functionsOf(functions: readonly FunctionStats[], library: string): FunctionStats[] {
  const marker = `${path.sep}node_modules${path.sep}${library}${path.sep}`;
  return functions.filter((fn) => fn.file.includes(marker));
}

function ranAtAll(fn: FunctionStats): boolean {
  return fn.lines.some((line) => line.hits > 0);
}

/** Runs the workload plain, then profiled (result file in a temp dir, removed afterwards). */
export function runPlainAndProfiled(workload: Pick<Workload, 'command' | 'include' | 'sampled'>): Comparison {
  const dir = tempDir();
  try {
    const output = path.join(dir, 'workload.lprof');
    const plain = runTimed(workload.command);
    const includes = workload.include.flatMap((glob) => ['--include', glob]);
    const profiled = runTimed([CLI, 'run', '-q', '--all', ...includes, '-o', output, ...workload.command]);
    let functions: readonly FunctionStats[] | undefined;
    let resultError: string | undefined;
    try {
      functions = readResultFile(output).stats.functions;
    } catch (error) {
      resultError = (error as Error).message;
    }
    if (!workload.sampled) return { plain, profiled, functions, resultError };
    const sampledOutput = path.join(dir, 'sampled.lprof');
    const sampled = runTimed([CLI, 'run', '-q', '--all', '--engine', 'sampled', ...includes, '-o', sampledOutput, ...workload.command]);
    return { plain, profiled, functions, resultError, sampled };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Both runs, with the slowdown and the number of functions instrumented as diagnostics. */
export function compareUnderLineprof(t: TestContext, workload: Workload): Comparison {
  const run = runPlainAndProfiled(workload);
  const { plain, profiled, functions } = run;
  t.diagnostic(
    `wall time: plain ${seconds(plain.wallMs)}, profiled ${seconds(profiled.wallMs)}, ` +
      `slowdown ${(profiled.wallMs / plain.wallMs).toFixed(1)}x`,
  );
  if (run.sampled) {
    t.diagnostic(`sampled engine: ${seconds(run.sampled.wallMs)}, slowdown ${(run.sampled.wallMs / plain.wallMs).toFixed(1)}x`);
  }
  if (!functions) {
    t.diagnostic(`no result file: ${run.resultError}`);
    return run;
  }
  const files = new Set(functions.map((fn) => fn.file)).size;
  t.diagnostic(
    `functions instrumented (stats.functions.length): ${functions.length} in ${files} files, ` +
      `${functions.filter(ranAtAll).length} of them ran`,
  );
  for (const library of workload.libraries) {
    const own = functionsOf(functions, library);
    t.diagnostic(`  ${library}: ${own.length} functions instrumented, ${own.filter(ranAtAll).length} ran`);
  }
  return run;
}

/** The parts of a run that must not change under lineprof. */
export function behaviourOf(outcome: Outcome): Outcome {
  return { stdout: outcome.stdout, stderr: outcome.stderr, status: outcome.status, signal: outcome.signal };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
