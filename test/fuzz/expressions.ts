// The generator's state and its expressions, for generate.ts (which adds statements):
// the random source, the layout mode (pretty, or minified inside a function), the scope
// of a place in the program (variables, callable functions, enclosing loops and labels,
// what the function may do), the cost budget that keeps programs terminating quickly,
// and expressions with calls, arrows, templates, await and yield. Must not run anything.

import { Random } from './random.js';
import { fixed, keyword, printBlock, space, type BodyStyle, type Layout, type Mode, type Stmt } from './layout.js';

/** Constructs the generator can leave out (to get past a bug already reported). */
export type Feature = 'static-block-comment' | 'bare-return' | 'comments' | 'minified' | 'asi' | 'crlf' | 'module' | 'ts';

/** A function body run as CommonJS, an ES module (top-level await, exports), or TypeScript. */
export type Flavour = 'script' | 'module' | 'ts';

export interface Site {
  /** `T(id, name-or-literal)`: the line's hits must equal the number of trace entries. */
  readonly simple: boolean;
  /** Inside a function (top-level lines get no probes). */
  readonly inFunction: boolean;
}

/** Estimated statements one call of a function may execute (callees included). */
const FUNCTION_BUDGET = 400;

export type FunctionKind = 'sync' | 'gen' | 'async' | 'agen';

export interface Callable {
  readonly name: string;
  readonly kind: FunctionKind;
  readonly cost: number;
  /** Calls generated so far: the uncalled are preferred. */
  calls: number;
}

export interface Var {
  readonly name: string;
  readonly mutable: boolean;
}

export interface FunctionState {
  readonly kind: FunctionKind | 'top';
  readonly canReturn: boolean;
  /** An async function, or a module's top level. */
  readonly canAwait: boolean;
  readonly budget: number;
  cost: number;
}

export interface Ctx {
  readonly fn: FunctionState;
  readonly vars: Var[];
  readonly calls: Callable[];
  /** How many times a statement here may run per call of the function. */
  readonly mult: number;
  readonly depth: number;
  /** Enclosing loops of this function, innermost last (null: no label). */
  readonly loops: readonly (string | null)[];
  /** Enclosing labels of this function that `break` may name. */
  readonly labels: readonly string[];
  readonly inSwitch: boolean;
  /** Strict code (a class body, a 'use strict' function): no sloppy-only statements. */
  readonly strict: boolean;
}

const COMMENTS = ['/* c */', '/*{*/', '/*}*/', '/*)*/', '/*(*/', "/*'*/", '/*`*/', '/**/', '/*;*/', '/* é😀 */'];

/** Generates expressions; a subclass generates the statements (`list`) that nest in them. */
export abstract class ProgramGenerator {
  protected readonly rng: Random;
  protected mode: Mode;
  protected readonly asi: boolean;
  /** Sloppy mode: Annex B functions in `if`, `with`, labelled functions. */
  protected readonly sloppy: boolean;
  protected readonly flavour: Flavour;
  /** TypeScript: annotations, casts, type declarations, enums. */
  protected readonly ts: boolean;
  protected count = 0;
  protected readonly sites = new Map<number, Site>();

  constructor(
    protected readonly seed: number,
    protected readonly avoid: ReadonlySet<Feature>,
  ) {
    this.rng = new Random(seed);
    this.mode = !avoid.has('minified') && this.rng.chance(0.08) ? 'min' : 'pretty';
    this.asi = !avoid.has('asi') && this.rng.chance(0.4);
    const roll = this.rng.next();
    this.flavour = !avoid.has('module') && roll < 0.15 ? 'module' : !avoid.has('ts') && roll > 0.85 ? 'ts' : 'script';
    this.ts = this.flavour === 'ts';
    // Modules are strict; TypeScript rejects `with`.
    this.sloppy = this.flavour === 'script' && this.rng.chance(0.85);
  }

  protected layout(): Layout {
    return { mode: this.mode, asi: this.asi, ind: '' };
  }

  protected name(prefix: string): string {
    return `${prefix}${this.count++}`;
  }

  protected get s(): string {
    return space(this.mode);
  }

  /** Between two tokens: a space, nothing (min), or a comment. */
  protected gap(): string {
    if (!this.avoid.has('comments') && this.rng.chance(0.06)) return ` ${this.rng.pick(COMMENTS)} `;
    return this.s;
  }

  /** Where a line break is harmless: sometimes a comment spanning lines (pretty mode). */
  protected breakableGap(): string {
    if (this.mode === 'pretty' && !this.avoid.has('comments') && this.rng.chance(0.04)) return ' /*\n*/ ';
    return this.gap();
  }

  protected note(): string {
    return this.mode === 'pretty' && !this.avoid.has('comments') && this.rng.chance(0.08) ? 'note ) } {' : '';
  }

  protected bodyStyle(): BodyStyle {
    return this.rng.weighted([[4, 'same'], [1, 'next'], [2, 'bare'], [2, 'bareNext']] as const);
  }

