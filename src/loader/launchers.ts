// Launchers whose code lineprof's module hooks cannot see, recognised so that a run of one
// without lineprof's integration never records nothing in silence. vitest runs test files
// with its own module runner, which only the lineprof/vitest plugin instruments.

/** vitest's CLI: `node_modules/vitest/vitest.mjs`, `node_modules/.bin/vitest`. */
const VITEST_CLI = /[\\/]vitest(\.mjs)?$/;

/** Set on globalThis by an active lineprof/vitest plugin (src/integrations/vitest.ts). */
const VITEST_PLUGIN_MARK = Symbol.for('lineprof.vitest');

const VITEST_WITHOUT_PLUGIN =
  "lineprof: vitest ran without the lineprof/vitest plugin: the code it runs is not profiled (add `lineprof()` from 'lineprof/vitest' to the plugins of vitest.config)\n";

/** In a main thread about to run `script`: at the end, one line if its code needed an integration it did not get. */
export function watchForMissingIntegration(script: string): void {
  if (!VITEST_CLI.test(script)) return;
  process.on('exit', () => {
    if (!(globalThis as Record<symbol, unknown>)[VITEST_PLUGIN_MARK]) process.stderr.write(VITEST_WITHOUT_PLUGIN);
  });
}
