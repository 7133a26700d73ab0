// A set of functions recorded over enabled intervals: what one profiler owns. The shared
// counters only ever grow; a recording keeps, per function, the counters' values when
// it was enabled (the baseline) and the sum of its finished intervals, so any number of
// recordings can be enabled at once, nested or overlapping, each with its own numbers.
// A sum or baseline of all zeros is not kept (`null`): with every function of a large
// library recorded (typescript.js: 21,688 functions), copying zero arrays took a quarter
// of a second at load and at exit.

import type { FunctionStats, ProfileStats } from '../stats/model.js';
import type { MaxSlots, MaxTaker, Runtime, Slots } from './runtime.js';

export class Recording implements MaxTaker {
  private readonly idSet = new Set<number>();
  /** Sum of the finished intervals; null: none yet. */
  private readonly sums = new Map<number, Slots | null>();
  /** The counters when the current interval began; null: all zero (registered since). */
  private readonly baselines = new Map<number, Slots | null>();
  /** Exact engine: each line's slowest hit while this recording was enabled (Runtime.foldMax). */
  private readonly maxes = new Map<number, { time: Float64Array; events: Float64Array }>();
  private depth = 0;

  constructor(private readonly runtime: Runtime) {}

  takeMax(max: Float64Array, maxEvents: Float64Array): void {
    for (const id of this.idSet) this.takeMaxOf(id, max, maxEvents);
  }

  takeMaxOf(id: number, max: Float64Array, maxEvents: Float64Array): void {
    const fn = this.runtime.registry.functions[id];
    let mine = this.maxes.get(id);
    for (let i = 0; i <= fn.endLine - fn.line; i++) {
      const time = max[fn.base + i];
      if (time === 0 || (mine !== undefined && time <= mine.time[i])) continue;
      if (mine === undefined) {
        const size = fn.endLine - fn.line + 1;
        mine = { time: new Float64Array(size), events: new Float64Array(size) };
        this.maxes.set(id, mine);
      }
      mine.time[i] = time;
      mine.events[i] = maxEvents[fn.base + i];
    }
  }

  get enabled(): boolean {
    return this.depth > 0;
  }

  has(id: number): boolean {
    return this.idSet.has(id);
  }

  /** The recorded function ids, in the order they were added. */
  ids(): number[] {
    return [...this.idSet];
  }

  /** @param fresh the function was just registered: its counters are all zero. */
  add(id: number, fresh = false): void {
    if (this.idSet.has(id)) return;
    // The function's slowest hits so far belong to the recordings that had it.
    if (this.depth > 0 && !fresh) this.runtime.foldMaxOf(id);
    this.idSet.add(id);
    this.sums.set(id, null);
    if (this.depth > 0) {
      this.runtime.startRecording(id);
      this.baselines.set(id, fresh ? null : this.runtime.readSlots(id));
    }
  }

  remove(id: number): void {
    if (!this.idSet.delete(id)) return;
    if (this.depth > 0) this.runtime.stopRecording(id);
    this.sums.delete(id);
    this.baselines.delete(id);
    this.maxes.delete(id);
  }

  /** Enables; calls nest, so only the outermost enable/disable pair counts. */
  enable(): void {
    if (this.depth++ > 0) return;
    this.runtime.beginMax(this);
    for (const id of this.idSet) {
      this.runtime.startRecording(id);
      this.baselines.set(id, this.runtime.readSlots(id));
    }
  }

  disable(): void {
    if (this.depth === 0) return;
    if (--this.depth > 0) return;
    this.runtime.endMax(this);
    for (const id of this.idSet) {
      const sum = this.sums.get(id) ?? this.zeros(id);
      addInto(sum, this.runtime.readSlots(id), this.baselines.get(id) ?? null);
      this.sums.set(id, sum);
      this.runtime.stopRecording(id);
    }
    this.baselines.clear();
  }

  /** Forgets everything recorded so far; keeps the functions (and the enabled state). */
  reset(): void {
    this.runtime.foldMax();
    this.maxes.clear();
    for (const id of this.idSet) {
      this.sums.set(id, null);
      if (this.depth > 0) this.baselines.set(id, this.runtime.readSlots(id));
    }
  }

  /** What was recorded so far, including the interval now running, in nanoseconds. */
  stats(): ProfileStats {
    if (this.depth > 0) this.runtime.foldMax();
    const functions: FunctionStats[] = [];
    const ids = [...this.idSet].sort((a, b) => a - b);
    for (const id of ids) {
      const sum = this.sums.get(id) ?? null;
      let total: Slots;
      if (this.depth > 0) {
        // readSlots gives fresh arrays: the interval's values are computed in them.
        total = this.runtime.readSlots(id);
        addInto(total, sum, this.baselines.get(id) ?? null);
      } else {
        total = sum ? copy(sum) : this.zeros(id);
      }
      functions.push(this.runtime.functionStats(id, total, this.maxOf(id)));
    }
    return { unit: 1e-9, engine: this.runtime.engine, functions };
  }

  /** Exact engine: the function's slowest hits (zeros if none yet); undefined for the sampled engine. */
  private maxOf(id: number): MaxSlots | undefined {
    if (this.runtime.engine !== 'exact') return undefined;
    const mine = this.maxes.get(id);
    if (mine) return mine;
    const { time } = this.zeros(id);
    return { time, events: time };
  }

  private zeros(id: number): Slots {
    const fn = this.runtime.registry.functions[id];
    const size = fn.endLine - fn.line + 1;
    const zeros = (): Float64Array => new Float64Array(size);
    return { hits: zeros(), time: zeros(), wait: zeros(), events: zeros() };
  }
}

/** target += now - base; a null `now` or `base` is all zeros. */
function addInto(target: Slots, now: Slots | null, base: Slots | null): void {
  for (let i = 0; i < target.hits.length; i++) {
    target.hits[i] += (now ? now.hits[i] : 0) - (base ? base.hits[i] : 0);
    target.time[i] += (now ? now.time[i] : 0) - (base ? base.time[i] : 0);
    target.wait[i] += (now ? now.wait[i] : 0) - (base ? base.wait[i] : 0);
    target.events[i] += (now ? now.events[i] : 0) - (base ? base.events[i] : 0);
  }
}

function copy(slots: Slots): Slots {
  return {
    hits: slots.hits.slice(),
    time: slots.time.slice(),
    wait: slots.wait.slice(),
    events: slots.events.slice(),
  };
}
