// The sampled engine: probes only count hits and publish, in shared memory, the line now
// executing in each active profiled frame (a depth and one slot per depth). A sampler
// thread reads that stack at a fixed interval and credits the elapsed time to every line
// on it, once per sample (recursion does not count twice): inclusive per-line time, the
// exact engine's meaning, at the cost of a few stores per line.
//
// Shared memory (one SharedArrayBuffer of Int32): `stack[d]` = slot of the current line of
// the frame at depth d (1..), -1 before its first line; `stack[0]` is scratch, written by
// inline-probed calls nobody records, never read; the depth is the cell at DEPTH_INDEX of
// the same array (inline probes write it there), also viewed alone as `depth`. The cells
// between MAX_DEPTH and DEPTH_INDEX take the lines of deeper recursion, which the sampler
// does not read: no thread's stack holds a million calls, so none reaches the depth cell.

import { DEPTH_INDEX } from '../protocol.js';
import { startInternalWorker } from './internal-worker.js';
import { ALLOCATED, SWEEP_SEQUENCE, type Counters, type SharedHits } from './counters.js';
import type { Clock, Frame } from './exact.js';

/** Deepest profiled recursion the stack keeps; deeper frames still count hits. */
export const MAX_DEPTH = 8192;
/** Counter slots the sampler can credit (fixed: the sampler shares the array). */
export const SAMPLED_SLOTS = 1 << 22;

/** The shared line stack and its depth, as views on one SharedArrayBuffer. */
export interface LineStack {
  readonly stack: Int32Array<ArrayBufferLike>;
  readonly depth: Int32Array<ArrayBufferLike>;
}

export function createLineStack(): LineStack {
  // ~4 MB of address space; the pages past the first few are never touched.
  const buffer = new SharedArrayBuffer(4 * (DEPTH_INDEX + 1));
  return { stack: new Int32Array(buffer), depth: new Int32Array(buffer, 4 * DEPTH_INDEX, 1) };
}

/**
 * The sampled engine's frames of one runtime, over its counters, line stack and wait clock
 * (constants of the closure). As the exact engine's (see exactFrameClass), the class holds
 * the hot path, and the suspension methods go on its prototype.
 */
export function createSampledEngine(counters: Counters, shared: LineStack, waitClock: Clock): { readonly Frame: new (base: number) => Frame } {
  const { stack, depth } = shared;

  class SampledFrame implements Frame, SampledState {
    d: number;
    cur = -1;
    // Set in the constructor, not given a value where it is defined, so that V8 does not
    // take it for a constant (see exactFrameClass).
    s: number;
    declare a: SampledSuspension['a'];
    declare y: SampledSuspension['y'];
    declare i: SampledSuspension['i'];
    declare resume: SampledSuspension['resume'];

    constructor(readonly base: number) {
      this.s = -1;
      const d = depth[0] + 1;
      this.d = d;
      depth[0] = d;
      stack[d] = -1;
    }

    l(k: number): void {
      if (this.s !== -1) this.resume();
      const slot = this.base + k;
      counters.hits[slot]++;
      this.cur = slot;
      // The frame is the top of the stack. A deeper stack is a callee that threw without
      // popping: cut it. A shallower one means this frame was resumed by an await it could
      // not see (a `for await` loop's): it runs from the microtask queue, on what is there.
      let d = this.d;
      if (depth[0] < d) this.d = d = depth[0] + 1;
      depth[0] = d;
      stack[d] = slot;
    }

    x(): void {
      // Resumed and returning before any line ran (`return await x`, `return yield x`): it
      // is on the stack where it resumed, not where it was.
      if (this.s !== -1) this.resume();
      depth[0] = this.d - 1;
    }

    v<V>(value: V): V {
      this.x();
      return value;
    }
  }
  Object.assign(SampledFrame.prototype, sampledSuspension(counters, shared, waitClock));
  return { Frame: SampledFrame };
}

/** The state of one sampled frame. */
interface SampledState {
  readonly base: number;
  /** Depth of the frame on the line stack. */
  d: number;
  /** Slot of the line now executing, or -1 before the first line. */
  cur: number;
  /** clock() when suspended at await; -2 at yield; -1 while running. */
  s: number;
}

interface SampledSuspension extends Pick<Frame, 'a' | 'y' | 'i'> {
  resume(): void;
}

/**
 * Suspension at `await` (timed by `clock`, which measures the wait) and `yield`: the frame
 * leaves the stack; and its return to it.
 */
