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
  /** Resumed after `await`/`yield`; returns the resumed value unchanged. */
  r<V>(value: V): V;
}

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
  r<V>(value: V): V {
    return value;
  }
}

export const NOOP_FRAME: Frame = new NoopFrame();

const realClock: Clock = () => performance.now();
let clock: Clock = realClock;
let counters: Counters;

/**
 * Installs the counters and clock the exact frames write to (tests pass a fake clock).
 * One runtime per thread: the frames' hot path reads these module variables directly.
 */
export function configureExact(target: Counters, clockFn?: Clock): void {
  counters = target;
  clock = clockFn ?? realClock;
}

export function currentClock(): Clock {
  return clock;
}

export class ExactFrame implements Frame {
  /** Slot of the line now executing, or -1 before the first line. */
  private cur = -1;
  /** Clock reading when the current line started (or resumed). */
  private t = 0;
  /** Clock reading when the frame suspended, or -1 while running. */
  private s = -1;
  /** Whether the current suspension is an `await` (charged as wait) or a `yield`. */
  private w = false;

  constructor(private readonly base: number) {}

  l(k: number): void {
    const now = clock();
    if (this.s >= 0) this.resume(now);
    else if (this.cur >= 0) counters.time[this.cur] += now - this.t;
    const slot = this.base + k;
    counters.hits[slot]++;
    this.cur = slot;
    this.t = now;
  }

  x(): void {
    const now = clock();
    if (this.s >= 0) this.resume(now);
    else if (this.cur >= 0) counters.time[this.cur] += now - this.t;
    this.cur = -1;
  }

  v<V>(value: V): V {
    this.x();
    return value;
  }

  a<V>(value: V): V {
    this.suspend(true);
    return value;
  }

  y<V>(value: V): V {
    this.suspend(false);
    return value;
  }

  r<V>(value: V): V {
    if (this.s >= 0) this.resume(clock());
    return value;
  }

  private suspend(isWait: boolean): void {
    const now = clock();
    if (this.cur >= 0) counters.time[this.cur] += now - this.t;
    this.s = now;
    this.w = isWait;
  }

  private resume(now: number): void {
    if (this.w && this.cur >= 0) counters.wait[this.cur] += now - this.s;
    this.s = -1;
    this.t = now;
  }
}
