// Test helper: the documented normalisation of an uncaught error's stderr, for comparing
// a plain run with a run under lineprof (README, "Known differences from a plain run").
// Pure string functions: no files, no processes.
//
// Under lineprof an uncaught error's report differs from plain node's in three ways only:
// the loader's CommonJS compile hook adds one stack frame of its own (`at
// internals._compile (…/dist/src/loader/cjs.js…)`); Node's source snippet above the
// message shows the probe of the next line at the end of the line; and in plain
// JavaScript, a frame's column is shifted on a line that starts a function body on the
// same line as its `{`, or holds an `await`/`yield` before the frame's position (no source
// map, see README). Everything else is the same.

/** A stack frame of lineprof's own loader (in this repository or an installed package). */
const LOADER_FRAME = /^\s+at .*dist\/src\/loader\//;

/**
 * An uncaught error's report reduced to what lineprof keeps: the error line(s) and the
 * stack frames that are neither Node's internals nor lineprof's loader, each with
 * `file:line` (the column and a closing parenthesis removed, unless `columns`).
 */
export function programFrames(stderr: string, columns = false): string[] {
  const frames = stderr.split('\n').filter((l) => /^\w*Error|^\s+at /.test(l) && !/node:internal|dist\/src\/loader/.test(l));
  return columns ? frames : frames.map((l) => l.replace(/:(\d+):\d+\)?$/, ':$1'));
}

/**
 * stderr without lineprof's loader frame: for an error in a file lineprof left as it was
 * (a syntax error Node reports while loading it), the rest is byte for byte plain node's.
 */
export function withoutLoaderFrame(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) => !LOADER_FRAME.test(l))
    .join('\n');
}
