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
}

export function installSyncHooks(registerHooks: RegisterHooks, options: SyncHooksOptions): void {
  const { isOwnFile, plan, foreign } = options;
  let resolving = false;
  const hookResolution = (): void => {
    if (resolving) return;
    resolving = true;
    registerHooks({ resolve });
  };

  registerHooks({
    load(url, context, next) {
      const filename = url.startsWith('file:') ? fileURLToPath(url) : '';
      // Node's errors (EACCES, say) pass through without a catch, so that Node reports
      // them from where they were thrown; they carry the frames of the hook chain, this
      // function's too (README, "Known differences").
      const loaded: LoadResult =
        NODE_LOADS_TYPESCRIPT || !isTypeScript(filename) ? next(url, context) : { format: undefined, source: fs.readFileSync(filename, 'utf8') };
      if (filename === '' || loaded.source == null) return loaded;
      const decision = decideLoad({ filename, format: loaded.format, ownFile: isOwnFile(filename), packageType: () => packageTypeOf(filename) });
      if (decision.action === 'skip') return loaded;
      // CommonJS TypeScript that another loader's require() handler compiles (tsx): the
      // source as it is, with probes; that handler compiles it (foreign-handlers.ts).
      if (decision.typescript && decision.kind === 'commonjs' && foreign.has(filename)) {
        return { ...loaded, source: foreign.instrumented(filename) ?? loaded.source };
      }
      const source = textOf(loaded.source);
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
    },
  });
}

function resolve(specifier: string, context: ResolveContext, next: NextResolve): ResolveResult {
  const plan = resolutionPlan(specifier, context.parentURL);
  if (plan.kind === 'node') return next(specifier, context);
  if (plan.kind === 'instead') return { url: plan.url, shortCircuit: true };
  try {
    return next(specifier, context);
  } catch (error) {
    const retry = fallbackResolution(specifier, context.parentURL);
    if (retry) return { url: retry, shortCircuit: true };
    throw withoutOwnFrames(error);
  }
}

/**
 * Where this Node strips types itself (22.18+, unless `--no-strip-types`), it loads
 * TypeScript as any module; elsewhere lineprof reads the file (Node would refuse its
 * extension). lineprof transpiles it either way.
 */
const NODE_LOADS_TYPESCRIPT = Boolean((process.features as { typescript?: unknown }).typescript);
