// `profile`: marks a function for the default profiler and returns it unchanged.
// Works as a wrapper (`profile(function f() {})`), as a TC39 decorator and as a
// TypeScript experimentalDecorators decorator. Without an active lineprof it only
// returns its argument. It also carries the default profiler's methods:
// `profile.reset()`, `profile.getStats()`, `profile.getRuns()`, `profile.printStats()`,
// `profile.dumpStats()`, `profile.run(label?, fn)`, `profile.runCall(fn, ...args)`;
// without lineprof they are those of a LineProfiler with no functions (see profiler.ts):
// empty results, never an error, so a program runs unprofiled as it runs profiled.

import { LineProfiler, type PrintOptions, type RunResult } from './profiler.js';
import { withPristineBuiltins } from './runtime/pristine.js';
import { currentSession, type ProfilingSession } from './session.js';
import type { LabelledRun, ProfileStats } from './stats/model.js';

type AnyFunction = (...args: never[]) => unknown;

let theDefault: LineProfiler | undefined;

/** @internal The profiler behind `profile`: the session's default recording. */
export function defaultProfiler(session: ProfilingSession | undefined = currentSession()): LineProfiler {
  if (!theDefault) {
    theDefault = session
      ? new LineProfiler({}, { session, recording: session.selection.recording })
      : new LineProfiler();
  }
  return theDefault;
}

function mark(fn: unknown): void {
  const session = currentSession();
  if (!session || typeof fn !== 'function') return;
  // Called as the program's modules load: with the built-ins lineprof found (pristine.ts).
  withPristineBuiltins(() => {
    const id = session.runtime.registry.idOf(fn as AnyFunction);
    if (id !== undefined) session.selection.mark(id);
  });
}

function markAndReturn(target: unknown, context?: unknown, descriptor?: PropertyDescriptor): unknown {
  if (descriptor && typeof descriptor === 'object') {
    // experimentalDecorators: (prototype, key, descriptor) -> descriptor
    mark(descriptor.value ?? descriptor.get);
    if (descriptor.set) mark(descriptor.set);
    return descriptor;
  }
  mark(target);
  return target;
}

export interface Profile {
  /** Marks `fn` for the default profiler and returns it, type and all. */
  <F extends Function>(fn: F): F;
  /**
   * TC39 decorator of a method, getter or setter: marks it and returns it. (A
   * field's decorator gets no function, so it is a type error rather than a silent no-op.)
   */
  <F extends Function>(value: F, context: DecoratorContext): F;
  /**
   * experimentalDecorators decorator of a method or accessor: marks it and returns the
   * descriptor, which TypeScript requires there (returning the target is error TS1270).
   */
  <D extends PropertyDescriptor>(target: object, key: string | symbol, descriptor: D): D;
  /** Clears the default profiler's results; marked functions stay marked. */
  reset(): void;
  getStats(): ProfileStats;
  getRuns(): readonly LabelledRun[];
  printStats(options?: PrintOptions): void;
  dumpStats(path: string): void;
  /** The default profiler is on for the whole run: this calls fn (LineProfiler's API). */
  runCall<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R;
  run<T>(fn: () => T): T extends Promise<infer V> ? Promise<RunResult<V>> : RunResult<T>;
  run<T>(label: string, fn: () => T): T extends Promise<infer V> ? Promise<RunResult<V>> : RunResult<T>;
}

export const profile: Profile = Object.assign(markAndReturn as Profile, {
  reset: () => defaultProfiler().reset(),
  getStats: () => defaultProfiler().getStats(),
  getRuns: () => defaultProfiler().getRuns(),
  printStats: (options?: PrintOptions) => defaultProfiler().printStats(options),
  dumpStats: (path: string) => defaultProfiler().dumpStats(path),
  runCall: <A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R => defaultProfiler().runCall(fn, ...args),
  run: ((labelOrFn: string | (() => unknown), fn?: () => unknown) =>
    typeof labelOrFn === 'string' ? defaultProfiler().run(labelOrFn, fn!) : defaultProfiler().run(labelOrFn)) as Profile['run'],
});
