// Offset -> 1-based line lookups over a source string, built once and binary searched.

/** Index of the last element of an ascending list that is <= value, or -1. */
export function lastAtOrBefore(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export class LineLocator {
  private readonly starts: number[];

  constructor(source: string) {
    const starts = [0];
    for (let i = 0; i < source.length; i++) {
      const c = source.charCodeAt(i);
      // \n, \r (not followed by \n), U+2028 and U+2029 end a line in JavaScript.
      if (c === 10 || c === 0x2028 || c === 0x2029) starts.push(i + 1);
      else if (c === 13 && source.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    this.starts = starts;
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
