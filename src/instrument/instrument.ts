// Source in, instrumented source out: parses JS or TS with oxc-parser and inserts probes
// with position-preserving edits (magic-string), so that every original line keeps its
// number. Pure: no file system, no clock, no globals (parse.ts caches one capability flag).
//
// What a function becomes (all on its original lines):
//   function f(a) {"use strict";const $lp_f=__lineprof.e($lp_K+3);try{$lp_f.l(1);stmt;...}finally{$lp_f.x()}}
// Probes are emitted for: each statement that starts a new line (placed at the end of the
// line before it, so that its own line keeps its columns), the update clause of `for`, the
// test of `while`/`do-while`, the head of `for-in/of` (once per iteration), and
// `await`/`yield` (suspension). Under the sampled engine, functions get inline probes
// instead of frame calls (probes.ts, `Inline` and `InlineSuspending`).

import type { SourceMap } from 'magic-string';
import { LineprofError } from '../errors.js';
import { childKeys, SKIP_KEYS } from './child-keys.js';
import { Insertions } from './insertions.js';
import { lastAtOrBefore, LineLocator } from './locator.js';
import { nameForChild, type NameContext } from './names.js';
import { hasModuleSyntax, parseSource } from './parse.js';
import * as probe from './probes.js';
import { WorkMarks } from './work-marks.js';

export type SourceLang = 'js' | 'jsx' | 'ts' | 'tsx';

export interface InstrumentOptions {
  /** Path (or URL) of the file, recorded in the function table and the source map. */
  readonly file: string;
  /** Short `[0-9a-z]+` key, unique per file within a process. */
  readonly fileKey: string;
  readonly lang: SourceLang;
  readonly sourceType: 'module' | 'script' | 'commonjs' | 'unambiguous';
  /** Build a source map (costly on large files; plain JS keeps its lines without one). */
  readonly sourceMap?: boolean;
  /**
   * The process's timing engine. 'sampled' gives functions inline probes (see
   * probes.ts, `Inline`), which only that engine's runtime understands. Default 'exact'.
   */
  readonly engine?: 'exact' | 'sampled';
  /**
   * Sampled engine: whether a function (by its reported name) gets inline probes; the
   * others get frame calls, which cost almost nothing while nobody records them (see
   * probes.ts). Default: every function. Must answer the same every time for a file:
   * fn.toString() instruments the file again to map text back.
   */
  readonly inline?: (name: string) => boolean;
  /**
   * For code that jest runs (lineprof/jest; see probes.ts): the file-level identifiers
   * start with `mock`, which babel-plugin-jest-hoist lets a `jest.mock()` factory
   * reference; the file registers at the first call of any of its functions when that
   * comes before the registration statement (jest.mock() factories that the file's imports
   * call); and it finds the runtime when its realm's global lacks it (jest's jsdom
   * environment). Default false; recorded in the registration's options (`... mock`).
   */
  readonly mockSafe?: boolean;
}

export interface FunctionEntry {
  readonly name: string;
  /** First line (1-based); decorators included, as Python counts them. */
  readonly line: number;
  readonly endLine: number;
  /** Column (0-based, UTF-16) where it starts on its first line. */
  readonly column: number;
}

export interface InstrumentResult {
  readonly code: string;
  /** Map from `code` back to the original source; null when nothing changed or not asked for. */
  readonly map: SourceMap | null;
  readonly functions: readonly FunctionEntry[];
  /** Whether the parser saw import/export syntax (used to pick ESM vs CommonJS). */
  readonly hasModuleSyntax: boolean;
  /** Builds the map from an offset in `code` to the source offset it came from. */
  readonly originalOffset: () => (offset: number) => number;
}

const IDENTITY = (offset: number): number => offset;
const unchanged = (): ((offset: number) => number) => IDENTITY;

// oxc's ESTree AST, typed loosely: the walker is driven by node types, not by TS types.
// eslint-style `any` would hide mistakes; an index signature keeps property access checked.
interface Node {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly [key: string]: unknown;
}

