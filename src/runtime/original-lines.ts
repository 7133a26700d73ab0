// Built code with a source map (tsc --sourceMap, a bundler, a dependency that ships its
// .map files): lineprof instruments the JavaScript that runs, and reports on the lines of
// the source it was built from, as a stack trace with source maps would. Nothing changes
// while the program runs: the map is read when results are, from the file's own
// `//# sourceMappingURL=` comment (inline, or a file beside it), and decoded with
// @jridgewell/trace-mapping, which loads only then.
//
// A generated line takes the original line of its first mapping; a line without one
// (a helper tsc emits, a line of a wrapped statement) belongs to the mapped line before it,
// so that no time is lost. Several generated lines of one original line (a down-levelled
// `for...of`, an `await` turned into a state machine) make one line: their times add up,
// and its hits are the most any of them had, since each of them ran once per execution of
// the original line (adding them up would count it several times). A function starts at
// the mapping at its column. A generated line that holds one statement written on several
// lines (tsc joins some) counts on its first line, as line_profiler counts a statement.
// Minified code packs many statements, and functions, on one line, which cannot be told
// apart after the fact: a function all on one generated line that maps to several
// original lines, or with a generated line that maps to more than PACKED, stays on the
// built lines.

import fs from 'node:fs';
import { createOwnRequire } from '../own-require.js';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FunctionStats, LineStats } from '../stats/model.js';

export interface Position {
  readonly source: number;
  readonly line: number;
}

/** More original lines than this on one generated line: minified (see above). */
const PACKED = 10;

/** The original position of each generated line of one file. */
export interface OriginalLines {
  /**
   * Original file (by its index in `sources`) and 1-based line of generated line `line`:
   * of its first mapping, or with `column`, of the mapping there.
   */
  at(line: number, column?: number): Position | undefined;
  /** Whether generated line `line` maps to more than PACKED original lines (minified). */
  packed(line: number): boolean;
  /** How many original lines generated line `line` maps to from `column` on. */
  spans(line: number, column: number): number;
  /** The original files, by the index `at` returns. */
  readonly sources: readonly string[];
  /** The lines of an original file; undefined when neither the map nor the disk has its text. */
  text(source: number): readonly string[] | undefined;
}

/** `//# sourceMappingURL=…` as the last comment of a file (the form compilers write). */
const MAPPING_URL = /\/\/[#@] sourceMappingURL=([^\s'"]+)\s*$/;

type TraceMapping = typeof import('@jridgewell/trace-mapping');
let traceMapping: TraceMapping | undefined;

/**
 * The source map the generated file names, or undefined without one (or one that cannot
 * be read: `onError` says why, and the generated lines are reported).
 */
export function originalLinesOf(file: string, source: string, onError: (reason: string) => void): OriginalLines | undefined {
  const tail = source.slice(Math.max(0, source.length - 4096));
  const url = MAPPING_URL.exec(tail)?.[1];
  if (!url) return undefined;
  try {
    const [json, mapFile] = readMap(url, file);
    return decodeMap(json, mapFile);
  } catch (error) {
    // A map file that is not there is what packages that strip their maps and keep the
    // comment (typescript.js) ship, and what Node's source-map support passes over quietly.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onError((error as Error).message.split('\n')[0]);
    return undefined;
  }
}

/** The mappings of each generated line, as trace-mapping decodes them. */
type DecodedLines = ReturnType<TraceMapping['decodedMappings']>;

/** The original lines of a map's JSON; one that cannot be decoded throws, for originalLinesOf to report. */
function decodeMap(json: string, mapFile: string): OriginalLines {
  traceMapping ??= createOwnRequire(import.meta.url)('@jridgewell/trace-mapping') as TraceMapping;
  const map = new traceMapping.AnyMap(json, mapFile);
  const lines = traceMapping.decodedMappings(map);
  const sources = map.resolvedSources.map((resolved) => (resolved.startsWith('file:') ? fileURLToPath(resolved) : resolved));
  const texts = new Map<number, readonly string[] | undefined>();
  const { sourceOf, lineOf, packed } = firstMappings(lines);
  return {
    sources,
    at(line, column) {
      const i = line - 1;
      if (column !== undefined && column > 0) return mappingAt(lines[i] ?? [], column);
      return i < sourceOf.length && sourceOf[i] >= 0 ? { source: sourceOf[i], line: lineOf[i] } : undefined;
    },
    spans(line, column) {
      const originals = new Set<number>();
      for (const segment of lines[line - 1] ?? []) if (segment.length !== 1 && segment[0] >= column) originals.add(segment[1] * 2 ** 32 + segment[2]);
      return originals.size;
    },
    packed(line) {
      return packed[line - 1] === 1;
    },
    text(index) {
      if (!texts.has(index)) texts.set(index, (map.sourcesContent?.[index] ?? readText(sources[index]))?.split(/\r\n|[\n\r\u2028\u2029]/));
      return texts.get(index);
    },
  };
}

/**
 * Per generated line, once: the first mapping's source and line (-1: none), and whether
 * it is packed.
 */
function firstMappings(lines: DecodedLines): { sourceOf: Int32Array; lineOf: Int32Array; packed: Uint8Array } {
  const sourceOf = new Int32Array(lines.length).fill(-1);
  const lineOf = new Int32Array(lines.length);
  const packed = new Uint8Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const segments = lines[i];
    const originals = new Set<number>();
    for (const segment of segments) {
      if (segment.length === 1) continue;
      if (sourceOf[i] < 0) [sourceOf[i], lineOf[i]] = [segment[1], segment[2] + 1];
      if (segments.length > PACKED) originals.add(segment[1] * 2 ** 32 + segment[2]);
    }
    packed[i] = originals.size > PACKED ? 1 : 0;
  }
  return { sourceOf, lineOf, packed };
}

