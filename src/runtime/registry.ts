// The static table of every instrumented function in this thread: which file, which
// name, which lines, and where its counter slots start. Filled by the registration
// call at the top of each instrumented file; never touched by the probes' hot path.

import { ENTER_PATTERN } from '../protocol.js';
import type { FunctionStats } from '../stats/model.js';
import type { Counters } from './counters.js';
import { onOriginalLines, originalLinesOf, type OriginalLines } from './original-lines.js';

export interface RegisteredFunction {
  readonly id: number;
  readonly file: string;
  readonly fileKey: string;
  readonly name: string;
  readonly line: number;
  readonly endLine: number;
  /** Column where it starts on its first line (0 in tables written before columns were). */
  readonly column: number;
  /** First counter slot; slot of line L is `base + L - line`. */
  readonly base: number;
}

export interface RegisteredFile {
  readonly key: string;
  readonly file: string;
  /** How the file was instrumented: `lang sourceType engine` (see probes.registerFile). */
  readonly options: string;
  readonly firstId: number;
  readonly count: number;
  readonly source: () => string;
  lines?: string[];
  /** Its source map's original lines (null: none, or one that could not be read). */
  origin?: OriginalLines | null;
}

/** A file's functions as its registration lists them: name, first and last line, column. */
export type FunctionTable = readonly (readonly [name: string, line: number, endLine: number, column?: number])[];

const MAX_LINE = 500;

/** The engine's own toString, taken before the loader replaces it (src/loader/source-text.ts). */
const nativeToString = Function.prototype.toString;

function cutLine(line: string): string {
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
}

/**
 * A function's first line, cut to MAX_LINE from where the function starts: in minified
 * code, thousands of functions share one line, and each shows its own code, not the line's
 * first 500 characters.
 */
function cutFrom(line: string, column: number): string {
  if (line.length <= MAX_LINE || column <= 0) return cutLine(line);
  const end = column + MAX_LINE;
  return `…${line.slice(column, end)}${end < line.length ? '…' : ''}`;
}

/** A file's lines (JavaScript's line terminators), whole: sourceOf cuts those it returns. */
function sourceLines(source: string): string[] {
  // Splitting on '\n' alone is several times faster on a large file, and most have nothing else.
  return /[\r\u2028\u2029]/.test(source) ? source.split(/\r\n|[\n\r\u2028\u2029]/) : source.split('\n');
}

export class Registry {
  readonly functions: RegisteredFunction[] = [];
  /** Slot base per function id, read by `enter` on every call. */
  bases = new Int32Array(256);
  private readonly files = new Map<string, RegisteredFile>();
  /** Files whose source map could not be read, and why (said once, in the results). */
  readonly unreadableMaps = new Map<string, string>();

  constructor(private readonly counters: Counters) {}

  /** Registers a file's functions; returns the id of its first function. */
  registerFile(key: string, file: string, table: FunctionTable, source: () => string, options = ''): number {
    const existing = this.files.get(key);
    if (existing) return existing.firstId;
    const firstId = this.functions.length;
    for (const [name, line, endLine, column = 0] of table) {
      const base = this.counters.allocate(endLine - line + 1);
      const id = this.functions.length;
      this.functions.push({ id, file, fileKey: key, name, line, endLine, column, base });
      if (id >= this.bases.length) {
        const bigger = new Int32Array(this.bases.length * 2 + table.length);
        bigger.set(this.bases);
        this.bases = bigger;
      }
      this.bases[id] = base;
    }
    this.files.set(key, { key, file, options, firstId, count: table.length, source });
    return firstId;
  }

  fileOf(key: string): RegisteredFile | undefined {
    return this.files.get(key);
  }

  functionsOfFile(key: string): RegisteredFunction[] {
    const file = this.files.get(key);
    return file ? this.functions.slice(file.firstId, file.firstId + file.count) : [];
  }

  /**
   * Source lines `line..endLine` of a function, from the file's embedded source. Lines
   * longer than MAX_LINE are cut: a minified file puts thousands of functions on one
   * line, and each function carries its lines into the result file.
   */
  sourceOf(fn: RegisteredFunction): string[] {
    const file = this.files.get(fn.fileKey);
    if (!file) return [];
    file.lines ??= sourceLines(file.source());
    return file.lines.slice(fn.line - 1, fn.endLine).map((text, i) => (i === 0 ? cutFrom(text, fn.column) : cutLine(text)));
  }

  /**
   * A function's stats on the lines of the source its file was built from, when the file
   * names a source map (see original-lines.ts); else as they are.
   */
  onOriginalLines(fn: RegisteredFunction, stats: FunctionStats): FunctionStats {
    const file = this.files.get(fn.fileKey);
    if (!file) return stats;
    if (file.origin === undefined) {
      file.origin = originalLinesOf(file.file, file.source(), (reason) => this.unreadableMaps.set(file.file, reason)) ?? null;
    }
    return file.origin ? onOriginalLines(stats, fn, file.origin, cutLine) : stats;
  }

  /**
   * The registered function a function object runs, found through the entry probe in
   * its own source text: the lowest id in it is its own (nested functions come later).
   */
  idOf(fn: Function): number | undefined {
    const ids = this.idsIn(fn);
    return ids.length > 0 ? Math.min(...ids) : undefined;
  }

  /** Ids of every registered function whose entry probe is in fn's source text. */
  idsIn(fn: Function): number[] {
    let text: string;
    try {
      text = nativeToString.call(fn);
    } catch {
      return [];
    }
    const ids: number[] = [];
    for (const match of text.matchAll(ENTER_PATTERN)) {
      const file = this.files.get(match[1]);
      if (file) ids.push(file.firstId + Number(match[2]));
    }
    return ids;
  }

}
