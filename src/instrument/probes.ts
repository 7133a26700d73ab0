// The text of every call the instrumenter emits, in one place. The runtime implements
// these names (see src/runtime/frames.ts); nothing else couples the two halves.
//
// Emitted code never contains a newline, so no original line moves.

/** The global object instrumented code talks to. */
export const RUNTIME_GLOBAL = '__lineprof';
/** Marker that a file was already instrumented, so a second pass changes nothing. */
export const VERSION_MARKER = '/*lineprof:1*/';
/** The local that holds a call's frame. */
export const FRAME = '$lp_f';

/** Per-file identifier holding the file's first function id (set by registration). */
export function fileBaseName(fileKey: string): string {
  return `$lp_${fileKey}`;
}

/** Per-file hoisted function returning the original source text (read only at exit). */
export function fileSourceName(fileKey: string): string {
  return `$lp_${fileKey}_src`;
}

/**
 * Registration of a file's function table; runs before any of its functions. `options`
 * says how the file was instrumented (`lang sourceType engine`), so that the runtime can
 * do it again to map the code back to the source (fn.toString()). With `inline` (sampled
 * engine), also the file's first counter slot, which inline probes add to (see `Inline`).
 */
export function registerFile(fileKey: string, file: string, table: string, options: string, inline = false): string {
  const base = fileBaseName(fileKey);
  const arrays = inline ? `,${slotBaseName(fileKey)}=${RUNTIME_GLOBAL}.b(${base})` : '';
  return `${VERSION_MARKER}var ${base}=${RUNTIME_GLOBAL}.r(${JSON.stringify(fileKey)},${JSON.stringify(file)},${table},${fileSourceName(fileKey)},${JSON.stringify(options)})${arrays};`;
}

export function sourceFunction(fileKey: string, source: string): string {
  return `\nfunction ${fileSourceName(fileKey)}(){return ${JSON.stringify(source)}}\n`;
}

/** Function entry: asks the runtime for a frame (a no-op frame when not recorded). */
export function enter(fileKey: string, index: number, noTry: boolean): string {
  return `const ${FRAME}=${RUNTIME_GLOBAL}.e(${fileBaseName(fileKey)}+${index});${noTry ? '' : 'try{'}`;
}

/** Function exit, on return, throw or fall-through. */
export const EXIT = `}finally{${FRAME}.x()}`;
/** Exit at the end of a body without try/finally (see FunctionScope.noTry). */
export const FALL_THROUGH_EXIT = `;${FRAME}.x();`;
/**
 * `return x` in a body without try/finally: `return $lp_f.v((x))` exits, then returns x
 * (the inner parentheses keep `return a, b` one argument).
 */
export const RETURN_OPEN = ` ${FRAME}.v((`;
export const RETURN_CLOSE = '))';
/** A bare `return;` becomes `return $lp_f.v();`. */
export const RETURN_BARE = ` ${FRAME}.v()`;

/** A line starts executing; `k` is the line's offset from the function's first line. */
export function line(k: number): string {
  return `${FRAME}.l(${k})`;
}

/**
 * `await x` becomes `await A(x)`: A marks the frame suspended; its next probe sees it was
 * resumed. Text put right after a keyword starts with a space, or minified `await(x)`
 * would read `await$lp_f`.
 */
export const AWAIT_ARG_OPEN = ` ${FRAME}.a(`;
/** `yield x` becomes `yield Y(x)`: suspended at a yield does not count as waiting. */
export const YIELD_ARG_OPEN = ` ${FRAME}.y(`;

