// The object instrumented code reaches as `globalThis.__lineprof`: `r` registers a file's
// function table, `e` opens a frame for a call. It also keeps, per function, how many
// profilers record it now; a function nobody records gets the shared no-op frame.

import type { EngineName, FunctionStats, LineStats, ProfileStats } from '../stats/model.js';
import { Counters } from './counters.js';
import { configureExact, ExactFrame, NOOP_FRAME, type Clock, type Frame } from './exact.js';
import { Registry, type RegisteredFunction } from './registry.js';

/** Nanoseconds per unit of the clock (performance.now counts milliseconds). */
const CLOCK_NS = 1e6;

export type RegisterListener = (functions: readonly RegisteredFunction[]) => void;

export class Runtime {
  readonly counters = new Counters();
  readonly registry = new Registry(this.counters);
  readonly engine: EngineName = 'exact';
  /** Per function id: number of profilers recording it right now. */
  private recording = new Uint8Array(256);
  private readonly listeners: RegisterListener[] = [];

  constructor(clock?: Clock) {
    configureExact(this.counters, clock);
  }

  /** Registration call emitted at the top of each instrumented file. */
  r(key: string, file: string, table: readonly (readonly [string, number, number])[], source: () => string): number {
    const firstId = this.registry.registerFile(key, file, table, source);
    if (this.registry.functions.length > this.recording.length) {
      const bigger = new Uint8Array(this.registry.functions.length * 2);
      bigger.set(this.recording);
      this.recording = bigger;
    }
    const added = this.registry.functionsOfFile(key);
    for (const listener of this.listeners) listener(added);
    return firstId;
  }

  /** Entry probe of every instrumented function: a recording frame or the no-op one. */
  e(id: number): Frame {
    return this.recording[id] > 0 ? new ExactFrame(this.registry.bases[id]) : NOOP_FRAME;
  }

  onRegister(listener: RegisterListener): void {
    this.listeners.push(listener);
    if (this.registry.functions.length > 0) listener(this.registry.functions);
  }

  startRecording(id: number): void {
    this.recording[id]++;
  }

  stopRecording(id: number): void {
    if (this.recording[id] > 0) this.recording[id]--;
  }

  /** Current counters of the given functions, as stats in nanoseconds. */
  snapshot(ids: Iterable<number>): ProfileStats {
    const { hits, time, wait } = this.counters;
    const functions: FunctionStats[] = [];
    for (const id of ids) {
      const fn = this.registry.functions[id];
      const lines: LineStats[] = [];
      for (let line = fn.line; line <= fn.endLine; line++) {
        const slot = fn.base + line - fn.line;
        if (hits[slot] === 0 && time[slot] === 0 && wait[slot] === 0) continue;
        lines.push({ line, hits: hits[slot], time: Math.round(time[slot] * CLOCK_NS), wait: Math.round(wait[slot] * CLOCK_NS) });
      }
      functions.push({ file: fn.file, name: fn.name, line: fn.line, source: this.registry.sourceOf(fn), lines });
    }
    return { unit: 1e-9, engine: this.engine, functions };
  }
}

declare global {
  // eslint-disable-next-line no-var
  var __lineprof: Runtime | undefined;
}
