// `lineprof/vitest`: a Vite plugin that profiles the code vitest runs. vitest evaluates test
// files and the modules they import with its own module runner (Vite-transformed code run
// by `vm` in a worker process or thread), never through Node's loader, so lineprof's module
// hooks never see them. This plugin instruments them where Vite transforms them, in
// vitest's main process: first (enforce 'pre'), on the original source, so that probes
// carry the original lines, and with a source map that Vite chains through its own steps
// (TypeScript stripped, imports rewritten), so failures, code frames, stack traces and
// inline snapshots read as without lineprof. The workers that run the code record it with
// the runtime lineprof's preload installs in them.
//
// Must not: change anything, or load the instrumenter, when lineprof is not active in
// vitest's process; instrument code for anything but vitest's Node test environments
// (a browser, `vite build`); throw where the loader would run a file unprofiled.

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { configFromEnv, type LoaderConfig } from '../loader/config.js';
import type { ViteTransformOutput } from './vitest-instrument.js';

export type { SourceMapJson, ViteTransformOutput } from './vitest-instrument.js';

/** What vitest hands `configureVitest`: the parts this plugin reads. */
export interface VitestPluginContext {
  readonly vitest: { readonly config: { readonly coverage: { readonly enabled: boolean; readonly provider?: string } } };
  readonly project: {
    readonly config: { readonly pool: string; readonly environment: string; readonly execArgv: string[] };
    readonly vite: { readonly environments: Readonly<Record<string, object>> };
  };
  /** vitest 4.1+: adds to the key of `experimental.fsModuleCache`. */
  readonly experimental_defineCacheKeyGenerator?: (generator: () => string | undefined | null | false) => void;
}

/**
 * The Vite plugin, typed structurally (lineprof does not depend on vite): it type-checks
 * as a Vite `Plugin` and in vitest's `defineConfig` (tested with vite 8 and vitest 4.1).
 */
export interface LineprofVitestPlugin {
  readonly name: 'lineprof';
  readonly enforce?: 'pre';
  readonly configureVitest?: (context: VitestPluginContext) => void;
  readonly transform?: (this: { readonly environment?: object }, code: string, id: string) => ViteTransformOutput | null;
}

/**
 * Set on globalThis in a vitest process where the plugin is active, so that lineprof can
 * tell a vitest run that has the plugin from one that lacks it.
 */
export const VITEST_PLUGIN_MARK = Symbol.for('lineprof.vitest');

/** The preload `lineprof exec` puts in NODE_OPTIONS; vitest starts its workers without our execArgv. */
const PRELOAD = fileURLToPath(new URL('../loader/preload.cjs', import.meta.url));

const require = createRequire(import.meta.url);

/**
 * `plugins: [lineprof()]` in vitest.config.ts. Under `lineprof exec` (or with LINEPROF=1
 * and `--import lineprof/register`), the code vitest runs is profiled as the program's own
 * files are; otherwise the plugin has no hooks.
 */
export default function lineprof(): LineprofVitestPlugin {
  const config = activeConfig();
  if (!config) return { name: 'lineprof' };
  (globalThis as Record<symbol, unknown>)[VITEST_PLUGIN_MARK] = true;
  const modules = (require('./vitest-instrument.js') as typeof import('./vitest-instrument.js')).moduleInstrumenter(config, process.cwd());
  const state: ProjectState = { profiled: new WeakSet<object>(), notRunHere: new WeakMap<object, string>(), coverage: undefined };
  const say = sayOnce();
  const cacheKey = `lineprof ${JSON.stringify([config.engine, config.funcs, config.all, config.include, config.exclude])}`;

  return {
    name: 'lineprof',
    enforce: 'pre',
    configureVitest(context) {
      configureProject(context, cacheKey, state);
    },
    transform(code, id) {
      if (!modules.isOwnModule(id)) return null;
      if (!profiledIn(this.environment, state, say)) return null;
      try {
        return modules.instrument(code, id);
      } catch (error) {
        // As in the loader, a bug of lineprof's leaves the module unprofiled, not the run broken.
        say(`${id}: not profiled (internal error: ${(error as Error).message})`);
        return null;
      }
    },
  };
}

/** What `configureVitest` learns of the project, for `transform` to decide by. */
interface ProjectState {
  /** The Vite environments whose modules run where the lineprof runtime is. */
  readonly profiled: WeakSet<object>;
  /** The environments whose modules a vm pool runs in contexts without it, with the pool's name. */
  readonly notRunHere: WeakMap<object, string>;
  coverage: VitestPluginContext['vitest']['config']['coverage'] | undefined;
}

/** A note to stderr, each different one once: `transform` runs once per module. */
function sayOnce(): (line: string) => void {
  const said = new Set<string>();
  return (line) => {
    if (said.has(line)) return;
    said.add(line);
    process.stderr.write(`lineprof: ${line}\n`);
  };
}

function configureProject(context: VitestPluginContext, cacheKey: string, state: ProjectState): void {
  state.coverage = context.vitest.config.coverage;
  // Cached transforms of a run without lineprof must not serve one with it, nor those
  // of another engine or selection.
  context.experimental_defineCacheKeyGenerator?.(() => cacheKey);
  // vitest starts its workers with execArgv of its own (not this process's): the preload
  // goes in, for a launch that loaded lineprof with --import rather than NODE_OPTIONS.
  // Where NODE_OPTIONS has it too, the second set-up does nothing.
  const { execArgv } = context.project.config;
  if (!execArgv.includes(PRELOAD)) execArgv.push('--require', PRELOAD);
  // The environments of vitest's own server; a browser-mode server has others. Its
  // vm pools run test files in contexts of their own, into which only the node
  // environment copies the runtime global (instrumented code elsewhere would throw).
  const { pool, environment: testEnvironment } = context.project.config;
  const vm = pool.startsWith('vm');
  for (const [name, environment] of Object.entries(context.project.vite.environments)) {
    if (vm && (name === 'client' || testEnvironment === 'edge-runtime')) state.notRunHere.set(environment, pool);
    else state.profiled.add(environment);
  }
}

/**
 * Whether the modules Vite transforms for this environment are instrumented; where the
 * user would expect them to be, `say` tells why not.
 */
function profiledIn(environment: object | undefined, state: ProjectState, say: (line: string) => void): boolean {
  if (!environment || !state.profiled.has(environment)) {
    const pool = environment && state.notRunHere.get(environment);
    if (pool) say(`vitest's ${pool} pool: test files of the jsdom, happy-dom and edge-runtime environments are not profiled (their contexts have no lineprof runtime)`);
    return false;
  }
  if (state.coverage?.enabled && state.coverage.provider === 'istanbul') {
    say("vitest's istanbul coverage is on: the code vitest runs is not profiled (istanbul would count lineprof's probes; v8 coverage is not affected)");
    return false;
  }
  return true;
}

/**
 * lineprof's config when lineprof is active in this process: requested in the environment
 * and set up by its preload (which installs the runtime global). LINEPROF set without the
 * preload gets one line: the workers would have no runtime to record into.
 */
function activeConfig(): LoaderConfig | undefined {
  const config = configFromEnv(process.env, process.cwd(), process.argv);
  if (!config) return undefined;
  if (globalThis.__lineprof === undefined) {
    process.stderr.write("lineprof: LINEPROF is set but lineprof is not loaded in vitest's process: not profiling (run it under `lineprof exec`, or with --import lineprof/register)\n");
    return undefined;
  }
  return config;
}
