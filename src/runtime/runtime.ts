// The object instrumented code reaches as `globalThis.__lineprof`: `r` registers a file's
// function table, `e` opens a frame for a call. It also keeps, per function, how many
// profilers record it now; a function nobody records gets the shared no-op frame.

import type { EngineName, FunctionStats, LineStats, ProfileStats } from '../stats/model.js';
import { Counters, createSharedHits } from './counters.js';
import { createExactEngine, NOOP_FRAME, type Clock, type ExactEngine, type Frame } from './exact.js';
import { createLineStack, createSampledEngine, resumedFromAwait, SAMPLED_SLOTS, startSampler, type Sampler } from './sampled.js';
import { withPristineBuiltins } from './pristine.js';
import { Registry, type FunctionTable, type RegisteredFunction } from './registry.js';
import type { MaxSlots, MaxTaker, ProbeCosts, SharedProbeCost, Slots } from './runtime-types.js';
import { lineRan } from '../stats/lines.js';

export type { MaxSlots, MaxTaker, ProbeCosts, SharedProbeCost, Slots } from './runtime-types.js';

/** Nanoseconds per unit of performance.now() (milliseconds). */
const PERFORMANCE_NOW_NS = 1e6;

export interface RuntimeOptions {
  readonly engine?: EngineName;
  /**
   * Exact engine's clock (tests pass a fake one) and nanoseconds per unit of it, or a function
   * that returns them, called only when results are converted (the TSC clock calibrates its
   * rate then, not at start-up); the sampled engine times waits with its sampler's.
   */
  readonly clock?: Clock;
  readonly clockNs?: number | (() => number);
  readonly clockName?: string;
  /** Sampled engine: microseconds between samples. */
  readonly intervalUs?: number;
  /** Sampled engine: milliseconds between counts of the hit counters' wraps (tests). */
  readonly sweepMs?: number;
  /** Exact engine: subtract the calibrated cost of the probes (default true). */
  readonly compensate?: boolean;
}

type FrameClass = new (base: number) => Frame;

export type RegisterListener = (functions: readonly RegisteredFunction[]) => void;

export class Runtime {
  // Fields set once in the constructor are `declare`d: a class field would first be
  // defined as undefined, and a field stored twice is no longer a constant to V8, which
  // then cannot fold `__lineprof.s` (inline probes) or `this.FrameClass` (every entry).
  declare readonly counters: Counters;
  declare readonly registry: Registry;
  declare readonly engine: EngineName;
  declare readonly sampler: Sampler | undefined;
  /** Name of the exact engine's clock, for the result file. */
  declare readonly clockName: string;
  /** Nanoseconds per unit of the counters' time and wait, read when results are converted. */
  private declare readonly timeNsOf: () => number;
  private declare readonly waitNsOf: () => number;
  /** Exact engine: scratch slot for calibrating the probe cost; -1 without compensation. */
  private declare readonly scratchSlot: number;
  /** Cost of one probe event in clock units, measured on first use. */
  private measuredProbeCosts: ProbeCosts | undefined;
  /** Measures the probe costs on real instrumented code (set by the loader), in nanoseconds. */
  private probeCostCalibration: (() => ProbeCosts | undefined) | undefined;
  /** The probe cost other threads of this process measured (see setSharedProbeCost). */
  private sharedProbeCost: SharedProbeCost | undefined;
  private declare readonly FrameClass: FrameClass;
  /** The exact engine's frames and event count; undefined under the sampled engine. */
  private declare readonly exact: ExactEngine | undefined;
  /** Per function id: number of profilers recording it now. */
  private recording = new Uint8Array(256);
  private readonly listeners: RegisterListener[] = [];
  /** Enabled recordings, which take the lines' max at each fold (exact engine). */
  private readonly maxTakers = new Set<MaxTaker>();
  /** Inside readForSnapshot. */
  private snapshotting = false;
  /**
   * Sampled engine: the shared line stack, its depth, the hit counts and the first
   * scratch hit slot, which inline probes use directly (src/instrument/probes.ts,
   * `Inline`); empty for the exact engine.
   */
  declare readonly s: Int32Array<ArrayBufferLike>;
  declare readonly d: Int32Array<ArrayBufferLike>;
  declare readonly h: Uint32Array<ArrayBufferLike>;
  declare readonly j: number;
  /** Sampled engine: the clock of waits at `await`. */
  private declare readonly waitClock: Clock;

