// Text insertions into a source string, with magic-string's ordering rules, applied in
// one pass: the instrumenter only ever inserts (nothing is removed or moved), and a
// plain sorted splice is several times faster than magic-string's chunk splitting on
// large files. magic-string itself builds the source map when one is wanted.
//
// At one offset, text attached to the left (prependLeft: later calls first) comes
// before text attached to the right (appendRight: calls in order).

import { createRequire } from 'node:module';
import type MagicStringType from 'magic-string';
import type { SourceMap } from 'magic-string';
import { lastAtOrBefore } from './locator.js';

// Loaded on first use: only TypeScript needs a map, and start-up pays for every import.
let MagicString: typeof MagicStringType | undefined;
function magicString(): typeof MagicStringType {
  MagicString ??= (createRequire(import.meta.url)('magic-string') as { default: typeof MagicStringType }).default;
  return MagicString;
}

const LEFT = 0;
const RIGHT = 1;

export class Insertions {
  private readonly offsets: number[] = [];
  private readonly sides: number[] = [];
  private readonly texts: string[] = [];
  private tail = '';

  constructor(private readonly source: string) {}

  appendRight(offset: number, text: string): this {
    this.push(offset, RIGHT, text);
    return this;
  }

  prependLeft(offset: number, text: string): this {
    this.push(offset, LEFT, text);
    return this;
  }

  /** Text after the end of the source. */
  append(text: string): this {
    this.tail += text;
    return this;
  }

  toString(): string {
    const order = this.sorted();
    const parts: string[] = [];
    let at = 0;
    for (const i of order) {
      const offset = this.offsets[i];
      if (offset > at) parts.push(this.source.slice(at, offset));
      parts.push(this.texts[i]);
      at = offset;
    }
    parts.push(this.source.slice(at), this.tail);
    return parts.join('');
  }

  /** A hi-res map from the result back to the source (replays the edits on magic-string). */
  generateMap(file: string): SourceMap {
    const ms = new (magicString())(this.source);
    for (let i = 0; i < this.offsets.length; i++) {
      if (this.sides[i] === RIGHT) ms.appendRight(this.offsets[i], this.texts[i]);
      else ms.prependLeft(this.offsets[i], this.texts[i]);
    }
    ms.append(this.tail);
    return ms.generateMap({ hires: 'boundary', source: file, includeContent: true });
  }

  /**
   * Maps an offset in the result (toString()) to the source offset it came from; an offset
   * inside inserted text maps to where that text was inserted. Built when first asked.
   */
  originalOffset(): (offset: number) => number {
    const order = this.sorted();
    // Per insertion in output order: where it starts in the result, and how much text all
    // insertions up to and including it added.
    const starts = new Float64Array(order.length);
    const added = new Float64Array(order.length);
    let total = 0;
    order.forEach((i, n) => {
      starts[n] = this.offsets[i] + total;
      total += this.texts[i].length;
      added[n] = total;
    });
    return (offset) => {
      const last = lastAtOrBefore(starts, offset);
      if (last < 0) return offset;
      const end = starts[last] + this.texts[order[last]].length;
      return offset < end ? this.offsets[order[last]] : offset - added[last];
    };
  }

  private push(offset: number, side: number, text: string): void {
    this.offsets.push(offset);
    this.sides.push(side);
    this.texts.push(text);
  }

  /** Indexes in output order: by offset, left before right, left newest first, right oldest first. */
  private sorted(): number[] {
    const { offsets, sides } = this;
    const order = offsets.map((_, i) => i);
    order.sort((a, b) => {
      if (offsets[a] !== offsets[b]) return offsets[a] - offsets[b];
      if (sides[a] !== sides[b]) return sides[a] - sides[b];
      return sides[a] === LEFT ? b - a : a - b;
    });
    return order;
  }
}
