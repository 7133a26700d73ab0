// The fuzzer's program tree and how it prints: statements hold the statement lists
// nested in them (so that the minimiser can delete from any list and print again), and
// print in one of three layouts: `pretty` (one statement a line, with or without
// semicolons), `inline` (several statements on one line) and `min` (no optional spaces:
// `return[`, `await(`, `}else{`). Printing is deterministic: every random choice was
// made when the tree was generated. Must not run or instrument anything.

export type Mode = 'pretty' | 'inline' | 'min';

export interface Layout {
  readonly mode: Mode;
  /** Pretty mode without semicolons: a line break ends a statement, `;(` guards hazards. */
  readonly asi: boolean;
  /** Indentation of the statement being printed (pretty mode). */
  readonly ind: string;
}

export interface Stmt {
  /** Statement lists inside this statement; the minimiser deletes from them in place. */
  readonly lists: Stmt[][];
  /** The text without its terminating `;`; lines after the first carry their own indentation. */
  print(layout: Layout): string;
  /** Whether the text ends in an expression, so that it needs `;` or a line break after it. */
  isOpen(): boolean;
  /** A declaration may not stand alone as an `if` or loop body. */
  readonly declaration: boolean;
  /** `// text` ending the statement's line in pretty mode. */
  readonly note: string;
}

export type BodyStyle = 'same' | 'next' | 'bare' | 'bareNext';

const INDENT = '  ';
/** Characters a statement may not start with after a line break under ASI. */
const ASI_HAZARD = /^[([`+\-/]/;
const IDENTIFIER_CHAR = /[A-Za-z0-9_$]/;

export function deeper(layout: Layout): Layout {
  return { ...layout, ind: layout.ind + INDENT };
}

/** `word rest`, without the space in min mode when `rest` cannot merge with the word. */
export function keyword(layout: Layout, word: string, rest: string): string {
  if (rest === '') return word;
  return layout.mode === 'min' && !IDENTIFIER_CHAR.test(rest[0]) ? word + rest : `${word} ${rest}`;
}

/** The space around operators and after commas: none in min mode. */
export function space(mode: Mode): string {
  return mode === 'min' ? '' : ' ';
}

/** A statement list as the inside of a block (or a whole program), at `layout.ind`. */
export function printList(list: readonly Stmt[], layout: Layout): string {
  if (layout.mode !== 'pretty') {
    return list.map((s) => s.print(layout) + (s.isOpen() ? ';' : '')).join(layout.mode === 'inline' ? ' ' : '');
  }
  return list
    .map((s) => {
      const text = s.print(layout);
      const guard = layout.asi && ASI_HAZARD.test(text) ? ';' : '';
      const end = s.isOpen() && !layout.asi ? ';' : '';
      return layout.ind + guard + text + end + (s.note === '' ? '' : ` // ${s.note}`);
    })
    .join('\n');
}

/** `{ ... }` with the list inside; the closing brace at `layout.ind`. */
export function printBlock(list: readonly Stmt[], layout: Layout): string {
  if (list.length === 0) return '{}';
  if (layout.mode === 'min') return `{${printList(list, layout)}}`;
  if (layout.mode === 'inline') return `{ ${printList(list, layout)} }`;
  return `{\n${printList(list, deeper(layout))}\n${layout.ind}}`;
}

export interface PrintedBody {
  /** Text to put right after the head (`if (x)`, `else`, `do`), starting with its separator. */
  readonly text: string;
  /** The body is a single statement without braces, ending in an expression. */
  readonly open: boolean;
  readonly braced: boolean;
}

/** An `if`/loop body; a bare style falls back to braces unless the list is one non-declaration. */
export function printBody(list: readonly Stmt[], style: BodyStyle, layout: Layout): PrintedBody {
  const bare = (style === 'bare' || style === 'bareNext') && list.length === 1 && !list[0].declaration;
  if (!bare) {
    const block = printBlock(list, layout);
    const separator = layout.mode === 'min' ? '' : style === 'next' && layout.mode === 'pretty' ? `\n${layout.ind}` : ' ';
    return { text: separator + block, open: false, braced: true };
  }
  const statement = list[0];
  if (style === 'bareNext' && layout.mode === 'pretty') {
    const inner = deeper(layout);
    return { text: `\n${inner.ind}${statement.print(inner)}`, open: statement.isOpen(), braced: false };
  }
  const text = statement.print(deeper(layout));
  return { text: layout.mode === 'min' ? text : ` ${text}`, open: statement.isOpen(), braced: false };
}

/** `else`/`do` and the body after it: `else{`, `else x`, `else [a]` (min: `else[a]`). */
export function afterKeyword(layout: Layout, word: string, body: PrintedBody): string {
  return layout.mode === 'min' ? keyword(layout, word, body.text) : word + body.text;
}

/**
 * What comes between a body and a following keyword (`else`, `while` of do-while, `catch`):
 * a `;` after an open bare body unless a line break ends it, then a space or line break.
 */
export function betweenBodyAnd(body: PrintedBody, layout: Layout, newline: boolean): string {
  const lineBreak = layout.mode === 'pretty' && newline;
  const semicolon = body.open && !(lineBreak && layout.asi) ? ';' : '';
  if (lineBreak) return `${semicolon}\n${layout.ind}`;
  return semicolon + (layout.mode === 'min' ? '' : ' ');
}

interface StmtParts {
  readonly lists?: Stmt[][];
  readonly print: (layout: Layout) => string;
  readonly isOpen?: () => boolean;
  readonly declaration?: boolean;
  readonly note?: string;
}

export function statement(parts: StmtParts): Stmt {
  const open = parts.isOpen ?? (() => true);
  return {
    lists: parts.lists ?? [],
    print: parts.print,
    isOpen: open,
    declaration: parts.declaration ?? false,
    note: parts.note ?? '',
  };
}

/** A statement whose text is fixed; `lines` after the first continue it on new lines. */
export function fixed(lines: readonly string[], options: { declaration?: boolean; open?: boolean; note?: string } = {}): Stmt {
  return statement({
    print: (layout) => lines.map((line, i) => (i === 0 ? line : `\n${deeper(layout).ind}${line}`)).join(''),
    isOpen: () => options.open ?? true,
    declaration: options.declaration,
    note: options.note,
  });
}

/** Every statement list of the tree, outermost first (for the minimiser). */
export function allLists(root: Stmt[]): Stmt[][] {
  const lists: Stmt[][] = [root];
  for (let i = 0; i < lists.length; i++) {
    for (const s of lists[i]) lists.push(...s.lists);
  }
  return lists;
}
