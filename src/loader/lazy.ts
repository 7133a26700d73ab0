// Modules the main thread loads on first use. The instrumenter (with oxc-parser) and
// esbuild take ~60 ms to load, which every profiled process would pay at start-up; an ES
// module program needs them only in the module-hooks thread, and a CommonJS one only when
// its first own module loads. require() of an ES module is synchronous (Node >= 20.19), as
// the CommonJS hooks must be. One that cannot be loaded (a broken install) leaves the
// program running unprofiled, with one line saying why, as when set-up fails.

import { createOwnRequire } from '../own-require.js';

const load = createOwnRequire(import.meta.url);
let warned = false;

/** A function returning the module, loaded the first time; undefined if it cannot be. */
function lazy<T>(specifier: string): () => T | undefined {
  let loaded: T | undefined;
  let failed = false;
  let loading = false;
  return () => {
    // Asked again while it loads (its own modules pass through lineprof's module hooks,
    // and `--include 'node_modules/**'` makes them the program's own): not yet.
    if (loaded !== undefined || failed || loading) return loaded;
    loading = true;
    try {
      loaded = load(specifier) as T;
    } catch (error) {
      failed = true;
      notProfiling(error);
    } finally {
      loading = false;
    }
    return loaded;
  };
}

/** Says once that files are left unprofiled because the instrumenter does not load. */
export function notProfiling(error: unknown): void {
  if (warned) return;
  warned = true;
  // Node 20's permission model has no `addon` scope to ask beforehand (permissions.ts):
  // oxc-parser's native binding is what fails then.
  const denied = (process as { permission?: unknown }).permission !== undefined;
  const reason = denied
    ? "Node's permission model denies native addons, which lineprof's parser is: add --allow-addons"
    : (error instanceof Error ? error.message : String(error)).split('\n')[0];
  process.stderr.write(`lineprof: not profiling: the instrumenter does not load (${reason})\n`);
}

export const transformModule = lazy<typeof import('./transform.js')>('./transform.js');
export const instrumentModule = lazy<typeof import('../instrument/instrument.js')>('../instrument/instrument.js');
export const parserModule = lazy<typeof import('../instrument/parse.js')>('../instrument/parse.js');