  constructor(options: RuntimeOptions | Clock = {}) {
    const { engine = 'exact', clock, clockNs = PERFORMANCE_NOW_NS, intervalUs = 50, sweepMs, compensate = true, clockName } =
      typeof options === 'function' ? { clock: options, compensate: false, clockName: 'injected' } : options;
    this.engine = engine;
    this.clockName = clockName ?? 'performance.now';
    if (engine === 'sampled') {
      const lineStack = createLineStack();
      const time = new Float64Array(new SharedArrayBuffer(8 * SAMPLED_SLOTS));
      const hits = createSharedHits(SAMPLED_SLOTS);
      this.counters = new Counters({ time, hits });
      this.sampler = startSampler(lineStack, time, hits, intervalUs, sweepMs);
      // Waits at `await` are timed with the sampler's clock (see Sampler.now), in ms.
      this.waitClock = this.sampler.now;
      this.s = lineStack.stack;
      this.d = lineStack.depth;
      this.h = hits.low;
      this.j = SAMPLED_SLOTS;
      this.FrameClass = createSampledEngine(this.counters, lineStack, this.waitClock).Frame;
      this.exact = undefined;
      this.timeNsOf = () => 1;
      this.waitNsOf = () => PERFORMANCE_NOW_NS;
      this.scratchSlot = -1;
    } else {
      this.counters = new Counters();
      this.exact = createExactEngine(this.counters, clock);
      this.s = new Int32Array(0);
      this.d = new Int32Array(0);
      this.h = new Uint32Array(0);
      this.j = 0;
      this.waitClock = () => 0;
      this.FrameClass = this.exact.Frame;
      const unitNs = typeof clockNs === 'function' ? clockNs : () => clockNs;
      this.timeNsOf = unitNs;
      this.waitNsOf = unitNs;
      // A scratch line for the calibration, which runs when results are first read (so
      // that start-up does not pay for it); no function owns the slot.
      this.scratchSlot = compensate ? this.counters.allocate(1) : -1;
    }
    this.registry = new Registry(this.counters);
  }

  private get timeNs(): number {
    return this.timeNsOf();
  }

  private get waitNs(): number {
    return this.waitNsOf();
  }

  /** Registration call emitted at the top of each instrumented file. */
  r(key: string, file: string, table: FunctionTable, source: () => string, options = ''): number {
    // Runs as the file starts, in the program's code: with the built-ins lineprof found (pristine.ts).
    return withPristineBuiltins(() => this.register(key, file, table, source, options));
  }

  private register(key: string, file: string, table: FunctionTable, source: () => string, options: string): number {
    const firstId = this.registry.registerFile(key, file, table, source, options);
    if (this.registry.functions.length > this.recording.length) {
      const bigger = new Uint8Array(this.registry.functions.length * 2);
      bigger.set(this.recording);
      this.recording = bigger;
    }
    const added = this.registry.functionsOfFile(key);
    if (!Runtime.isInternalFile(file)) for (const listener of this.listeners) listener(added);
    return firstId;
  }

  /** Entry probe of every instrumented function: a recording frame or the no-op one. */
  e(id: number): Frame {
    return this.recording[id] > 0 ? new this.FrameClass(this.registry.bases[id]) : NOOP_FRAME;
  }

  /**
   * Entry of an inline-probed call (sampled engine): pushes it on the line stack and
   * returns its depth, or 0 when nobody records it (its probes then do nothing). An id
   * that is NaN (a call before its file's registration ran) counts as not recorded.
   */
  p(id: number): number {
    if (!(this.recording[id] > 0)) return 0;
    const d = ++this.d[0];
    // Before its first line the call is on the stack with no line (-1: not credited).
    this.s[d] = -1;
    return d;
  }