  protected child(ctx: Ctx, changes: Partial<Ctx> = {}): Ctx {
    return { ...ctx, vars: [...ctx.vars], calls: [...ctx.calls], depth: ctx.depth + 1, ...changes };
  }

  protected affordable(ctx: Ctx, cost: number): boolean {
    return ctx.fn.cost + ctx.mult * cost <= ctx.fn.budget;
  }

  protected spend(ctx: Ctx, cost: number): void {
    ctx.fn.cost += ctx.mult * cost;
  }

  // ---- expressions ------------------------------------------------------------------

  protected leaf(ctx: Ctx): string {
    if (ctx.vars.length > 0 && this.rng.chance(0.6)) return this.rng.pick(ctx.vars).name;
    return this.rng.chance(0.8) ? String(this.rng.int(10)) : `'${this.rng.pick(['a', 'b', 'x y', 'é😀', '\\u2028'])}'`;
  }

  protected expr(ctx: Ctx, depth = 0): string {
    if (depth >= 2 || this.rng.chance(0.4)) return this.leaf(ctx);
    const s = this.s;
    const d = depth + 1;
    const kind = this.rng.weighted([
      [5, 'binary'],
      [1, 'ternary'],
      [3, 'call'],
      [1, 'arrow'],
      [1, 'array'],
      [1, 'template'],
      [0.5, 'typeof'],
      [0.5, 'comma'],
      [0.5, 'getter'],
      [ctx.fn.canAwait ? 2 : 0, 'await'],
      [ctx.fn.kind === 'gen' || ctx.fn.kind === 'agen' ? 1.5 : 0, 'yield'],
      [this.ts ? 1.5 : 0, 'cast'],
    ] as const);
    switch (kind) {
      case 'binary': {
        const op = this.rng.pick(['+', '-', '*', '%', '<', '===', '&&', '||', '??']);
        return `(${this.expr(ctx, d)}${s}${op}${this.breakableGap() || s}${this.expr(ctx, d)})`;
      }
      case 'ternary':
        return `(${this.expr(ctx, d)}${s}?${s}${this.expr(ctx, d)}${s}:${s}${this.expr(ctx, d)})`;
      case 'call':
        return this.call(ctx, d) ?? this.leaf(ctx);
      case 'arrow': {
        const param = this.name('x');
        const inner = this.functionCtx(ctx, 'sync', [{ name: param, mutable: true }], true);
        const body = this.rng.chance(0.5) ? this.expr(inner, d) : this.inlineBody(inner);
        this.spend(ctx, inner.fn.cost);
        return `((${param})${s}=>${this.gap() || s}${body})(${this.expr(ctx, d)})`;
      }
      case 'array': {
        const param = this.name('x');
        const inner = this.functionCtx(ctx, 'sync', [{ name: param, mutable: true }], true);
        const body = this.rng.chance(0.6) ? this.expr(inner, d) : this.inlineBody(inner);
        this.spend(ctx, 3 * inner.fn.cost);
        const method = this.rng.pick(['map', 'filter', 'some']);
        return `[${this.expr(ctx, d)},${s}${this.expr(ctx, d)},${s}${this.leaf(ctx)}].${method}((${param})${s}=>${s}${body})`;
      }
      case 'template':
        return `\`<\${${this.expr(ctx, d)}}|\${${this.expr(ctx, d)}}>\``;
      case 'typeof':
        return `(${keyword(this.layout(), 'typeof', this.rng.chance(0.3) ? `(${this.leaf(ctx)})` : this.leaf(ctx))})`;
      case 'comma':
        return `(${this.expr(ctx, d)},${s}${this.expr(ctx, d)})`;
      case 'getter': {
        // A method: `this` is the literal (whose `k` is this getter), so no outer `this.x`.
        const inner = this.functionCtx(ctx, 'sync', [], false);
        const body = this.inlineBody(inner);
        this.spend(ctx, inner.fn.cost);
        return `({${s}get${this.gap() || ' '}k()${s}${body}${s}}).k`;
      }
      case 'await':
        return `(${keyword(this.layout(), 'await', this.awaitable(ctx, d))})`;
      case 'yield':
        return `(${keyword(this.layout(), 'yield', this.expr(ctx, d))})`;
      case 'cast':
        return this.rng.pick([`(${this.expr(ctx, d)} as any)`, `(${this.leaf(ctx)}!)`, `(${this.expr(ctx, d)} satisfies unknown)`, `(<any>${this.leaf(ctx)})`]);
    }
  }

