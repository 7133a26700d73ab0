// Scanning the source text around AST nodes, where the AST has no position for what the
// instrumenter needs (the token before a statement, a block's `{`, a `for` head's `)`),
// skipping whitespace and the parser's comments.

import { lastAtOrBefore } from './locator.js';

export class SourceTokens {
  private readonly commentStarts: number[];
  private readonly commentEnds: number[];

  constructor(
    private readonly source: string,
    comments: readonly { start: number; end: number }[],
  ) {
    this.commentStarts = comments.map((c) => c.start);
    this.commentEnds = comments.map((c) => c.end);
  }

  /** Offset just after the last token before `offset` (skipping whitespace and comments). */
  tokenEndBefore(offset: number): number {
    let at = offset;
    for (;;) {
      while (at > 0 && isWhitespace(this.source.charCodeAt(at - 1))) at--;
      const comment = this.commentEndingAt(at);
      if (comment < 0) return at;
      at = this.commentStarts[comment];
    }
  }

  /** Offset of the first `{` at or after `from` that is not inside a comment. */
  blockOpen(from: number): number {
    for (let i = this.source.indexOf('{', from); i >= 0; i = this.source.indexOf('{', i + 1)) {
      if (!this.inComment(i)) return i;
    }
    throw new Error('block without an opening brace');
  }

  /** Offset of the `)` that closes a `for (...)` head whose body starts at `bodyStart`, skipping comments. */
  headerClose(bodyStart: number): number {
    for (let i = bodyStart - 1; i >= 0; i--) {
      if (this.source[i] === ')' && !this.inComment(i)) return i;
    }
    throw new Error('for statement without a closing parenthesis');
  }

  /** Index of the comment that ends exactly at `offset`, or -1. */
  private commentEndingAt(offset: number): number {
    const found = lastAtOrBefore(this.commentEnds, offset);
    return found >= 0 && this.commentEnds[found] === offset ? found : -1;
  }

  private inComment(offset: number): boolean {
    const found = lastAtOrBefore(this.commentStarts, offset);
    return found >= 0 && offset < this.commentEnds[found];
  }
}

/** A whitespace or line-terminator character, as JavaScript's lexer skips them. */
const WHITESPACE = /\s/;

/** WHITESPACE.test of one UTF-16 code unit; ASCII without the regular expression (hot). */
function isWhitespace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return WHITESPACE.test(String.fromCharCode(code));
}