  /**
   * An inline-probed async call or generator runs again after suspending (`z`: the clock
   * at an await, or -2 at a yield; `c`: the slot of its line then): it goes back on the
   * stack, alone after an await (it runs from the microtask queue), on top after a yield
   * (whoever called next() is below it). Returns its depth.
   */
  q(d: number, z: number, c: number): number {
    if (d === 0) return 0;
    const depth = this.d;
    let resumed: number;
    if (z >= 0) {
      if (c >= 0) this.counters.wait[c] += this.waitClock() - z;
      resumed = resumedFromAwait(this.d, d);
    } else {
      resumed = depth[0] + 1;
    }
    depth[0] = resumed;
    this.s[resumed] = c;
    return resumed;
  }

  /** The clock that times waits at `await` (inline probes). */
  n(): number {
    return this.waitClock();
  }

  /** First counter slot of the file whose first function is `firstId` (inline probes). */
  b(firstId: number): number {
    return this.registry.bases[firstId];
  }

  onRegister(listener: RegisterListener): void {
    this.listeners.push(listener);
    if (this.registry.functions.length > 0) listener(this.registry.functions);
  }

  /**
   * Exact engine: hands each enabled recording (`takers`) the lines' slowest hits since
   * the last fold, then clears those slots. Called before any change of what is recorded
   * (enable, disable, reset, add) and before stats are read, so that each recording's max
   * covers its own intervals only; a max does not add up as a sum of intervals does.
   */
  foldMax(): void {
    if (this.engine !== 'exact' || this.maxTakers.size === 0) return;
    const { max, maxEvents } = this.counters;
    for (const taker of this.maxTakers) taker.takeMax(max, maxEvents);
    for (const taker of this.maxTakers) {
      for (const id of taker.ids()) {
        const fn = this.registry.functions[id];
        max.fill(0, fn.base, fn.base + fn.endLine - fn.line + 1);
        maxEvents.fill(0, fn.base, fn.base + fn.endLine - fn.line + 1);
      }
    }
  }

  /**
   * foldMax for one function, which a recording is about to add: its slowest hits so far
   * go to the enabled recordings that have it. One just registered has none.
   */
  foldMaxOf(id: number): void {
    if (this.engine !== 'exact' || this.maxTakers.size === 0) return;
    const fn = this.registry.functions[id];
    const { max, maxEvents } = this.counters;
    for (const taker of this.maxTakers) if (taker.has(id)) taker.takeMaxOf(id, max, maxEvents);
    max.fill(0, fn.base, fn.base + fn.endLine - fn.line + 1);
    maxEvents.fill(0, fn.base, fn.base + fn.endLine - fn.line + 1);
  }

  /** A recording is enabled (takes the max from now on) or disabled. */
  beginMax(taker: MaxTaker): void {
    this.foldMax();
    this.maxTakers.add(taker);
  }

  endMax(taker: MaxTaker): void {
    this.foldMax();
    this.maxTakers.delete(taker);
  }

  startRecording(id: number): void {
    this.recording[id]++;
  }

  stopRecording(id: number): void {
    if (this.recording[id] > 0) this.recording[id]--;
  }

  /** A copy of one function's counters (hits, time, wait per line, in clock units). */
  readSlots(id: number): Slots {
    const fn = this.registry.functions[id];
    const end = fn.base + fn.endLine - fn.line + 1;
    const { time, wait, events } = this.counters;
    return {
      hits: this.counters.readHits(fn.base, end),
      time: Float64Array.from(time.subarray(fn.base, end)),
      wait: wait.slice(fn.base, end),
      events: events.slice(fn.base, end),
    };
  }

  /**
   * One function's stats from its per-line values, in nanoseconds; with `max` (exact
   * engine), each line's slowest hit, compensated as its time is.
   */
  functionStats(id: number, slots: Slots, max?: MaxSlots): FunctionStats {
    const fn = this.registry.functions[id];
    const lines: LineStats[] = [];
    for (let i = 0; i < slots.hits.length; i++) {
      const hits = slots.hits[i];
      // Compensation: minus the probes' own cost that landed in the line, never below 0.
      const cost = this.probeCosts;
      const time = Math.max(0, slots.time[i] - cost.event * slots.events[i]);
      const wait = slots.wait[i];
      if (!lineRan({ hits, time, wait })) continue;
      const row = { line: fn.line + i, hits, time: Math.round(time * this.timeNs), wait: Math.round(wait * this.waitNs) };
      if (max === undefined || hits === 0) {
        lines.push(row);
        continue;
      }
      const slowest = Math.min(time, Math.max(0, max.time[i] - cost.event * max.events[i]));
      lines.push({ ...row, max: Math.round(slowest * this.timeNs) });
    }
    return this.registry.onOriginalLines(fn, { file: fn.file, name: fn.name, line: fn.line, source: this.registry.sourceOf(fn), lines });
  }

