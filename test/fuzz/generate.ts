// A seeded generator of small, terminating JavaScript programs for fuzzing the
// instrumenter. A program is a CommonJS-like function body (top-level `return` allowed)
// that receives `T(id, value)`, which appends to a trace; it uses functions with
// defaults, nested functions and arrows, every kind of loop with break/continue and
// labels, if/else chains in every brace style, switch with fall-through, try/catch/
// finally with return in finally, throw, generators, async functions, closures, bounded
// recursion, classes with accessors, static blocks and private fields, ASI-sensitive
// line starts, comments between tokens, and one-line minified functions.
//
// Termination is by construction: every loop's bound lives in its head (or in a guard
// the minimiser cannot delete), recursion carries a depth guard, and a call is only
// generated when the callee's estimated cost keeps the caller within its budget.
// Expressions and the generator's state are in expressions.ts. Must not run anything:
// see run.ts.

import {
  ProgramGenerator,
  type Ctx,
  type Feature,
  type Flavour,
  type FunctionKind,
  type FunctionState,
  type Site,
  type Var,
} from './expressions.js';
import {
  afterKeyword,
  betweenBodyAnd,
  deeper,
  fixed,
  keyword,
  printBlock,
  printBody,
  printList,
  statement,
  type Layout,
  type Stmt,
} from './layout.js';

export type { Feature, Flavour, Site } from './expressions.js';

export interface GenerateOptions {
  readonly avoid?: ReadonlySet<Feature>;
}

export interface Program {
  readonly seed: number;
  readonly body: Stmt[];
  readonly layout: Layout;
  readonly sites: ReadonlyMap<number, Site>;
  /** Line terminator of the whole program. */
  readonly newline: '\n' | '\r\n';
  readonly flavour: Flavour;
}

export function generateProgram(seed: number, options: GenerateOptions = {}): Program {
  return new Generator(seed, options.avoid ?? new Set()).program();
}

export function renderProgram(program: Program): string {
  const text = `${printList(program.body, program.layout)}\n`;
  return program.newline === '\n' ? text : text.replace(/\n/g, program.newline);
}

/** The largest loop bound; loops nest at most MAX_DEPTH deep. */
const LOOP_BOUND = 3;
const MAX_DEPTH = 3;
const TOP_BUDGET = 3000;
const ERRORS = ['Error', 'TypeError', 'RangeError'];

class Generator extends ProgramGenerator {
  program(): Program {
    const module = this.flavour === 'module';
    const fn: FunctionState = { kind: 'top', canReturn: !module, canAwait: module, budget: TOP_BUDGET, cost: 0 };
    const ctx: Ctx = { fn, vars: [], calls: [], mult: 1, depth: 0, loops: [], labels: [], inSwitch: false, strict: !this.sloppy };
    const body: Stmt[] = [];
    if (!this.sloppy) body.push(fixed(["'use strict'"]));
    const declarations = this.rng.between(2, 5);
    for (let i = 0; i < declarations; i++) {
      const declaration = this.declaration(ctx);
      body.push(module && this.rng.chance(0.4) ? exported(declaration) : declaration);
    }
    body.push(...this.list(ctx, this.rng.between(3, 7)));
    // The program's result: what it returns (a module: its default export).
    const result = module ? 'export default' : 'return';
    if (this.rng.chance(0.4)) body.push(this.asyncDriver(ctx, module ? 'export default await' : 'return'));
    else if (module || this.rng.chance(0.5)) body.push(fixed([keyword(this.layout(), result, this.expr(ctx))]));
    const newline = !this.avoid.has('crlf') && this.rng.chance(0.1) ? '\r\n' : '\n';
    return { seed: this.seed, body, layout: this.layout(), sites: this.sites, newline, flavour: this.flavour };
  }

  // ---- statements -------------------------------------------------------------------

  protected list(ctx: Ctx, count: number): Stmt[] {
    const out: Stmt[] = [];
    for (let i = 0; i < count; i++) out.push(this.stmt(ctx));
    return out;
  }

