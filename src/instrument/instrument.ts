// Source in, instrumented source out: parses JS or TS with oxc-parser and inserts probes
// with position-preserving edits (magic-string), so that every original line keeps its
// number. Pure: no file system, no clock, no globals (parse.ts caches one capability flag).
//
// What a function becomes (all on its original lines):
//   function f(a) {"use strict";const $lp_f=__lineprof.e($lp_K+3);try{$lp_f.l(1);stmt;...}finally{$lp_f.x()}}
// Probes are emitted for: each statement that starts a new line (placed at the end of the
// line before it, so that its own line keeps its columns), the update clause of `for`, the
// test of `while`/`do-while`, the head of `for-in/of` (once per iteration), and
// `await`/`yield` (suspension). Under the sampled engine, functions get inline probes
// instead of frame calls (probes.ts, `Inline` and `InlineSuspending`). The walk itself is in
// instrumenter.ts; each kind of function's probes in probe-sets.ts.

import type { SourceMap } from 'magic-string';
import { LineprofError } from '../errors.js';
import type { FunctionPatterns } from '../function-patterns.js';
import type { Node } from './ast.js';
import { NO_SPLICES, type Splices } from './insertions.js';
import { Instrumenter } from './instrumenter.js';
import { LineLocator } from './locator.js';
import { hasModuleSyntax, parseSource } from './parse.js';
import * as probe from './probes.js';

export type SourceLang = 'js' | 'jsx' | 'ts' | 'tsx';

export interface InstrumentOptions {
  /** Path (or URL) of the file, recorded in the function table and the source map. */
  readonly file: string;
  /** Short `[0-9a-z]+` key, unique per file within a process. */
  readonly fileKey: string;
  readonly lang: SourceLang;
  readonly sourceType: 'module' | 'script' | 'commonjs' | 'unambiguous';
  /** Build a source map (costly on large files; plain JS keeps its lines without one). */
  readonly sourceMap?: boolean;
  /**
   * The process's timing engine. 'sampled' gives functions inline probes (see
   * probes.ts, `Inline`), which only that engine's runtime understands. Default 'exact'.
   */
  readonly engine?: 'exact' | 'sampled';
  /**
   * Sampled engine: the functions that get inline probes, as --func patterns
   * (function-patterns.ts) matched against this file; the others get frame calls, which
   * cost almost nothing while nobody records them (see probes.ts). Default: every
   * function. Data, as every option here: the same options instrument a file the same
   * way again (fn.toString() maps text back that way) and can key a cache.
   */
  readonly inline?: FunctionPatterns;
  /**
   * For code that jest runs (lineprof/jest; see probes.ts): the file-level identifiers
   * start with `mock`, which babel-plugin-jest-hoist lets a `jest.mock()` factory
   * reference; the file registers at the first call of any of its functions when that
   * comes before the registration statement (jest.mock() factories that the file's imports
   * call); and it finds the runtime when its realm's global lacks it (jest's jsdom
   * environment). Default false; recorded in the registration's options (`... mock`).
   */
  readonly mockSafe?: boolean;
}

export interface FunctionEntry {
  readonly name: string;
  /** First line (1-based); decorators included, as Python counts them. */
  readonly line: number;
  readonly endLine: number;
  /** Column (0-based, UTF-16) where it starts on its first line. */
  readonly column: number;
}

export interface InstrumentResult {
  readonly code: string;
  /** Map from `code` back to the original source; null when nothing changed or not asked for. */
  readonly map: SourceMap | null;
  readonly functions: readonly FunctionEntry[];
  /** Whether the parser saw import/export syntax (used to pick ESM vs CommonJS). */
  readonly hasModuleSyntax: boolean;
  /** Where probes went in: maps an offset in `code` to the source (originalOffsetOf). */
  readonly splices: Splices;
}

export function instrument(source: string, options: InstrumentOptions): InstrumentResult {
  if (source.includes(probe.VERSION_MARKER)) {
    // Already instrumented: unchanged, but the loader still needs to know its module kind.
    const moduleSyntax = hasModuleSyntax(options.file, source, { lang: options.lang, sourceType: options.sourceType });
    return { code: source, map: null, functions: [], hasModuleSyntax: moduleSyntax, splices: NO_SPLICES };
  }
  const parsed = parseSource(options.file, source, {
    lang: options.lang,
    sourceType: options.sourceType,
    preserveParens: true,
    // Scope errors (duplicate `let`, misplaced `super()`) too: such a file runs unchanged
    // so that Node reports them on the original text.
    showSemanticErrors: true,
  });
  if (parsed.errors.length > 0) {
    const first = parsed.errors[0];
    const offset = first.labels?.[0]?.start ?? 0;
    throw syntaxError(source, options.file, offset, first.message);
  }
  return new Instrumenter(source, options, parsed.comments).run(
    parsed.program as unknown as Node,
    parsed.module.hasModuleSyntax,
  );
}

/** The parse error, located: `file:line:column: SyntaxError: message` (1-based column). */
export function syntaxError(source: string, file: string, offset: number, message: string): LineprofError {
  const locator = new LineLocator(source);
  const line = locator.lineOf(offset);
  const column = offset - locator.lineStart(line);
  return new LineprofError('SYNTAX', `${file}:${line}:${column + 1}: SyntaxError: ${message}`, { location: { file, line, column, message } });
}
