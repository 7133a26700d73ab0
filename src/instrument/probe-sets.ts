// The probes of one kind of function, chosen once per function (addFunction) so that the
// walker never asks again which kind it is in. Four kinds:
//   FRAME              a frame object, body in try/finally (the exact engine; the sampled
//                      engine's functions that nobody records from the start)
//   FRAME_NO_TRY       a frame object, no try/finally: the body declares functions, which
//                      `try{}` would make block-scoped (see FunctionScope.noTry)
//   INLINE             sampled engine: the line stack written inline, no frame object
//   INLINE_SUSPENDING  the same for async functions and generators
// The text itself is in probes.ts; this file only says which text each kind uses where.

import * as probe from './probes.js';

/** Opening and closing text put around an expression. */
export type Wrap = readonly [open: string, close: string];

export interface ProbeSet {
  /** Entry, at the start of the body: `index` is the function's in its file, `slot` its first counter slot. */
  enter(names: probe.FileNames, index: number, slot: number): string;
  /** Exit, at the end of the body. */
  readonly exit: string;
  /** Line `k` (offset from the function's first line) starts. */
  line(k: number): string;
  /** Around the argument of `await`. */
  readonly await: Wrap;
  /** Around the argument of `yield`. */
  readonly yield: Wrap;
  /** After a `yield` without argument. */
  readonly bareYield: string;
  /** Around an async generator's `return x` (it awaits x: see probes.ts, ImplicitAwait); kinds with try/finally. */
  readonly asyncGeneratorReturn?: Wrap;
  /** Around `return x`, which must exit the frame itself (kinds without try/finally). */
  readonly returnValue?: Wrap;
  /** After a bare `return` (kinds without try/finally). */
  readonly returnBare?: string;
  /** Marks the call suspended before an await no probe sees, current line `k`. */
  implicitAwait(k: number): string;
  /** First statement of a catch or finally block ('' for kinds that need nothing there). */
  readonly heal: string;
}

const FRAME_SUSPENSIONS = {
  line: probe.line,
  await: [probe.AWAIT_ARG_OPEN, ')'],
  yield: [probe.YIELD_ARG_OPEN, ')'],
  bareYield: `${probe.YIELD_ARG_OPEN})`,
  implicitAwait: probe.ImplicitAwait.frame,
  heal: '',
} as const;

export const FRAME: ProbeSet = {
  ...FRAME_SUSPENSIONS,
  enter: (names, index) => probe.enter(names, index, false),
  exit: probe.EXIT,
  asyncGeneratorReturn: [probe.AWAIT_ARG_OPEN, ')'],
};

export const FRAME_NO_TRY: ProbeSet = {
  ...FRAME_SUSPENSIONS,
  enter: (names, index) => probe.enter(names, index, true),
  exit: probe.FALL_THROUGH_EXIT,
  returnValue: [probe.RETURN_OPEN, probe.RETURN_CLOSE],
  returnBare: probe.RETURN_BARE,
};

const INLINE_SUSPENSIONS = {
  await: [probe.InlineSuspending.AWAIT_OPEN, probe.InlineSuspending.AWAIT_CLOSE],
  yield: [probe.InlineSuspending.YIELD_OPEN, probe.InlineSuspending.YIELD_CLOSE],
  bareYield: probe.InlineSuspending.BARE_YIELD,
  asyncGeneratorReturn: [probe.ImplicitAwait.RETURN_OPEN, probe.ImplicitAwait.RETURN_CLOSE],
  implicitAwait: probe.ImplicitAwait.inline,
} as const;

export const INLINE: ProbeSet = {
  ...INLINE_SUSPENSIONS,
  enter: probe.Inline.enter,
  exit: probe.Inline.EXIT,
  line: probe.Inline.line,
  // Inline probes set the depth only at entry: where an exception lands, set it again.
  heal: probe.Inline.HEAL,
};

export const INLINE_SUSPENDING: ProbeSet = {
  ...INLINE_SUSPENSIONS,
  enter: probe.InlineSuspending.enter,
  exit: probe.InlineSuspending.EXIT,
  line: probe.InlineSuspending.line,
  // These set the depth at every line.
  heal: '',
};

/** The probes of a function: inline ones for the sampled engine's functions with try/finally. */
export function probeSetFor(inline: boolean, suspends: boolean, noTry: boolean): ProbeSet {
  if (inline) return suspends ? INLINE_SUSPENDING : INLINE;
  return noTry ? FRAME_NO_TRY : FRAME;
}
