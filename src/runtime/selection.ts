// Which functions the default profiler (behind `profile` and `lineprof run`) records:
// functions marked with profile(), matched by --func, or all with --all. With none of
// these, every function of the program's own files is recorded until the first function
// is selected (by profile() or by adding it to any LineProfiler); then the unselected
// ones leave the default recording.

import { functionPattern, type FunctionTest } from '../function-patterns.js';
import { Recording } from './recording.js';
import type { RegisteredFunction } from './registry.js';
import type { Runtime } from './runtime.js';

export interface SelectionRules {
  readonly funcs: readonly string[];
  readonly all: boolean;
  readonly cwd: string;
}

export class Selection {
  /** The default profiler's recording: enabled for the whole run. */
  readonly recording: Recording;
  private readonly selected = new Set<number>();
  /** Recording everything because nothing was selected (yet). */
  private provisional: boolean;
  private readonly tests: { pattern: string; test: FunctionTest; matched: boolean }[];

  constructor(private readonly runtime: Runtime, private readonly rules: SelectionRules) {
    this.recording = new Recording(runtime);
    this.recording.enable();
    this.provisional = !rules.all && rules.funcs.length === 0;
    this.tests = rules.funcs.map((pattern) => ({ pattern, test: functionPattern(pattern, rules.cwd), matched: false }));
    runtime.onRegister((functions) => this.onRegister(functions));
  }

  /** profile(fn) / @profile: select a function by id. */
  mark(id: number): void {
    this.endProvisional();
    this.select(id);
  }

  /** The program took control (a LineProfiler got a function): stop recording everything. */
  endProvisional(): void {
    if (!this.provisional) return;
    this.provisional = false;
    for (const fn of this.runtime.registry.functions) {
      if (!this.selected.has(fn.id)) this.recording.remove(fn.id);
    }
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
      // Just registered: counters all zero (no baseline to read).
      if (chosen) this.select(fn.id, true);
      else if (this.provisional) this.recording.add(fn.id, true);
    }
  }

  private select(id: number, fresh = false): void {
    this.selected.add(id);
    this.recording.add(id, fresh);
  }
}
