// The data an HTML report carries, as html.ts and diff-html.ts write it into the page and
// page.ts reads it: every number already formatted as the text report (or the diff)
// formats it, so that the page shows the same digits. Types only: shared by the Node side
// (table.ts's tints are RowMark) and the page's script.

export interface PageData {
  readonly title: string;
  /** `Timer unit: …` and the engine lines, as above the text report's tables. */
  readonly header: readonly string[];
  /** The number columns of the function list, after which come Function and File. */
  readonly listColumns: readonly ListColumn[];
  /** What the run selector offers: the accumulated total first, then each labelled run. */
  readonly runs: readonly PageRun[];
  /** Each file's source lines, once for all its functions. */
  readonly files: Readonly<Record<string, PageSource>>;
}

export interface ListColumn {
  readonly title: string;
  /** Shown on hover: what the column holds. */
  readonly hint: string;
  /** Whether a first click sorts biggest first. */
  readonly descending: boolean;
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
  /** The lines above the table (`Total time: …`, `File: …`, `Function: …`). */
  readonly title: readonly string[];
  /** The list's cells, one per list column, and the values they sort by. */
  readonly list: readonly string[];
  readonly sort: readonly number[];
  /** Length (0-100) of the bar behind the list's first cell. */
  readonly bar: number;
  /** Titles of the table's number columns, between `Line #` and `Line Contents`. */
  readonly columns: readonly string[];
  /** Which of them carries each row's bar (% Time; a diff's Delta). */
  readonly barColumn: number;
  /** The lines that ran, by line number. */
  readonly rows: readonly PageRow[];
}

/** A line that ran: its number, its cells (one per column), its bar's length (0-100), its tint. */
export type PageRow = readonly [line: number, cells: readonly string[], bar: number, mark: RowMark];

/** warm, hot: 5% and 20% of the function's time; faster, slower: one of a diff's biggest changes. */
export type RowMark = '' | 'warm' | 'hot' | 'faster' | 'slower';