  private stmt(ctx: Ctx): Stmt {
    this.spend(ctx, 1);
    const nest = ctx.depth < MAX_DEPTH ? 1 : 0;
    const pretty = this.mode === 'pretty' ? 1 : 0;
    const inLoop = ctx.loops.length > 0 ? 1 : 0;
    const kind = this.rng.weighted([
      [5, 'trace'],
      [3, 'decl'],
      [2, 'assign'],
      [2.5 * nest, 'if'],
      [2.5 * nest, 'loop'],
      [0.8 * nest, 'switch'],
      [1.2 * nest, 'try'],
      [ctx.fn.kind === 'top' ? 0.15 : 0.6, 'throw'],
      [ctx.fn.canReturn ? 0.6 : 0, 'return'],
      [ctx.loops.length + (ctx.inSwitch ? 1 : 0) > 0 ? 1.2 : 0, 'jump'],
      [0.8 * nest, 'function'],
      [0.6 * nest, 'arrow'],
      [0.4 * nest, 'closure'],
      [0.4 * nest, 'iife'],
      [0.3, 'template'],
      [0.6 * pretty, 'continued'],
      [0.3 * nest, 'labelled'],
      [0.3 * nest * (1 - inLoop), 'declaration'],
      [ctx.fn.kind === 'gen' || ctx.fn.kind === 'agen' ? 2 : 0, 'yield'],
      [ctx.fn.canAwait ? 2 : 0, 'await'],
      [ctx.calls.some((c) => c.calls === 0) ? 3 : 0.8, 'use'],
      [ctx.strict ? 0 : 0.3 * nest, 'sloppy'],
      [0.2, 'empty'],
      [this.ts ? 0.5 : 0, 'types'],
    ] as const);
    switch (kind) {
      case 'trace':
        return this.trace(ctx);
      case 'decl':
        return this.decl(ctx);
      case 'assign':
        return this.assign(ctx);
      case 'if':
        return this.ifStmt(ctx);
      case 'loop':
        return this.loop(ctx);
      case 'switch':
        return this.switchStmt(ctx);
      case 'try':
        return this.tryStmt(ctx);
      case 'throw':
        return this.guarded(ctx, this.throwText(ctx));
      case 'return':
        // A bare `return`: as a braceless body on its own line it meets a known bug.
        return this.guarded(ctx, keyword(this.layout(), 'return', !this.avoid.has('bare-return') && this.rng.chance(0.2) ? '' : this.returnValue(ctx)));
      case 'jump':
        return this.jump(ctx);
      case 'function':
        return this.functionDecl(ctx, this.rng.weighted([[4, 'sync'], [1, 'gen'], [1, 'async'], [0.5, 'agen']] as const));
      case 'arrow':
        return this.arrowDecl(ctx);
      case 'closure':
        return this.closure(ctx);
      case 'iife':
        return this.iife(ctx);
      case 'template':
        return this.templateStmt(ctx);
      case 'continued':
        return this.continued(ctx);
      case 'labelled':
        return this.labelledBlock(ctx);
      case 'declaration':
        return this.declaration(ctx);
      case 'yield':
        return this.yieldStmt(ctx);
      case 'await':
        return this.awaitStmt(ctx);
      case 'use':
        return this.use(ctx);
      case 'sloppy':
        return this.sloppyStmt(ctx);
      case 'empty':
        return fixed([';'], { open: false });
      case 'types':
        return this.typeStmt(ctx);
    }
  }

  /** TypeScript only: a type alias or interface (no code), or an enum (code). */
  private typeStmt(ctx: Ctx): Stmt {
    const s = this.s;
    const sp = this.mode === 'min' ? '' : ' ';
    const form = this.rng.pick(['alias', 'interface', 'enum'] as const);
    if (form === 'alias') return fixed([`type ${this.name('T')}${s}=${s}number | { k: string }`], { declaration: true });
    if (form === 'interface') return fixed([`interface ${this.name('I')}${sp}{${s}k: number;${s}m(x: string): void${s}}`], { open: false, declaration: true });
    const name = this.name('E');
    const id = this.count++;
    this.sites.set(id, { simple: false, inFunction: ctx.fn.kind !== 'top' });
    const members = `A${s}=${s}${this.rng.int(5)},${s}B${s}=${s}A${s}*${s}2,${s}C${s}=${s}'c'.length`;
    return statement({
      print: (layout) => `enum ${name}${sp}{${s}${members}${s}}${layout.mode === 'pretty' ? `\n${layout.ind}` : ';'}T(${id},${s}[${name}.A,${s}${name}.B,${s}${name}[${name}.C]])`,
      declaration: true,
    });
  }

  /** What only sloppy mode allows: a function as an `if` body, `with`, a labelled function. */
  private sloppyStmt(ctx: Ctx): Stmt {
    const s = this.s;
    const sp = this.mode === 'min' ? '' : ' ';
    const name = this.name('f');
    const id = this.count++;
    this.sites.set(id, { simple: false, inFunction: ctx.fn.kind !== 'top' });
    const value = String(this.rng.int(10));
    const form = this.rng.pick(['annexB', 'with', 'labelled'] as const);
    if (form === 'with') {
      return fixed([`with${s}({${s}w:${s}${value}${s}})${sp}{${s}T(${id},${s}w)${s}}`], { open: false });
    }
    const declaration = `function ${name}()${sp}{${s}return ${value}${s}}`;
    const head = form === 'annexB' ? `if${s}(${this.condition(ctx)})${sp}${declaration}` : `${this.name('L')}:${s}${declaration}`;
    // Annex B: the function's name is bound in the enclosing function once the `if` ran.
    const use = `T(${id},${s}typeof ${name})`;
    return statement({
      print: (layout) => `${head}${layout.mode === 'pretty' ? `\n${layout.ind}` : ''}${use}`,
      declaration: true,
    });
  }

  /** `T(id, value)`: records the value; a simple one also checks its line's hits. */
  private trace(ctx: Ctx, value?: string): Stmt {
    const id = this.count++;
    const simple = value === undefined && this.rng.chance(0.7);
    const text = value ?? (simple ? this.leaf(ctx) : this.expr(ctx));
    this.sites.set(id, { simple, inFunction: ctx.fn.kind !== 'top' });
    return fixed([`T(${id},${this.s}${text})`], { note: this.note() });
  }

  private decl(ctx: Ctx): Stmt {
    const kind = this.rng.pick(['let', 'const', 'var']);
    const name = this.name('v');
    const value = this.expr(ctx);
    ctx.vars.push({ name, mutable: kind !== 'const' });
    const type = this.ts && this.rng.chance(0.5) ? `:${this.s}any` : '';
    return fixed([`${kind} ${name}${type}${this.s}=${this.breakableGap() || this.s}${value}`], { declaration: kind !== 'var', note: this.note() });
  }

