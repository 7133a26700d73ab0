// The result file: a versioned JSON document holding a ProfileResult. serializeResult and
// parseResult are pure; readResultFile and writeResultFile are the thin I/O around them.
// Must not print, exit, or read any file other than the one it is given; every failure is
// a one-line LineprofError naming the file.
//
// Layout (version 2); `runs[i].unit`/`engine` appear only when they differ from the top:
//   { "format": "lineprof", "version": 2, "meta": {...}, "unit": 1e-9, "engine": "exact",
//     "functions": [ { "file", "name", "line", "lineCount", "lines": [[line, hits, time, wait, max?], ...] } ],
//     "runs": [ { "label", "functions": [...] } ],
//     "sources": { "<file>": [[firstLine, ["text", ...]], ...] } }
// Line rows are arrays, not objects, because they are most of the file. A function's
// source is lines line..line+lineCount-1 of its file, kept once per file in `sources`
// (ranges of consecutive lines): nested functions share their lines with the functions
// around them, and a bundle's outer function is the whole file (with every function of
// typescript.js, version 1's per-function copies made 28 MB out of 9). A function whose
// lines differ from what `sources` holds for them (results merged from two versions of a
// file) keeps its own "source": [...] instead of "lineCount", as every function did in
// version 1, which is still read. A row's fifth number, the line's slowest hit, is there
// only where it was measured (exact engine, since 2026-12); a reader of four-number rows
// is unaffected by it, as readers here ignore what they do not know.

import { closeSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { LineprofError } from '../errors.js';
import { lastAtOrBefore } from '../sorted.js';
import type {
  EngineName,
  FunctionStats,
  LineStats,
  ProfileMeta,
  ProfileResult,
  ProfileStats,
} from './model.js';

export const RESULT_FORMAT = 'lineprof';
export const RESULT_VERSION = 2;

const ENGINES: readonly EngineName[] = ['exact', 'sampled'];
const STRING_META = ['cwd', 'nodeVersion', 'startTime', 'clock', 'launch'] as const;
const NUMBER_META = ['samples', 'intervalUs', 'probeCostNs', 'callCostNs'] as const;

export function serializeResult(result: ProfileResult): string {
  const { stats } = result;
  const head = {
    format: RESULT_FORMAT,
    version: RESULT_VERSION,
    meta: copyMeta(result.meta),
    unit: stats.unit,
    engine: stats.engine,
  };
  // The whole run's functions claim their source lines first, then the labelled runs'.
  const sources = new SourceTable();
  const top = withFunctions(head, stats.functions, sources);
  const runs = result.runs.map((run) => {
    const own = run.stats.unit !== stats.unit || run.stats.engine !== stats.engine;
    const runHead = own ? { label: run.label, unit: run.stats.unit, engine: run.stats.engine } : { label: run.label };
    return withFunctions(runHead, run.stats.functions, sources);
  });
  return `${top.slice(0, -1)},\n"runs":${listJson(runs)},\n"sources":${sources.json()}}\n`;
}

/** `head` as a JSON object with a last key "functions" laid out one function per line. */
function withFunctions(head: object, functions: readonly FunctionStats[], sources: SourceTable): string {
  return `${JSON.stringify(head).slice(0, -1)},\n"functions":${functionsJson(functions, sources)}}`;
}

function functionsJson(functions: readonly FunctionStats[], sources: SourceTable): string {
  const items = functions.map((fn) => {
    const text = sources.add(fn.file, fn.line, fn.source) ? { lineCount: fn.source.length } : { source: fn.source };
    return JSON.stringify({
      file: fn.file,
      name: fn.name,
      line: fn.line,
      ...text,
      lines: fn.lines.map((l) => (l.max === undefined ? [l.line, l.hits, l.time, l.wait] : [l.line, l.hits, l.time, l.wait, l.max])),
    });
  });
  return listJson(items);
}

/** Source lines by file and line number, each kept once (see the layout above). */
class SourceTable {
  /** Per file, its lines by number (a sparse array: holes where no function reaches). */
  private readonly files = new Map<string, string[]>();

  /** Records a function's lines; false when some differ from lines already recorded. */
  add(file: string, first: number, source: readonly string[]): boolean {
    let lines = this.files.get(file);
    if (lines === undefined) {
      lines = [];
      this.files.set(file, lines);
    }
    for (let i = 0; i < source.length; i++) {
      const known = lines[first + i];
      if (known !== undefined && known !== source[i]) return false;
    }
    for (let i = 0; i < source.length; i++) lines[first + i] = source[i];
    return true;
  }

  /** `{ file: [[firstLine, [text...]], ...] }`, one file per line, ranges in line order. */
  json(): string {
    const entries: string[] = [];
    for (const [file, lines] of this.files) {
      const ranges: [number, string[]][] = [];
      let open: string[] | undefined;
      for (let n = 1; n < lines.length; n++) {
        const text = lines[n];
        if (text === undefined) {
          open = undefined;
        } else if (open) {
          open.push(text);
        } else {
          open = [text];
          ranges.push([n, open]);
        }
      }
      if (ranges.length > 0) entries.push(`${JSON.stringify(file)}:${JSON.stringify(ranges)}`);
    }
    return entries.length === 0 ? '{}' : `{\n${entries.join(',\n')}\n}`;
  }
}

/** A JSON list of already serialised items, one per line. */
function listJson(items: readonly string[]): string {
  return items.length === 0 ? '[]' : `[\n${items.join(',\n')}\n]`;
}

/** How every result file begins (see serializeResult). */
const STARTS_AS_RESULT = /^\s*\{\s*"format"\s*:\s*"lineprof"/;

/** Parses a result file's text; `fileName` only goes into error messages. */
export function parseResult(text: string, fileName: string): ProfileResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    // lineprof writes result files whole (a temporary file, then a rename): a file that
    // starts as one but does not parse was cut by something else (a full disk, a copy).
    let reason = 'not a lineprof result file (invalid JSON)';
    if (text.trim() === '') reason = 'not a lineprof result file (empty)';
    else if (STARTS_AS_RESULT.test(text)) reason = 'truncated lineprof result file (it ends in the middle)';
    throw new LineprofError('BAD_RESULT_FILE', `${fileName}: ${reason}`, { cause });
  }
  if (!isRecord(doc) || doc.format !== RESULT_FORMAT) {
    throw new LineprofError('BAD_RESULT_FILE', `${fileName}: not a lineprof result file`);
  }
  const corrupt: (what: string) => never = (what) => {
    throw new LineprofError('BAD_RESULT_FILE', `${fileName}: corrupt lineprof result file (${what})`);
  };
  const { version } = doc;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) corrupt('version is not a positive integer');
  if (version > RESULT_VERSION) {
    throw new LineprofError(
      'NEWER_FORMAT',
      `${fileName}: result format version ${version} is newer than this lineprof supports (${RESULT_VERSION}); upgrade lineprof`,
    );
  }
  const reader = new Reader(corrupt, version === 1 ? undefined : readSources(doc.sources, corrupt));
  const unit = reader.unit(doc.unit, 'unit');
  const engine = reader.engine(doc.engine, 'engine');
  const stats: ProfileStats = { unit, engine, functions: reader.functions(doc.functions, 'functions') };
  if (!Array.isArray(doc.runs)) corrupt('runs is not a list');
  const runs = doc.runs.map((run: unknown, i: number) => {
    const where = `runs[${i}]`;
    if (!isRecord(run)) return corrupt(`${where} is not an object`);
    if (typeof run.label !== 'string') corrupt(`${where}.label is not a string`);
    const runStats: ProfileStats = {
      unit: run.unit === undefined ? unit : reader.unit(run.unit, `${where}.unit`),
      engine: run.engine === undefined ? engine : reader.engine(run.engine, `${where}.engine`),
      functions: reader.functions(run.functions, `${where}.functions`),
    };
    return { label: run.label, stats: runStats };
  });
  return { meta: reader.meta(doc.meta), stats, runs };
}

/** Reads and parses a result file; a missing file is NOT_FOUND, other read errors IO. */
export function readResultFile(path: string): ProfileResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    const code = errnoCode(cause);
    if (code === 'ENOENT') throw new LineprofError('NOT_FOUND', `${path}: no such file`, { cause });
    throw new LineprofError('IO', `${path}: cannot read (${code ?? String(cause)})`, { cause });
  }
  return parseResult(text, path);
}

