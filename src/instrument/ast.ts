// The AST as the instrumenter walks it, and what it knows of the function being walked.

import type { ProbeSet } from './probe-sets.js';

// oxc's ESTree AST, typed loosely: the walker is driven by node types, not by TS types.
// eslint-style `any` would hide mistakes; an index signature keeps property access checked.
export interface Node {
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

export interface FunctionScope {
  readonly index: number;
  readonly line: number;
  readonly asyncGenerator: boolean;
  /** Its first line's counter slot within the file. */
  readonly slot: number;
  /**
   * Its kind's probes: a frame object, with or without try/finally, or (sampled engine, a
   * function with try/finally) inline ones.
   */
  readonly probes: ProbeSet;
}

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
}

/** Decorators stand before their node's text, so its text does not tell what they hold. */
export function hasDecorators(node: Node): boolean {
  const decorators = node.decorators;
  return Array.isArray(decorators) && decorators.length > 0;
}

export function leadingDirectives(statements: Node[]): Node[] {
  let count = 0;
  while (count < statements.length && typeof statements[count].directive === 'string') count++;
  return statements.slice(0, count);
}

export function declaresOnly(statement: Node): boolean {
  return (SILENT_STATEMENTS.has(statement.type) && !LOOPS_AND_BLOCKS.has(statement.type)) || statement.declare === true;
}

export function wantsProbe(statement: Node): boolean {
  if (SILENT_STATEMENTS.has(statement.type)) return false;
  if (statement.type === 'LabeledStatement') return wantsProbe(statement.body as Node);
  if (statement.declare === true) return false;
  return true;
}