  private assign(ctx: Ctx): Stmt {
    const mutable = ctx.vars.filter((v) => v.mutable);
    if (mutable.length === 0) return this.trace(ctx);
    const s = this.s;
    const target = this.rng.pick(mutable).name;
    if (mutable.length >= 2 && this.rng.chance(0.2)) {
      // Starts with `[`: under ASI it needs the `;` guard.
      const other = this.rng.pick(mutable).name;
      return fixed([`[${target},${s}${other}]${s}=${s}[${other},${s}${target}]`]);
    }
    if (this.rng.chance(0.1)) return fixed([`({${s}k:${s}${target}${s}}${s}=${s}{${s}k:${s}${this.expr(ctx)}${s}})`]);
    if (this.rng.chance(0.1)) return fixed([`++${target}`]);
    const op = this.rng.pick(['=', '+=', '??=', '||=']);
    return fixed([`${target}${s}${op}${s}${this.expr(ctx)}`], { note: this.note() });
  }

  private ifStmt(ctx: Ctx): Stmt {
    const test = this.condition(ctx);
    const thenList = this.list(this.child(ctx), this.rng.between(1, 3));
    const thenStyle = this.bodyStyle();
    const elseKind = this.rng.weighted([[3, 'none'], [2, 'else'], [2, 'elseif']] as const);
    const elseList: Stmt[] = elseKind === 'none' ? [] : elseKind === 'else' ? this.list(this.child(ctx), this.rng.between(1, 2)) : [this.ifStmt(this.child(ctx, { depth: ctx.depth }))];
    const elseStyle = elseKind === 'elseif' ? 'bare' : this.bodyStyle();
    const elseNewline = this.rng.chance(0.3);
    const head = `if${this.s}(${this.gap()}${test}${this.gap()})`;
    let open = false;
    return statement({
      lists: [thenList, elseList],
      print: (layout) => {
        const then = printBody(thenList, thenStyle, layout);
        open = then.open;
        if (elseList.length === 0) return head + then.text;
        // `else if` stays on the line of `else`, at the same indentation.
        const alternative = printBody(elseList, elseStyle, elseKind === 'elseif' ? { ...layout, ind: layout.ind.slice(2) } : layout);
        open = alternative.open;
        return head + then.text + betweenBodyAnd(then, layout, elseNewline) + afterKeyword(layout, 'else', alternative);
      },
      isOpen: () => open,
    });
  }

  private guarded(ctx: Ctx, text: string): Stmt {
    if (this.rng.chance(0.25)) return fixed([text]);
    return fixed([`if${this.s}(${this.condition(ctx)})${this.mode === 'min' ? '' : ' '}${text}`]);
  }

  private throwText(ctx: Ctx): string {
    const s = this.s;
    const value = this.rng.weighted([
      [3, `new ${this.rng.pick(ERRORS)}(${`'m'${s}+${s}${this.expr(ctx)}`})`],
      [1, this.leaf(ctx)],
      [1, `{${s}code:${s}${this.leaf(ctx)}${s}}`],
      [0.5, `[${this.leaf(ctx)}]`],
    ]);
    return keyword(this.layout(), 'throw', value);
  }

  private jump(ctx: Ctx): Stmt {
    const loopLabels = ctx.loops.filter((l): l is string => l !== null);
    const options: string[] = [];
    if (ctx.loops.length > 0) options.push('continue');
    if (ctx.loops.length > 0 || ctx.inSwitch) options.push('break');
    for (const label of loopLabels) options.push(`continue ${label}`);
    for (const label of ctx.labels) options.push(`break ${label}`);
    return this.guarded(ctx, this.rng.pick(options));
  }

  // ---- loops ------------------------------------------------------------------------

  private loopCtx(ctx: Ctx, label: string | null, bound: number): Ctx {
    return this.child(ctx, {
      mult: ctx.mult * bound,
      loops: [...ctx.loops, label],
      labels: label === null ? ctx.labels : [...ctx.labels, label],
      inSwitch: false,
    });
  }

