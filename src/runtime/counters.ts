// Per-line counters shared by every engine: hits, time and wait, one slot per source
// line of each registered function, in typed arrays that grow as files register.
// Time and wait are in clock units (milliseconds for performance.now); the snapshot
// converts them to nanoseconds.

export class Counters {
  hits: Float64Array<ArrayBuffer> = new Float64Array(1024);
  time: Float64Array<ArrayBufferLike>;
  wait: Float64Array<ArrayBuffer> = new Float64Array(1024);
  /** Exact engine: probe events whose cost landed in each line's time. */
  events: Float64Array<ArrayBuffer> = new Float64Array(1024);
  /** Exact engine: recorded calls whose cost landed in each line's time. */
  calls: Float64Array<ArrayBuffer> = new Float64Array(1024);
  size = 0;

  /**
   * @param sharedTime a fixed-size time array another thread writes (sampled engine);
   * it never grows, and slots past its end get no time.
   */
  constructor(private readonly sharedTime?: Float64Array<ArrayBufferLike>) {
    this.time = sharedTime ?? new Float64Array(1024);
    // Inline probes keep a reference to `hits`: with a fixed time array, hits is fixed too,
    // and twice as long: the second half is scratch for calls nobody records.
    if (sharedTime) this.hits = new Float64Array(2 * sharedTime.length);
  }

  /** Reserves `count` consecutive slots and returns the first. */
  allocate(count: number): number {
    const base = this.size;
    this.size += count;
    if (this.size > this.wait.length) {
      let capacity = this.wait.length;
      while (capacity < this.size) capacity *= 2;
      if (!this.sharedTime) {
        this.hits = grow(this.hits, capacity);
        this.time = grow(this.time, capacity);
      }
      this.wait = grow(this.wait, capacity);
      this.events = grow(this.events, capacity);
      this.calls = grow(this.calls, capacity);
    }
    return base;
  }

}

function grow(array: Float64Array<ArrayBufferLike>, capacity: number): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(capacity);
  bigger.set(array);
  return bigger;
}
