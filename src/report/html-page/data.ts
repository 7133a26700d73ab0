// The data an HTML report carries, as html.ts writes it into the page and page.ts reads
// it: every number already formatted as the text report formats it, so that the page
// shows the same digits. Types only: shared by the Node side and the page's script.

export interface PageData {
  readonly title: string;
  /** `Timer unit: …` and the engine lines, as above the text report's tables. */
  readonly header: readonly string[];
  /** The accumulated total first, then each labelled run. */
  readonly runs: readonly PageRun[];
  /** Each file's source lines, once for all its functions. */
  readonly files: Readonly<Record<string, PageSource>>;
}

export interface PageSource {
  /** Line number of `lines[0]`. */
  readonly first: number;
  readonly lines: readonly string[];
  readonly language: 'typescript' | 'javascript';
}

export interface PageRun {
  readonly label: string;
  readonly functions: readonly PageFunction[];
}

export interface PageFunction {
  /** `file:line:name`: the same function in another run has the same key. */
  readonly key: string;
  readonly name: string;
  readonly file: string;
  /** The function's first line. */
  readonly line: number;
  /** First and last line of the table, as the text report's rows run. */
  readonly first: number;
  readonly last: number;
  /** `Total time:` in seconds, as the text report prints it. */
  readonly total: string;
  /** The same, for sorting and the bars. */
  readonly seconds: number;
  readonly hits: number;
  readonly hitsText: string;
  /** Whether a Wait column is shown (some line waited at an await). */
  readonly wait: boolean;
  /** The lines that ran, by line number. */
  readonly rows: readonly PageRow[];
}

/** A table row's cells, as the text report prints them, and the line's share (0-100) of its function. */
export type PageRow = readonly [line: number, hits: string, time: string, perHit: string, percent: string, wait: string, share: number];
