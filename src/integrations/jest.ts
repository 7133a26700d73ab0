// `lineprof/jest`: a jest transformer that profiles the code jest runs. jest evaluates every
// module (tests, sources and node_modules alike) itself, with `vm`, after its transformers,
// never through Node's loader, so lineprof's module hooks never see them. This transformer
// wraps the one that would run otherwise (babel-jest by default): it instruments the
// program's own files on their original source, so that probes carry the original lines,
// and hands the result to the inner transformer with a source map inline, which it chains
// (TypeScript stripped, imports rewritten), so that failures, code frames, stack traces and
// inline snapshots read as without lineprof. The process that transforms a file is the one
// that runs it (jest's workers get the preload through NODE_OPTIONS), and records it with
// the runtime the preload installed there.
//
//   transform: { '\\.[jt]sx?$': ['lineprof/jest', { transformer: 'babel-jest', options: {...} }] }
//
// Must not: change the code, the cache key or anything else the inner transformer gets when
// lineprof is not active in the process (nor load the instrumenter then); share jest's cache
// entries between profiled and plain output; instrument what jest's babel coverage
// instruments (babel-plugin-istanbul would count the probes as the program's statements);
// throw where the loader would run a file unprofiled.

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentSession } from '../session.js';
import type { JestFileInstrumenter } from './jest-instrument.js';

/** lineprof/jest's options in jest's `transform` config. */
export interface LineprofJestOptions {
  /** The transformer to wrap: a package name or a path (relative to rootDir); default 'babel-jest'. */
  readonly transformer?: string;
  /** Its options, as they would stand in `transform` without lineprof. */
  readonly options?: unknown;
}

/** What jest hands a transformer with each file: the parts this one reads. */
export interface JestTransformOptions {
  /** jest's own (babel) coverage wants this file instrumented. */
  readonly instrument?: boolean;
  readonly config?: { readonly rootDir?: string };
  readonly configString?: string;
  readonly transformerConfig?: unknown;
  readonly [key: string]: unknown;
}

/** A jest transformer, typed structurally (lineprof does not depend on jest). */
export interface JestTransformer {
  readonly canInstrument?: boolean;
  getCacheKey?(source: string, filename: string, options: JestTransformOptions): string;
  getCacheKeyAsync?(source: string, filename: string, options: JestTransformOptions): Promise<string>;
  process?(source: string, filename: string, options: JestTransformOptions): unknown;
  processAsync?(source: string, filename: string, options: JestTransformOptions): Promise<unknown>;
}

interface TransformerModule extends JestTransformer {
  createTransformer?(options?: unknown): JestTransformer | Promise<JestTransformer>;
}

const require = createRequire(import.meta.url);

/** This module as Node runs it and as a source map names it, for stack traces. */
const OWN_FILES = [fileURLToPath(import.meta.url), fileURLToPath(new URL('../../../src/integrations/jest.ts', import.meta.url))];

/** jest calls this with lineprof/jest's options (`transform: { pattern: ['lineprof/jest', options] }`). */
export function createTransformer(options: LineprofJestOptions = {}): Required<JestTransformer> {
  const innerName = options.transformer ?? 'babel-jest';
  // What jest hands a transformer configured without options.
  const innerOptions = options.options ?? {};
  let inner: JestTransformer | undefined;
  const innerFor = (transformOptions?: JestTransformOptions): JestTransformer =>
    (inner ??= loadTransformer(innerName, innerOptions, transformOptions?.config?.rootDir ?? process.cwd()));
  // What the inner transformer gets: its own options, as if jest had called it directly.
  const forInner = (transformOptions: JestTransformOptions): JestTransformOptions => ({ ...transformOptions, transformerConfig: innerOptions });

  return {
    // Whether the inner transformer does jest's babel coverage itself (babel-jest does).
    get canInstrument(): boolean {
      return innerFor().canInstrument === true;
    },
    getCacheKey(source, filename, transformOptions) {
      const own = innerFor(transformOptions);
      const innerKey = own.getCacheKey?.(source, filename, forInner(transformOptions));
      return salted(innerKey ?? fallbackKey(source, filename, transformOptions), filename, transformOptions);
    },
    async getCacheKeyAsync(source, filename, transformOptions) {
      const own = innerFor(transformOptions);
      const passed = forInner(transformOptions);
      const innerKey = own.getCacheKeyAsync ? await own.getCacheKeyAsync(source, filename, passed) : own.getCacheKey?.(source, filename, passed);
      return salted(innerKey ?? fallbackKey(source, filename, transformOptions), filename, transformOptions);
    },
    process(source, filename, transformOptions) {
      const own = innerFor(transformOptions);
      if (typeof own.process !== 'function') {
        throw new TypeError(`lineprof/jest: the transformer ${innerName} has no process(), which jest calls for CommonJS`);
      }
      const code = instrumented(source, filename, transformOptions);
      try {
        return own.process(code, filename, forInner(transformOptions));
      } catch (error) {
        throw withoutOwnFrames(error);
      }
    },
    async processAsync(source, filename, transformOptions) {
      const own = innerFor(transformOptions);
      const code = instrumented(source, filename, transformOptions);
      try {
        if (typeof own.processAsync === 'function') return await own.processAsync(code, filename, forInner(transformOptions));
        return own.process?.(code, filename, forInner(transformOptions));
      } catch (error) {
        throw withoutOwnFrames(error);
      }
    },
  };
}

