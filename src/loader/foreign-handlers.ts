// TypeScript that another loader compiles for require() through a `require.extensions`
// handler of its own (tsx in a CommonJS package, ts-node, @swc-node/register): the
// handler reads the file itself and compiles it, so neither of lineprof's module hooks
// sees its source. When require() is about to load one of the program's own TypeScript
// files with such a handler (the module goes into require's cache just before), lineprof
// hands the handler's own read of the file the instrumented source (hand-over.ts):
// TypeScript still, with probes on the original lines, a declaration of the probes'
// global for a type checker (ts-node checks types), and a source map that the handler's
// compiler chains. The handler compiles it as it would the file, and no function of
// lineprof's is on the stack while the module runs. The module hooks leave those files to
// the handler (`has`), so that each is instrumented once and runs as the other loader
// makes it run.

import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { LineprofError } from '../errors.js';
import { debug } from './debug.js';
import { fileKeyOf, isTypeScript, langOf, moduleKindOf, type FileMatcher } from './files.js';
import { handOver } from './hand-over.js';
import { runtimeDeclaration } from '../protocol.js';
import { instrumentModule } from './lazy.js';
import type { ProbePlan } from './plan.js';

/** For a type checker: what the probes call (a global set up by lineprof's preload; their bare name suffices). */
const RUNTIME_DECLARATION = runtimeDeclaration(false);

export interface ForeignHandlers {
  /** Whether another loader's handler loads this file when require() does. */
  has(filename: string): boolean;
  /** require() is about to load this file: hands its handler the instrumented source, if the file is the program's own. */
  prepare(filename: string): void;
  /** The file's source with probes, TypeScript still (undefined: leave it as it is). */
  instrumented(filename: string): string | undefined;
}

/**
 * Which of the program's TypeScript files a require() handler other than Node's and
 * lineprof's own (`isNodeHandler`) loads, read from `Module._extensions` when asked: the
 * handlers are not wrapped or watched (an accessor on an extension would change how V8
 * names the handler's frame in a stack trace, `[as .ts]`).
 */
export function watchForeignHandlers(isOwnFile: FileMatcher, plan: ProbePlan, isNodeHandler: (handler: unknown) => boolean): ForeignHandlers {
  const extensions = (Module as unknown as { _extensions: Record<string, unknown> })._extensions;
  // The handler require() picks: the extension's own, else `.js`'s (tsx compiles `.cts`
  // in its `.js` handler).
  const has = (filename: string): boolean => {
    if (!isTypeScript(filename)) return false;
    const own = extensions[path.extname(filename)];
    const handler = typeof own === 'function' ? own : extensions['.js'];
    return typeof handler === 'function' && !isNodeHandler(handler);
  };
  return {
    has,
    instrumented: (filename) => (isOwnFile(filename) ? instrumented(filename, plan) : undefined),
    prepare(filename) {
      if (!has(filename) || !isOwnFile(filename)) return;
      const code = instrumented(filename, plan);
      if (code !== undefined) handOver(filename, code, true);
    },
  };
}

/**
 * The file's source with probes and its source map inline; undefined to leave the file to
 * the handler as it is (it does not parse: the handler reports that; or it has no function).
 */
function instrumented(filename: string, plan: ProbePlan): string | undefined {
  const instrumenter = instrumentModule();
  if (!instrumenter) return undefined;
  let source: string;
  try {
    source = fs.readFileSync(filename, 'utf8');
  } catch (error) {
    debug('%s: not read here (%s); the handler reads it next and reports the error', filename, (error as Error).message);
    return undefined;
  }
  try {
    const result = instrumenter.instrument(source, {
      file: filename,
      fileKey: fileKeyOf(filename),
      lang: langOf(filename),
      // As transform.ts parses TypeScript (its import syntax may stand in CommonJS).
      sourceType: moduleKindOf(filename) === 'module' ? 'module' : 'unambiguous',
      sourceMap: true,
      ...plan,
    });
    if (!result.map) return undefined;
    // The handler may type-check (ts-node does): the probes' runtime, a global, is declared
    // for it, on a line after the program's last, where it moves nothing.
    return `${result.code}\n${RUNTIME_DECLARATION}\n//# sourceMappingURL=${result.map.toUrl()}\n`;
  } catch (error) {
    if (!(error instanceof LineprofError && error.code === 'SYNTAX')) {
      process.stderr.write(`lineprof: ${filename}: not profiled (internal error: ${(error as Error).message})\n`);
    }
    return undefined;
  }
}
