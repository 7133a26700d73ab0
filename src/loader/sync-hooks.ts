// Node 22.15+'s module hooks (module.registerHooks): synchronous, in the program's own
// thread, and called for every module whatever loads it (import, require, require(esm),
// import of CommonJS), so one `load` hook instruments ES modules, CommonJS and TypeScript
// alike. No hooks thread, no deprecation warning (module.register is deprecated from Node
// 26 on), and no function of lineprof's on the stack while a module runs: Node compiles
// the source the hook returns with its own loaders, so stack traces are Node's own.
//
// A `resolve` hook would put its frames (and Node's hook machinery) into every "Cannot
// find module" error, so it is registered only where it can be needed: once a TypeScript
// file loads (for `./x.js` or `./x` meaning `./x.ts`), or a file of the program's that
// names `lineprof` (which a program run through npx does not install). It also calls
// Node's resolution without a catch wherever it has no alternative to offer, so that
// Node's own error is the one the program sees.

import fs from 'node:fs';
import Module from 'node:module';
import { fileURLToPath } from 'node:url';
import { decideLoad } from './decide.js';
import { isTypeScript, packageTypeOf, textOf, type FileMatcher } from './files.js';
import type { ForeignHandlers } from './foreign-handlers.js';
import { transformModule } from './lazy.js';
import type { ProbePlan } from './plan.js';
import { withoutOwnFrames } from './frames.js';
import { withPristineBuiltins } from '../runtime/pristine.js';
import { loaderWait } from './exit.js';
import { fallbackResolution, resolutionPlan } from './resolve.js';

interface ResolveContext {
  readonly parentURL?: string;
  readonly conditions?: readonly string[];
}
interface ResolveResult {
  readonly url: string;
  readonly format?: string | null;
  readonly shortCircuit?: boolean;
}
interface LoadContext {
  readonly format?: string | null;
  readonly conditions?: readonly string[];
}
interface LoadResult {
  readonly format?: string | null;
  readonly source?: string | ArrayBuffer | ArrayBufferView | null;
  readonly shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => ResolveResult;
type NextLoad = (url: string, context?: LoadContext) => LoadResult;
interface SyncHooks {
  resolve?(specifier: string, context: ResolveContext, next: NextResolve): ResolveResult;
  load?(url: string, context: LoadContext, next: NextLoad): LoadResult;
}
type RegisterHooks = (hooks: SyncHooks) => { deregister(): void };

/** `module.registerHooks` where this Node has it (22.15+, 23.5+), else undefined. */
export function syncHooksApi(): RegisterHooks | undefined {
  const api = (Module as unknown as { registerHooks?: RegisterHooks }).registerHooks;
  return typeof api === 'function' ? api : undefined;
}

export interface SyncHooksOptions {
  readonly isOwnFile: FileMatcher;
  readonly plan: ProbePlan;
  /** Files that another loader's require() handler loads (foreign-handlers.ts). */
  readonly foreign: ForeignHandlers;
  /** Modules to pass on at no cost, with no built-in of the program's (files.ts, plainDependency). */
  readonly passOn: (url: string) => boolean;
}

export function installSyncHooks(registerHooks: RegisterHooks, options: SyncHooksOptions): void {
  const { passOn } = options;
  let resolving = false;
  const hookResolution = (): void => {
    if (resolving) return;
    resolving = true;
    registerHooks({ resolve });
  };

  registerHooks({
    load(url, context, next) {
      // The program's own thread: lineprof's code runs with the built-ins it found at
      // load, never with the program's replacements (pristine.ts, ~40 µs a call, so once
      // per module where Node strips types); Node's and other hooks (`next`) with the
      // program's. No destructuring of arrays here: it calls the program's array iterator.
      const own = NODE_LOADS_TYPESCRIPT ? undefined : withPristineBuiltins(() => ownRead(url));
      // Node's errors (EACCES, say) pass through without a catch, so that Node reports
      // them from where they were thrown; they carry the frames of the hook chain, this
      // function's too (README, "Known differences").
      let loaded: LoadResult;
      if (own) {
        loaded = { format: undefined, source: fs.readFileSync(own, 'utf8') };
      } else {
        // Counted as a wait in the loader (exit.ts, loaderWait), inline: no frame of
        // lineprof's more on Node's errors.
        loaderWait.depth++;
        try {
          loaded = next(url, context);
        } finally {
          loaderWait.depth--;
        }
      }
      const source = loaded.source;
      if (source == null || passOn(url)) return loaded;
      return withPristineBuiltins(() => {
        const filename = filenameOf(url);
        return filename === '' ? loaded : instrumentedModule(options, hookResolution, filename, loaded, source);
      });
    },
  });
}

/** The module with probes, as the load hook returns it (or Node's result, where nothing changes). */
function instrumentedModule(
  options: SyncHooksOptions,
  hookResolution: () => void,
  filename: string,
  loaded: LoadResult,
  loadedSource: NonNullable<LoadResult['source']>,
): LoadResult {
  const { isOwnFile, plan, foreign } = options;
  const decision = decideLoad({ filename, format: loaded.format, ownFile: isOwnFile(filename), packageType: () => packageTypeOf(filename) });
  if (decision.action === 'skip') return loaded;
  // CommonJS TypeScript that another loader's require() handler compiles (tsx): the
  // source as it is, with probes; that handler compiles it (foreign-handlers.ts).
  if (decision.typescript && decision.kind === 'commonjs' && foreign.has(filename)) {
    return { ...loaded, source: foreign.instrumented(filename) ?? loaded.source };
  }
  const source = textOf(loadedSource);
  if (decision.typescript) {
    hookResolution();
    // esbuild re-prints TypeScript: its stack traces need the source map it chains.
    process.setSourceMapsEnabled(true);
  } else if (source.includes('lineprof')) {
    hookResolution();
  }
  const transformer = transformModule();
  if (!transformer) return loaded;
  const result = transformer.transformSource({ source, filename, kind: decision.kind, instrument: decision.action === 'instrument', plan });
  // Unchanged JavaScript (no functions, or a syntax error Node is to report) keeps
  // Node's own result, format detection included.
  if (!decision.typescript && result.code === source) return loaded;
  return { format: result.format, source: result.code, shortCircuit: true };
}

function resolve(specifier: string, context: ResolveContext, next: NextResolve): ResolveResult {
  const plan = withPristineBuiltins(() => resolutionPlan(specifier, context.parentURL));
  if (plan.kind === 'instead') return { url: plan.url, shortCircuit: true };
  // A wait in the loader, as in load.
  loaderWait.depth++;
  try {
    if (plan.kind === 'node') return next(specifier, context);
    try {
      return next(specifier, context);
    } catch (error) {
      const retry = withPristineBuiltins(() => fallbackResolution(specifier, context.parentURL));
      if (retry) return { url: retry, shortCircuit: true };
      throw withPristineBuiltins(() => withoutOwnFrames(error));
    }
  } finally {
    loaderWait.depth--;
  }
}

function filenameOf(url: string): string {
  return url.startsWith('file:') ? fileURLToPath(url) : '';
}

/** The TypeScript file lineprof reads itself (this Node would refuse its extension), if `url` is one. */
function ownRead(url: string): string | undefined {
  const filename = filenameOf(url);
  return isTypeScript(filename) ? filename : undefined;
}

/**
 * Where this Node strips types itself (22.18+, unless `--no-strip-types`), it loads
 * TypeScript as any module; elsewhere lineprof reads the file (Node would refuse its
 * extension). lineprof transpiles it either way.
 */
const NODE_LOADS_TYPESCRIPT = Boolean((process.features as { typescript?: unknown }).typescript);
