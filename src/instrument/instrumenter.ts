// The walk that instruments one parsed file: it visits the AST, chooses each function's
// probe set (probe-sets.ts) once, and inserts the probes with position-preserving edits
// (insertions.ts); instrument.ts parses and calls it. See instrument.ts for what a
// function becomes.

import { anyPattern, type FunctionTest } from '../function-patterns.js';
import type { FunctionEntry, InstrumentOptions, InstrumentResult } from './instrument.js';
import { type FunctionScope, hasDecorators, isNode, leadingDirectives, type Node } from './ast.js';
import { childKeys, SKIP_KEYS } from './child-keys.js';
import { Insertions, NO_SPLICES } from './insertions.js';
import { LineLocator } from './locator.js';
import { nameForChild, type NameContext } from './names.js';
import { probeSetFor, type Wrap } from './probe-sets.js';
import * as probe from './probes.js';
import { type ExpressionWalker, StatementProbes } from './statements.js';
import { SourceTokens } from './tokens.js';
import { WorkMarks } from './work-marks.js';

/** What addFunction needs to know of a function. */
interface FunctionShape {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  /**
   * No try/finally around the body: its own function declarations would become
   * block-scoped inside `try{}` (breaking `var g; function g(){}` and duplicate
   * declarations). Then `return x` becomes `return $lp_f.v(x)` and the fall-through end
   * gets an exit probe; an exception leaving such a function does not close its line.
   */
  readonly noTry: boolean;
  /** An async function or a generator (its inline probes follow its suspensions). */
  readonly suspends: boolean;
  /** An async generator: `return x` awaits x (see ImplicitAwait). */
  readonly asyncGenerator: boolean;
}

export class Instrumenter implements ExpressionWalker {
  private readonly ms: Insertions;
  private readonly lines: LineLocator;
  private readonly functions: FunctionEntry[] = [];
  /** Counter slots of the functions so far (one per line): the next function's first slot. */
  private slots = 0;
  private anyInline = false;
  private readonly tokens: SourceTokens;
  private readonly marks: WorkMarks;
  private readonly names: probe.FileNames;
  private readonly statements: StatementProbes;
  /** Sampled engine with --func: the functions that get inline probes (the others frames). */
  private readonly inlined: FunctionTest | undefined;

  constructor(
    private readonly source: string,
    private readonly options: InstrumentOptions,
    comments: readonly { start: number; end: number }[],
  ) {
    this.ms = new Insertions(source);
    this.lines = new LineLocator(source);
    this.tokens = new SourceTokens(source, comments);
    this.marks = new WorkMarks(source);
    this.names = probe.fileNames(options.fileKey, options.mockSafe);
    this.statements = new StatementProbes(source, this.ms, this.lines, this.tokens, this);
    this.inlined = options.engine === 'sampled' && options.inline ? anyPattern(options.inline) : undefined;
  }

