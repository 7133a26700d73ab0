// One file's source in, runnable JavaScript out: instruments the original source (JS or
// TS, so probes carry the original line numbers), then transpiles TypeScript with
// esbuild, chaining the source maps so stack traces name the original file:line.
// No file reads here except the tsconfig lookup.

import type { TsconfigRaw } from 'esbuild';
import { createOwnRequire } from '../own-require.js';
import path from 'node:path';
import { LineprofError } from '../errors.js';
import { instrument } from '../instrument/instrument.js';
import { hasModuleSyntax as detectModuleSyntax } from '../instrument/parse.js';
import { fileKeyOf, isTypeScript, langOf, type ModuleKind } from './files.js';
import type { ProbePlan } from './plan.js';
import { asProgramError, programSyntaxError, syntaxErrorModule } from './program-error.js';

export interface TransformRequest {
  readonly source: string;
  readonly filename: string;
  /** How Node classifies the file; 'detect' decides by the syntax it uses. */
  readonly kind: ModuleKind;
  /** False for files outside the program's own: TypeScript is still transpiled, without probes. */
  readonly instrument: boolean;
  /** The process's timing engine and inline probes (see ProbePlan). */
  readonly plan: ProbePlan;
}

export interface TransformResult {
  readonly code: string;
  /** The module system the code must run in. */
  readonly format: 'module' | 'commonjs';
  /** Number of functions instrumented. */
  readonly functions: number;
}

/**
 * Never throws for a file that does not parse: a TypeScript syntax error becomes a module
 * that prints it as Node would; JavaScript that does not parse comes back unchanged, for
 * Node to report.
 */
export function transformSource(request: TransformRequest): TransformResult {
  try {
    return transformOrThrow(request);
  } catch (error) {
    if (error instanceof SyntaxError) return { code: syntaxErrorModule(error), format: request.kind === 'module' ? 'module' : 'commonjs', functions: 0 };
    throw error;
  }
}

function transformOrThrow(request: TransformRequest): TransformResult {
  const { source, filename, kind, plan } = request;
  const lang = langOf(filename);
  const sourceType = kind === 'module' ? 'module' : kind === 'commonjs' && lang === 'js' ? 'commonjs' : 'unambiguous';
  let code = source;
  let hasModuleSyntax = false;
  let functions = 0;
  if (request.instrument) {
    let result;
    try {
      result = instrument(source, { file: filename, fileKey: fileKeyOf(filename), lang, sourceType, sourceMap: isTypeScript(filename), ...plan });
    } catch (error) {
      // JavaScript with a syntax error runs unchanged, so Node reports it as it always does.
      if (!isTypeScript(filename) && error instanceof LineprofError && error.code === 'SYNTAX') {
        return { code: source, format: kind === 'module' ? 'module' : 'commonjs', functions: 0 };
      }
      if (error instanceof LineprofError) throw asProgramError(error, source);
      // A bug of lineprof's must not stop the program: the file runs unprofiled.
      process.stderr.write(`lineprof: ${filename}: not profiled (internal error: ${(error as Error).message})\n`);
      return transformOrThrow({ ...request, instrument: false });
    }
    hasModuleSyntax = result.hasModuleSyntax;
    functions = result.functions.length;
    // Probes keep every line where it was, so plain JS needs no source map (and Node's
    // source-map mode would change how the program's own stack traces print). TypeScript
    // gets one, which esbuild chains into the map of its output.
    code = result.map ? `${result.code}\n//# sourceMappingURL=${result.map.toUrl()}\n` : result.code;
  } else if (kind === 'detect') {
    hasModuleSyntax = detectModuleSyntax(filename, source, { sourceType: 'unambiguous' });
  }
  const format = kind === 'detect' ? (hasModuleSyntax ? 'module' : 'commonjs') : kind;
  if (!isTypeScript(filename)) return { code, format, functions };
  return { code: transpile(code, source, filename, format, hasModuleSyntax), format, functions };
}

// esbuild and get-tsconfig load on the first TypeScript file: a JavaScript program
// should not pay ~120 ms of start-up, in each thread, for them.
const require = createOwnRequire(import.meta.url);
let esbuild: typeof import('esbuild') | undefined;
let tsconfigReader: typeof import('get-tsconfig') | undefined;

function transpile(code: string, original: string, filename: string, format: 'module' | 'commonjs', hasModuleSyntax: boolean): string {
  try {
    esbuild ??= require('esbuild') as typeof import('esbuild');
    const result = esbuild.transformSync(code, {
      loader: langOf(filename) === 'tsx' ? 'tsx' : 'ts',
      sourcefile: filename,
      sourcemap: 'inline',
      target: 'node20',
      platform: 'node',
      // A CommonJS-scoped .ts written with import/export compiles to require(), as tsc does.
      format: format === 'commonjs' && hasModuleSyntax ? 'cjs' : undefined,
      tsconfigRaw: tsconfigFor(filename),
    });
    return result.code;
  } catch (error) {
    const first = (error as { errors?: { text: string; location?: { line: number; column: number } }[] }).errors?.[0];
    if (first) {
      const { line, column } = first.location ?? { line: 1, column: 0 };
      throw programSyntaxError(original, { file: filename, line, column, message: first.text });
    }
    throw error;
  }
}

const tsconfigCache = new Map<string, TsconfigRaw>();

/** The compiler options esbuild honours, from the nearest tsconfig.json. */
function tsconfigFor(filename: string): TsconfigRaw {
  const dir = path.dirname(filename);
  let raw = tsconfigCache.get(dir);
  if (!raw) {
    tsconfigReader ??= require('get-tsconfig') as typeof import('get-tsconfig');
    const found = tsconfigReader.getTsconfig(dir);
    const options = (found?.config.compilerOptions ?? {}) as Record<string, unknown>;
    const keep = [
      'experimentalDecorators', 'useDefineForClassFields', 'verbatimModuleSyntax', 'preserveValueImports',
      'importsNotUsedAsValues', 'jsx', 'jsxFactory', 'jsxFragmentFactory', 'jsxImportSource', 'target',
    ];
    const compilerOptions: Record<string, unknown> = {};
    for (const key of keep) if (options[key] !== undefined) compilerOptions[key] = options[key];
    raw = { compilerOptions } as TsconfigRaw;
    tsconfigCache.set(dir, raw);
  }
  return raw;
}
