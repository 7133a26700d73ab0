// Watches the modules require() is about to load: Node puts each new module into its cache
// (`Module._cache`) just before it reads and compiles the file, so a Proxy on the cache
// sees every load, whichever handler then compiles it. An accessor keeps a cache object
// the program puts in its place watched too.

import Module from 'node:module';
import { debug } from './debug.js';
import { withPristineBuiltins } from '../runtime/pristine.js';

/** A CommonJS module as require() creates it. */
export interface LoadingModule {
  readonly id: string;
  readonly filename: string;
  loaded: boolean;
  _compile(content: string, filename: string, ...rest: unknown[]): unknown;
}

/**
 * Calls `onLoad` with each module that require() is about to load (it entered the cache
 * unloaded), or each that `only` picks: a first test that costs nothing and uses no
 * built-in the program can replace (onLoad runs with lineprof's own, at ~40 µs a call).
 */
export function watchRequireCache(onLoad: (filename: string, module: LoadingModule) => void, only?: (filename: string) => boolean): void {
  const internals = Module as unknown as { _cache: Record<string, unknown> };
  const watch: ProxyHandler<Record<string, unknown>> = {
    set(target, key, value: unknown) {
      target[key as string] = value;
      if (typeof key === 'string' && value instanceof Module && (value as unknown as LoadingModule).loaded === false && (!only || only(key))) {
        try {
          // The program's replacements of built-ins must not run in lineprof's code (pristine.ts).
          withPristineBuiltins(() => onLoad(key, value as unknown as LoadingModule));
        } catch (error) {
          // A bug of lineprof's must not stop the program: the module runs unprofiled.
          debug('%s: not profiled: %s', key, (error as Error).stack);
        }
      }
      return true;
    },
  };
  let cache = new Proxy(internals._cache, watch);
  Object.defineProperty(internals, '_cache', {
    configurable: true,
    enumerable: true,
    get: () => cache,
    set: (value: Record<string, unknown>) => {
      cache = new Proxy(value, watch);
    },
  });
}