  private loop(ctx: Ctx): Stmt {
    const label = this.rng.chance(0.3) ? this.name('L') : null;
    const labelNewline = this.rng.chance(0.3);
    const kinds = ['for', 'forNoUpdate', 'forEver', 'forIn', 'forOf', 'while', 'doWhile'] as const;
    const inAsync = ctx.fn.canAwait;
    const kind = inAsync && this.rng.chance(0.2) ? 'forAwait' : this.rng.pick(kinds);
    const bound = this.rng.between(0, LOOP_BOUND);
    const counter = this.name('i');
    const s = this.s;
    const inner = this.loopCtx(ctx, label, Math.max(bound, 1));
    let head: string;
    let before: string | null = null;
    let guard: Stmt | null = null;
    const tag = (text: string): string => `${text}${this.gap()}`;
    switch (kind) {
      case 'for': {
        const extra = this.name('j');
        head = this.rng.chance(0.3)
          ? `for${s}(var ${counter}${s}=${s}0,${s}${extra}${s}=${s}()${s}=>${s}${counter};${s}${counter}${s}<${s}${bound};${s}${counter}++,${s}${extra}())`
          : `for${s}(let ${counter}${s}=${s}0;${s}${counter}${s}<${s}${bound};${tag(s)}${counter}++${this.gap()})`;
        break;
      }
      case 'forNoUpdate':
        head = `for${s}(let ${counter}${s}=${s}0;${s}${counter}++${s}<${s}${bound};${this.gap()})`;
        break;
      case 'forEver':
        head = `for${s}(let ${counter}${s}=${s}0;;${s}${counter}++)`;
        guard = fixed([`if${s}(${counter}${s}>=${s}${bound})${this.mode === 'min' ? '' : ' '}break`]);
        break;
      case 'forIn': {
        const keys = Array.from({ length: bound }, (_, i) => `k${i}:${s}${i}`).join(`,${s}`);
        head = `for${s}(const ${counter} in {${keys}})`;
        break;
      }
      case 'forOf': {
        const items = Array.from({ length: bound }, () => `[${this.leaf(ctx)},${s}${this.leaf(ctx)}]`).join(`,${s}`);
        const target = this.rng.pick([`const ${counter}`, `const [${counter}]`, `let [, ${counter}${s}=${s}1]`, `const {${s}0:${s}${counter}${s}}`]);
        head = `for${s}(${target} of${this.mode === 'min' ? '' : ' '}[${items}])`;
        break;
      }
      case 'forAwait': {
        const items = Array.from({ length: bound }, () => `Promise.resolve(${this.leaf(ctx)})`).join(`,${s}`);
        head = `for await${s}(const ${counter} of${this.mode === 'min' ? '' : ' '}[${items}])`;
        break;
      }
      case 'while':
        before = `let ${counter}${s}=${s}0`;
        head = `while${s}(${counter}++${s}<${s}${bound})`;
        break;
      case 'doWhile':
        before = `let ${counter}${s}=${s}0`;
        head = 'do';
        break;
    }
    inner.vars.push({ name: counter, mutable: false });
    const body = this.list(inner, this.rng.between(1, 3));
    const style = guard ? 'same' : this.bodyStyle();
    const labelText = label === null ? '' : `${label}:${labelNewline && this.mode === 'pretty' ? '\n' : this.s}`;
    let open = false;
    return statement({
      lists: [body],
      print: (layout) => {
        const printed = printBody(guard ? [guard, ...body] : body, style, layout);
        open = kind === 'doWhile' || printed.open;
        const labelled = labelText.replace('\n', `\n${layout.ind}`);
        let text: string;
        if (kind === 'doWhile') {
          const tail = `while${s}(${counter}++${s}<${s}${bound})`;
          // A bare body breaks the line before `while`: the test's hits are the `while` line's.
          text = labelled + afterKeyword(layout, 'do', printed) + betweenBodyAnd(printed, layout, !printed.braced) + tail;
        } else {
          text = labelled + head + printed.text;
        }
        if (before === null) return text;
        return layout.mode === 'pretty' ? `${before}${layout.asi ? '' : ';'}\n${layout.ind}${text}` : `${before};${s}${text}`;
      },
      isOpen: () => open,
      // `let i = 0` comes first: not a lone `if` body.
      declaration: before !== null,
    });
  }

  private switchStmt(ctx: Ctx): Stmt {
    const s = this.s;
    const discriminant = `${this.leaf(ctx)}${s}%${s}3`;
    const count = this.rng.between(1, 4);
    const defaultAt = this.rng.chance(0.5) ? this.rng.int(count) : -1;
    const cases: { head: string; body: Stmt[]; sameLine: boolean }[] = [];
    for (let i = 0; i < count; i++) {
      const inner = this.child(ctx, { inSwitch: true });
      const head = i === defaultAt ? 'default:' : `${keyword(this.layout(), 'case', this.rng.pick(['0', '1', '2', "'a'", `${i}`]))}:`;
      const body = this.list(inner, this.rng.between(0, 2));
      if (this.rng.chance(0.6)) body.push(fixed(['break']));
      cases.push({ head, body, sameLine: this.rng.chance(0.3) });
    }
    return statement({
      lists: cases.map((c) => c.body),
      print: (layout) => {
        const inner = deeper(layout);
        const parts = cases.map((c) => {
          if (layout.mode !== 'pretty') return c.head + (layout.mode === 'inline' ? ' ' : '') + printList(c.body, layout);
          if (c.sameLine && c.body.length === 1) return `${inner.ind}${c.head} ${printList(c.body, { ...inner, ind: '' })}`;
          return c.body.length === 0 ? `${inner.ind}${c.head}` : `${inner.ind}${c.head}\n${printList(c.body, deeper(inner))}`;
        });
        const open = `switch${s}(${discriminant})${s}{`;
        if (layout.mode !== 'pretty') return `${open}${parts.join(s)}}`;
        return `${open}\n${parts.join('\n')}\n${layout.ind}}`;
      },
      isOpen: () => false,
    });
  }

  private tryStmt(ctx: Ctx): Stmt {
    const s = this.s;
    const shape = this.rng.weighted([[3, 'catch'], [1, 'finally'], [2, 'both']] as const);
    const block = this.list(this.child(ctx), this.rng.between(1, 3));
    let catchHead = '';
    let handler: Stmt[] = [];
    if (shape !== 'finally') {
      const inner = this.child(ctx);
      const form = this.rng.weighted([[4, 'name'], [1, 'none'], [1, 'destructure']] as const);
      const name = this.name('e');
      if (form === 'none') catchHead = 'catch';
      else if (form === 'name') catchHead = `catch${s}(${name})`;
      else catchHead = `catch${s}({${s}message:${s}${name}${s}})`;
      if (form !== 'none') inner.vars.push({ name, mutable: true });
      handler = [...(form === 'none' ? [] : [this.trace(inner, name)]), ...this.list(inner, this.rng.between(0, 2))];
    }
    const finalizer = shape === 'catch' ? [] : this.list(this.child(ctx), this.rng.between(1, 2));
    if (shape !== 'catch' && ctx.fn.canReturn && this.rng.chance(0.3)) {
      finalizer.push(fixed([keyword(this.layout(), 'return', this.returnValue(ctx))]));
    }
    const newline = this.rng.chance(0.2);
    return statement({
      lists: [block, handler, finalizer],
      print: (layout) => {
        const join = newline && layout.mode === 'pretty' ? `\n${layout.ind}` : s;
        let text = `try${s}${printBlock(block, layout)}`;
        if (shape !== 'finally') text += `${join}${catchHead}${s}${printBlock(handler, layout)}`;
        if (shape !== 'catch') text += `${join}finally${s}${printBlock(finalizer, layout)}`;
        return text;
      },
      isOpen: () => false,
    });
  }

