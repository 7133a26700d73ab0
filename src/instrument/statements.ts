// The probes of statements: each statement that starts a line, loop heads and tests, and
// the blocks some need around them. Expressions inside statements (and the functions in
// them) go back to the walker (instrumenter.ts).

import { declaresOnly, type FunctionScope, type Node, wantsProbe } from './ast.js';
import type { Insertions } from './insertions.js';
import type { LineLocator } from './locator.js';
import type { NameContext } from './names.js';
import type { SourceTokens } from './tokens.js';

/** What statements hand expressions to. */
export interface ExpressionWalker {
  visit(node: Node, fn: FunctionScope | null, names: NameContext): void;
}

export class StatementProbes {
  constructor(
    private readonly source: string,
    private readonly ms: Insertions,
    private readonly lines: LineLocator,
    private readonly tokens: SourceTokens,
    private readonly walker: ExpressionWalker,
  ) {}

  /** Probes each statement that starts a line other than the previous statement's. */
  statementList(statements: Node[], fn: FunctionScope, parentLine: number, names: NameContext): void {
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
    const code = `${fn.probes.line(line - fn.line)};`;
    const before = this.tokens.tokenEndBefore(start);
    if (before > 0 && this.lines.lineOf(before - 1) < line) {
      const previous = this.source[before - 1];
      this.ms.appendRight(before, previous === '{' || previous === ';' ? code : `;${code}`);
    } else {
      this.ms.appendRight(start, code);
    }
  }

  /**
   * A statement standing alone (an `if` branch, a loop body): braces added if it needs a
   * probe. `leave`: code that runs whenever the body is left, in a finally around it (a
   * `for-in/of` body: see forInOfStatement).
   */
  private nestedStatement(statement: Node, fn: FunctionScope, parentLine: number, names: NameContext, leave?: string): void {
    // (Closings go in before the inner statements are visited: theirs, added later, come first.)
    const guardOpen = leave === undefined ? '' : 'try{';
    const guardClose = leave === undefined ? '' : `}finally{${leave}}`;
    if (statement.type === 'BlockStatement') {
      if (guardOpen) this.ms.appendRight(statement.start + 1, guardOpen);
      if (guardClose) this.ms.prependLeft(statement.end - 1, guardClose);
      this.statementList(statement.body as Node[], fn, parentLine, names);
      return;
    }
    const line = this.lines.lineOf(statement.start);
    const probeSelf = line !== parentLine && wantsProbe(statement);
    const declaration = statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration';
    if ((probeSelf || leave !== undefined) && !declaration) {
      const open = probeSelf ? `{${fn.probes.line(line - fn.line)};` : '{';
      // Right after the head (`)`, `else`, `do`) when the body starts a later line: the
      // body's line keeps its columns, as in probeStatement.
      const after = this.tokens.tokenEndBefore(statement.start);
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
        this.walker.visit(node.test as Node, fn, names);
        this.nestedStatement(node.consequent as Node, fn, line, names);
        if (node.alternate) this.nestedStatement(node.alternate as Node, fn, line, names);
        return;
      case 'ForStatement':
        this.forStatement(node, fn, line, names);
        return;
      case 'WhileStatement':
      case 'DoWhileStatement':
        this.whileStatement(node, fn, line, names);
        return;
      case 'ForInStatement':
      case 'ForOfStatement':
        this.forInOfStatement(node, fn, line, names);
        return;
      case 'LabeledStatement': {
        // Never wrap a label's body: `continue label` needs the loop right after the label.
        const body = node.body as Node;
        this.statement(body, fn, names, true);
        return;
      }
      case 'TryStatement':
        this.tryStatement(node, fn, line, names);
        return;
      case 'SwitchStatement':
        this.switchStatement(node, fn, names);
        return;
      case 'WithStatement':
        this.walker.visit(node.object as Node, fn, names);
        this.nestedStatement(node.body as Node, fn, line, names);
        return;
      default:
        // Expressions, declarations, return/throw: find nested functions and suspensions.
        this.walker.visit(node, fn, names);
    }
  }