// ---- inline probes (sampled engine) ----------------------------------------------------
// A function with a try/finally needs no frame object under the sampled engine (async
// functions and generators: see InlineSuspending): its depth on the shared line stack and
// its first counter slot are locals, and each line is two plain stores:
//   const $lp_d=__lineprof.p($lp_K+3),$lp_b=($lp_d?$lp_K_B+40:__lineprof.j)|0;try{
//     __lineprof.s[$lp_d]=$lp_b+2,__lineprof.h[$lp_b+2]++; ...
//   }finally{$lp_d&&(__lineprof.d[0]=$lp_d-1)}
// The depth is set at entry and exit only. Callees keep it right: every inline call pops
// in its finally; async callees leave the stack at every suspension they can see, and
// the implicit awaits of a `for await` loop and of an async generator's `return x` are
// made visible (ImplicitAwait); a callee without try/finally (a frame object)
// that throws does not pop, and the catch or finally that sees its exception puts the
// depth back (HEAL). Setting the depth at every line instead cost fib 1.5x and the seed
// loop 1.2x in side-by-side runs.
// A call nobody records gets depth 0 and scratch cells (stack slot 0 and the hits past
// the real ones): the line probes have no branch, which V8 compiles to much faster code
// than a test per line (tokenizer: 2x instead of 3.3x), at the price of the same stores
// for calls nobody records.
// The stores go to arrays read through the global runtime object, whose fields never
// change, so V8 folds them to constants (as fast as a `const`; a file-level `var`
// measured 1.4x slower, and a `const` would throw if a hoisted function ran before
// registration, as in an ES module cycle: its id is then NaN, `p` returns 0 and
// `$lp_K_B` is never read). `|0` tells V8 that the slot base is a small integer (~12% on
// the seed loop). Slot numbers are the file's first slot plus a constant: registration
// allocates a file's functions in table order, a slot per line.

/**
 * Index of the depth cell in the shared stack array (see sampled.ts, createLineStack): far
 * past any reachable depth, since a call's depth indexes the same array.
 */
export const DEPTH_INDEX = 1 << 20;

/**
 * Locals of an inline call: its depth on the line stack (0: not recorded), its first slot,
 * and (async functions and generators) the index of the depth cell it writes: the real one,
 * or stack slot 0 as scratch when not recorded.
 */
export const DEPTH = '$lp_d';
export const SLOT_BASE = '$lp_b';
export const DEPTH_CELL = '$lp_D';

function slotBase(fileKey: string, slot: number): string {
  return `${SLOT_BASE}=(${DEPTH}?${slotBaseName(fileKey)}+${slot}:${RUNTIME_GLOBAL}.j)|0`;
}

function depthCell(): string {
  return `${DEPTH_CELL}=${DEPTH}?${DEPTH_INDEX}:0`;
}

export function slotBaseName(fileKey: string): string {
  return `$lp_${fileKey}_B`;
}

export const Inline = {
  /** `slot`: the function's first slot within the file. */
  enter(fileKey: string, index: number, slot: number): string {
    const g = RUNTIME_GLOBAL;
    return `const ${DEPTH}=${g}.p(${fileBaseName(fileKey)}+${index}),${slotBase(fileKey, slot)};try{`;
  },
  /**
   * Line `k` (offset from the function's first line) starts: this call is the top of the
   * stack, with this line; count a hit. Starts with an identifier, never `(`: the
   * previous statement may end without a semicolon.
   */
  line(k: number): string {
    const at = `${SLOT_BASE}+${k}`;
    return `${RUNTIME_GLOBAL}.s[${DEPTH}]=${at},${RUNTIME_GLOBAL}.h[${at}]++`;
  },
  EXIT: `}finally{${DEPTH}&&(${RUNTIME_GLOBAL}.d[0]=${DEPTH}-1)}`,
  /**
   * First statement of a catch or finally block: a callee without try/finally that threw
   * left its depth; this call is the top again.
   */
  HEAL: `${DEPTH}&&(${RUNTIME_GLOBAL}.d[0]=${DEPTH});`,
};

// Async functions and generators (sampled engine) get inline probes too, with two more
// locals: the slot of the line now running (`$lp_c`, for the time waited at an await) and
// the suspension (`$lp_z`: -1 running, -2 suspended at a yield, else the clock when it
// suspended at an await). `await x` becomes `await ($lp_t=x,SUSPEND,$lp_t)`: x runs first
// (in this call's time), then the call leaves the stack, and the await stays outermost
// with x's value (V8's messages about it read as without lineprof). The next line of the
// call sees the suspension and puts the call back on the stack (`q`): alone after an await
// (a microtask), on top of whoever resumed it after a yield. These calls also set the depth
// at every line, and a line that finds the stack shallower than its call's depth runs on
// what is there: a safety net for a suspension nothing saw (see ImplicitAwait).

