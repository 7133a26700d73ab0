// The exact engine: every probe reads the clock and charges the time since the frame's
// previous line event to that line. A frame lives for one call of one function.
//
// Hot path: `l` runs once per executed line. It touches only the frame's fields and the
// counters' typed arrays; anything rarer (suspension, exit) lives in other methods.

import type { Counters } from './counters.js';

export type Clock = () => number;

/** What instrumented code calls on a frame (see src/instrument/probes.ts). */
export interface Frame {
  /** A line (offset `k` from the function's first line) starts. */
  l(k: number): void;
  /** The call returns or throws. */
  x(): void;
  /** The call returns `value` (functions without try/finally); returns it unchanged. */
  v<V>(value: V): V;
  /** About to suspend at `await`; returns the awaited value unchanged. */
  a<V>(value: V): V;
  /** About to suspend at `yield`; returns the yielded value unchanged. */
  y<V>(value: V): V;
  /**
   * About to reach an await no probe sees (`for await`), the current line being `k` (see
   * probes.ts, ImplicitAwait).
   */
  i(k: number): void;
}
// (No resume probe: `await`/`yield` stay outermost, and a frame notices it was resumed at
// its next probe.)

/** The frame of a call nobody records: every probe does nothing. */
class NoopFrame implements Frame {
  l(_k: number): void {}
  x(): void {}
  v<V>(value: V): V {
    return value;
  }
  a<V>(value: V): V {
    return value;
  }
  y<V>(value: V): V {
    return value;
  }
  i(_k: number): void {}
}

export const NOOP_FRAME: Frame = new NoopFrame();

const realClock: Clock = () => performance.now();

/**
 * The exact engine of one runtime: its frame class, over the counters and clock it was
 * made with, and its count of probe events. The frames read these as constants of the
 * closure (V8 folds them where one engine exists in the thread, as in every profiled
 * process); two runtimes in one thread (tests) keep apart.
 */
export interface ExactEngine {
  readonly Frame: new (base: number) => Frame;
  /**
   * Probe events (entries, line starts, exits, suspensions) so far. Each line also counts
   * the events whose cost landed in its time (its own next probe, and every probe of the
   * profiled calls it made), so that the calibrated cost of one event can be subtracted at
   * report time (see calibrateProbeCost). (No per-call count: a per-call cost measured on
   * one program over-compensated others, see Runtime.probeCosts.)
   */
  eventCount(): number;
  /** Puts the count back after a calibration, so that open frames don't count its probes. */
  restoreEventCount(value: number): void;
  /**
   * The cost of one probe event in clock units, as it lands in a line's time: the part of
   * one probe after its clock read plus the part of the next before it. Measured on a
   * scratch slot, in batches of probes with nothing between them, for `budgetMs` of wall
   * time once V8 has optimised the loop; the minimum batch, since noise only adds. Code
   * still running in V8's interpreter pays more than this, so compensation errs low.
   */
  calibrateProbeCost(scratchSlot: number, budgetMs?: number): number;
}

/** An exact engine writing to `counters`, timed by `clockFn` (tests pass a fake clock; default performance.now()). */
export function createExactEngine(counters: Counters, clockFn?: Clock): ExactEngine {
  const clock: Clock = clockFn ?? realClock;
  // The probe events so far: one cell, shared by the frame class and the methods put on its
  // prototype, which are closures of their own. Measured beside a `let`: no difference.
  const events = new Float64Array(1);
  const ExactFrame = exactFrameClass(counters, clock, events);
  return {
    Frame: ExactFrame,
    eventCount: () => events[0],
    restoreEventCount: (value: number): void => {
      events[0] = value;
    },
    calibrateProbeCost: (scratchSlot, budgetMs = 15) => calibrate(new ExactFrame(scratchSlot), counters, events, scratchSlot, budgetMs),
  };
}

/** The state of one call's frame (the fields of the class exactFrameClass makes). */
interface FrameState {
  readonly base: number;
  /** Slot of the line now executing, or -1 before the first line. */
  cur: number;
  /** Clock reading when the current line started (or resumed). */
  t: number;
  /** Clock reading when the frame suspended, or -1 while running. */
  s: number;
  /** Whether the current suspension is an `await` (charged as wait) or a `yield`. */
  w: boolean;
  /** The event count when the current line started. */
  ev: number;
  /**
   * The current hit's time and probe events before its last suspension (a line that
   * awaits is one hit across the wait), for the line's slowest hit; `pe` is 0 unless the
   * hit suspended (each charge counts at least one event).
   */
  pt: number;
  pe: number;
}

/** The frame's methods for suspension and resumption (rare: most frames never suspend). */
interface Suspension extends Pick<Frame, 'a' | 'y' | 'i'> {
  suspend(isWait: boolean): void;
  /** The first probe after a suspension: the hit that suspended ends with it. */
  resumed(now: number): void;
  /** A hit that suspended ends: its parts before the suspensions are its time, for the max. */
  endSuspendedHit(): void;
  resume(now: number): void;
}

/**
 * The frame class over one engine's counters, clock and event cell, constants of its
 * closure that V8 folds into the probes. The class holds the hot path (line starts and
 * exits); the end of a hit (lineEnd) and suspensionMethods, made over the same constants,
 * go on its prototype before any frame exists. (Measured: a chain of three classes in place
 * of this cost 8-18% on calls, in frame construction; this shape is within noise of one
 * class.)
 *
 * `s`, `w`, `pt` and `pe` change only when the frame suspends, which most never do. Had they
 * initial values, V8 would take them for constants in the code it compiles, and the first
 * suspension anywhere (the program's first `await`) would throw that code away and leave it
 * recompiled worse in some processes (the tokenizer ran 2x slower in about one run in three).
 * Defined without a value, then set in the constructor, they are variables from the first
 * frame on.
 */
