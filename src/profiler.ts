// LineProfiler: the public API over the runtime. Each profiler owns a Recording (its
// functions, its enabled intervals, its sums), so several can be active at once, and
// `reset()` clears one profiler's results while keeping its functions: the clear that
// line_profiler lacks. Stats are plain values in nanoseconds (unit 1e-9).
//
// Without an active lineprof (plain `node`), a LineProfiler is one that has no functions:
// enable, disable, runCall, run, reset, getStats, getRuns, printStats and dumpStats work
// and give empty results (`enabled` stays false: nothing records), so that a program
// using the API runs unprofiled exactly as it would profiled. Only adding a function (addFunction, addClass, addModule) throws: the
// program asked for a specific function to be profiled, and silently profiling nothing
// would hide that mistake.

import { createOwnRequire } from './own-require.js';
import { LineprofError } from './errors.js';
import { currentSession, type ProfilingSession } from './session.js';
import type { TextReportOptions } from './report/text.js';
import { withPristineBuiltins } from './runtime/pristine.js';
import { Recording } from './runtime/recording.js';
import { emptyStats, mergeStats } from './stats/merge.js';
import type { EngineName, LabelledRun, ProfileMeta, ProfileResult, ProfileStats } from './stats/model.js';
import { readResultFile, writeResultFile } from './stats/result-file.js';

export interface LineProfilerOptions {
  /** Timing engine: must be the process's (`--engine`, LINEPROF_ENGINE); default: that one. */
  readonly engine?: EngineName;
}

export interface PrintOptions extends Omit<TextReportOptions, 'header'> {
  /** Where to write the report (default: process.stdout). */
  readonly stream?: { write(text: string): unknown };
}

export interface RunResult<T> {
  readonly result: T;
  /** The stats of this call alone. */
  readonly stats: ProfileStats;
}

// The text renderer (with picocolors) loads when a report is printed: every profiled
// process writes its results through this class at exit, and most never print.
const require = createOwnRequire(import.meta.url);
const textReport = (): typeof import('./report/text.js') => require('./report/text.js') as typeof import('./report/text.js');

// Taken at load: the program may replace Reflect.apply or the array iterator a spread uses.
const { apply } = Reflect;

const HOW_TO_ACTIVATE = 'run the program with `lineprof run` or `LINEPROF=1 node --import lineprof/register`';

export class LineProfiler {
  readonly engine: EngineName;
  readonly #session: ProfilingSession | undefined;
  readonly #recording: Recording | undefined;
  readonly #runs = new Map<string, ProfileStats>();

  /** @param adopt internal: the default profiler wraps the session's own recording. */
  constructor(options: LineProfilerOptions = {}, adopt?: { session: ProfilingSession; recording: Recording }) {
    const session = adopt?.session ?? currentSession();
    // One engine per process: its frames are what the instrumented code gets. Without
    // lineprof no engine runs, so any engine is as good (the stats stay empty).
    const processEngine = session?.runtime.engine;
    this.engine = options.engine ?? processEngine ?? 'exact';
    if (processEngine !== undefined && this.engine !== processEngine) {
      throw new LineprofError(
        'USAGE',
        `engine '${this.engine}' is not the one this process runs (${processEngine}); start it with --engine ${this.engine} or LINEPROF_ENGINE=${this.engine}`,
      );
    }
    this.#session = session;
    this.#recording = adopt?.recording ?? (this.#session ? new Recording(this.#session.runtime) : undefined);
  }

  /** Adds a function of the program's own files; throws if it cannot be profiled. */
  addFunction(fn: Function): this {
    const { session, recording } = this.active(fn);
    withPristineBuiltins(() => {
      const id = session.runtime.registry.idOf(fn);
      if (id === undefined) throw notProfilable(fn, whyNot(fn));
      session.selection.endProvisional();
      recording.add(id);
    });
    return this;
  }

