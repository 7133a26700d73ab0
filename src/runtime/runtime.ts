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

  /** Nanoseconds per clock unit. */
  get clockNs(): number {
    return CLOCK_NS;
  }

  /** A copy of one function's counters (hits, time, wait per line, in clock units). */
  readSlots(id: number): Slots {
    const fn = this.registry.functions[id];
    const end = fn.base + fn.endLine - fn.line + 1;
    const { hits, time, wait } = this.counters;
    return { hits: hits.slice(fn.base, end), time: time.slice(fn.base, end), wait: wait.slice(fn.base, end) };
  }

  /** One function's stats from its per-line values, in nanoseconds. */
  functionStats(id: number, slots: Slots): FunctionStats {
    const fn = this.registry.functions[id];
    const lines: LineStats[] = [];
    for (let i = 0; i < slots.hits.length; i++) {
      const hits = slots.hits[i];
      const time = slots.time[i];
      const wait = slots.wait[i];
      if (hits === 0 && time === 0 && wait === 0) continue;
      lines.push({ line: fn.line + i, hits, time: Math.round(time * CLOCK_NS), wait: Math.round(wait * CLOCK_NS) });
    }
    return { file: fn.file, name: fn.name, line: fn.line, source: this.registry.sourceOf(fn), lines };
  }

  /** The counters of the given functions since the process started (for tests and tools). */
  snapshot(ids: Iterable<number>): ProfileStats {
    const functions = [...ids].map((id) => this.functionStats(id, this.readSlots(id)));
    return { unit: 1e-9, engine: this.engine, functions };
  }
}

/** Per-line values of one function: hits, time and wait in clock units. */
export interface Slots {
  hits: Float64Array;
  time: Float64Array;
  wait: Float64Array;
}

declare global {
  // eslint-disable-next-line no-var
  var __lineprof: Runtime | undefined;
}