/** Of one generated line's mappings: the last at or before the column, else the first after it. */
function mappingAt(segments: DecodedLines[number], column: number): Position | undefined {
  let found: Position | undefined;
  for (const segment of segments) {
    if (segment.length === 1) continue;
    if (segment[0] > column && found) break;
    found = { source: segment[1], line: segment[2] + 1 };
    if (segment[0] >= column) break;
  }
  return found;
}

/** The map's JSON, and the URL its sources are relative to. */
function readMap(url: string, file: string): [string, string] {
  const generated = file.startsWith('file:') ? fileURLToPath(file) : file;
  if (url.startsWith('data:')) {
    const comma = url.indexOf(',');
    if (comma < 0) throw new Error('a data: URL without data');
    const data = url.slice(comma + 1);
    const json = /;base64$/.test(url.slice(0, comma)) ? Buffer.from(data, 'base64').toString('utf8') : decodeURIComponent(data);
    return [json, pathToFileURL(generated).href];
  }
  const mapFile = url.startsWith('file:') ? fileURLToPath(url) : path.resolve(path.dirname(generated), decodeURIComponent(url));
  return [fs.readFileSync(mapFile, 'utf8'), pathToFileURL(mapFile).href];
}

function readText(file: string | undefined): string | undefined {
  if (!file || !path.isAbsolute(file)) return undefined;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * One function's stats on the original lines (see above), with the original file's text
 * of them; unchanged when its lines do not map to a file. `cut` shortens a long line as
 * the registry does.
 */
export function onOriginalLines(
  stats: FunctionStats,
  fn: { readonly line: number; readonly endLine: number; readonly column: number },
  origin: OriginalLines,
  cut: (line: string) => string,
): FunctionStats {
  const { endLine } = fn;
  // Where the function starts: the mapping at its column, else its first mapped line.
  let first = origin.at(fn.line, fn.column);
  for (let line = fn.line + 1; line <= endLine && !first; line++) first = origin.at(line);
  if (!first) return stats;
  if (endLine === fn.line && origin.spans(fn.line, fn.column) > 1) return stats;
  for (let line = fn.line; line <= endLine; line++) if (origin.packed(line)) return stats;
  const { source } = first;
  // A map whose sources are neither in it nor on disk (a package that ships its maps, not
  // its sources): the built lines, which the report can show.
  const text = origin.text(source);
  if (text === undefined) return stats;
  const originalOf = new Map<number, number>();
  let current = first.line;
  for (let line = fn.line; line <= endLine; line++) {
    const at = line === fn.line ? first : origin.at(line);
    if (at && at.source === source) current = at.line;
    originalOf.set(line, current);
  }
  const byLine = new Map<number, LineStats>();
  for (const stat of stats.lines) {
    const line = originalOf.get(stat.line) ?? first.line;
    const seen = byLine.get(line);
    byLine.set(
      line,
      seen ? combined(line, seen, stat) : { ...stat, line },
    );
  }
  const originals = [...originalOf.values()];
  const start = Math.min(...originals);
  const end = Math.max(...originals);
  return {
    file: origin.sources[source],
    name: stats.name,
    line: start,
    source: text.slice(start - 1, end).map(cut),
    lines: [...byLine.values()].sort((a, b) => a.line - b.line),
  };
}

/**
 * One original line made of two generated ones: hits are the most either had, times add
 * up, and a slowest hit is at most the two pieces' slowest together (each hit of the line
 * ran each piece once), and never more than the line's time.
 */
function combined(line: number, a: LineStats, b: LineStats): LineStats {
  const row = { line, hits: Math.max(a.hits, b.hits), time: a.time + b.time, wait: a.wait + b.wait };
  if (a.max === undefined && b.max === undefined) return row;
  return { ...row, max: Math.min(row.time, (a.max ?? 0) + (b.max ?? 0)) };
}
