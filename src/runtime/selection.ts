// Which functions the default profiler (behind `profile` and `lineprof run`) records:
// functions marked with profile(), matched by --func, or all with --all. With none of
// these, every function of the program's own files is recorded until the first mark
// arrives; then the unmarked ones stop and their data is dropped.

import path from 'node:path';
import picomatch from 'picomatch';
import type { RegisteredFunction } from './registry.js';
import type { Runtime } from './runtime.js';

export interface SelectionRules {
  readonly funcs: readonly string[];
  readonly all: boolean;
  readonly cwd: string;
}

type FunctionTest = (fn: RegisteredFunction) => boolean;

export class Selection {
  private readonly selected = new Set<number>();
  /** Recording everything because nothing was selected (yet). */
  private provisional: boolean;
  private readonly tests: { pattern: string; test: FunctionTest; matched: boolean }[];

  constructor(private readonly runtime: Runtime, private readonly rules: SelectionRules) {
    this.provisional = !rules.all && rules.funcs.length === 0;
    this.tests = rules.funcs.map((pattern) => ({ pattern, test: functionPattern(pattern, rules.cwd), matched: false }));
    runtime.onRegister((functions) => this.onRegister(functions));
  }

  /** profile(fn) / @profile: select a function by id. */
  mark(id: number): void {
    if (this.provisional) {
      this.provisional = false;
      for (const fn of this.runtime.registry.functions) {
        this.runtime.stopRecording(fn.id);
        if (fn.id !== id && !this.selected.has(fn.id)) this.runtime.counters.clear(fn.base, fn.endLine - fn.line + 1);
      }
    }
    this.select(id);
  }

  /** Ids to report, in registration order. */
  ids(): number[] {
    if (this.provisional) return this.runtime.registry.functions.map((fn) => fn.id);
    return [...this.selected].sort((a, b) => a - b);
  }

  /** Whether everything was recorded because nothing was selected. */
  get recordedAll(): boolean {
    return this.provisional;
  }

  unmatchedPatterns(): string[] {
    return this.tests.filter((t) => !t.matched).map((t) => t.pattern);
  }

  private onRegister(functions: readonly RegisteredFunction[]): void {
    for (const fn of functions) {
      let chosen = this.rules.all;
      for (const t of this.tests) {
        if (t.test(fn)) {
          t.matched = true;
          chosen = true;
        }
      }
      if (chosen) this.select(fn.id);
      else if (this.provisional) this.runtime.startRecording(fn.id);
    }
  }

  private select(id: number): void {
    if (this.selected.has(id)) return;
    this.selected.add(id);
    this.runtime.startRecording(id);
  }
}

/**
 * `name`, `Class.method`, `path-glob:name`, with globs in names (`parse*`). A name
 * without a dot also matches a method of that name (`parse` matches `Parser.parse`).
 */
export function functionPattern(pattern: string, cwd: string): FunctionTest {
  const colon = pattern.lastIndexOf(':');
  const fileGlob = colon > 0 ? pattern.slice(0, colon) : undefined;
  const namePattern = colon > 0 ? pattern.slice(colon + 1) : pattern;
  const nameTest = picomatch(namePattern || '*', { dot: true });
  const short = !namePattern.includes('.');
  const fileTest = fileGlob ? picomatch(fileGlob, { dot: true, basename: !fileGlob.includes('/') }) : undefined;
  return (fn) => {
    const lastPart = fn.name.slice(fn.name.lastIndexOf('.') + 1);
    if (!nameTest(fn.name) && !(short && nameTest(lastPart))) return false;
    if (!fileTest) return true;
    const relative = path.relative(cwd, fn.file).split(path.sep).join('/');
    return fileTest(relative) || fileTest(fn.file);
  };
}
