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

/** Registration of a file's function table; runs before any of its functions. */
export function registerFile(fileKey: string, file: string, table: string): string {
  const base = fileBaseName(fileKey);
  return `${VERSION_MARKER}var ${base}=${RUNTIME_GLOBAL}.r(${JSON.stringify(fileKey)},${JSON.stringify(file)},${table},${fileSourceName(fileKey)});`;
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

/** Regex that finds a function's id inside its own source text (for addFunction). */
export const ENTER_PATTERN = /__lineprof\.e\(\s*\$lp_([0-9a-z]+)\s*\+\s*(\d+)\s*\)/g;
