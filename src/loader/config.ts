// How `lineprof run` (or a user's own `LINEPROF=1 node --import lineprof/register`)
// tells the preload in the profiled process what to do: environment variables, so that
// child processes and workers inherit them. Pure: reads and writes plain records.

import path from 'node:path';
import type { EngineName } from '../stats/model.js';

export interface LoaderConfig {
  /** Absolute path of the result file to write at exit. */
  readonly output: string;
  /** `--func` patterns: `name`, `Class.method`, `path-glob:name`, globs in names. */
  readonly funcs: readonly string[];
  /** `--all`: record every function of the program's own files. */
  readonly all: boolean;
  /** Extra globs of files that may be instrumented (node_modules only when matched here). */
  readonly include: readonly string[];
  /** Globs of files never instrumented. */
  readonly exclude: readonly string[];
  readonly engine: EngineName;
  /** Sampled engine: microseconds between samples (default 50). */
  readonly intervalUs?: number;
  /** Subtract the exact engine's calibrated probe cost. */
  readonly compensate: boolean;
  /** `-i SECONDS`: also write the results every this many milliseconds while the program runs. */
  readonly outputIntervalMs?: number;
  /** Started by `lineprof run` (which prints the report and notes itself). */
  readonly fromCli: boolean;
  /** The profiled command (script and its arguments), for the result file. */
  readonly command: readonly string[];
}

/** Environment variable that carries the CLI's whole config as JSON. */
export const CONFIG_ENV = 'LINEPROF_CONFIG';

/** Default result file for `LINEPROF=1 node --import lineprof/register ...`. */
export const DEFAULT_REGISTER_OUTPUT = 'lineprof.lprof';

export function configToEnv(config: LoaderConfig): Record<string, string> {
  return { LINEPROF: '1', [CONFIG_ENV]: JSON.stringify(config) };
}

/**
 * Reads the config from the environment (and the profiled command from `argv`, as
 * process.argv). `undefined` when profiling is not requested (`LINEPROF` unset, empty or
 * `0`), so that a stray preload costs nothing.
 */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>, cwd: string, argv: readonly string[]): LoaderConfig | undefined {
  const flag = env.LINEPROF;
  if (flag === undefined || flag === '' || flag === '0') return undefined;
  const json = env[CONFIG_ENV];
  if (json) {
    const parsed = JSON.parse(json) as LoaderConfig;
    return parsed;
  }
  const engine: EngineName = env.LINEPROF_ENGINE === 'sampled' ? 'sampled' : 'exact';
  const interval = Number(env.LINEPROF_INTERVAL);
  const outputInterval = Number(env.LINEPROF_OUTPUT_INTERVAL);
  return {
    output: path.resolve(cwd, env.LINEPROF_OUTPUT || DEFAULT_REGISTER_OUTPUT),
    funcs: [],
    all: false,
    include: [],
    exclude: [],
    engine,
    intervalUs: Number.isFinite(interval) && interval > 0 ? interval : undefined,
    compensate: env.LINEPROF_COMPENSATE !== '0',
    ...(Number.isFinite(outputInterval) && outputInterval > 0 ? { outputIntervalMs: outputInterval * 1000 } : {}),
    fromCli: false,
    command: argv.slice(1),
  };
}
