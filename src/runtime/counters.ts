// Per-line counters shared by every engine: hits, time and wait, one slot per source
// line of each registered function, in typed arrays that grow as files register.
// Time and wait are in clock units (milliseconds for performance.now); the snapshot
// converts them to nanoseconds.

/**
 * The sampled engine's hit counts: 32-bit counters in shared memory, which the sampler
 * thread watches for wrap-around (see `sweepHits` in sampled.ts).
 *
 * Why 32 bits: inline probes increment them on every line, and V8 compiles `h[i]++` on a
 * Uint32Array to a plain integer add, but on a Float64Array to code that measured 2.8x
 * slower on the seed's increment loop (whole program 4.4x the plain run against 1.6x).
 * A counter wraps after 2^32 hits, which takes at least ~6 s at one probe per ~1.5 ns,
 * so the sampler compares each counter with the value it saw at its previous sweep (once
 * a second) and counts the wraps; a reader adds the wraps, and one more if the counter is
 * below the value last seen (wrapped since that sweep).
 */
export interface SharedHits {
  /** The counters (twice the slots: the upper half is scratch for calls nobody records). */
  readonly low: Uint32Array<ArrayBufferLike>;
  /** Wraps seen per slot, and the counter's value at the last sweep. */
  readonly wraps: Uint32Array<ArrayBufferLike>;
  readonly seen: Uint32Array<ArrayBufferLike>;
  /** Sweep sequence (odd while a sweep runs) and the number of allocated slots. */
  readonly control: Int32Array<ArrayBufferLike>;
}

export function createSharedHits(slots: number): SharedHits {
  return {
    low: new Uint32Array(new SharedArrayBuffer(4 * 2 * slots)),
    wraps: new Uint32Array(new SharedArrayBuffer(4 * slots)),
    seen: new Uint32Array(new SharedArrayBuffer(4 * slots)),
    control: new Int32Array(new SharedArrayBuffer(8)),
  };
}

/** Index in `SharedHits.control` of the sweep sequence and of the allocated slot count. */
export const SWEEP_SEQUENCE = 0;
export const ALLOCATED = 1;

const WRAP = 2 ** 32;
/** How long a reader waits for a sweep in progress before it reads anyway. */
const SWEEP_WAIT_MS = 100;

export class Counters {
  hits: Float64Array<ArrayBuffer> | Uint32Array<ArrayBufferLike> = new Float64Array(1024);
  time: Float64Array<ArrayBufferLike>;
  wait: Float64Array<ArrayBuffer> = new Float64Array(1024);
  /** Exact engine: probe events whose cost landed in each line's time. */
  events: Float64Array<ArrayBuffer> = new Float64Array(1024);
  /**
   * Exact engine: each line's longest single hit since the recordings last took it
   * (Runtime.foldMax), and the probe events in that hit (for compensation).
   */
  max: Float64Array<ArrayBuffer> = new Float64Array(1024);
  maxEvents: Float64Array<ArrayBuffer> = new Float64Array(1024);
  size = 0;

  /**
   * @param shared a fixed-size time array another thread writes, and the 32-bit hit
   * counters it watches (sampled engine); they never grow, and slots past the time
   * array's end get no time.
   */
  constructor(private readonly shared?: { readonly time: Float64Array<ArrayBufferLike>; readonly hits: SharedHits }) {
    this.time = shared?.time ?? new Float64Array(1024);
    // Inline probes keep a reference to `hits`, so with shared memory it is fixed.
    if (shared) this.hits = shared.hits.low;
  }

  /** Reserves `count` consecutive slots and returns the first. */
  allocate(count: number): number {
    const base = this.size;
    this.size += count;
    if (this.shared) Atomics.store(this.shared.hits.control, ALLOCATED, Math.min(this.size, this.shared.time.length));
    if (this.size > this.wait.length) {
      let capacity = this.wait.length;
      while (capacity < this.size) capacity *= 2;
      if (!this.shared) {
        this.hits = grow(this.hits as Float64Array, capacity);
        this.time = grow(this.time, capacity);
      }
      this.wait = grow(this.wait, capacity);
      this.events = grow(this.events, capacity);
      this.max = grow(this.max, capacity);
      this.maxEvents = grow(this.maxEvents, capacity);
    }
    return base;
  }

  /** The hit counts of slots [from, to). */
  readHits(from: number, to: number): Float64Array {
    const shared = this.shared?.hits;
    if (!shared) return (this.hits as Float64Array).slice(from, to);
    const out = new Float64Array(to - from);
    const { low, wraps, seen, control } = shared;
    const tracked = Math.min(to, wraps.length);
    const deadline = performance.now() + SWEEP_WAIT_MS;
    for (;;) {
      const sequence = Atomics.load(control, SWEEP_SEQUENCE);
      // A sweep is short (~1 ns a slot); a sampler stopped in the middle of one (process
      // exit) must not hang the reader, which then risks one wrap on one slot.
      if (sequence % 2 === 1 && performance.now() < deadline) continue;
      for (let i = from; i < to; i++) {
        const value = low[i];
        out[i - from] = i < tracked ? value + WRAP * (wraps[i] + (value < seen[i] ? 1 : 0)) : value;
      }
      if (Atomics.load(control, SWEEP_SEQUENCE) === sequence || performance.now() >= deadline) return out;
    }
  }
}

function grow(array: Float64Array<ArrayBufferLike>, capacity: number): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(capacity);
  bigger.set(array);
  return bigger;
}
