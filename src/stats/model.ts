// The data model of a profile: plain, serialisable values. Nothing here does I/O.
//
// Times are integers (or floats) in `unit` seconds; the runtime records nanoseconds,
// so `unit` is 1e-9 for everything lineprof produces. Line numbers are 1-based lines
// of the original source file (TypeScript included).

export type EngineName = 'exact' | 'sampled';

export interface LineStats {
  /** 1-based line number in the original source. */
  readonly line: number;
  /** How many times the line started executing. */
  readonly hits: number;
  /** Time charged to the line, in `unit` seconds (inclusive of callees). */
  readonly time: number;
  /** Time spent suspended at an `await` on this line, in `unit` seconds. */
  readonly wait: number;
  /**
   * The slowest single hit's time, in `unit` seconds (exact engine; absent where it was
   * not measured: the sampled engine, files from before it existed, sums of diffs).
   */
  readonly max?: number;
}

export interface FunctionStats {
  /** Absolute path of the source file (or a URL for non-file modules). */
  readonly file: string;
  /** Qualified name, e.g. `incrementList`, `Parser.parse`, `<anonymous>`. */
  readonly name: string;
  /** First line of the function (1-based). */
  readonly line: number;
  /** Source text of lines `line .. line + source.length - 1`, so a report needs no file. */
  readonly source: readonly string[];
  /** Lines that executed at least once or carry a probe, sorted by line. */
  readonly lines: readonly LineStats[];
}

export interface ProfileMeta {
  /** The profiled command line, as given to `lineprof run` (script and its args). */
  readonly command?: readonly string[];
  readonly cwd?: string;
  readonly nodeVersion?: string;
  /** ISO 8601 start time of the run. */
  readonly startTime?: string;
  /** Whether the exact engine's own probe cost was subtracted. */
  readonly compensated?: boolean;
  /** Name of the clock the exact engine read (e.g. `performance.now`). */
  readonly clock?: string;
  /** Exact engine: the calibrated cost of one probe event, subtracted when compensated. */
  readonly probeCostNs?: number;
  /** Exact engine, files written before 2026-12: a calibrated cost per profiled call (always 0). */
  readonly callCostNs?: number;
  /** Sampled engine: number of samples taken and interval in microseconds. */
  readonly samples?: number;
  readonly intervalUs?: number;
  /**
   * Processes that each write the result file themselves name their launch here (the
   * test files of one `node --test` run, whose runner loads no `--import` preload), and
   * add their results to a file that names the same launch instead of replacing it.
   */
  readonly launch?: string;
  /** One-line notes for the user about this run (e.g. a `--func` that matched nothing). */
  readonly notes?: readonly string[];
}

export interface ProfileStats {
  /** Seconds per time unit of every `time`/`wait` below. */
  readonly unit: number;
  readonly engine: EngineName;
  readonly functions: readonly FunctionStats[];
}

export interface LabelledRun {
  readonly label: string;
  readonly stats: ProfileStats;
}

/** What a result file holds: the accumulated stats, metadata and any labelled runs. */
export interface ProfileResult {
  readonly meta: ProfileMeta;
  readonly stats: ProfileStats;
  readonly runs: readonly LabelledRun[];
}