/** Locals of an inline async call or generator: the current line's slot, the suspension, a temporary. */
export const CURRENT = '$lp_c';
export const SUSPENSION = '$lp_z';
export const TEMPORARY = '$lp_t';

function suspend(state: string): string {
  return `${DEPTH}&&(${RUNTIME_GLOBAL}.s[${DEPTH_CELL}]=${DEPTH}-1,${SUSPENSION}=${state})`;
}

export const InlineSuspending = {
  enter(fileKey: string, index: number, slot: number): string {
    const g = RUNTIME_GLOBAL;
    return (
      `let ${DEPTH}=${g}.p(${fileBaseName(fileKey)}+${index}),${CURRENT}=-1,${SUSPENSION}=-1,${TEMPORARY};` +
      `const ${slotBase(fileKey, slot)},${depthCell()};try{`
    );
  },
  line(k: number): string {
    const g = RUNTIME_GLOBAL;
    return (
      `${SUSPENSION}!==-1&&(${DEPTH}=${g}.q(${DEPTH},${SUSPENSION},${CURRENT}),${SUSPENSION}=-1),` +
      `${g}.s[${DEPTH_CELL}]<${DEPTH}&&(${DEPTH}=${g}.s[${DEPTH_CELL}]+1),` +
      `${g}.s[${DEPTH_CELL}]=${DEPTH},${g}.s[${DEPTH}]=${CURRENT}=${SLOT_BASE}+${k},${g}.h[${CURRENT}]++`
    );
  },
  /** `await x` -> `await AWAIT_OPEN x AWAIT_CLOSE` (the text after `await` starts with a space). */
  AWAIT_OPEN: ` (${TEMPORARY}=`,
  AWAIT_CLOSE: `,${suspend(`${RUNTIME_GLOBAL}.n()`)},${TEMPORARY})`,
  YIELD_OPEN: ` (${TEMPORARY}=`,
  YIELD_CLOSE: `,${suspend('-2')},${TEMPORARY})`,
  /** A `yield` without a value. */
  BARE_YIELD: ` (${suspend('-2')},void 0)`,
  /** Leaving the call: from where it resumed, if it returns right after resuming. */
  EXIT: `}finally{${DEPTH}&&(${SUSPENSION}!==-1&&(${DEPTH}=${RUNTIME_GLOBAL}.q(${DEPTH},${SUSPENSION},${CURRENT})),${RUNTIME_GLOBAL}.d[0]=${DEPTH}-1)}`,
};

/**
 * The implicit awaits of `for await` (the iterator's next() before each iteration, its
 * return() when the loop is left early) and of an async generator's `return x`, which no
 * probe sees: the call is marked suspended before them, as at an `await`, with the loop's
 * line as its current one. The wait is then the loop's (not time of the body's last line),
 * and under the sampled engine the call leaves the line stack. The loop becomes
 *   {LEAVE;for await (x of xs) {HEAD;try{...}finally{LEAVE}}}
 * (LEAVE before the loop, not around `xs`: V8's "xs is not async iterable" prints that
 * expression's text). A leave that is not followed by a real await (an iterator without
 * return()) is told apart when the call runs on: the stack is then as it left it.
 */
export const ImplicitAwait = {
  /** Inline probes: leave the stack, current line `k`. */
  inline(k: number): string {
    return `${DEPTH}&&(${RUNTIME_GLOBAL}.s[${DEPTH_CELL}]=${DEPTH}-1,${SUSPENSION}=${RUNTIME_GLOBAL}.n(),${CURRENT}=${SLOT_BASE}+${k})`;
  },
  /** A frame object (functions without try/finally). */
  frame(k: number): string {
    return `${FRAME}.i(${k})`;
  },
  RETURN_OPEN: `(${TEMPORARY}=`,
  RETURN_CLOSE: `,${suspend(`${RUNTIME_GLOBAL}.n()`)},${TEMPORARY})`,
};

/** Regex that finds a function's id inside its own source text (for addFunction). */
export const ENTER_PATTERN = /__lineprof\.[ep]\(\s*\$lp_([0-9a-z]+)\s*\+\s*(\d+)\s*\)/g;
