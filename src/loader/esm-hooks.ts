// Node 20's ES module hooks (module.register; they run in Node's hooks thread). `load`
// instruments ES modules of the program's own files and transpiles TypeScript; CommonJS
// stays with the CommonJS loader (source: null), where cjs.ts instruments it. On Node
// 22.15+ sync-hooks.ts does all of this in the program's own thread instead.
// `resolve` lets TypeScript's `./x.js` specifiers find `./x.ts`, and `lineprof` resolve
// to this copy when the program does not install it.

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configFromEnv, type LoaderConfig } from './config.js';
import { decideLoad } from './decide.js';
import { fileMatcher, isTypeScript, packageTypeOf, textOf, type FileMatcher } from './files.js';
import { withoutOwnFrames } from './frames.js';
import { notProfiling } from './lazy.js';
import { probePlan, type ProbePlan } from './plan.js';
import { fallbackResolution } from './resolve.js';

interface ResolveContext {
  readonly parentURL?: string;
  readonly conditions?: readonly string[];
}
interface LoadContext {
  readonly format?: string | null;
}
interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
interface LoadResult {
  format: string;
  source?: string | ArrayBuffer | Uint8Array | null;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;
type NextLoad = (url: string, context?: LoadContext) => Promise<LoadResult>;

let isOwnFile: FileMatcher = () => false;
let plan: ProbePlan = { engine: 'exact' };
/**
 * The instrumenter (with oxc-parser and esbuild's loader), imported when the hooks start
 * but not waited for: `module.register` returns as soon as this module is ready, and the
 * main thread goes on with its own set-up while this thread loads it (~60 ms).
 */
let transformer: Promise<typeof import('./transform.js')> | undefined;
const transformModule = (): Promise<typeof import('./transform.js')> => (transformer ??= import('./transform.js'));

/** The instrumenter, or undefined (said once) if it cannot be loaded: JavaScript then loads unprofiled. */
async function instrumenter(): Promise<typeof import('./transform.js') | undefined> {
  try {
    return await transformModule();
  } catch (error) {
    notProfiling(error);
    return undefined;
  }
}

export function initialize(data: LoaderConfig | undefined): void {
  const config = data ?? configFromEnv(process.env, process.cwd(), process.argv);
  if (!config) return;
  isOwnFile = fileMatcher({ include: config.include, exclude: config.exclude, cwd: process.cwd() });
  plan = probePlan(config, process.cwd());
  // A failure surfaces (and is reported) at the first load that needs it.
  transformModule().catch(() => {});
}

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<ResolveResult> {
  try {
    return await next(specifier, context);
  } catch (error) {
    const retry = fallbackResolution(specifier, context.parentURL);
    if (retry) return { url: retry, shortCircuit: true };
    throw withoutOwnFrames(error);
  }
}

export async function load(url: string, context: LoadContext, next: NextLoad): Promise<LoadResult> {
  try {
    return await loadOwn(url, context, next);
  } catch (error) {
    throw withoutOwnFrames(error);
  }
}

/** What the rest of the chain makes of a TypeScript file; undefined when nothing there loads TypeScript. */
async function loadedByAnother(url: string, context: LoadContext, next: NextLoad): Promise<LoadResult | undefined> {
  try {
    return await next(url, context);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_UNKNOWN_FILE_EXTENSION') return undefined;
    throw error;
  }
}

async function loadOwn(url: string, context: LoadContext, next: NextLoad): Promise<LoadResult> {
  if (!url.startsWith('file:')) return next(url, context);
  const filename = fileURLToPath(url);
  const facts = { filename, ownFile: isOwnFile(filename), packageType: () => packageTypeOf(filename) };
  if (isTypeScript(filename)) {
    // Node 20 cannot load TypeScript itself (next() throws ERR_UNKNOWN_FILE_EXTENSION).
    const decision = decideLoad({ ...facts, format: undefined });
    if (decision.action === 'skip') return next(url, context);
    // CommonJS TypeScript that another loader loads (tsx): its result as it is; its
    // require() handler compiles the file, and gets it instrumented (foreign-handlers.ts).
    if (decision.kind === 'commonjs') {
      const other = await loadedByAnother(url, context, next);
      if (other) return other;
    }
    const source = fs.readFileSync(filename, 'utf8');
    const { transformSource } = await transformModule();
    const result = transformSource({ source, filename, kind: decision.kind, instrument: decision.action === 'instrument', plan });
    // CommonJS TypeScript: the transpiled source goes along, so that Node finds the
    // names an ES module imports from it (it reads them off the source text).
    return { format: result.format, source: result.code, shortCircuit: true };
  }
  const loaded = await next(url, context);
  // CommonJS stays with the CommonJS loader (source: null), where cjs.ts instruments it.
  if (loaded.format !== 'module' || loaded.source == null) return loaded;
  const decision = decideLoad({ ...facts, format: loaded.format });
  if (decision.action === 'skip') return loaded;
  const transform = await instrumenter();
  if (!transform) return loaded;
  const source = textOf(loaded.source);
  const result = transform.transformSource({ source, filename, kind: decision.kind, instrument: true, plan });
  return { ...loaded, source: result.code };
}
