// `profile`: marks a function for the default profiler and returns it unchanged.
// Works as a wrapper (`profile(function f() {})`), as a TC39 decorator and as a
// TypeScript experimentalDecorators decorator. Without an active lineprof it only
// returns its argument. It also carries the default profiler's methods:
// `profile.reset()`, `profile.getStats()`, `profile.printStats()`, `profile.dumpStats()`,
// `profile.run(label?, fn)`.

import { LineProfiler, type PrintOptions, type RunResult } from './profiler.js';
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
  const id = session.runtime.registry.idOf(fn as AnyFunction);
  if (id !== undefined) session.selection.mark(id);
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
  /** Marks `fn` for the default profiler and returns it (also a method decorator). */
  <T>(fn: T, context?: unknown, descriptor?: PropertyDescriptor): T;
  /** Clears the default profiler's results; marked functions stay marked. */
  reset(): void;
  getStats(): ProfileStats;
  getRuns(): readonly LabelledRun[];
  printStats(options?: PrintOptions): void;
  dumpStats(path: string): void;
  run<T>(fn: () => T): T extends Promise<infer V> ? Promise<RunResult<V>> : RunResult<T>;
  run<T>(label: string, fn: () => T): T extends Promise<infer V> ? Promise<RunResult<V>> : RunResult<T>;
}

export const profile: Profile = Object.assign(markAndReturn as Profile, {
  reset: () => defaultProfiler().reset(),
  getStats: () => defaultProfiler().getStats(),
  getRuns: () => defaultProfiler().getRuns(),
  printStats: (options?: PrintOptions) => defaultProfiler().printStats(options),
  dumpStats: (path: string) => defaultProfiler().dumpStats(path),
  run: ((labelOrFn: string | (() => unknown), fn?: () => unknown) =>
    typeof labelOrFn === 'string' ? defaultProfiler().run(labelOrFn, fn!) : defaultProfiler().run(labelOrFn)) as Profile['run'],
});