  private labelledBlock(ctx: Ctx): Stmt {
    const label = this.name('B');
    const inner = this.child(ctx, { labels: [...ctx.labels, label] });
    const body = this.list(inner, this.rng.between(1, 3));
    body.splice(this.rng.int(body.length + 1), 0, this.guarded(inner, `break ${label}`));
    const s = this.s;
    return statement({ lists: [body], print: (layout) => `${label}:${s}${printBlock(body, layout)}`, isOpen: () => false });
  }

  // ---- functions --------------------------------------------------------------------

  /** A function declaration (sometimes minified to one line); callable after it. */
  private functionDecl(ctx: Ctx, kind: FunctionKind): Stmt {
    const saved = this.mode;
    const minified = this.mode === 'pretty' && !this.avoid.has('minified') && this.rng.chance(0.12);
    if (minified) this.mode = 'min';
    const s = this.s;
    const prefix = kind === 'sync' ? 'f' : kind === 'gen' ? 'g' : kind === 'async' ? 'a' : 'ag';
    const name = this.name(prefix);
    const params = this.params(ctx);
    const strict = params.simple && this.rng.chance(0.1);
    const inner = this.functionCtx(ctx, kind, params.vars, false, ctx.strict || strict);
    const recursive = kind === 'sync' && this.rng.chance(0.25);
    const depthParam = this.name('n');
    if (recursive) inner.vars.push({ name: depthParam, mutable: false });
    const directive = strict ? [fixed(["'use strict'"])] : [];
    const guard = recursive ? [fixed([`if${s}(${depthParam}${s}<=${s}0)${this.mode === 'min' ? '' : ' '}return ${this.leaf(inner)}`])] : [];
    const body = this.list(inner, this.rng.between(1, 5));
    if (this.rng.chance(0.6)) body.push(fixed([keyword(this.layout(), 'return', this.returnValue(inner))]));
    let cost = inner.fn.cost;
    const tail: Stmt[] = [];
    if (recursive) {
      const twice = this.rng.chance(0.3);
      const call = `${name}(${depthParam}${s}-${s}1)`;
      tail.push(fixed([keyword(this.layout(), 'return', `${depthParam}${s}+${s}${call}${twice ? `${s}+${s}${call}` : ''}`)]));
      cost *= twice ? 16 : 5;
    }
    this.mode = saved;
    const star = kind === 'gen' || kind === 'agen' ? '*' : '';
    const head = `${kind === 'async' || kind === 'agen' ? 'async ' : ''}function${star}${this.gap() || (star ? s : ' ')}${name}${this.gap()}`;
    const paramText = recursive ? [depthParam, params.text].filter((p) => p !== '').join(`,${s}`) : params.text;
    const returnType = this.ts && this.rng.chance(0.5) ? `:${s}${kind === 'async' ? 'Promise<any>' : 'any'}` : '';
    ctx.calls.push({ name: recursive ? `((...r)${s}=>${s}${name}(${this.rng.int(5)},${s}...r))` : name, kind, cost, calls: 0 });
    return statement({
      lists: [body],
      print: (layout) => {
        const own: Layout = minified ? { mode: 'min', asi: false, ind: layout.ind } : layout;
        return `${head}(${paramText})${returnType}${minified ? '' : ' '}${printBlock([...directive, ...guard, ...body, ...tail], own)}`;
      },
      isOpen: () => false,
      declaration: true,
    });
  }

  private arrowDecl(ctx: Ctx): Stmt {
    const s = this.s;
    const isAsync = ctx.fn.canAwait && this.rng.chance(0.3);
    const name = this.name('f');
    const params = this.params(ctx);
    const inner = this.functionCtx(ctx, isAsync ? 'async' : 'sync', params.vars, true);
    const expressionBody = this.rng.chance(0.4);
    const saved = this.mode;
    let body: Stmt[] = [];
    let bodyText = '';
    if (expressionBody) bodyText = this.rng.chance(0.2) ? `({${s}v:${s}${this.expr(inner)}${s}})` : this.expr(inner);
    else {
      body = this.list(inner, this.rng.between(1, 3));
      body.push(fixed([keyword(this.layout(), 'return', this.returnValue(inner))]));
    }
    this.mode = saved;
    ctx.calls.push({ name, kind: isAsync ? 'async' : 'sync', cost: inner.fn.cost, calls: 0 });
    // `x => ...` without parentheses: one plain parameter, and no type annotation.
    const paramList = params.vars.length === 1 && params.simple && !this.ts && this.rng.chance(0.5) ? params.text : `(${params.text})`;
    const head = `const ${name}${s}=${s}${isAsync ? 'async ' : ''}${paramList}${s}=>${this.gap() || s}`;
    return statement({
      lists: [body],
      print: (layout) => head + (expressionBody ? bodyText : printBlock(body, layout)),
      declaration: true,
      note: expressionBody ? this.note() : '',
    });
  }