function sampledSuspension(counters: Counters, { stack, depth }: LineStack, clock: Clock): SampledSuspension & ThisType<SampledState & SampledSuspension> {
  return {
    a(value) {
      if (this.s !== -1) this.resume();
      depth[0] = this.d - 1;
      this.s = clock();
      return value;
    },
    y(value) {
      if (this.s !== -1) this.resume();
      depth[0] = this.d - 1;
      this.s = -2;
      return value;
    },
    i(k) {
      if (this.s !== -1) this.resume();
      this.cur = this.base + k;
      depth[0] = this.d - 1;
      this.s = clock();
    },
    resume() {
      if (this.s >= 0) {
        if (this.cur >= 0) counters.wait[this.cur] += clock() - this.s;
        this.d = resumedFromAwait(depth, this.d);
      } else {
        // Resumed from a yield by whoever called next(): on top of the current stack.
        this.d = depth[0] + 1;
      }
      this.s = -1;
      depth[0] = this.d;
      stack[this.d] = this.cur;
    },
  };
}

/**
 * The depth of a call that left the stack for an await (depth `d` before) and runs again.
 * Resumed from the microtask queue, no profiled call is below it: 1. But an implicit await
 * it prepared for may not have happened (a `for await` left through an iterator without
 * return()): then the stack is still as it left it, one below its depth.
 */
export function resumedFromAwait(depth: Int32Array<ArrayBufferLike>, d: number): number {
  return depth[0] === d - 1 ? d : 1;
}

const SAMPLER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { stack, depth: depthOf, time, control, stats, intervalUs, maxDepth, slots, hits, sweepMs } = workerData;
const stamp = new Uint32Array(slots);
let generation = 1;
let last = performance.now();
let lastSweep = last;
// The 32-bit hit counters wrap (counters.ts, SharedHits): once in a while, count the wraps
// of every allocated slot since the last look. Odd sequence: a sweep is running.
function sweepHits() {
  const { low, wraps, seen, control } = hits;
  Atomics.add(control, ${SWEEP_SEQUENCE}, 1);
  const allocated = Atomics.load(control, ${ALLOCATED});
  for (let i = 0; i < allocated; i++) {
    const value = low[i];
    if (value < seen[i]) wraps[i]++;
    seen[i] = value;
  }
  Atomics.add(control, ${SWEEP_SEQUENCE}, 1);
}
// A timed wait wakes late (here ~100 us for a 1 us wait): ask for the interval minus the
// lateness seen so far (a moving average), so the mean interval comes near the asked one.
let lateUs = 0;
while (Atomics.load(control, 0) === 0) {
  const waitUs = Math.max(1, intervalUs - lateUs);
  Atomics.wait(control, 0, 0, waitUs / 1000);
  const now = performance.now();
  lateUs += ((now - last) * 1000 - waitUs - lateUs) / 16;
  const dtNs = (now - last) * 1e6;
  last = now;
  let depth = depthOf[0];
  if (depth > maxDepth) depth = maxDepth;
  for (let i = 1; i <= depth; i++) {
    const slot = stack[i];
    if (slot < 0 || slot >= slots || stamp[slot] === generation) continue;
    stamp[slot] = generation;
    time[slot] += dtNs;
  }
  generation++;
  stats[0]++;
  stats[1] += dtNs;
  stats[2] = performance.timeOrigin + now;
  if (now - lastSweep >= sweepMs) {
    lastSweep = now;
    sweepHits();
  }
}
`;

/** How often the sampler counts the hit counters' wraps (one needs 2^32 hits: seconds). */
export const SWEEP_MS = 1000;

export interface Sampler {
  /** Samples taken so far, and their mean interval in microseconds. */
  readonly samples: () => number;
  readonly meanIntervalUs: () => number;
  /**
   * The sampler's clock (milliseconds since the epoch, as timeOrigin + now), as of its
   * latest sample: one load to read, where a real clock read costs 12-50 ns. Async code
   * reads it twice per await, to time the wait: each wait is then off by up to an
   * interval, but without bias, so that sums over many waits come out right, as the
   * engine's sampled times do. Before the first sample (the thread is starting, which
   * can take 100 ms and more on a loaded machine) it reads this thread's own clock on the
   * same scale.
   */
  readonly now: () => number;
  readonly stop: () => void;
}

/**
 * Starts the sampler thread over `time` (nanoseconds per slot, shared), which also
 * watches the hit counters for wraps. Never keeps the process alive.
 */
export function startSampler(shared: LineStack, time: Float64Array<ArrayBufferLike>, hits: SharedHits, intervalUs: number, sweepMs = SWEEP_MS): Sampler {
  const control = new Int32Array(new SharedArrayBuffer(4));
  const stats = new Float64Array(new SharedArrayBuffer(24));
  startInternalWorker(SAMPLER_SOURCE, { stack: shared.stack, depth: shared.depth, time, control, stats, intervalUs, maxDepth: MAX_DEPTH, slots: time.length, hits, sweepMs });
  return {
    samples: () => stats[0],
    meanIntervalUs: () => (stats[0] > 0 ? stats[1] / stats[0] / 1000 : intervalUs),
    now: () => stats[2] || performance.timeOrigin + performance.now(),
    stop: () => {
      Atomics.store(control, 0, 1);
      Atomics.notify(control, 0);
    },
  };
}