/** Statements that execute nothing where they stand, so they get no probe. */
const SILENT_STATEMENTS = new Set([
  'FunctionDeclaration', 'EmptyStatement', 'BlockStatement', 'WhileStatement', 'TSTypeAliasDeclaration',
  'TSInterfaceDeclaration', 'TSDeclareFunction',
]);

/** Silent statements that still run code inside them. */
const LOOPS_AND_BLOCKS = new Set(['BlockStatement', 'WhileStatement']);

interface FunctionScope {
  readonly index: number;
  readonly line: number;
  /**
   * No try/finally around the body: its own function declarations would become
   * block-scoped inside `try{}` (breaking `var g; function g(){}` and duplicate
   * declarations). Then `return x` becomes `return $lp_f.v(x)` and the fall-through end
   * gets an exit probe; an exception leaving such a function does not close its line.
   */
  readonly noTry: boolean;
  /**
   * Sampled engine, a function with try/finally: inline probes (no frame object). `slot`
   * is its first line's counter slot within the file.
   */
  readonly inline: boolean;
  /** An async function or a generator (its inline probes follow its suspensions). */
  readonly suspends: boolean;
  /** An async generator: `return x` awaits x (see ImplicitAwait). */
  readonly asyncGenerator: boolean;
  readonly slot: number;
}

export function instrument(source: string, options: InstrumentOptions): InstrumentResult {
  if (source.includes(probe.VERSION_MARKER)) {
    // Already instrumented: unchanged, but the loader still needs to know its module kind.
    const moduleSyntax = hasModuleSyntax(options.file, source, { lang: options.lang, sourceType: options.sourceType });
    return { code: source, map: null, functions: [], hasModuleSyntax: moduleSyntax, originalOffset: unchanged };
  }
  const parsed = parseSource(options.file, source, {
    lang: options.lang,
    sourceType: options.sourceType,
    preserveParens: true,
    // Scope errors (duplicate `let`, misplaced `super()`) too: such a file runs unchanged
    // so that Node reports them on the original text.
    showSemanticErrors: true,
  });
  if (parsed.errors.length > 0) {
    const first = parsed.errors[0];
    const offset = first.labels?.[0]?.start ?? 0;
    throw syntaxError(source, options.file, offset, first.message);
  }
  return new Instrumenter(source, options, parsed.comments).run(
    parsed.program as unknown as Node,
    parsed.module.hasModuleSyntax,
  );
}

/** The parse error, located: `file:line:column: SyntaxError: message` (1-based column). */
export function syntaxError(source: string, file: string, offset: number, message: string): LineprofError {
  const locator = new LineLocator(source);
  const line = locator.lineOf(offset);
  const column = offset - locator.lineStart(line);
  const error = new LineprofError('SYNTAX', `${file}:${line}:${column + 1}: SyntaxError: ${message}`);
  return Object.assign(error, { location: { file, line, column, message } });
}

class Instrumenter {
  private readonly ms: Insertions;
  private readonly lines: LineLocator;
  private readonly functions: FunctionEntry[] = [];
  /** Counter slots of the functions so far (one per line): the next function's first slot. */
  private slots = 0;
  private anyInline = false;
  private readonly commentStarts: number[];
  private readonly commentEnds: number[];
  private readonly marks: WorkMarks;
  private readonly names: probe.FileNames;

  constructor(
    private readonly source: string,
    private readonly options: InstrumentOptions,
    comments: readonly { start: number; end: number }[],
  ) {
    this.ms = new Insertions(source);
    this.lines = new LineLocator(source);
    this.commentStarts = comments.map((c) => c.start);
    this.commentEnds = comments.map((c) => c.end);
    this.marks = new WorkMarks(source);
    this.names = probe.fileNames(options.fileKey, options.mockSafe);
  }