  run(program: Node, hasModuleSyntax: boolean): InstrumentResult {
    this.visitChildren(program, null, { className: undefined, hint: undefined });
    if (this.functions.length === 0) {
      return { code: this.source, map: null, functions: [], hasModuleSyntax, splices: NO_SPLICES };
    }
    const { file } = this.options;
    const table = probe.jsString(this.functions.map((f) => [f.name, f.line, f.endLine, f.column]));
    const [at, needsSemicolon] = this.prologueEnd(program);
    const again = `${this.options.lang} ${this.options.sourceType} ${this.options.engine ?? 'exact'}${this.options.mockSafe ? ' mock' : ''}`;
    this.ms.appendRight(at, (needsSemicolon ? ';' : '') + probe.registerFile(this.names, file, table, again, this.anyInline, this.options.lang === 'ts' || this.options.lang === 'tsx'));
    this.ms.append(probe.sourceFunction(this.names, this.source));
    if (this.names.register) this.ms.append(probe.registrationFunction(this.names, file, table, again, this.anyInline));
    const map = this.options.sourceMap ? this.ms.generateMap(file) : null;
    return { code: this.ms.toString(), map, functions: this.functions, hasModuleSyntax, splices: this.ms.splices() };
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

  visit(node: Node, fn: FunctionScope | null, names: NameContext): void {
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
        if (fn) this.wrapReturn(node, fn);
        break;
      case 'AwaitExpression':
        if (fn) this.wrap(node.argument as Node, node.end, fn.probes.await);
        break;
      case 'YieldExpression':
        if (fn && node.argument) this.wrap(node.argument as Node, node.end, fn.probes.yield);
        else if (fn) this.ms.prependLeft(node.end, fn.probes.bareYield);
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
   * `await x` -> `await A(x)`; `yield x` -> `yield Y(x)`: `open` before the argument,
   * `close` at `end` (the expression's end). The await stays the outermost expression, so
   * V8's error messages about its value read as without lineprof ("(intermediate value) is
   * not a function"); the frame notices it was resumed at its next probe.
   */
  private wrap(argument: Node, end: number, [open, close]: Wrap): void {
    this.ms.appendRight(argument.start, open);
    this.ms.prependLeft(end, close);
    // (Closing text is always added before visiting inner nodes: magic-string puts a later
    // prependLeft first, so inner closings land inside outer ones at a shared offset.)
  }

  /**
   * `return x` in an async generator awaits x (with try/finally: see ImplicitAwait); in a
   * body without try/finally, a return exits the frame itself.
   */
  private wrapReturn(node: Node, fn: FunctionScope): void {
    const argument = node.argument as Node | null;
    const { asyncGeneratorReturn, returnValue, returnBare } = fn.probes;
    if (argument && fn.asyncGenerator && asyncGeneratorReturn) this.wrap(argument, argument.end, asyncGeneratorReturn);
    else if (argument && returnValue) this.wrap(argument, argument.end, returnValue);
    // Left-attached: before the `}` of braces added around a braceless `return`.
    else if (!argument && returnBare) this.ms.prependLeft(node.start + 'return'.length, returnBare);
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
    const suspends = node.async === true || node.generator === true;
    const asyncGenerator = node.async === true && node.generator === true;
    const scope = this.addFunction({ name, start, end: node.end, noTry, suspends, asyncGenerator });
    const inner: NameContext = { className: names.className, hint: undefined };
    // Parameters (defaults may hold functions) run before the body, in the caller's time.
    for (const param of node.params as Node[]) this.visit(param, null, inner);
    if (body.type === 'BlockStatement') {
      this.instrumentBody(body, scope, inner);
    } else {
      // Arrow with an expression body: give it a block so it can have probes.
      const line = this.lines.lineOf(body.start) - scope.line;
      this.ms.appendRight(body.start, `{${this.enterCode(scope)}${scope.probes.line(line)};return `);
      this.ms.prependLeft(body.end, `${scope.probes.exit}}`);
      this.visit(body, scope, inner);
    }
  }

  private visitStaticBlock(node: Node, names: NameContext): void {
    const statements = node.body as Node[];
    const noTry = statements.some((s) => s.type === 'FunctionDeclaration');
    const name = `${names.className ?? '<anonymous class>'}.<static>`;
    const scope = this.addFunction({ name, start: node.start, end: node.end, noTry, suspends: false, asyncGenerator: false });
    const open = this.tokens.blockOpen(node.start) + 1;
    this.wrapBody(open, node.end - 1, scope);
    this.statements.statementList(statements, scope, -1, names);
  }

  private addFunction({ name, start, end, noTry, suspends, asyncGenerator }: FunctionShape): FunctionScope {
    const index = this.functions.length;
    const line = this.lines.lineOf(start);
    const endLine = this.lines.lineOf(end);
    this.functions.push({ name, line, endLine, column: start - this.lines.lineStart(line) });
    const slot = this.slots;
    this.slots += endLine - line + 1;
    const sampled = this.options.engine === 'sampled';
    const inline = sampled && !noTry && (this.inlined?.({ name, file: this.options.file }) ?? true);
    if (inline) this.anyInline = true;
    return { index, line, asyncGenerator, slot, probes: probeSetFor(inline, suspends, noTry) };
  }

  private enterCode(scope: FunctionScope): string {
    return scope.probes.enter(this.names, scope.index, scope.slot);
  }

  /** Entry after `open`, exit before `close` (the body's closing brace). */
  private wrapBody(open: number, close: number, scope: FunctionScope, prefix = ''): void {
    const enterCode = this.enterCode(scope);
    const exitCode = scope.probes.exit;
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
    this.statements.statementList(statements.slice(directives.length), scope, -1, names);
  }
}
