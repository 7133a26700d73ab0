// Names for functions, from where they stand: `const f = () => {}` is `f`, a method is
// `Class.method`, an object literal's function `obj.key`. Pure, per AST edge.

export interface NameContext {
  /** Name of the innermost enclosing class, for its members. */
  readonly className: string | undefined;
  /** The name a function or class here would take from its surroundings. */
  readonly hint: string | undefined;
  /** Set on a class method's function: its qualified name, which beats the function's own. */
  readonly method?: string;
  /** Set on a class method's function: where the member (with its decorators) starts. */
  readonly declStart?: number;
}

interface AstNode {
  readonly type: string;
  readonly start: number;
  readonly [key: string]: unknown;
}

/** Expressions that only wrap another one and keep its name: `(fn)`, `fn as T`. */
const TRANSPARENT = new Set([
  'ParenthesizedExpression', 'TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression',
  'TSTypeAssertion', 'ChainExpression',
]);

export function nameForChild(parent: AstNode, key: string, child: AstNode, names: NameContext): NameContext {
  const className = names.className;
  switch (parent.type) {
    case 'VariableDeclarator':
      if (key === 'init') return { className, hint: identifierName(parent.id) };
      break;
    case 'AssignmentExpression':
      if (key === 'right') return { className, hint: targetName(parent.left) };
      break;
    case 'AssignmentPattern':
      if (key === 'right') return { className, hint: identifierName(parent.left) };
      break;
    case 'ObjectExpression':
      if (key === 'properties') return { className, hint: names.hint };
      break;
    case 'Property':
      if (key === 'value') return { className, hint: qualify(names.hint, keyName(parent)) };
      break;
    case 'MethodDefinition':
    case 'TSAbstractMethodDefinition':
      if (key === 'value') {
        const method = qualify(className ?? '<anonymous class>', keyName(parent));
        return { className, hint: method, method, declStart: parent.start };
      }
      break;
    case 'PropertyDefinition':
    case 'AccessorProperty':
      if (key === 'value') return { className, hint: qualify(className ?? '<anonymous class>', keyName(parent)) };
      break;
    case 'ExportDefaultDeclaration':
      if (key === 'declaration') return { className, hint: 'default' };
      break;
    case 'CallExpression':
      // `const f = profile(function () {})` names the function `f`.
      if (key === 'arguments' && calleeName(parent.callee) === 'profile') return { className, hint: names.hint };
      break;
    default:
      if (TRANSPARENT.has(parent.type)) return { className, hint: names.hint };
  }
  if (child.type === 'ClassBody') return { className, hint: undefined };
  return names.hint === undefined && names.method === undefined ? names : { className, hint: undefined };
}

function qualify(prefix: string | undefined, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

function identifierName(node: unknown): string | undefined {
  const n = node as AstNode | null;
  return n?.type === 'Identifier' ? (n.name as string) : undefined;
}

/** `a.b.c = ...` -> `a.b.c`, without `.prototype` and a leading `module.exports`/`exports`. */
function targetName(node: unknown): string | undefined {
  const parts: string[] = [];
  let n = node as AstNode | null;
  while (n && n.type === 'MemberExpression' && !n.computed) {
    const property = n.property as AstNode;
    parts.unshift(property.type === 'PrivateIdentifier' ? `#${property.name}` : (property.name as string));
    n = n.object as AstNode;
  }
  if (n?.type === 'Identifier') parts.unshift(n.name as string);
  else if (n?.type === 'ThisExpression') parts.unshift('this');
  else if (parts.length === 0) return undefined;
  const cleaned = parts.filter((p) => p !== 'prototype');
  if (cleaned[0] === 'module' && cleaned[1] === 'exports') cleaned.splice(0, 2);
  else if (cleaned[0] === 'exports') cleaned.splice(0, 1);
  // `module.exports = {...}` names its functions by their keys alone.
  return cleaned.length > 0 ? cleaned.join('.') : undefined;
}

function keyName(member: AstNode): string {
  const key = member.key as AstNode;
  if (member.computed) return key.type === 'Literal' ? String(key.value) : '<computed>';
  switch (key.type) {
    case 'Identifier':
      return key.name as string;
    case 'PrivateIdentifier':
      return `#${key.name as string}`;
    default:
      return String(key.value);
  }
}

function calleeName(callee: unknown): string | undefined {
  const n = callee as AstNode;
  if (n.type === 'Identifier') return n.name as string;
  if (n.type === 'MemberExpression' && !n.computed) return identifierName(n.property);
  return undefined;
}