/** jest loads transformers by require() or by import(): both find createTransformer. */
export default { createTransformer };

const SOURCE_FILE = /\.[cm]?[jt]sx?$/;

/** The source to hand on: with probes when lineprof is active and the file is the program's own. */
function instrumented(source: string, filename: string, transformOptions: JestTransformOptions): string {
  const files = activeInstrumenter();
  if (!files || !SOURCE_FILE.test(filename) || !files.owns(filename)) return source;
  if (transformOptions.instrument === true) {
    say("not profiling the files that jest's babel coverage instruments (babel-plugin-istanbul would count lineprof's probes as the program's); coverageProvider: 'v8' has no such clash");
    return source;
  }
  try {
    return files.instrument(source, filename) ?? source;
  } catch (error) {
    // A bug of lineprof's must not stop the tests: the file runs unprofiled.
    say(`${filename}: not profiled (internal error: ${(error as Error).message.split('\n')[0]})`);
    return source;
  }
}

/** The cache key of a file: the inner transformer's, salted when the file may get probes. */
function salted(innerKey: string, filename: string, transformOptions: JestTransformOptions): string {
  const files = activeInstrumenter();
  if (!files || !SOURCE_FILE.test(filename) || !files.owns(filename) || transformOptions.instrument === true) return innerKey;
  return createHash('sha1').update(innerKey).update('\0lineprof\0').update(files.cacheSalt).digest('hex');
}

/**
 * An error of the inner transformer (a file that does not parse) as it would be without
 * lineprof/jest in between: without this module's frames.
 */
function withoutOwnFrames(error: unknown): unknown {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return error;
  const stack = error.stack.split('\n').filter((line) => !OWN_FILES.some((file) => line.includes(`(${file}:`))).join('\n');
  if (stack === error.stack) return error;
  // ts-jest's TSError makes its stack a read-only property (on Node 22+ assigning it
  // throws): replaced where it can be, else left whole.
  const own = Object.getOwnPropertyDescriptor(error, 'stack');
  if (own && 'value' in own && !own.writable) {
    if (own.configurable) Object.defineProperty(error, 'stack', { ...own, value: stack });
  } else {
    error.stack = stack;
  }
  return error;
}

// One per process: jest creates its transformers again for each test file, and each
// worker is a process of its own (which says its lines itself).
const said = new Set<string>();
let instrumenter: JestFileInstrumenter | undefined;
let decided = false;

/** Writes a line on stderr, once per process. */
function say(line: string): void {
  if (said.has(line)) return;
  said.add(line);
  process.stderr.write(`lineprof: ${line}\n`);
}

/** The instrumenter of this process, or undefined when lineprof is not active in it. */
function activeInstrumenter(): JestFileInstrumenter | undefined {
  if (decided) return instrumenter;
  decided = true;
  const session = currentSession();
  if (!session) {
    // The preload of another copy of lineprof: its runtime, but not this copy's session.
    if (globalThis.__lineprof !== undefined) say('lineprof/jest is not the lineprof that profiles this process (another installation?): not profiling the code jest runs');
    return undefined;
  }
  const loaded = require('./jest-instrument.js') as typeof import('./jest-instrument.js');
  instrumenter = loaded.jestFileInstrumenter(session.config, process.cwd());
  return instrumenter;
}

/**
 * The transformer named in the options, as jest would load it: a module whose
 * createTransformer makes one (called with its options), or the transformer itself;
 * CommonJS, or an ES module through require(esm) (its namespace or default export).
 */
function loadTransformer(name: string, options: unknown, rootDir: string): JestTransformer {
  const loaded = require(resolveTransformer(name, rootDir)) as TransformerModule & { default?: TransformerModule };
  const candidate = loaded.default && isTransformerModule(loaded.default) && !isTransformerModule(loaded) ? loaded.default : loaded;
  if (typeof candidate.createTransformer === 'function') {
    const made = candidate.createTransformer(options);
    if (made instanceof Promise) throw new TypeError(`lineprof/jest: the transformer ${name} is created asynchronously, which lineprof/jest does not support`);
    return made;
  }
  if (!isTransformerModule(candidate)) throw new TypeError(`lineprof/jest: ${name} is not a jest transformer (no process, processAsync or createTransformer)`);
  return candidate;
}

function isTransformerModule(value: TransformerModule): boolean {
  return typeof value.createTransformer === 'function' || typeof value.process === 'function' || typeof value.processAsync === 'function';
}

/**
 * From the project's rootDir, as jest resolves the transformers of its config, then from
 * jest's own install (where its default, babel-jest, is a dependency under any layout).
 */
function resolveTransformer(name: string, rootDir: string): string {
  const bases = [rootDir];
  try {
    bases.push(path.dirname(require.resolve('jest-config', { paths: [rootDir] })));
  } catch {
    // no jest-config reachable from rootDir: rootDir alone
  }
  return require.resolve(name, { paths: bases });
}

/** The key jest computes for a transformer without getCacheKey, before lineprof salts it. */
function fallbackKey(source: string, filename: string, transformOptions: JestTransformOptions): string {
  return createHash('sha1')
    .update(source).update('\0')
    .update(transformOptions.configString ?? '').update('\0')
    .update(transformOptions.instrument ? 'instrument' : '').update('\0')
    .update(filename)
    .digest('hex');
}