function exactFrameClass(counters: Counters, clock: Clock, events: Float64Array): new (base: number) => Frame {
  class ExactFrame implements Frame, FrameState {
    cur = -1;
    t = 0;
    // Set in the constructor, not where defined: see above.
    s: number;
    w: boolean;
    ev = 0;
    pt: number;
    pe: number;
    declare a: Suspension['a'];
    declare y: Suspension['y'];
    declare i: Suspension['i'];
    declare resumed: Suspension['resumed'];
    declare charge: LineEnd['charge'];

    constructor(readonly base: number) {
      this.s = -1;
      this.w = false;
      this.pt = 0;
      this.pe = 0;
    }

    l(k: number): void {
      const now = clock();
      const e = ++events[0];
      if (this.s >= 0) this.resumed(now);
      else if (this.cur >= 0) this.charge(now, e);
      const slot = this.base + k;
      counters.hits[slot]++;
      this.cur = slot;
      this.t = now;
      this.ev = e;
    }

    x(): void {
      const now = clock();
      const e = ++events[0];
      if (this.s >= 0) this.resumed(now);
      else if (this.cur >= 0) this.charge(now, e);
      this.cur = -1;
    }

    v<V>(value: V): V {
      this.x();
      return value;
    }
  }
  Object.assign(ExactFrame.prototype, lineEnd(counters), suspensionMethods(counters, clock, events));
  return ExactFrame;
}

interface LineEnd {
  /** The current hit ends: its time goes to the line's total and, if the longest yet, to its max. */
  charge(now: number, e: number): void;
}

/** The end of a line's hit, on the hot path (see exactFrameClass). */
function lineEnd(counters: Counters): LineEnd & ThisType<FrameState> {
  return {
    charge(now, e) {
      const cur = this.cur;
      let time = now - this.t;
      let spent = e - this.ev;
      counters.time[cur] += time;
      counters.events[cur] += spent;
      if (this.pe !== 0) {
        time += this.pt;
        spent += this.pe;
        this.pt = 0;
        this.pe = 0;
      }
      if (time > counters.max[cur]) {
        counters.max[cur] = time;
        counters.maxEvents[cur] = spent;
      }
    },
  };
}

/** Suspension at `await` and `yield`, and the resumption after it (see exactFrameClass). */
function suspensionMethods(counters: Counters, clock: Clock, events: Float64Array): Suspension & ThisType<FrameState & Suspension> {
  return {
    a(value) {
      this.suspend(true);
      return value;
    },
    y(value) {
      this.suspend(false);
      return value;
    },
    // About to reach an await no probe sees (`for await`): as at an `await`, with the
    // loop's line as the current one, so that the wait is charged to the loop, not as time
    // of the body's last line.
    i(k) {
      this.suspend(true);
      const slot = this.base + k;
      // The body's last line ends its hit here; the wait is the loop's.
      if (slot !== this.cur) this.endSuspendedHit();
      this.cur = slot;
    },
    suspend(isWait) {
      const now = clock();
      // Still marked suspended from an earlier await on this line: it resumed since.
      if (this.s >= 0) this.resume(now);
      const e = ++events[0];
      if (this.cur >= 0) {
        // The hit goes on after the wait: its part so far is kept for its max.
        const time = now - this.t;
        const spent = e - this.ev;
        counters.time[this.cur] += time;
        counters.events[this.cur] += spent;
        this.pt += time;
        this.pe += spent;
      }
      this.s = now;
      this.w = isWait;
    },
    resumed(now) {
      this.resume(now);
      this.endSuspendedHit();
    },
    endSuspendedHit() {
      if (this.pe === 0 || this.cur < 0) return;
      if (this.pt > counters.max[this.cur]) {
        counters.max[this.cur] = this.pt;
        counters.maxEvents[this.cur] = this.pe;
      }
      this.pt = 0;
      this.pe = 0;
    },
    resume(now) {
      if (this.w && this.cur >= 0) counters.wait[this.cur] += now - this.s;
      this.s = -1;
      this.t = now;
      this.ev = ++events[0];
    },
  };
}

/** See ExactEngine.calibrateProbeCost; `frame` is a fresh frame on the scratch slot. */
function calibrate(frame: Frame, counters: Counters, events: Float64Array, scratchSlot: number, budgetMs: number): number {
  const saved = events[0];
  let best = Infinity;
  const start = realClock();
  for (let batch = 0; batch < 400; batch++) {
    counters.time[scratchSlot] = 0;
    counters.hits[scratchSlot] = 0;
    for (let i = 0; i < 5_000; i++) frame.l(0);
    // The first batches run before the optimising compiler has finished: skip them.
    if (batch >= 10) best = Math.min(best, counters.time[scratchSlot] / (counters.hits[scratchSlot] - 1));
    if (batch >= 20 && realClock() - start > budgetMs) break;
  }
  frame.x();
  counters.time[scratchSlot] = 0;
  counters.hits[scratchSlot] = 0;
  counters.events[scratchSlot] = 0;
  counters.max[scratchSlot] = 0;
  counters.maxEvents[scratchSlot] = 0;
  // Frames open now must not see the calibration's events as their callees'.
  events[0] = saved;
  return best;
}

