// The CommonJS side of loading: instruments every CommonJS module of the program's own
// files, teaches require() the TypeScript extensions, and lets `require('lineprof')` find
// this copy when the program lacks it.
//
// No function of lineprof's stays on the stack while a plain JavaScript module runs, so
// its stack traces are Node's own: when Node puts a new module in the require cache (the
// step just before it loads it), a proxy on the cache instruments the file and hands the
// result to Node's own loader through a one-shot `fs.readFileSync` for that file, which
// Node's `.js` handler calls next; Node then compiles it with its own `_compile`. (A
// wrapper of `_compile` would add a frame to every stack trace from a module's top level.)
// Two kinds of module get a `_compile` of their own instead (a non-enumerable own property
// that removes itself when called): TypeScript, which may compile to an ES module, and a
// module that the ES module loader put in the cache with its source already read.

import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isTypeScript, moduleKindOf, type FileMatcher } from './files.js';
import { parserModule, transformModule } from './lazy.js';
import type { ProbePlan } from './plan.js';
import { debug } from './debug.js';
import { fallbackResolution, resolutionPlan } from './resolve.js';
import { handOver } from './hand-over.js';
import { watchForeignHandlers } from './foreign-handlers.js';
import { watchRequireCache } from './require-cache.js';
import { withPristineBuiltins } from '../runtime/pristine.js';

// Taken at load: the program may replace Function.prototype.call or Reflect.apply.
const { apply } = Reflect;

interface CjsModule {
  filename: string | null;
  loaded: boolean;
  _compile(content: string, filename: string, format?: string): unknown;
}
interface ModuleInternals {
  prototype: CjsModule;
  _cache: Record<string, CjsModule>;
  _extensions: Record<string, (module: CjsModule, filename: string) => void>;
  _resolveFilename(request: string, parent: CjsModule | undefined, ...rest: unknown[]): string;
  runMain(main?: string): void;
}

const OWN_INDEX = fileURLToPath(new URL('../index.js', import.meta.url));

/**
 * Transpiles (TypeScript) or instruments `content` when this file needs it; `format`
 * 'module' is an ES module that require() loads (require(esm), as mocha loads .mjs specs).
 */
type Transform = (content: string, filename: string, format?: string) => { code: string; format: string | undefined } | undefined;

export function installCommonJsHooks(isOwnFile: FileMatcher, plan: ProbePlan, isNodeHandler: (handler: unknown) => boolean): void {
  const internals = Module as unknown as ModuleInternals;
  const compile = internals.prototype._compile;
  const transform = moduleTransform(isOwnFile, plan, typeScriptSpecifierResolution(internals));
  const ownCompile = ownCompileInstaller(compile, transform);

  const prepare = (filename: string, module: CjsModule): void => {
    const ext = path.extname(filename);
    // TypeScript that another loader's handler compiles: the handler gets it instrumented.
    if (isTypeScript(filename) && foreign.has(filename)) {
      foreign.prepare(filename);
      return;
    }
    if (isTypeScript(filename) || module.filename !== null) {
      // TypeScript, or a module the ES module loader created (it has read the source).
      if (isTypeScript(filename) || (isPlainJs(ext) && isOwnFile(filename))) ownCompile(module);
      return;
    }
    if (!isOwnFile(filename)) return;
    // require() of an ES module of the program's: Node compiles it with format 'module'.
    if (ext === '.mjs' || moduleKindOf(filename) === 'module') {
      ownCompile(module);
      return;
    }
    if (!isPlainJs(ext)) return;
    let content: string;
    try {
      content = fs.readFileSync(filename, 'utf8');
    } catch (error) {
      debug('%s: not read here (%s); Node reads it next and reports the error', filename, (error as Error).message);
      return;
    }
    const done = transform(content, filename);
    if (done) handOver(filename, done.code);
  };

  /** Whether Node's `.js` handler loads a file with this extension (any it has no handler for). */
  const isPlainJs = (ext: string): boolean => ext === '.js' || ext === '.cjs' || !Object.hasOwn(internals._extensions, ext);

  watchRequireCache((filename, module) => prepare(filename, module as unknown as CjsModule));

  // require() of TypeScript: Node's own .js handler reads the file (so a read error has
  // only Node's frames) and calls _compile, where the module's own _compile transpiles it.
  for (const ext of ['.ts', '.cts', '.tsx']) internals._extensions[ext] ??= internals._extensions['.js'];
  const foreign = watchForeignHandlers(isOwnFile, plan, isNodeHandler);

  searchOwnPackageLast();
  runEsmTypeScriptEntry(internals);
}

