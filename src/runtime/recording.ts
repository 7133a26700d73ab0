// A set of functions recorded over enabled intervals: what one profiler owns. The shared
// counters only ever grow; a recording keeps, per function, the counters' values when
// it was enabled (the baseline) and the sum of its finished intervals, so any number of
// recordings can be enabled at once, nested or overlapping, each with its own numbers.

import type { FunctionStats, ProfileStats } from '../stats/model.js';
import type { Runtime, Slots } from './runtime.js';

export class Recording {
  private readonly idSet = new Set<number>();
  private readonly sums = new Map<number, Slots>();
  private readonly baselines = new Map<number, Slots>();
  private depth = 0;

  constructor(private readonly runtime: Runtime) {}

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

  add(id: number): void {
    if (this.idSet.has(id)) return;
    this.idSet.add(id);
    this.sums.set(id, this.zeros(id));
    if (this.depth > 0) {
      this.runtime.startRecording(id);
      this.baselines.set(id, this.runtime.readSlots(id));
    }
  }

  remove(id: number): void {
    if (!this.idSet.delete(id)) return;
    if (this.depth > 0) this.runtime.stopRecording(id);
    this.sums.delete(id);
    this.baselines.delete(id);
  }

  /** Enables; calls nest, so only the outermost enable/disable pair counts. */
  enable(): void {
    if (this.depth++ > 0) return;
    for (const id of this.idSet) {
      this.runtime.startRecording(id);
      this.baselines.set(id, this.runtime.readSlots(id));
    }
  }

  disable(): void {
    if (this.depth === 0) return;
    if (--this.depth > 0) return;
    for (const id of this.idSet) {
      addInto(this.sums.get(id)!, this.runtime.readSlots(id), this.baselines.get(id)!);
      this.runtime.stopRecording(id);
    }
    this.baselines.clear();
  }

  /** Forgets everything recorded so far; keeps the functions (and the enabled state). */
  reset(): void {
    for (const id of this.idSet) {
      this.sums.set(id, this.zeros(id));
      if (this.depth > 0) this.baselines.set(id, this.runtime.readSlots(id));
    }
  }

  /** What was recorded so far, including the interval now running, in nanoseconds. */
  stats(): ProfileStats {
    const functions: FunctionStats[] = [];
    const ids = [...this.idSet].sort((a, b) => a - b);
    for (const id of ids) {
      const total = copy(this.sums.get(id)!);
      if (this.depth > 0) addInto(total, this.runtime.readSlots(id), this.baselines.get(id)!);
      functions.push(this.runtime.functionStats(id, total));
    }
    return { unit: 1e-9, engine: this.runtime.engine, functions };
  }

  private zeros(id: number): Slots {
    const fn = this.runtime.registry.functions[id];
    const size = fn.endLine - fn.line + 1;
    const zeros = (): Float64Array => new Float64Array(size);
    return { hits: zeros(), time: zeros(), wait: zeros(), events: zeros(), calls: zeros() };
  }
}

function addInto(target: Slots, now: Slots, base: Slots): void {
  for (let i = 0; i < target.hits.length; i++) {
    target.hits[i] += now.hits[i] - base.hits[i];
    target.time[i] += now.time[i] - base.time[i];
    target.wait[i] += now.wait[i] - base.wait[i];
    target.events[i] += now.events[i] - base.events[i];
    target.calls[i] += now.calls[i] - base.calls[i];
  }
}

function copy(slots: Slots): Slots {
  return {
    hits: slots.hits.slice(),
    time: slots.time.slice(),
    wait: slots.wait.slice(),
    events: slots.events.slice(),
    calls: slots.calls.slice(),
  };
}
