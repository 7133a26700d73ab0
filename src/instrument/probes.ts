// The text of every call the instrumenter emits, in one place. The runtime implements
// these names (src/runtime/runtime.ts, exact.ts, sampled.ts); probe-sets.ts says which
// kind of function uses which.
//
// Emitted code never contains a newline, so no original line moves.

import { DEPTH_INDEX, RUNTIME_GLOBAL } from '../protocol.js';

// What the runtime and the loader also read: in protocol.ts, which depends on nothing.
export { DEPTH_INDEX, ENTER_PATTERN, RUNTIME_GLOBAL } from '../protocol.js';

/** Marker that a file was already instrumented, so a second pass changes nothing. */
export const VERSION_MARKER = '/*lineprof:1*/';
/** The local that holds a call's frame. */
export const FRAME = '$lp_f';

// ---- mock-safe files (lineprof/jest) --------------------------------------------------
// Code that jest runs, after babel-plugin-jest-hoist and a module transform, under three
// constraints; `mockSafe` meets them, and changes nothing else.
// - The plugin rejects a `jest.mock()` factory that references a variable from outside it
//   unless the name starts with `mock`; an entry probe references the file's first id.
//   So the file-level names start with `mock`.
// - It moves jest.mock() calls, and the module transform the file's imports (whose
//   require()s call the factories), above everything else: a factory runs before the
//   registration statement. So registration is a hoisted function, which every entry
//   probe calls first (it registers the file once).
// - Test environments other than jest's node one (jsdom) have a global object without the
//   runtime. The registration function then finds it through the `process` object jest
//   gives every environment (a global, which a module's own `process` does not shadow):
//   a copy of Node's, with its prototype, whose constructor is of the realm lineprof's
//   preload ran in, and so is that constructor's Function constructor (process's own
//   methods may be the environment's: graceful-fs replaces cwd, fake timers nextTick).
//   It puts the runtime on the environment's global, for the probes that name it.
// Elsewhere (the loader) a call before registration happens only in an ES module cycle,
// and goes unrecorded.

/** Prefix of the file-level identifiers under `mockSafe` (see above). */
export const MOCK_SAFE_PREFIX = 'mock';

/** The runtime, read in the realm of jest's `process` object (see above). */
const SANDBOX_RUNTIME = `globalThis.process.constructor.constructor("return globalThis.${RUNTIME_GLOBAL}")()`;

/** The identifiers one instrumented file declares at its top level. */
export interface FileNames {
  /** The file's key, as registration names it. */
  readonly key: string;
  /** Holds the file's first function id (set by registration). */
  readonly base: string;
  /** Hoisted function returning the original source text (read only at exit). */
  readonly source: string;
  /** Sampled engine: the file's first counter slot (see `Inline`). */
  readonly slotBase: string;
  /** Under `mockSafe`: the hoisted function that registers the file once and returns the runtime. */
  readonly register?: string;
}

export function fileNames(fileKey: string, mockSafe = false): FileNames {
  const stem = `${mockSafe ? MOCK_SAFE_PREFIX : ''}$lp_${fileKey}`;
  const names = { key: fileKey, base: stem, source: `${stem}_src`, slotBase: `${stem}_B` };
  return mockSafe ? { ...names, register: `${stem}_r` } : names;
}

/**
 * The runtime as an entry probe calls it: under mockSafe through the registration
 * function. Its test of whether registration ran stays there, after the source: in the
 * function entered it would be a branch of the program's own that V8's coverage (jest's
 * coverageProvider 'v8') reports as never taken.
 */
function entryRuntime(names: FileNames): string {
  return names.register ? `${names.register}()` : RUNTIME_GLOBAL;
}

/**
 * Registration of a file's function table; runs before any of its functions. `options`
 * says how the file was instrumented (`lang sourceType engine`, then `mock` under
 * mockSafe), so that the runtime can do it again to map the code back to the source
 * (fn.toString()). With `inline` (sampled engine), also the file's first counter slot,
 * which inline probes add to (see `Inline`). Under mockSafe the statement calls the
 * registration function (see registrationFunction); `typed`: the file is TypeScript.
 */
export function registerFile(names: FileNames, file: string, table: string, options: string, inline = false, typed = false): string {
  if (names.register) {
    // Declared without a value: TypeScript that a type checker reads (ts-jest) needs a type.
    const type = typed ? ':any' : '';
    return `${VERSION_MARKER}var ${names.base}${type}${inline ? `,${names.slotBase}${type}` : ''};${names.register}();`;
  }
  return `${VERSION_MARKER}var ${registration(names, file, table, options, inline)};`;
}

/** `base=__lineprof.r(...)` and, with inline probes, `,slotBase=__lineprof.b(base)`. */
function registration(names: FileNames, file: string, table: string, options: string, inline: boolean): string {
  const arrays = inline ? `,${names.slotBase}=${RUNTIME_GLOBAL}.b(${names.base})` : '';
  return `${names.base}=${RUNTIME_GLOBAL}.r(${jsString(names.key)},${jsString(file)},${table},${names.source},${jsString(options)})${arrays}`;
}

/** Under mockSafe: the hoisted function that registers the file, once, and returns the runtime. */
export function registrationFunction(names: FileNames, file: string, table: string, options: string, inline = false): string {
  const g = RUNTIME_GLOBAL;
  const runtime = `typeof ${g}>"u"&&(globalThis.${g}=${SANDBOX_RUNTIME})`;
  return `function ${names.register}(){if(${names.base}===void 0){${runtime};${registration(names, file, table, options, inline)}}return ${g}}\n`;
}

export function sourceFunction(names: FileNames, source: string): string {
  return `\nfunction ${names.source}(){return ${jsString(source)}}\n`;
}

/** Function entry: asks the runtime for a frame (a no-op frame when not recorded). */
export function enter(names: FileNames, index: number, noTry: boolean): string {
  return `const ${FRAME}=${entryRuntime(names)}.e(${names.base}+${index});${noTry ? '' : 'try{'}`;
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
 * Locals of an inline call: its depth on the line stack (0: not recorded), its first slot,
 * and (async functions and generators) the index of the depth cell it writes: the real one,
 * or stack slot 0 as scratch when not recorded.
 */
export const DEPTH = '$lp_d';
export const SLOT_BASE = '$lp_b';
export const DEPTH_CELL = '$lp_D';

function slotBase(names: FileNames, slot: number): string {
  return `${SLOT_BASE}=(${DEPTH}?${names.slotBase}+${slot}:${RUNTIME_GLOBAL}.j)|0`;
}

function depthCell(): string {
  return `${DEPTH_CELL}=${DEPTH}?${DEPTH_INDEX}:0`;
}

export const Inline = {
  /** `slot`: the function's first slot within the file. */
  enter(names: FileNames, index: number, slot: number): string {
    return `const ${DEPTH}=${entryRuntime(names)}.p(${names.base}+${index}),${slotBase(names, slot)};try{`;
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
  enter(names: FileNames, index: number, slot: number): string {
    return (
      `let ${DEPTH}=${entryRuntime(names)}.p(${names.base}+${index}),${CURRENT}=-1,${SUSPENSION}=-1,${TEMPORARY};` +
      `const ${slotBase(names, slot)},${depthCell()};try{`
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


/**
 * `value` as a JavaScript literal on one line: JSON, with U+2028 and U+2029 escaped, which
 * JSON leaves as they are but V8 counts as line breaks (a function named `"a\u2028b"` in the
 * registration's table moved every later line down by one in the program's stack traces).
 */
export function jsString(value: unknown): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
