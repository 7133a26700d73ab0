// The values the runtime exchanges with recordings, the loader and other threads.

/** What one probe event costs. */
export interface ProbeCosts {
  readonly event: number;
}

/** A probe cost in nanoseconds shared by the threads of a process: undefined until measured. */
export interface SharedProbeCost {
  read(): number | undefined;
  write(ns: number): void;
}

/** Per line of one function: the slowest hit's time and probe events, in clock units. */
export interface MaxSlots {
  readonly time: Float64Array;
  readonly events: Float64Array;
}

/** What takes the counters' max at a fold: a recording. */
export interface MaxTaker {
  ids(): Iterable<number>;
  has(id: number): boolean;
  takeMax(max: Float64Array, maxEvents: Float64Array): void;
  takeMaxOf(id: number, max: Float64Array, maxEvents: Float64Array): void;
}

/** Per-line values of one function: hits, time and wait in clock units. */
export interface Slots {
  hits: Float64Array;
  time: Float64Array;
  wait: Float64Array;
  events: Float64Array;
}
