// Per-line counters shared by every engine: hits, time and wait, one slot per source
// line of each registered function, in typed arrays that grow as files register.
// Time and wait are in clock units (milliseconds for performance.now); the snapshot
// converts them to nanoseconds.

export class Counters {
  hits: Float64Array<ArrayBuffer> = new Float64Array(1024);
  time: Float64Array<ArrayBuffer> = new Float64Array(1024);
  wait: Float64Array<ArrayBuffer> = new Float64Array(1024);
  size = 0;

  /** Reserves `count` consecutive slots and returns the first. */
  allocate(count: number): number {
    const base = this.size;
    this.size += count;
    if (this.size > this.hits.length) {
      let capacity = this.hits.length;
      while (capacity < this.size) capacity *= 2;
      this.hits = grow(this.hits, capacity);
      this.time = grow(this.time, capacity);
      this.wait = grow(this.wait, capacity);
    }
    return base;
  }

  clear(from: number, count: number): void {
    this.hits.fill(0, from, from + count);
    this.time.fill(0, from, from + count);
    this.wait.fill(0, from, from + count);
  }
}

function grow(array: Float64Array, capacity: number): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(capacity);
  bigger.set(array);
  return bigger;
}
