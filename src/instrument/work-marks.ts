// Where in a source text the instrumenter could have work: the offsets of every `{`,
// `=>`, `await` and `yield`. Pure; built once per instrument() call, then binary searched.
//
// Why: inside an expression the walker acts only on functions, classes (whose bodies and
// static blocks hold statements), `await` and `yield`. A function's text holds a `{` (its
// body) or a `=>` (an arrow), a class's a `{`, a suspension its keyword, none of which can
// be written with escapes. So a subtree whose text holds none of them has nothing to
// instrument and need not be walked: on typescript.js that skips 70% of the nodes.
// Marks in strings, comments or longer names (`awaitable`) are false alarms: they cost a
// walk, never a missed function.
//
// One exception to "a node's text holds its subtree": decorators stand before the node
// that owns them (a parameter's, a class's after `export`), so the walker always enters a
// node with decorators (instrument.ts, `hasDecorators`).

import { lastAtOrBefore } from './locator.js';

const TOKENS = ['{', '=>', 'await', 'yield'];

export class WorkMarks {
  /** Ascending offsets where one of TOKENS starts. */
  private readonly offsets: Int32Array;

  constructor(source: string) {
    const found: number[] = [];
    // One indexOf scan per token: native, far faster than a regular expression here.
    for (const token of TOKENS) {
      for (let i = source.indexOf(token); i >= 0; i = source.indexOf(token, i + token.length)) found.push(i);
    }
    // Offsets fit: a string is shorter than 2^30. A typed array sorts numerically.
    this.offsets = Int32Array.from(found).sort();
  }

  /** Whether the text from `start` to `end` (exclusive) holds a mark. */
  within(start: number, end: number): boolean {
    const next = lastAtOrBefore(this.offsets, start - 1) + 1;
    return next < this.offsets.length && this.offsets[next] < end;
  }
}