  /** Probe costs in clock units: per probe event (0 without compensation). */
  get probeCosts(): ProbeCosts {
    if (this.measuredProbeCosts === undefined) {
      // Nothing ran instrumented yet (a hello world): no time to correct, and the
      // calibration (~30 ms) would only delay the exit. Nor in a snapshot taken while the
      // program runs (it would stop the program that long). Asked again later, it runs then.
      if (this.probeEvents() === 0 || this.snapshotting) return NO_COSTS;
      if (this.scratchSlot < 0) {
        this.measuredProbeCosts = NO_COSTS;
      } else {
        // Conservative: the lower of two measures of an event's cost, and nothing per call.
        // A per-call cost measured on one program over-compensated others (recursive code
        // came out at zero); subtracting too little only leaves times as line_profiler
        // reports them.
        // Measured once per process: the threads of one process run the same probes on the
        // same machine, and measuring takes ~30 ms (which a terminated worker may not have).
        const sharedNs = this.sharedProbeCost?.read();
        if (sharedNs !== undefined) {
          this.measuredProbeCosts = { event: sharedNs / this.timeNs };
        } else {
          const loop = (this.exact as ExactEngine).calibrateProbeCost(this.scratchSlot);
          const measured = this.probeCostCalibration?.();
          const program = measured !== undefined && measured.event > 0 ? measured.event / this.timeNs : loop;
          this.measuredProbeCosts = { event: Math.min(loop, program) };
          this.sharedProbeCost?.write(this.measuredProbeCosts.event * this.timeNs);
        }
      }
    }
    return this.measuredProbeCosts;
  }

  /** Where this thread finds the probe cost another thread measured, and leaves its own. */
  setSharedProbeCost(shared: SharedProbeCost): void {
    this.sharedProbeCost = shared;
  }

  /** How to measure the probe costs on real instrumented code; without one, a probe loop. */
  setProbeCostCalibration(measureNs: () => ProbeCosts | undefined): void {
    this.probeCostCalibration = measureNs;
  }

  /** Exact engine: probe events so far in this runtime (0 under the sampled engine); for calibration. */
  probeEvents(): number {
    return this.exact?.eventCount() ?? 0;
  }

  /** Puts the count of probe events back after a calibration (see ExactEngine.restoreEventCount). */
  restoreProbeEvents(value: number): void {
    this.exact?.restoreEventCount(value);
  }

  /** Whether a file belongs to lineprof itself (calibration code): never reported. */
  static isInternalFile(file: string): boolean {
    return file.startsWith('<lineprof');
  }

  /** Whether probe costs are subtracted (exact engine, unless --no-compensate). */
  get compensates(): boolean {
    return this.scratchSlot >= 0 && !(this.snapshotting && this.measuredProbeCosts === undefined);
  }

  /**
   * Reads results for a snapshot taken while the program runs: without a probe-cost
   * calibration that has not run yet (the times are then raw, and the result says so).
   */
  readForSnapshot<T>(read: () => T): T {
    this.snapshotting = true;
    try {
      return read();
    } finally {
      this.snapshotting = false;
    }
  }

  /** Calibrated cost of one probe event in nanoseconds (0 when not compensating). */
  get probeCostNs(): number {
    // A zero cost (nothing ran) needs no unit: reading it would calibrate the clock at exit.
    const { event } = this.probeCosts;
    return event === 0 ? 0 : event * this.timeNs;
  }

  /** The counters of the given functions since the process started (for tests and tools). */
  snapshot(ids: Iterable<number>): ProfileStats {
    const functions = [...ids].map((id) => this.functionStats(id, this.readSlots(id)));
    return { unit: 1e-9, engine: this.engine, functions };
  }
}

const NO_COSTS: ProbeCosts = { event: 0 };

declare global {
  // eslint-disable-next-line no-var
  var __lineprof: Runtime | undefined;
}