  /** A counter made by a closure, then called twice. */
  private closure(ctx: Ctx): Stmt {
    const s = this.s;
    const maker = this.name('mk');
    const count = this.name('c');
    const counter = this.name('f');
    const lines = [`function ${maker}(${count}) {`, '  return () => {', `    ${count} += 1`, `    return ${count}`, '  }', '}'];
    const oneLine = `function ${maker}(${count}){return()=>{${count}+=1;return ${count}}}`;
    const id = this.count++;
    this.sites.set(id, { simple: false, inFunction: ctx.fn.kind !== 'top' });
    const uses = [`const ${counter}${s}=${s}${maker}(${this.leaf(ctx)})`, `${counter}()`, `T(${id},${s}${counter}())`];
    return statement({
      print: (layout) => {
        if (layout.mode !== 'pretty') return oneLine + uses.join(joiner(layout));
        return `${lines.map((line, i) => (i === 0 ? line : layout.ind + line)).join('\n')}\n${layout.ind}${uses.join(joiner(layout))}`;
      },
      declaration: true,
    });
  }

  /** `(function () { ... })()` or `(() => { ... })()`: starts with `(`. */
  private iife(ctx: Ctx): Stmt {
    const s = this.s;
    const arrow = this.rng.chance(0.5);
    const inner = this.functionCtx(ctx, 'sync', [], arrow);
    const body = this.list(inner, this.rng.between(1, 3));
    this.spend(ctx, inner.fn.cost);
    const head = arrow ? `(()${s}=>${s}` : `(function${s}()${s}`;
    return statement({ lists: [body], print: (layout) => `${head}${printBlock(body, layout)})()` });
  }

  /** A statement starting with a template literal. */
  private templateStmt(ctx: Ctx): Stmt {
    const s = this.s;
    const id = this.count++;
    this.sites.set(id, { simple: false, inFunction: ctx.fn.kind !== 'top' });
    return fixed([`\`\${${this.leaf(ctx)}}-\`.split('').forEach((ch)${s}=>${s}T(${id},${s}ch))`]);
  }

  /** One statement over two lines, where the second line continues the first. */
  private continued(ctx: Ctx): Stmt {
    const name = this.name('v');
    const [first, second] = this.rng.pick([
      [`const ${name} = [${this.leaf(ctx)}, ${this.leaf(ctx)}]`, '[1]'],
      [`const ${name} = String`, `(${this.leaf(ctx)})`],
      [`const ${name} = String.raw`, `\`t\${${this.leaf(ctx)}}\``],
      [`const ${name} = ${this.leaf(ctx)}`, `+ ${this.leaf(ctx)}`],
      [`const ${name} = ${this.leaf(ctx)}`, `? 1 : 2`],
    ]);
    ctx.vars.push({ name, mutable: false });
    return fixed([first, second], { declaration: true });
  }

  /** A function, generator, async function or class at the top of a list. */
  private declaration(ctx: Ctx): Stmt {
    const kind = this.rng.weighted([[3, 'sync'], [1.5, 'gen'], [1.5, 'async'], [0.5, 'agen'], [1.5, 'class'], [0.7, 'object']] as const);
    if (kind === 'class') return this.classDecl(ctx);
    if (kind === 'object') return this.objectDecl(ctx);
    return this.functionDecl(ctx, kind);
  }

  // ---- generators and async functions -----------------------------------------------

  private yieldStmt(ctx: Ctx): Stmt {
    const s = this.s;
    const layout = this.layout();
    const generators = ctx.calls.filter((c) => (c.kind === 'gen' || (c.kind === 'agen' && ctx.fn.kind === 'agen')) && this.affordable(ctx, c.cost));
    const form = this.rng.weighted([
      [3, 'value'],
      [1, 'array'],
      [1, 'receive'],
      [1, 'delegate'],
      [0.5, 'bare'],
    ] as const);
    switch (form) {
      case 'value':
        return fixed([keyword(layout, 'yield', this.expr(ctx))]);
      case 'array':
        return fixed([keyword(layout, 'yield', `[${this.leaf(ctx)},${s}${this.leaf(ctx)}]`)]);
      case 'receive': {
        const name = this.name('v');
        const statementText = `const ${name}${s}=${s}${keyword(layout, 'yield', this.leaf(ctx))}`;
        ctx.vars.push({ name, mutable: false });
        return fixed([statementText], { declaration: true });
      }
      case 'delegate': {
        if (generators.length > 0 && this.rng.chance(0.6)) {
          const callee = this.choose(generators);
          this.spend(ctx, callee.cost);
          return fixed([`yield*${s}${callee.name}(${this.leaf(ctx)})`]);
        }
        return fixed([`yield*${s}[${this.leaf(ctx)},${s}${this.leaf(ctx)}]`]);
      }
      case 'bare':
        return fixed(['yield']);
    }
  }

  private awaitStmt(ctx: Ctx): Stmt {
    const s = this.s;
    const layout = this.layout();
    const form = this.rng.weighted([[3, 'value'], [1.5, 'reject'], [1, 'detached'], [1, 'all']] as const);
    switch (form) {
      case 'value': {
        const name = this.name('v');
        const text = `const ${name}${s}=${s}${keyword(layout, 'await', this.awaitable(ctx, 1))}`;
        ctx.vars.push({ name, mutable: false });
        return fixed([text], { declaration: true });
      }
      case 'reject': {
        const error = `new ${this.rng.pick(ERRORS)}('r'${s}+${s}${this.leaf(ctx)})`;
        return fixed([keyword(layout, 'await', `Promise.reject(${error})`)]);
      }
      case 'detached': {
        const id = this.count++;
        this.sites.set(id, { simple: false, inFunction: ctx.fn.kind !== 'top' });
        return fixed([`Promise.resolve(${this.leaf(ctx)}).then((v)${s}=>${s}T(${id},${s}v))`]);
      }
      case 'all': {
        const id = this.count++;
        this.sites.set(id, { simple: false, inFunction: ctx.fn.kind !== 'top' });
        const items = [this.awaitable(ctx, 1), this.awaitable(ctx, 1)].join(`,${s}`);
        return fixed([`T(${id},${s}${keyword(layout, 'await', `Promise.all([${items}])`)})`]);
      }
    }
  }

