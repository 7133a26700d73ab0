// The --func patterns: which functions a name pattern picks. Shared by the default
// profiler's selection (runtime/selection.ts) and the instrumenter, which under the
// sampled engine gives inline probes to the functions recorded from the start.

import path from 'node:path';
import { compileGlob } from './glob.js';

export interface NamedFunction {
  readonly name: string;
  readonly file: string;
}

export type FunctionTest = (fn: NamedFunction) => boolean;

/** --func patterns, and the directory their relative file globs start from. */
export interface FunctionPatterns {
  readonly funcs: readonly string[];
  readonly cwd: string;
}

/**
 * `name`, `Class.method`, `path-glob:name`, with globs in names (`parse*`). A name
 * without a dot also matches a method of that name (`parse` matches `Parser.parse`).
 */
export function functionPattern(pattern: string, cwd: string): FunctionTest {
  const colon = pattern.lastIndexOf(':');
  const fileGlob = colon > 0 ? pattern.slice(0, colon) : undefined;
  const namePattern = colon > 0 ? pattern.slice(colon + 1) : pattern;
  const nameTest = compileGlob(namePattern || '*', { dot: true });
  const short = !namePattern.includes('.');
  const fileTest = fileGlob ? compileGlob(fileGlob, { dot: true, basename: !fileGlob.includes('/') }) : undefined;
  return (fn) => {
    const lastPart = fn.name.slice(fn.name.lastIndexOf('.') + 1);
    if (!nameTest(fn.name) && !(short && nameTest(lastPart))) return false;
    if (!fileTest) return true;
    const relative = path.relative(cwd, fn.file).split(path.sep).join('/');
    return fileTest(relative) || fileTest(fn.file);
  };
}

/** Whether any of the patterns picks a function. */
export function anyPattern({ funcs, cwd }: FunctionPatterns): FunctionTest {
  const tests = funcs.map((pattern) => functionPattern(pattern, cwd));
  return (fn) => tests.some((test) => test(fn));
}
