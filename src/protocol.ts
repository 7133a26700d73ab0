// The few names instrumented code and the rest of lineprof share, apart from the text the
// instrumenter emits (instrument/probes.ts): the runtime (sampled.ts, registry.ts) and the
// loader read these without depending on the instrumenter.

/** The global object instrumented code talks to. */
export const RUNTIME_GLOBAL = '__lineprof';

/**
 * Index of the depth cell in the shared stack array (see sampled.ts, createLineStack): far
 * past any reachable depth, since a call's depth indexes the same array.
 */
export const DEPTH_INDEX = 1 << 20;

/**
 * Regex that finds a function's id inside its own source text (for addFunction): the
 * file's key and the function's index, from an entry probe, mock-safe or not, also as a
 * transformer that re-prints the code (babel-jest) spaces it.
 */
export const ENTER_PATTERN = /(?:__lineprof|mock\$lp_[0-9a-z]+_r\(\s*\))\.[ep]\(\s*(?:mock)?\$lp_([0-9a-z]+)\s*\+\s*(\d+)\s*\)/g;

/**
 * What a type checker needs to accept instrumented TypeScript (ts-node, ts-jest's default
 * mode), appended after its last line: the runtime's global, declared global also in a
 * module (jest's mock-safe probes read it as `globalThis.__lineprof`).
 */
export function runtimeDeclaration(module: boolean): string {
  return module ? `declare global { var ${RUNTIME_GLOBAL}: any; }` : `declare var ${RUNTIME_GLOBAL}: any;`;
}