  private tryStatement(node: Node, fn: FunctionScope, line: number, names: NameContext): void {
    const block = node.block as Node;
    this.statementList(block.body as Node[], fn, line, names);
    const handler = node.handler as Node | null;
    if (handler) {
      if (handler.param) this.walker.visit(handler.param as Node, fn, names);
      const handlerBody = handler.body as Node;
      if (fn.probes.heal) this.ms.appendRight(handlerBody.start + 1, fn.probes.heal);
      this.statementList(handlerBody.body as Node[], fn, this.lines.lineOf(handler.start), names);
    }
    const finalizer = node.finalizer as Node | null;
    if (finalizer) {
      if (fn.probes.heal) this.ms.appendRight(finalizer.start + 1, fn.probes.heal);
      this.statementList(finalizer.body as Node[], fn, this.lines.lineOf(finalizer.start), names);
    }
  }

  private switchStatement(node: Node, fn: FunctionScope, names: NameContext): void {
    this.walker.visit(node.discriminant as Node, fn, names);
    for (const switchCase of node.cases as Node[]) {
      if (switchCase.test) this.walker.visit(switchCase.test as Node, fn, names);
      // First statement of a case always counts, so the case's line shows its hits.
      this.statementList(switchCase.consequent as Node[], fn, -1, names);
    }
  }

  private whileStatement(node: Node, fn: FunctionScope, line: number, names: NameContext): void {
    const test = node.test as Node;
    if (node.type === 'WhileStatement') {
      this.loopTest(test, fn, line, names);
      this.nestedStatement(node.body as Node, fn, line, names);
    } else {
      this.nestedStatement(node.body as Node, fn, line, names);
      this.loopTest(test, fn, this.lines.lineOf(test.start), names);
    }
  }

  /**
   * The head counts once on entry (statement probe) and once at the end of each iteration,
   * however it ends (a finally around the body): n + 1 hits for n iterations, as Python
   * counts `for`, and the iterator's next() that follows is the head's time, not time of
   * the body's last line (a generator's work, or a lazy iterator's). A `for await` is then
   * marked suspended, as before the loop (see leaveBeforeForAwait), so that the wait for
   * the next value is the loop's too.
   */
  private forInOfStatement(node: Node, fn: FunctionScope, line: number, names: NameContext): void {
    this.walker.visit(node.left as Node, fn, names);
    this.walker.visit(node.right as Node, fn, names);
    const head = fn.probes.line(line - fn.line);
    const leave = node.await === true ? `${head};${this.implicitAwait(fn, line)}` : head;
    this.nestedStatement(node.body as Node, fn, line, names, leave);
  }

  /** What marks the call suspended before an implicit await on line `line`. */
  private implicitAwait(fn: FunctionScope, line: number): string {
    return fn.probes.implicitAwait(line - fn.line);
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
    const before = this.tokens.tokenEndBefore(node.start);
    const at = before > 0 && this.lines.lineOf(before - 1) < line ? before : node.start;
    this.ms.appendRight(at, `{${leave};`);
    this.ms.prependLeft(node.end, '}');
  }

  private forStatement(node: Node, fn: FunctionScope, line: number, names: NameContext): void {
    if (node.init) this.walker.visit(node.init as Node, fn, names);
    if (node.test) this.walker.visit(node.test as Node, fn, names);
    const head = fn.probes.line(line - fn.line);
    const update = node.update as Node | null;
    if (update) {
      // `for (;; i++)` -> `for (;; $lp_f.l(k), i++)`: one hit per iteration, plus the
      // statement probe on entry: n + 1 hits for n iterations, as Python counts `for`.
      this.ms.appendRight(update.start, `${head},(`);
      this.ms.prependLeft(update.end, ')');
      this.walker.visit(update, fn, names);
    } else {
      this.ms.appendRight(this.tokens.headerClose((node.body as Node).start), head);
    }
    this.nestedStatement(node.body as Node, fn, line, names);
  }

  /** `while (t)` -> `while ($lp_f.l(k), t)`: one hit per evaluation of the test. */
  private loopTest(test: Node, fn: FunctionScope, line: number, names: NameContext): void {
    this.ms.appendRight(test.start, `${fn.probes.line(line - fn.line)},(`);
    this.ms.prependLeft(test.end, ')');
    this.walker.visit(test, fn, names);
  }
}
