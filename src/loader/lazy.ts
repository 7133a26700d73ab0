// Modules the main thread loads on first use. The instrumenter (with oxc-parser) and
// esbuild take ~60 ms to load, which every profiled process would pay at start-up; an ES
// module program needs them only in the module-hooks thread, and a CommonJS one only when
// its first own module loads. require() of an ES module is synchronous (Node >= 20.19), as
// the CommonJS hooks must be.

import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/** A function returning the module, loaded the first time it is called. */
function lazy<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load(specifier) as T);
}

export const transformModule = lazy<typeof import('./transform.js')>('./transform.js');
export const instrumentModule = lazy<typeof import('../instrument/instrument.js')>('../instrument/instrument.js');
export const oxcParser = lazy<typeof import('oxc-parser')>('oxc-parser');
