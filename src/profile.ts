// `profile`: marks a function for the default profiler and returns it unchanged.
// Works as a wrapper (`profile(function f() {})`), as a TC39 decorator and as a
// TypeScript experimentalDecorators decorator. Without an active lineprof it only
// returns its argument.

import { currentSession } from './loader/setup.js';

type AnyFunction = (...args: never[]) => unknown;

function mark(fn: unknown): void {
  const session = currentSession();
  if (!session || typeof fn !== 'function') return;
  const id = session.runtime.registry.idOf(fn as AnyFunction);
  if (id !== undefined) session.selection.mark(id);
}

export function profile<T>(target: T, context?: unknown, descriptor?: PropertyDescriptor): T;
export function profile(target: unknown, context?: unknown, descriptor?: PropertyDescriptor): unknown {
  if (descriptor && typeof descriptor === 'object') {
    // experimentalDecorators: (prototype, key, descriptor) -> descriptor
    mark(descriptor.value ?? descriptor.get);
    if (descriptor.set) mark(descriptor.set);
    return descriptor;
  }
  mark(target);
  return target;
}
