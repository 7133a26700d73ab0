// The result file: a versioned JSON document holding a ProfileResult. serializeResult and
// parseResult are pure; readResultFile and writeResultFile are the thin I/O around them.
// Must not print, exit, or read any file other than the one it is given; every failure is
// a one-line LineprofError naming the file.
//
// Layout (version 1); `runs[i].unit`/`engine` appear only when they differ from the top:
//   { "format": "lineprof", "version": 1, "meta": {...}, "unit": 1e-9, "engine": "exact",
//     "functions": [ { "file", "name", "line", "source": [...], "lines": [[line, hits, time, wait], ...] } ],
//     "runs": [ { "label", "functions": [...] } ] }
// Line rows are arrays, not objects, because they are most of the file.

import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { LineprofError } from '../errors.js';
import type {
  EngineName,
  FunctionStats,
  LineStats,
  ProfileMeta,
  ProfileResult,
  ProfileStats,
} from './model.js';

export const RESULT_FORMAT = 'lineprof';
export const RESULT_VERSION = 1;

const ENGINES: readonly EngineName[] = ['exact', 'sampled'];
const STRING_META = ['cwd', 'nodeVersion', 'startTime', 'clock'] as const;
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
  const runs = result.runs.map((run) => {
    const own = run.stats.unit !== stats.unit || run.stats.engine !== stats.engine;
    const runHead = own ? { label: run.label, unit: run.stats.unit, engine: run.stats.engine } : { label: run.label };
    return withFunctions(runHead, run.stats.functions);
  });
  return `${withFunctions(head, stats.functions).slice(0, -1)},\n"runs":${listJson(runs)}}\n`;
}

/** `head` as a JSON object with a last key "functions" laid out one function per line. */
function withFunctions(head: object, functions: readonly FunctionStats[]): string {
  return `${JSON.stringify(head).slice(0, -1)},\n"functions":${functionsJson(functions)}}`;
}

function functionsJson(functions: readonly FunctionStats[]): string {
  const items = functions.map((fn) =>
    JSON.stringify({
      file: fn.file,
      name: fn.name,
      line: fn.line,
      source: fn.source,
      lines: fn.lines.map((l) => [l.line, l.hits, l.time, l.wait]),
    }),
  );
  return listJson(items);
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
  const reader = new Reader(corrupt);
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
 * Writes atomically: the whole file goes to `<path>.<pid>.tmp` beside it and is then
 * renamed over `path`, so a reader (or a crash) never sees half a file. The pid keeps
 * two processes writing the same result from clobbering each other's temporary file.
 * Synchronous on purpose: it runs in a process 'exit' handler, where nothing async runs.
 */
export function writeResultFile(path: string, result: ProfileResult): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, serializeResult(result));
    renameSync(temporary, path);
  } catch (cause) {
    rmSync(temporary, { force: true });
    throw new LineprofError('IO', `${path}: cannot write (${errnoCode(cause) ?? String(cause)})`, { cause });
  }
}

/** Validates parsed JSON into fresh model values; `corrupt` throws with what was wrong. */
class Reader {
  constructor(private readonly corrupt: (what: string) => never) {}

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
    const { file, name, line, source, lines } = value;
    if (typeof file !== 'string') this.corrupt(`${where}.file is not a string`);
    if (typeof name !== 'string') this.corrupt(`${where}.name is not a string`);
    if (!isLineNumber(line)) this.corrupt(`${where}.line is not a positive integer`);
    if (!isStringList(source)) this.corrupt(`${where}.source is not a list of strings`);
    if (!Array.isArray(lines)) this.corrupt(`${where}.lines is not a list`);
    const rows: LineStats[] = [];
    for (const [i, row] of lines.entries()) {
      const at = `${where}.lines[${i}]`;
      if (!Array.isArray(row) || row.length !== 4 || !row.every((n) => Number.isFinite(n))) {
        this.corrupt(`${at} is not [line, hits, time, wait]`);
      }
      const [lineNo, hits, time, wait] = row as number[];
      if (!isLineNumber(lineNo)) this.corrupt(`${at} has line ${lineNo}, not a positive integer`);
      if (!Number.isInteger(hits)) this.corrupt(`${at} has hits ${hits}, not an integer`);
      const previous = rows[rows.length - 1];
      if (previous !== undefined && previous.line >= lineNo) this.corrupt(`${at} is out of line order`);
      rows.push({ line: lineNo, hits, time, wait });
    }
    return { file, name, line, source: [...source], lines: rows };
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
