// Offset -> 1-based line lookups over a source string, built once and binary searched.

import { lastAtOrBefore } from '../sorted.js';

export { lastAtOrBefore };

export class LineLocator {
  private readonly starts: number[];

  constructor(source: string) {
    this.starts = onlyNewlines(source) ? newlineStarts(source) : terminatorStarts(source);
  }

  /** Offset where a 1-based line starts. */
  lineStart(line: number): number {
    return this.starts[line - 1] ?? 0;
  }

  /** 1-based line of a string offset; offsets past the end give the last line. */
  lineOf(offset: number): number {
    return Math.max(0, lastAtOrBefore(this.starts, offset)) + 1;
  }
}

/**
 * Whether every line of `source` ends with `\n` (LF or CRLF): no U+2028, U+2029 or lone
 * `\r`. Nearly every file: then native indexOf finds the lines, 4x faster than a loop
 * over the characters (which matters on a bundle of 9 MB).
 */
function onlyNewlines(source: string): boolean {
  if (source.includes('\u2028') || source.includes('\u2029')) return false;
  for (let i = source.indexOf('\r'); i >= 0; i = source.indexOf('\r', i + 1)) {
    if (source.charCodeAt(i + 1) !== 10) return false;
  }
  return true;
}

function newlineStarts(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Line starts after every JavaScript line terminator. */
function terminatorStarts(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    // \n, \r (not followed by \n), U+2028 and U+2029 end a line in JavaScript.
    if (c === 10 || c === 0x2028 || c === 0x2029) starts.push(i + 1);
    else if (c === 13 && source.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}