/** @param resolveTypeScriptSpecifiers called before the first TypeScript file is transpiled */
function moduleTransform(isOwnFile: FileMatcher, plan: ProbePlan, resolveTypeScriptSpecifiers: () => void): Transform {
  const transform: Transform = (content, filename, format) => {
    const ts = isTypeScript(filename);
    if (!ts && !isOwnFile(filename)) return undefined;
    const transformer = transformModule();
    if (!transformer) return undefined;
    if (ts) {
      process.setSourceMapsEnabled(true);
      resolveTypeScriptSpecifiers();
    }
    const kind = ts ? moduleKindOf(filename) : format === 'module' ? 'module' : 'commonjs';
    const result = transformer.transformSource({ source: content, filename, kind, instrument: isOwnFile(filename), plan });
    return result.code === content && result.format !== 'module' ? undefined : { code: result.code, format: result.format };
  };
  return transform;
}

/**
 * TypeScript's `./x.js` (or `./x`) for `./x.ts` in require(), once a TypeScript file
 * loads: a wrapper of Node's resolution, which would otherwise show in every "Cannot find
 * module" stack. It catches only where it has an alternative to offer (resolve.ts).
 *
 * @returns installs the wrapper, on its first call only
 */
function typeScriptSpecifierResolution(internals: ModuleInternals): () => void {
  let resolvingTypeScript = false;
  const resolveTypeScriptSpecifiers = (): void => {
    if (resolvingTypeScript) return;
    resolvingTypeScript = true;
    const resolveFilename = internals._resolveFilename;
    internals._resolveFilename = function (this: unknown, request: string, parent: CjsModule | undefined): string {
      // lineprof's steps with the built-ins it found at load (pristine.ts), the
      // resolution before it (Node's, or a program's) with the program's.
      const parentFile = parent?.filename;
      const parentURL = parentFile ? withPristineBuiltins(() => pathToFileURL(parentFile).href) : undefined;
      const plan = withPristineBuiltins(() => resolutionPlan(request, parentURL));
      if (plan.kind === 'instead') return withPristineBuiltins(() => fileURLToPath(plan.url));
      if (plan.kind === 'node' || request === 'lineprof') return apply(resolveFilename, this, arguments);
      try {
        return apply(resolveFilename, this, arguments);
      } catch (error) {
        const retry = withPristineBuiltins(() => fallbackResolution(request, parentURL));
        if (retry === undefined) throw error;
        return withPristineBuiltins(() => fileURLToPath(retry));
      }
    };
  };
  return resolveTypeScriptSpecifiers;
}

/**
 * @param compile Node's `Module.prototype._compile`, as it was when the hooks were installed
 * @returns gives a module a `_compile` of its own, which transforms its source first
 */
function ownCompileInstaller(compile: CjsModule['_compile'], transform: Transform): (module: CjsModule) => void {
  const ownCompile = (module: CjsModule): void => {
    Object.defineProperty(module, '_compile', {
      configurable: true,
      enumerable: false,
      writable: true,
      value: function (this: CjsModule, content: string, filename: string, format?: string) {
        delete (this as Partial<CjsModule>)._compile;
        // TypeScript that Node already took for an ES module was transpiled by the ES hooks.
        const done = withPristineBuiltins(() => (format === 'module' && isTypeScript(filename) ? undefined : transform(content, filename, format)));
        return apply(compile, this, [done?.code ?? content, filename, done?.format === 'module' ? 'module' : format]);
      },
    });
  };
  return ownCompile;
}

/**
 * `require('lineprof')` from a program that does not install it (run through npx):
 * the node_modules folder holding this copy is searched last, as NODE_PATH would be.
 * (No wrapper around resolution: it would show in every "Cannot find module" stack.)
 */
function searchOwnPackageLast(): void {
  const packageDir = path.resolve(path.dirname(OWN_INDEX), '../..');
  if (path.basename(packageDir) === 'lineprof' && path.basename(path.dirname(packageDir)) === 'node_modules') {
    (Module as unknown as { globalPaths: string[] }).globalPaths.push(path.dirname(packageDir));
  }
}

/**
 * Node runs a .ts entry through the CommonJS loader (it only knows .js/.mjs/.cjs);
 * an ES-module .ts entry goes to the ESM loader instead, as Node 22+ does natively.
 * Only then is runMain replaced, so other entries' stack traces keep Node's frames.
 */
function runEsmTypeScriptEntry(internals: ModuleInternals): void {
  const entry = process.argv[1] ? path.resolve(process.argv[1]) : '';
  if (isTypeScript(entry) && isEsmTypeScript(entry)) {
    internals.runMain = function () {
      // Left unhandled, a failure is reported as Node reports an ES module entry's, with
      // the snippet of where it was thrown (a rethrow here would show this line instead).
      // It also reaches 'unhandledRejection' listeners first, which plain node's does not.
      void import(pathToFileURL(entry).href);
    };
  }
}

function isEsmTypeScript(filename: string): boolean {
  const kind = moduleKindOf(filename);
  if (kind !== 'detect') return kind === 'module';
  try {
    const parser = parserModule();
    if (!parser) return false;
    return parser.hasModuleSyntax(filename, fs.readFileSync(filename, 'utf8'), { sourceType: 'unambiguous' });
  } catch (error) {
    debug('%s: taken for CommonJS TypeScript (%s)', filename, (error as Error).message);
    return false;
  }
}