  /** Calls that the program's functions, generators and classes offer. */
  private use(ctx: Ctx): Stmt {
    const s = this.s;
    const inAsync = ctx.fn.canAwait;
    const generators = ctx.calls.filter((c) => c.kind === 'gen' && this.affordable(ctx, 4 * c.cost));
    const asyncFns = ctx.calls.filter((c) => c.kind === 'async' && this.affordable(ctx, c.cost));
    const asyncGens = ctx.calls.filter((c) => c.kind === 'agen' && this.affordable(ctx, c.cost));
    const id = this.count++;
    this.sites.set(id, { simple: false, inFunction: ctx.fn.kind !== 'top' });
    if (generators.length > 0 && this.rng.chance(0.5)) {
      const g = this.choose(generators);
      this.spend(ctx, 4 * g.cost);
      const it = this.name('it');
      const steps = [`const ${it}${s}=${s}${g.name}(${this.leaf(ctx)})`, `T(${id},${s}${it}.next())`, `T(${id},${s}${it}.next(${this.leaf(ctx)}))`];
      const end = this.rng.pick([`T(${id},${s}${it}.return(${this.leaf(ctx)}))`, `T(${id},${s}${it}.throw(new Error('t')))`, `T(${id},${s}[...${it}])`]);
      steps.push(end);
      const breakOut = this.rng.chance(0.4) ? `${s}if${s}(x${s}!==${s}${this.leaf(ctx)})${s}break;` : '';
      const loop = `for${s}(const x of ${g.name}(${this.leaf(ctx)}))${s}{${s}T(${id},${s}x);${breakOut}${s}}`;
      const text = this.rng.chance(0.5) ? `try${s}{${s}${steps.join(`;${s}`)}${s}}${s}catch${s}(e)${s}{${s}T(${id},${s}e)${s}}` : loop;
      return fixed([text], { open: false });
    }
    if (inAsync && asyncGens.length > 0 && this.rng.chance(0.5)) {
      const g = this.rng.pick(asyncGens);
      this.spend(ctx, g.cost);
      return fixed([`for await${s}(const x of ${g.name}(${this.leaf(ctx)}))${s}{${s}T(${id},${s}x)${s}}`], { open: false });
    }
    if (asyncFns.length > 0) {
      const a = this.choose(asyncFns);
      this.spend(ctx, a.cost);
      if (inAsync && this.rng.chance(0.6)) return fixed([`T(${id},${s}${keyword(this.layout(), 'await', `${a.name}(${this.leaf(ctx)})`)})`]);
      // A promise left running: its then and catch callbacks interleave with the rest.
      return fixed([`${a.name}(${this.leaf(ctx)}).then((v)${s}=>${s}T(${id},${s}v),${s}(e)${s}=>${s}T(${id},${s}e))`]);
    }
    const sync = ctx.calls.filter((c) => c.kind === 'sync' && this.affordable(ctx, c.cost));
    if (sync.length === 0) return fixed([`T(${id},${s}${this.leaf(ctx)})`]);
    const f = this.choose(sync);
    this.spend(ctx, f.cost);
    return fixed([`try${s}{${s}T(${id},${s}${f.name}(${this.leaf(ctx)}))${s}}${s}catch${s}(e)${s}{${s}T(${id},${s}e)${s}}`], { open: false });
  }

  /** The driver of an async program: `return (async () => { ... })()`. */
  private asyncDriver(ctx: Ctx, result: string): Stmt {
    const s = this.s;
    const inner = this.functionCtx(ctx, 'async', [], true);
    inner.fn.cost = 0;
    const body = this.list(inner, this.rng.between(3, 7));
    return statement({ lists: [body], print: (layout) => `${result} (async${s}()${s}=>${s}${printBlock(body, layout)})()` });
  }

  // ---- classes and objects ------------------------------------------------------------