/**
 * Only the metadata of a result file: parsed from its first line, which holds everything
 * before the functions (see the layout above), so that `lineprof run` does not parse a
 * large file (13 MB: ~0.6 s) to print its notes. Anything unexpected there: the whole file
 * is read, with its errors.
 */
export function readResultMeta(path: string): ProfileMeta {
  let head = '';
  try {
    const fd = openSync(path, 'r');
    try {
      const chunk = Buffer.alloc(1 << 16);
      const bytes: Buffer[] = [];
      for (;;) {
        const count = readSync(fd, chunk, 0, chunk.length, null);
        if (count === 0) break;
        const newline = chunk.subarray(0, count).indexOf(10);
        bytes.push(Buffer.from(chunk.subarray(0, newline < 0 ? count : newline)));
        if (newline >= 0) break;
      }
      head = Buffer.concat(bytes).toString('utf8');
    } finally {
      closeSync(fd);
    }
    const doc: unknown = JSON.parse(`${head.replace(/,\s*$/, '')}}`);
    if (isRecord(doc) && doc.format === RESULT_FORMAT && Number.isInteger(doc.version) && (doc.version as number) <= RESULT_VERSION) {
      return new Reader((what) => {
        throw new LineprofError('BAD_RESULT_FILE', `${path}: corrupt lineprof result file (${what})`);
      }).meta(doc.meta);
    }
  } catch {
    // Not the expected first line (or unreadable): the full read below says what is wrong.
  }
  return readResultFile(path).meta;
}

/**
 * Writes atomically: the whole file goes to `<path>.<pid>.tmp` beside it and is then
 * renamed over `path`, so a reader (or a crash) never sees half a file. The pid keeps
 * two processes writing the same result from clobbering each other's temporary file.
 * Synchronous on purpose: it runs in a process 'exit' handler, where nothing async runs.
 */
export function writeResultFile(path: string, result: ProfileResult): void {
  writeFileAtomically(path, serializeResult(result));
}

/** Writes `data` to `path` as writeResultFile does: whole, or not at all. */
export function writeFileAtomically(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (cause) {
    rmSync(temporary, { force: true });
    throw new LineprofError('IO', `${path}: cannot write (${errnoCode(cause) ?? String(cause)})`, { cause });
  }
}

/** Version 2's `sources`, validated: per file, its line ranges in line order. */
function readSources(value: unknown, corrupt: (what: string) => never): Map<string, FileSource> {
  if (!isRecord(value)) return corrupt('sources is not an object');
  const files = new Map<string, FileSource>();
  for (const [file, ranges] of Object.entries(value)) {
    const where = `sources[${JSON.stringify(file)}]`;
    if (!Array.isArray(ranges)) return corrupt(`${where} is not a list`);
    let end = 0;
    const read = ranges.map((range: unknown, i): SourceRange => {
      if (!Array.isArray(range) || range.length !== 2 || !isLineNumber(range[0]) || !isStringList(range[1])) {
        return corrupt(`${where}[${i}] is not [firstLine, [text, ...]]`);
      }
      const first = range[0] as number;
      if (first <= end) corrupt(`${where}[${i}] is out of line order`);
      end = first + range[1].length - 1;
      return { first, lines: range[1] as string[] };
    });
    files.set(file, { firsts: read.map((range) => range.first), ranges: read });
  }
  return files;
}

interface SourceRange {
  readonly first: number;
  readonly lines: readonly string[];
}

/** A file's ranges in line order, with their first lines for a binary search. */
interface FileSource {
  readonly firsts: readonly number[];
  readonly ranges: readonly SourceRange[];
}

/** Validates parsed JSON into fresh model values; `corrupt` throws with what was wrong. */
class Reader {
  /** @param sources version 2's source table (undefined: version 1, a source per function) */
  constructor(
    private readonly corrupt: (what: string) => never,
    private readonly sources?: Map<string, FileSource>,
  ) {}

  /** A function's source: its own list, or (version 2) `lineCount` lines from `sources`. */
  private sourceOf(value: Record<string, unknown>, where: string): string[] {
    const { file, line, source, lineCount } = value;
    if (this.sources === undefined || source !== undefined) {
      if (!isStringList(source)) this.corrupt(`${where}.source is not a list of strings`);
      return [...source];
    }
    if (!Number.isInteger(lineCount) || (lineCount as number) < 0) this.corrupt(`${where}.lineCount is not a count of lines`);
    const count = lineCount as number;
    if (count === 0) return [];
    const first = line as number;
    const known = this.sources.get(file as string);
    const range = known?.ranges[lastAtOrBefore(known.firsts, first)];
    if (range === undefined || first + count > range.first + range.lines.length) return this.corrupt(`${where}: lines ${first}-${first + count - 1} are not in sources`);
    return range.lines.slice(first - range.first, first - range.first + count);
  }