  run(program: Node, hasModuleSyntax: boolean): InstrumentResult {
    this.visitChildren(program, null, { className: undefined, hint: undefined });
    if (this.functions.length === 0) {
      return { code: this.source, map: null, functions: [], hasModuleSyntax, originalOffset: unchanged };
    }
    const { file } = this.options;
    const table = probe.jsString(this.functions.map((f) => [f.name, f.line, f.endLine, f.column]));
    const [at, needsSemicolon] = this.prologueEnd(program);
    const again = `${this.options.lang} ${this.options.sourceType} ${this.options.engine ?? 'exact'}${this.options.mockSafe ? ' mock' : ''}`;
    this.ms.appendRight(at, (needsSemicolon ? ';' : '') + probe.registerFile(this.names, file, table, again, this.anyInline));
    this.ms.append(probe.sourceFunction(this.names, this.source));
    if (this.names.register) this.ms.append(probe.registrationFunction(this.names, file, table, again, this.anyInline));
    const map = this.options.sourceMap ? this.ms.generateMap(file) : null;
    const ms = this.ms;
    return { code: ms.toString(), map, functions: this.functions, hasModuleSyntax, originalOffset: () => ms.originalOffset() };
  }

  /** Where file-level code may go: after a hashbang line and the directive prologue. */
  private prologueEnd(program: Node): [offset: number, needsSemicolon: boolean] {
    const directives = leadingDirectives(program.body as Node[]);
    // A directive may end without `;` (ASI): a `;` keeps our code a separate statement.
    if (directives.length > 0) return [directives[directives.length - 1].end, true];
    if (this.source.startsWith('#!')) {
      const newline = this.source.indexOf('\n');
      return [newline < 0 ? this.source.length : newline + 1, false];
    }
    return [0, false];
  }

  // ---- generic traversal ------------------------------------------------------------

