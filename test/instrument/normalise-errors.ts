// Test helper: the documented difference of an uncaught error's stderr under lineprof
// (README, "Known differences from a plain run"), for comparing a plain run with a run
// under lineprof. Pure string functions: no files, no processes.
//
// In plain JavaScript the stack trace is plain node's, frame for frame and column for
// column (lineprof leaves no frame of its own on the stack while a module runs, and a
// statement's probe goes at the end of the line before it). Node's source snippet above
// the message can show that probe at the end of the line: the only difference.

/** A probe as Node's snippet can show it after a line's own text (either engine). */
const TRAILING_PROBE = /^;?(?:\$lp_f\.l\(\d+\)|__lineprof\.s\[\$lp_d\]=\$lp_b\+\d+,__lineprof\.h\[\$lp_b\+\d+\]\+\+);$/;

/**
 * `profiled` with the snippet line of Node's report (its second line) cut back to the
 * plain run's, if all it adds is a trailing probe; otherwise unchanged.
 */
export function withPlainSnippet(profiled: string, plain: string): string {
  const lines = profiled.split('\n');
  const plainLine = plain.split('\n')[1];
  if (lines.length > 1 && plainLine !== undefined && lines[1].startsWith(plainLine) && TRAILING_PROBE.test(lines[1].slice(plainLine.length))) {
    lines[1] = plainLine;
  }
  return lines.join('\n');
}

/**
 * An uncaught error's report reduced to the error line(s) and the stack frames that are
 * not Node's internals, each with `file:line` (the column and a closing parenthesis
 * removed, unless `columns`). For TypeScript, whose frames come through source maps.
 */
export function programFrames(stderr: string, columns = false): string[] {
  const frames = stderr.split('\n').filter((l) => /^\w*Error|^\s+at /.test(l) && !/node:internal/.test(l));
  return columns ? frames : frames.map((l) => l.replace(/:(\d+):\d+\)?$/, ':$1'));
}