  /** A call of a function in scope whose cost fits, or undefined. */
  protected call(ctx: Ctx, depth: number): string | undefined {
    const usable = ctx.calls.filter((c) => this.affordable(ctx, c.cost + 1));
    const inAsync = ctx.fn.canAwait;
    const candidates = usable.filter((c) => c.kind === 'sync' || c.kind === 'gen' || (c.kind === 'async' && inAsync));
    if (candidates.length === 0) return undefined;
    const callee = this.choose(candidates);
    this.spend(ctx, callee.cost + 1);
    const args = Array.from({ length: this.rng.int(3) }, () => this.expr(ctx, depth + 1)).join(`,${this.s}`);
    const text = `${callee.name}(${args})`;
    if (callee.kind === 'gen') return `[...${text}]`;
    if (callee.kind === 'async') return `(${keyword(this.layout(), 'await', text)})`;
    return text;
  }

  /** One of the callables, an uncalled one when there is one. */
  protected choose(callables: readonly Callable[]): Callable {
    const uncalled = callables.filter((c) => c.calls === 0);
    const callee = this.rng.pick(uncalled.length > 0 && this.rng.chance(0.8) ? uncalled : callables);
    callee.calls++;
    return callee;
  }

  protected awaitable(ctx: Ctx, depth: number): string {
    const value = this.expr(ctx, depth);
    return this.rng.weighted([
      [2, `Promise.resolve(${value})`],
      [1, `(${value})`],
      [1, value],
      // The executor is a function of its own: no await or yield of ours inside it.
      [1, `new Promise((r)${this.s}=>${this.s}r(${this.leaf(ctx)}))`],
    ]);
  }

  protected condition(ctx: Ctx): string {
    const s = this.s;
    return this.rng.weighted([
      [3, `${this.leaf(ctx)}${s}${this.rng.pick(['<', '>', '===', '!=='])}${s}${this.rng.int(6)}`],
      [1, this.expr(ctx)],
      [1, `${this.leaf(ctx)}${s}%${s}2`],
    ]);
  }

  /** Return values that test `return[`, `return(` and `return\`` in min mode. */
  protected returnValue(ctx: Ctx): string {
    const s = this.s;
    return this.rng.weighted([
      [3, this.expr(ctx)],
      [1, `[${this.leaf(ctx)},${s}${this.leaf(ctx)}]`],
      [1, `(${this.expr(ctx)},${s}${this.leaf(ctx)})`],
      [0.5, `\`r\${${this.leaf(ctx)}}\``],
      [0.5, `{${s}r:${s}${this.leaf(ctx)}${s}}`],
    ]);
  }

  protected functionCtx(ctx: Ctx, kind: FunctionKind, params: Var[], arrow: boolean, strict = ctx.strict): Ctx {
    const fn: FunctionState = { kind, canReturn: true, canAwait: kind === 'async' || kind === 'agen', budget: FUNCTION_BUDGET, cost: 1 };
    // `this.x` means the enclosing method's object only in arrows.
    const vars = arrow ? ctx.vars : ctx.vars.filter((v) => !v.name.startsWith('this.'));
    return { fn, vars: [...vars, ...params], calls: [...ctx.calls], mult: 1, depth: ctx.depth + 1, loops: [], labels: [], inSwitch: false, strict };
  }

  /** A block body printed on one line, ending in a return. */
  protected inlineBody(inner: Ctx): string {
    const saved = this.mode;
    if (this.mode === 'pretty') this.mode = 'inline';
    const body = this.list(inner, this.rng.between(1, 2));
    body.push(fixed([keyword(this.layout(), 'return', this.returnValue(inner))]));
    const text = printBlock(body, { mode: this.mode, asi: false, ind: '' });
    this.mode = saved;
    return text;
  }

  protected params(ctx: Ctx): { text: string; vars: Var[]; simple: boolean } {
    const s = this.s;
    const count = this.rng.int(4);
    const parts: string[] = [];
    const vars: Var[] = [];
    let simple = true;
    for (let i = 0; i < count; i++) {
      const name = this.name('p');
      const scope: Ctx = { ...ctx, vars: [...ctx.vars, ...vars] };
      const form = this.rng.weighted([[5, 'plain'], [3, 'default'], [1, 'object'], [1, 'array'], [i === count - 1 ? 1 : 0, 'rest']] as const);
      const type = this.ts ? `:${s}${form === 'rest' ? 'any[]' : this.rng.pick(['any', 'any', 'number | string'])}` : '';
      if (form !== 'plain') simple = false;
      if (form === 'plain') parts.push(name + type);
      else if (form === 'default') parts.push(`${name}${type}${s}=${s}${this.rng.chance(0.3) ? `(()${s}=>${s}${this.leaf(scope)})()` : this.leaf(scope)}`);
      else if (form === 'object') parts.push(`{${s}${name}${s}=${s}${this.leaf(scope)}${s}}${type}${s}=${s}{}`);
      else if (form === 'array') parts.push(`[${name}${s}=${s}${this.leaf(scope)}]${type}${s}=${s}[]`);
      else parts.push(`...${name}${type}`);
      vars.push({ name, mutable: true });
    }
    return { text: parts.join(`,${s}`), vars, simple };
  }


  /** `count` statements for a place in the program. */
  protected abstract list(ctx: Ctx, count: number): Stmt[];
}