  private visit(node: Node, fn: FunctionScope | null, names: NameContext): void {
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        this.visitFunction(node, names);
        return;
      case 'StaticBlock':
        this.visitStaticBlock(node, names);
        return;
      case 'ClassDeclaration':
      case 'ClassExpression': {
        const id = node.id as Node | null;
        const className = (id?.name as string | undefined) ?? names.hint ?? '<anonymous class>';
        this.visitChildren(node, fn, { className, hint: undefined });
        return;
      }
      case 'ReturnStatement':
        if (fn?.asyncGenerator && !fn.noTry && node.argument) {
          const argument = node.argument as Node;
          const [open, close] = fn.inline ? [probe.ImplicitAwait.RETURN_OPEN, probe.ImplicitAwait.RETURN_CLOSE] : [probe.AWAIT_ARG_OPEN, ')'];
          this.ms.appendRight(argument.start, open);
          this.ms.prependLeft(argument.end, close);
        } else if (fn?.noTry) {
          const argument = node.argument as Node | null;
          if (argument) {
            this.ms.appendRight(argument.start, probe.RETURN_OPEN);
            this.ms.prependLeft(argument.end, probe.RETURN_CLOSE);
          } else {
            // Left-attached: before the `}` of braces added around a braceless `return`.
            this.ms.prependLeft(node.start + 'return'.length, probe.RETURN_BARE);
          }
        }
        break;
      case 'AwaitExpression':
        if (fn?.inline) this.wrapSuspension(node, probe.InlineSuspending.AWAIT_OPEN, probe.InlineSuspending.AWAIT_CLOSE);
        else if (fn) this.wrapSuspension(node, probe.AWAIT_ARG_OPEN, ')');
        break;
      case 'YieldExpression':
        if (fn?.inline && node.argument) this.wrapSuspension(node, probe.InlineSuspending.YIELD_OPEN, probe.InlineSuspending.YIELD_CLOSE);
        else if (fn?.inline) this.ms.prependLeft(node.end, probe.InlineSuspending.BARE_YIELD);
        else if (fn && node.argument) this.wrapSuspension(node, probe.YIELD_ARG_OPEN, ')');
        else if (fn) this.ms.prependLeft(node.end, `${probe.YIELD_ARG_OPEN})`);
        break;
    }
    this.visitChildren(node, fn, names);
  }

  private visitChildren(node: Node, fn: FunctionScope | null, names: NameContext): void {
    // No function, class or suspension below (see work-marks.ts): nothing to instrument.
    if (!this.marks.within(node.start, node.end) && !hasDecorators(node)) return;
    const keys = childKeys(node.type);
    if (keys === undefined) {
      for (const key in node) {
        if (!SKIP_KEYS.has(key)) this.visitKey(node, key, fn, names);
      }
      return;
    }
    for (let i = 0; i < keys.length; i++) this.visitKey(node, keys[i], fn, names);
  }

  private visitKey(node: Node, key: string, fn: FunctionScope | null, names: NameContext): void {
    const value = node[key];
    if (Array.isArray(value)) {
      for (const child of value) {
        if (isNode(child)) this.visit(child, fn, nameForChild(node, key, child, names));
      }
    } else if (isNode(value)) {
      this.visit(value, fn, nameForChild(node, key, value, names));
    }
  }

  /**
   * `await x` -> `await A(x)`; `yield x` -> `yield Y(x)`. The await stays the outermost
   * expression, so V8's error messages about its value read as without lineprof
   * ("(intermediate value) is not a function"); the frame notices it was resumed at its
   * next probe.
   */
  private wrapSuspension(node: Node, argOpen: string, argClose: string): void {
    const argument = node.argument as Node;
    this.ms.appendRight(argument.start, argOpen);
    this.ms.prependLeft(node.end, argClose);
    // (Closing text is always added before visiting inner nodes: magic-string puts a later
    // prependLeft first, so inner closings land inside outer ones at a shared offset.)
  }

  // ---- functions --------------------------------------------------------------------

  private visitFunction(node: Node, names: NameContext): void {
    const body = node.body as Node | null;
    if (!body) {
      // TS overloads and `declare` functions: no code to run.
      return;
    }
    const ownId = node.id as Node | null;
    const name = names.method ?? (ownId?.name as string | undefined) ?? names.hint ?? '<anonymous>';
    const start = names.declStart ?? node.start;
    const noTry = body.type === 'BlockStatement' && (body.body as Node[]).some((s) => s.type === 'FunctionDeclaration');
    const scope = this.addFunction(name, start, node.end, noTry, node.async === true || node.generator === true, node.async === true && node.generator === true);
    const inner: NameContext = { className: names.className, hint: undefined };
    // Parameters (defaults may hold functions) run before the body, in the caller's time.
    for (const param of node.params as Node[]) this.visit(param, null, inner);
    if (body.type === 'BlockStatement') {
      this.instrumentBody(body, scope, inner);
    } else {
      // Arrow with an expression body: give it a block so it can have probes.
      const line = this.lines.lineOf(body.start) - scope.line;
      this.ms.appendRight(body.start, `{${this.enterCode(scope)}${this.lineProbe(scope, line)};return `);
      this.ms.prependLeft(body.end, `${this.exitCode(scope)}}`);
      this.visit(body, scope, inner);
    }
  }

  private visitStaticBlock(node: Node, names: NameContext): void {
    const statements = node.body as Node[];
    const noTry = statements.some((s) => s.type === 'FunctionDeclaration');
    const scope = this.addFunction(`${names.className ?? '<anonymous class>'}.<static>`, node.start, node.end, noTry, false);
    const open = this.blockOpen(node.start) + 1;
    this.wrapBody(open, node.end - 1, scope);
    this.statementList(statements, scope, -1, names);
  }

  private addFunction(name: string, start: number, end: number, noTry: boolean, suspends: boolean, asyncGenerator = false): FunctionScope {
    const index = this.functions.length;
    const line = this.lines.lineOf(start);
    const endLine = this.lines.lineOf(end);
    this.functions.push({ name, line, endLine, column: start - this.lines.lineStart(line) });
    const slot = this.slots;
    this.slots += endLine - line + 1;
    const sampled = this.options.engine === 'sampled';
    const inline = sampled && !noTry && (this.options.inline?.(name) ?? true);
    if (inline) this.anyInline = true;
    return { index, line, noTry, inline, suspends, asyncGenerator, slot };
  }

  private enterCode(scope: FunctionScope): string {
    if (!scope.inline) return probe.enter(this.names, scope.index, scope.noTry);
    return (scope.suspends ? probe.InlineSuspending : probe.Inline).enter(this.names, scope.index, scope.slot);
  }

  private exitCode(scope: FunctionScope): string {
    if (scope.inline) return scope.suspends ? probe.InlineSuspending.EXIT : probe.Inline.EXIT;
    return scope.noTry ? probe.FALL_THROUGH_EXIT : probe.EXIT;
  }

  /** The probe of line `k` (offset from the function's first line). */
  private lineProbe(scope: FunctionScope, k: number): string {
    if (!scope.inline) return probe.line(k);
    return scope.suspends ? probe.InlineSuspending.line(k) : probe.Inline.line(k);
  }

  /** Entry after `open`, exit before `close` (the body's closing brace). */
  private wrapBody(open: number, close: number, scope: FunctionScope, prefix = ''): void {
    const enterCode = this.enterCode(scope);
    const exitCode = this.exitCode(scope);
    if (open === close) {
      // Empty body: entry and exit share one offset, so they go in as one piece.
      this.ms.appendRight(open, prefix + enterCode + exitCode);
      return;
    }
    this.ms.appendRight(open, prefix + enterCode);
    this.ms.prependLeft(close, exitCode);
  }

  private instrumentBody(body: Node, scope: FunctionScope, names: NameContext): void {
    const statements = body.body as Node[];
    const directives = leadingDirectives(statements);
    const enterAt = directives.length > 0 ? directives[directives.length - 1].end : body.start + 1;
    this.wrapBody(enterAt, body.end - 1, scope, directives.length > 0 ? ';' : '');
    // The first statement always gets a probe, so a one-line function still counts hits.
    this.statementList(statements.slice(directives.length), scope, -1, names);
  }

  // ---- statements -------------------------------------------------------------------

  /** Probes each statement that starts a line other than the previous statement's. */
  private statementList(statements: Node[], fn: FunctionScope, parentLine: number, names: NameContext): void {
    let previousLine = parentLine;
    for (const statement of statements) {
      const line = this.lines.lineOf(statement.start);
      if (line !== previousLine && wantsProbe(statement)) this.probeStatement(statement.start, line, fn);
      // A declaration that runs nothing does not stand for its line: in
      // `function f(){function g(){}return 1}` the return still counts.
      if (!declaresOnly(statement)) previousLine = line;
      this.statement(statement, fn, names);
    }
  }

  /**
   * The probe of a statement in a statement list. It goes right after the previous token
   * when that token is on an earlier line (`a();PROBE;⏎  b()`), so the statement's own
   * line keeps its columns: plain JavaScript has no source map, and a stack trace's column
   * on that line stays the original one. Only trivia lies between the two places, so the
   * probe runs at the same point; the `;` ends a previous statement that relied on ASI.
   */
  private probeStatement(start: number, line: number, fn: FunctionScope): void {
    const code = `${this.lineProbe(fn, line - fn.line)};`;
    const before = this.tokenEndBefore(start);
    if (before > 0 && this.lines.lineOf(before - 1) < line) {
      const previous = this.source[before - 1];
      this.ms.appendRight(before, previous === '{' || previous === ';' ? code : `;${code}`);
    } else {
      this.ms.appendRight(start, code);
    }
  }

  /** Offset just after the last token before `offset` (skipping whitespace and comments). */
  private tokenEndBefore(offset: number): number {
    let at = offset;
    for (;;) {
      while (at > 0 && isWhitespace(this.source.charCodeAt(at - 1))) at--;
      const comment = this.commentEndingAt(at);
      if (comment < 0) return at;
      at = this.commentStarts[comment];
    }
  }

  /** Index of the comment that ends exactly at `offset`, or -1. */
  private commentEndingAt(offset: number): number {
    const found = lastAtOrBefore(this.commentEnds, offset);
    return found >= 0 && this.commentEnds[found] === offset ? found : -1;
  }

  /**
   * A statement standing alone (an `if` branch, a loop body): braces added if it needs a
   * probe. `leave`: code that runs whenever the body is left (a `for await` body: see
   * probes.ts, ImplicitAwait), in a finally around it.
   */
  private nestedStatement(statement: Node, fn: FunctionScope, parentLine: number, names: NameContext, headProbe?: number, leave?: string): void {
    // (Closings go in before the inner statements are visited: theirs, added later, come first.)
    const guardOpen = leave === undefined ? '' : 'try{';
    const guardClose = leave === undefined ? '' : `}finally{${leave}}`;
    if (statement.type === 'BlockStatement') {
      if (headProbe !== undefined) this.ms.appendRight(statement.start + 1, `${this.lineProbe(fn, headProbe - fn.line)};${guardOpen}`);
      if (guardClose) this.ms.prependLeft(statement.end - 1, guardClose);
      this.statementList(statement.body as Node[], fn, headProbe ?? parentLine, names);
      return;
    }
    const line = this.lines.lineOf(statement.start);
    const probeSelf = line !== (headProbe ?? parentLine) && wantsProbe(statement);
    const declaration = statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration';
    if ((probeSelf || headProbe !== undefined) && !declaration) {
      let open = '{';
      if (headProbe !== undefined) open += `${this.lineProbe(fn, headProbe - fn.line)};`;
      if (probeSelf) open += `${this.lineProbe(fn, line - fn.line)};`;
      // Right after the head (`)`, `else`, `do`) when the body starts a later line: the
      // body's line keeps its columns, as in probeStatement.
      const after = this.tokenEndBefore(statement.start);
      this.ms.appendRight(this.lines.lineOf(after - 1) < line ? after : statement.start, open + guardOpen);
      this.ms.prependLeft(statement.end, '}');
      if (guardClose) this.ms.prependLeft(statement.end, guardClose);
      this.statement(statement, fn, names);
      return;
    }
    this.statement(statement, fn, names);
  }

  private statement(node: Node, fn: FunctionScope, names: NameContext, labelled = false): void {
    const line = this.lines.lineOf(node.start);
    if (!labelled) this.leaveBeforeForAwait(node, fn, line);
    switch (node.type) {
      case 'BlockStatement':
        this.statementList(node.body as Node[], fn, line, names);
        return;
      case 'IfStatement':
        this.visit(node.test as Node, fn, names);
        this.nestedStatement(node.consequent as Node, fn, line, names);
        if (node.alternate) this.nestedStatement(node.alternate as Node, fn, line, names);
        return;
      case 'ForStatement':
        this.forStatement(node, fn, line, names);
        return;
      case 'WhileStatement':
        this.loopTest(node.test as Node, fn, line, names);
        this.nestedStatement(node.body as Node, fn, line, names);
        return;
      case 'DoWhileStatement': {
        const test = node.test as Node;
        this.nestedStatement(node.body as Node, fn, line, names);
        this.loopTest(test, fn, this.lines.lineOf(test.start), names);
        return;
      }
      case 'ForInStatement':
      case 'ForOfStatement': {
        this.visit(node.left as Node, fn, names);
        this.visit(node.right as Node, fn, names);
        // The head counts once on entry (statement probe) and once per iteration.
        const leave = node.await === true ? this.implicitAwait(fn, line) : undefined;
        this.nestedStatement(node.body as Node, fn, line, names, line, leave);
        return;
      }
      case 'LabeledStatement': {
        // Never wrap a label's body: `continue label` needs the loop right after the label.
        const body = node.body as Node;
        this.statement(body, fn, names, true);
        return;
      }
      case 'TryStatement': {
        const block = node.block as Node;
        this.statementList(block.body as Node[], fn, line, names);
        // Inline probes set the depth only at entry: where an exception lands, set it again.
        const heal = fn.inline && !fn.suspends;
        const handler = node.handler as Node | null;
        if (handler) {
          if (handler.param) this.visit(handler.param as Node, fn, names);
          const handlerBody = handler.body as Node;
          if (heal) this.ms.appendRight(handlerBody.start + 1, probe.Inline.HEAL);
          this.statementList(handlerBody.body as Node[], fn, this.lines.lineOf(handler.start), names);
        }
        const finalizer = node.finalizer as Node | null;
        if (finalizer) {
          if (heal) this.ms.appendRight(finalizer.start + 1, probe.Inline.HEAL);
          this.statementList(finalizer.body as Node[], fn, this.lines.lineOf(finalizer.start), names);
        }
        return;
      }
      case 'SwitchStatement':
        this.visit(node.discriminant as Node, fn, names);
        for (const switchCase of node.cases as Node[]) {
          if (switchCase.test) this.visit(switchCase.test as Node, fn, names);
          // First statement of a case always counts, so the case's line shows its hits.
          this.statementList(switchCase.consequent as Node[], fn, -1, names);
        }
        return;
      case 'WithStatement':
        this.visit(node.object as Node, fn, names);
        this.nestedStatement(node.body as Node, fn, line, names);
        return;
      default:
        // Expressions, declarations, return/throw: find nested functions and suspensions.
        this.visit(node, fn, names);
    }
  }

  /** What marks the call suspended before an implicit await on line `line`. */
  private implicitAwait(fn: FunctionScope, line: number): string {
    const k = line - fn.line;
    return fn.inline ? probe.ImplicitAwait.inline(k) : probe.ImplicitAwait.frame(k);
  }

  /**
   * `for await` (labelled or not): `{LEAVE;` before it, `}` after it, so that the call is
   * off the stack at the first implicit await. The `{` goes right after the previous
   * token when that is on an earlier line (after the statement's probe), keeping the
   * loop's line's columns, as probeStatement does.
   */
  private leaveBeforeForAwait(node: Node, fn: FunctionScope, line: number): void {
    let loop = node;
    while (loop.type === 'LabeledStatement') loop = loop.body as Node;
    if (loop.type !== 'ForOfStatement' || loop.await !== true) return;
    const leave = this.implicitAwait(fn, this.lines.lineOf(loop.start));
    const before = this.tokenEndBefore(node.start);
    const at = before > 0 && this.lines.lineOf(before - 1) < line ? before : node.start;
    this.ms.appendRight(at, `{${leave};`);
    this.ms.prependLeft(node.end, '}');
  }

  private forStatement(node: Node, fn: FunctionScope, line: number, names: NameContext): void {
    if (node.init) this.visit(node.init as Node, fn, names);
    if (node.test) this.visit(node.test as Node, fn, names);
    const head = this.lineProbe(fn, line - fn.line);
    const update = node.update as Node | null;
    if (update) {
      // `for (;; i++)` -> `for (;; $lp_f.l(k), i++)`: one hit per iteration, plus the
      // statement probe on entry: n + 1 hits for n iterations, as Python counts `for`.
      this.ms.appendRight(update.start, `${head},(`);
      this.ms.prependLeft(update.end, ')');
      this.visit(update, fn, names);
    } else {
      this.ms.appendRight(this.headerClose(node.body as Node), head);
    }
    this.nestedStatement(node.body as Node, fn, line, names);
  }

  /** `while (t)` -> `while ($lp_f.l(k), t)`: one hit per evaluation of the test. */
  private loopTest(test: Node, fn: FunctionScope, line: number, names: NameContext): void {
    this.ms.appendRight(test.start, `${this.lineProbe(fn, line - fn.line)},(`);
    this.ms.prependLeft(test.end, ')');
    this.visit(test, fn, names);
  }

  /** Offset of the first `{` at or after `from` that is not inside a comment. */
  private blockOpen(from: number): number {
    for (let i = this.source.indexOf('{', from); i >= 0; i = this.source.indexOf('{', i + 1)) {
      if (!this.inComment(i)) return i;
    }
    throw new Error('block without an opening brace');
  }

  /** Offset of the `)` that closes a `for (...)` head, skipping comments. */
  private headerClose(body: Node): number {
    for (let i = body.start - 1; i >= 0; i--) {
      if (this.source[i] === ')' && !this.inComment(i)) return i;
    }
    throw new Error('for statement without a closing parenthesis');
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

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
}

/** Decorators stand before their node's text, so its text does not tell what they hold. */
function hasDecorators(node: Node): boolean {
  const decorators = node.decorators;
  return Array.isArray(decorators) && decorators.length > 0;
}

function leadingDirectives(statements: Node[]): Node[] {
  let count = 0;
  while (count < statements.length && typeof statements[count].directive === 'string') count++;
  return statements.slice(0, count);
}

function declaresOnly(statement: Node): boolean {
  return (SILENT_STATEMENTS.has(statement.type) && !LOOPS_AND_BLOCKS.has(statement.type)) || statement.declare === true;
}

function wantsProbe(statement: Node): boolean {
  if (SILENT_STATEMENTS.has(statement.type)) return false;
  if (statement.type === 'LabeledStatement') return wantsProbe(statement.body as Node);
  if (statement.declare === true) return false;
  return true;
}

