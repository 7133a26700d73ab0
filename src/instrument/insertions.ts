// Text insertions into a source string, with magic-string's ordering rules, applied in
// one pass: the instrumenter only ever inserts (nothing is removed or moved), and a
// plain sorted splice is several times faster than magic-string's chunk splitting on
// large files. magic-string itself builds the source map when one is wanted.
//
// At one offset, text attached to the left (prependLeft: later calls first) comes
// before text attached to the right (appendRight: calls in order).

import { createOwnRequire } from '../own-require.js';
import type MagicStringType from 'magic-string';
import type { SourceMap } from 'magic-string';
import { lastAtOrBefore } from './locator.js';

// Loaded on first use: only TypeScript needs a map, and start-up pays for every import.
let MagicString: typeof MagicStringType | undefined;
function magicString(): typeof MagicStringType {
  MagicString ??= (createOwnRequire(import.meta.url)('magic-string') as { default: typeof MagicStringType }).default;
  return MagicString;
}

/**
 * The insertions of an output, in output order: the source offset each went in at, and
 * where its text starts and ends in the output. Plain numbers: a result can be kept or
 * sent as it is.
 */
export interface Splices {
  readonly source: Float64Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
}

export const NO_SPLICES: Splices = { source: new Float64Array(0), start: new Float64Array(0), end: new Float64Array(0) };

/**
 * The source offset an offset of the output came from; an offset inside inserted text
 * maps to where that text went in.
 */
export function originalOffsetOf(splices: Splices, offset: number): number {
  const last = lastAtOrBefore(splices.start, offset);
  if (last < 0) return offset;
  const { source, end } = splices;
  return offset < end[last] ? source[last] : offset - (end[last] - source[last]);
}

const LEFT = 0;
const RIGHT = 1;

export class Insertions {
  private readonly offsets: number[] = [];
  private readonly sides: number[] = [];
  private readonly texts: string[] = [];
  private tail = '';
  /** sorted()'s answer, kept for splices() after toString(). */
  private order: number[] | undefined;

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

  /** Where each insertion went, in output order (see Splices). */
  splices(): Splices {
    const order = this.sorted();
    const source = new Float64Array(order.length);
    const start = new Float64Array(order.length);
    const end = new Float64Array(order.length);
    let added = 0;
    order.forEach((i, n) => {
      source[n] = this.offsets[i];
      start[n] = this.offsets[i] + added;
      added += this.texts[i].length;
      end[n] = this.offsets[i] + added;
    });
    return { source, start, end };
  }

  private push(offset: number, side: number, text: string): void {
    this.offsets.push(offset);
    this.sides.push(side);
    this.texts.push(text);
  }

  /** Indexes in output order: by offset, left before right, left newest first, right oldest first. */
  private sorted(): number[] {
    if (this.order?.length === this.offsets.length) return this.order;
    const { offsets, sides } = this;
    const order = offsets.map((_, i) => i);
    order.sort((a, b) => {
      if (offsets[a] !== offsets[b]) return offsets[a] - offsets[b];
      if (sides[a] !== sides[b]) return sides[a] - sides[b];
      return sides[a] === LEFT ? b - a : a - b;
    });
    this.order = order;
    return order;
  }
}