  unit(value: unknown, where: string): number {
    if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
      return this.corrupt(`${where} is not a positive number`);
    }
    return value;
  }

  engine(value: unknown, where: string): EngineName {
    const found = ENGINES.find((name) => name === value);
    return found ?? this.corrupt(`${where} is not one of ${ENGINES.join(', ')}`);
  }

  functions(value: unknown, where: string): FunctionStats[] {
    if (!Array.isArray(value)) return this.corrupt(`${where} is not a list`);
    return value.map((fn: unknown, i) => this.function(fn, `${where}[${i}]`));
  }

  private function(value: unknown, where: string): FunctionStats {
    if (!isRecord(value)) return this.corrupt(`${where} is not an object`);
    const { file, name, line, lines } = value;
    if (typeof file !== 'string') this.corrupt(`${where}.file is not a string`);
    if (typeof name !== 'string') this.corrupt(`${where}.name is not a string`);
    if (!isLineNumber(line)) this.corrupt(`${where}.line is not a positive integer`);
    const source = this.sourceOf(value, where);
    if (!Array.isArray(lines)) this.corrupt(`${where}.lines is not a list`);
    const rows: LineStats[] = [];
    for (const [i, row] of lines.entries()) {
      const at = `${where}.lines[${i}]`;
      if (!Array.isArray(row) || (row.length !== 4 && row.length !== 5) || !row.every((n) => Number.isFinite(n))) {
        this.corrupt(`${at} is not [line, hits, time, wait] or [line, hits, time, wait, max]`);
      }
      const [lineNo, hits, time, wait, max] = row as number[];
      if (!isLineNumber(lineNo)) this.corrupt(`${at} has line ${lineNo}, not a positive integer`);
      if (!Number.isInteger(hits)) this.corrupt(`${at} has hits ${hits}, not an integer`);
      const previous = rows[rows.length - 1];
      if (previous !== undefined && previous.line >= lineNo) this.corrupt(`${at} is out of line order`);
      rows.push(max === undefined ? { line: lineNo, hits, time, wait } : { line: lineNo, hits, time, wait, max });
    }
    return { file, name, line, source, lines: rows };
  }

  /** Known keys only: a reader of version 1 ignores keys added by later minor releases. */
  meta(value: unknown): ProfileMeta {
    if (!isRecord(value)) return this.corrupt('meta is not an object');
    if (value.command !== undefined && !isStringList(value.command)) {
      this.corrupt('meta.command is not a list of strings');
    }
    if (value.notes !== undefined && !isStringList(value.notes)) this.corrupt('meta.notes is not a list of strings');
    for (const key of STRING_META) {
      if (value[key] !== undefined && typeof value[key] !== 'string') this.corrupt(`meta.${key} is not a string`);
    }
    for (const key of NUMBER_META) {
      if (value[key] !== undefined && !Number.isFinite(value[key])) this.corrupt(`meta.${key} is not a number`);
    }
    if (value.compensated !== undefined && typeof value.compensated !== 'boolean') {
      this.corrupt('meta.compensated is not a boolean');
    }
    return copyMeta(value as ProfileMeta);
  }
}

/** The known metadata keys, in a fixed order, without undefined entries. */
function copyMeta(meta: ProfileMeta): ProfileMeta {
  const copy: Record<string, unknown> = {};
  if (meta.command !== undefined) copy.command = [...meta.command];
  for (const key of [...STRING_META, ...NUMBER_META, 'compensated'] as const) {
    if (meta[key] !== undefined) copy[key] = meta[key];
  }
  if (meta.notes !== undefined && meta.notes.length > 0) copy.notes = [...meta.notes];
  return copy as ProfileMeta;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isLineNumber(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1;
}

function errnoCode(error: unknown): string | undefined {
  const code = isRecord(error) ? error.code : undefined;
  return typeof code === 'string' ? code : undefined;
}