  /** Adds a class's methods, accessors, static methods and constructor. */
  addClass(cls: Function): this {
    const { session, recording } = this.active(cls);
    withPristineBuiltins(() => {
      const ids = classMemberIds(session, cls);
      if (ids.length === 0) throw notProfilable(cls, whyNot(cls));
      session.selection.endProvisional();
      for (const id of ids) recording.add(id);
    });
    return this;
  }

  /** Adds the functions and classes a module namespace exports; returns how many functions. */
  addModule(namespace: object): number {
    return withPristineBuiltins(() => this.addModuleMembers(namespace));
  }

  private addModuleMembers(namespace: object): number {
    let added = 0;
    for (const value of Object.values(namespace)) {
      if (typeof value !== 'function') continue;
      const { session, recording } = this.active(value);
      const ids = isClass(value) ? classMemberIds(session, value) : [session.runtime.registry.idOf(value)];
      for (const id of ids) {
        if (id === undefined) continue;
        session.selection.endProvisional();
        recording.add(id);
        added++;
      }
    }
    if (added === 0) {
      throw new LineprofError('NOT_PROFILABLE', 'cannot profile the module: it exports no function that lineprof instrumented');
    }
    return added;
  }

  // The methods below run lineprof's code in the program's calls: with the built-ins
  // lineprof found (runtime/pristine.ts); what they call of the program's (fn, a stream)
  // runs outside.
  enable(): void {
    const recording = this.#recording;
    if (recording) withPristineBuiltins(() => recording.enable());
  }

  disable(): void {
    const recording = this.#recording;
    if (recording) withPristineBuiltins(() => recording.disable());
  }

  get enabled(): boolean {
    return this.#recording?.enabled ?? false;
  }

  /** Calls fn with the profiler enabled; for a promise, until it settles. */
  runCall<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R {
    this.enable();
    let result: R;
    try {
      result = apply(fn, undefined, args);
    } catch (error) {
      this.disable();
      throw error;
    }
    if (isPromise(result)) {
      return result.then(
        (value) => {
          this.disable();
          return value;
        },
        (error: unknown) => {
          this.disable();
          throw error;
        },
      ) as R;
    }
    this.disable();
    return result;
  }

  /**
   * Runs fn with the profiler enabled and returns its result with the stats of this call
   * alone. With a label, those stats are also kept under it (same label: summed).
   */
  run<T>(fn: () => T): T extends Promise<infer V> ? Promise<RunResult<V>> : RunResult<T>;
  run<T>(label: string, fn: () => T): T extends Promise<infer V> ? Promise<RunResult<V>> : RunResult<T>;
  run(labelOrFn: string | (() => unknown), maybeFn?: () => unknown): unknown {
    const label = typeof labelOrFn === 'string' ? labelOrFn : undefined;
    const fn = typeof labelOrFn === 'string' ? maybeFn! : labelOrFn;
    // Without lineprof there is nothing to record: the call runs, its stats are empty,
    // and a label is kept all the same, so getRuns() lists the same labels either way.
    const session = this.#session;
    const own = this.#recording;
    let single: Recording | undefined;
    if (session && own) {
      single = withPristineBuiltins(() => {
        const recording = new Recording(session.runtime);
        for (const id of own.ids()) recording.add(id);
        return recording;
      });
    }
    const finish = (result: unknown): RunResult<unknown> =>
      withPristineBuiltins(() => {
        const stats = single?.stats() ?? emptyStats(this.engine);
        single?.disable();
        if (label !== undefined) {
          const previous = this.#runs.get(label);
          this.#runs.set(label, previous ? mergeStats(previous, stats) : stats);
        }
        return { result, stats: freeze(stats) };
      });
    if (single) withPristineBuiltins(() => single.enable());
    let result: unknown;
    try {
      result = this.runCall(fn);
    } catch (error) {
      // As for a rejected promise: the call's stats still count, and `single` must not
      // stay enabled (its functions would keep recording for nobody).
      finish(undefined);
      throw error;
    }
    if (isPromise(result)) {
      return result.then(finish, (error: unknown) => {
        finish(undefined);
        throw error;
      });
    }
    return finish(result);
  }