  private classDecl(ctx: Ctx): Stmt {
    const s = this.s;
    const sp = this.mode === 'min' ? '' : ' ';
    const name = this.name('C');
    const instance = this.name('o');
    const bases = ctx.calls.filter((c) => c.name.startsWith('new C'));
    const base = bases.length > 0 && this.rng.chance(0.3) ? this.rng.pick(bases).name.slice('new '.length) : undefined;
    // (Not `this.q`: a function's text, as `${f}` would show it, differs when instrumented.)
    const self: Var[] = [{ name: 'this.#p', mutable: true }];
    const member = (kind: FunctionKind, params: Var[]): { ctx: Ctx; body: Stmt[] } => {
      const inner = this.functionCtx(ctx, kind, [...self, ...params], false, true);
      return { ctx: inner, body: this.list(inner, this.rng.between(1, 3)) };
    };
    const arg = this.name('p');
    const ctor = member('sync', [{ name: arg, mutable: true }]);
    const method = member('sync', [{ name: arg, mutable: true }]);
    method.body.push(fixed([keyword(this.layout(), 'return', this.returnValue(method.ctx))]));
    const getter = member('sync', []);
    getter.body.push(fixed([keyword(this.layout(), 'return', 'this.#p')]));
    const generator = member('gen', []);
    // A static block runs once, with the class as `this`; it may not return.
    const staticCtx = this.functionCtx(ctx, 'sync', [], false, true);
    const staticBlock: Ctx = { ...staticCtx, fn: { ...staticCtx.fn, canReturn: false } };
    const staticBody = this.list(staticBlock, this.rng.between(1, 3));
    const comment = !this.avoid.has('static-block-comment') && !this.avoid.has('comments') && this.rng.chance(0.2);
    const staticHead = `static${comment ? ' /*{*/ ' : sp}`;
    const fieldEnd = this.mode === 'pretty' && this.asi ? '' : ';';
    const type = this.ts ? `:${s}any` : '';
    const fields = [`#p${type}${s}=${s}${this.rng.int(9)}${fieldEnd}`, `q${s}=${s}()${s}=>${s}this.#p${fieldEnd}`, `static s${type}${s}=${s}${this.rng.int(9)}${fieldEnd}`];
    // TypeScript: a parameter property, assigned before the body (after super() when derived).
    const ctorParams = this.ts ? `${arg}: any,${s}public extra${s}=${s}1` : arg;
    const members = (layout: Layout): string[] => {
      const l = deeper(layout);
      const superCall = base ? [fixed([`super(${arg})`])] : [];
      return [
        ...fields,
        `constructor(${ctorParams})${sp}${printBlock([...superCall, ...ctor.body], l)}`,
        `m(${arg})${sp}${printBlock(method.body, l)}`,
        `get g()${sp}${printBlock(getter.body, l)}`,
        `set g(v)${sp}{${s}this.#p${s}=${s}v${s}}`,
        `static sm(${arg})${sp}{${s}return ${arg}${s}+${s}${name}.s${s}}`,
        `*it()${sp}${printBlock(generator.body, l)}`,
        `#pm()${sp}{${s}return #p in this${s}}`,
        `${staticHead}${printBlock(staticBody, l)}`,
      ];
    };
    const id = this.count++;
    this.sites.set(id, { simple: false, inFunction: ctx.fn.kind !== 'top' });
    const v = this.leaf(ctx);
    const uses = [
      `const ${instance}${s}=${s}new ${name}(${v})`,
      `T(${id},${s}[${instance}.m(${v}),${s}${instance}.g,${s}${name}.sm(${v}),${s}${instance}.q()])`,
      `${instance}.g${s}=${s}${v}`,
      `T(${id},${s}[...${instance}.it()])`,
    ];
    const cost = ctor.ctx.fn.cost + method.ctx.fn.cost + getter.ctx.fn.cost + generator.ctx.fn.cost;
    this.spend(ctx, 2 * cost + staticBlock.fn.cost);
    ctx.calls.push({ name: `new ${name}`, kind: 'sync', cost: ctor.ctx.fn.cost, calls: 0 });
    const head = `class ${name}${base ? ` extends ${base}` : ''}${sp}{`;
    return statement({
      lists: [ctor.body, method.body, getter.body, staticBody, generator.body],
      print: (layout) => {
        const parts = members(layout);
        const inner = deeper(layout).ind;
        const classText = layout.mode === 'pretty' ? `${head}\n${parts.map((p) => inner + p).join('\n')}\n${layout.ind}}` : `${head}${parts.join(';')}}`;
        return `${classText}${joiner(layout)}${uses.join(joiner(layout))}`;
      },
      declaration: true,
    });
  }

  private objectDecl(ctx: Ctx): Stmt {
    const s = this.s;
    const sp = this.mode === 'min' ? '' : ' ';
    const name = this.name('obj');
    const inner = this.functionCtx(ctx, 'sync', [{ name: 'this.k', mutable: true }], false);
    const body = this.list(inner, this.rng.between(1, 3));
    body.push(fixed([keyword(this.layout(), 'return', 'this.k')]));
    const arrow = this.expr(this.functionCtx(ctx, 'sync', [], true));
    const key = this.leaf(ctx);
    const id = this.count++;
    this.sites.set(id, { simple: false, inFunction: ctx.fn.kind !== 'top' });
    this.spend(ctx, 2 * inner.fn.cost);
    const use = `T(${id},${s}[${name}.m(),${s}${name}.g,${s}${name}.a1()])`;
    return statement({
      lists: [body],
      print: (layout) => {
        const method = `m()${sp}${printBlock(body, deeper(layout))}`;
        const parts = [`k:${s}${key}`, method, `get g()${s}{${s}return this.m()${s}}`, `['a'${s}+${s}1]:${s}()${s}=>${s}${arrow}`];
        const text = layout.mode === 'pretty' ? `{\n${parts.map((p) => deeper(layout).ind + p).join(',\n')}\n${layout.ind}}` : `{${parts.join(',')}}`;
        return `const ${name}${s}=${s}${text}${joiner(layout)}${use}`;
      },
      declaration: true,
    });
  }
}

/** Between two statements printed as one: `;` (or a line break under ASI), then a line break in pretty mode. */
/** `export` before a top-level declaration of a module. */
function exported(declaration: Stmt): Stmt {
  return statement({ lists: declaration.lists, print: (layout) => `export ${declaration.print(layout)}`, isOpen: () => declaration.isOpen(), declaration: true });
}

function joiner(layout: Layout): string {
  if (layout.mode !== 'pretty') return layout.mode === 'min' ? ';' : '; ';
  return layout.asi ? `\n${layout.ind}` : `;\n${layout.ind}`;
}