  /** Clears all results (labelled runs included); keeps the functions. */
  reset(): void {
    withPristineBuiltins(() => {
      this.#recording?.reset();
      this.#runs.clear();
    });
  }

  /** An immutable snapshot of the accumulated results. */
  getStats(): ProfileStats {
    return withPristineBuiltins(() => freeze(this.#recording?.stats() ?? emptyStats(this.engine)));
  }

  /** Labelled runs, in the order they were first run. */
  getRuns(): readonly LabelledRun[] {
    return withPristineBuiltins(() => freeze([...this.#runs].map(([label, stats]) => ({ label, stats }))));
  }

  /** Prints the text report; with no functions, only its `Timer unit:` line (as line_profiler). */
  printStats(options: PrintOptions = {}): void {
    const { stream = process.stdout, ...report } = options;
    const text = withPristineBuiltins(() => textReport().renderText(this.getStats(), report));
    stream.write(text);
  }

  /**
   * Writes the results (and labelled runs) as a result file, atomically; without lineprof
   * a valid file with no functions, so that reading it back or `lineprof show` still works.
   */
  dumpStats(path: string): void {
    withPristineBuiltins(() => writeResultFile(path, this.result()));
  }

  static loadStats(path: string): ProfileStats {
    return freeze(readResultFile(path).stats);
  }

  static loadResult(path: string): ProfileResult {
    return freeze(readResultFile(path));
  }

  /** @internal */
  result(meta: ProfileMeta = {}): ProfileResult {
    const runtime = this.#session?.runtime;
    // No clock ran without lineprof: the file then claims none.
    const engineMeta: ProfileMeta =
      runtime && this.engine === 'exact'
        ? { clock: runtime.clockName, compensated: runtime.compensates, probeCostNs: round2(runtime.probeCostNs) }
        : {};
    return { meta: { nodeVersion: process.version, ...engineMeta, ...meta }, stats: this.getStats(), runs: this.getRuns() };
  }

  private active(fn: Function): { session: ProfilingSession; recording: Recording } {
    if (!this.#session || !this.#recording) {
      throw notProfilable(fn, `lineprof is not active in this process (${HOW_TO_ACTIVATE})`);
    }
    return { session: this.#session, recording: this.#recording };
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function notProfilable(fn: Function, why: string): LineprofError {
  return new LineprofError('NOT_PROFILABLE', `cannot profile function '${fn.name || '<anonymous>'}': ${why}`);
}

function whyNot(fn: Function): string {
  if (fn.name.startsWith('bound ')) return 'it is a bound function; add the original function instead';
  if (/\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(fn))) return 'it is native code';
  return "its file was not instrumented (files under node_modules need --include 'node_modules/<package>/**'; check --exclude)";
}

function isClass(fn: Function): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

function classMemberIds(session: ProfilingSession, cls: Function): number[] {
  const registry = session.runtime.registry;
  const ids = new Set<number>();
  for (const target of [cls.prototype as object, cls]) {
    if (!target) continue;
    for (const key of Reflect.ownKeys(target)) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      for (const member of [descriptor?.value, descriptor?.get, descriptor?.set]) {
        if (typeof member !== 'function' || member === cls) continue;
        const id = registry.idOf(member);
        if (id !== undefined) ids.add(id);
      }
    }
  }
  const constructorId = registry.idsIn(cls).find((id) => registry.functions[id].name.endsWith('.constructor'));
  if (constructorId !== undefined) ids.add(constructorId);
  return [...ids].sort((a, b) => a - b);
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as Promise<unknown> | null)?.then === 'function';
}

function freeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) freeze(inner);
  }
  return value;
}
