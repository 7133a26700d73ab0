// Which properties of an oxc AST node the instrumenter walks into, per node type: oxc's
// `visitorKeys` (every property that holds child nodes, in source order) minus the ones
// that hold only types. Pure: a constant table, built when the module loads (~170 types).
//
// Why a table: a node's few child keys, looked up once per node, instead of enumerating
// all its properties (`for...in`, a Set lookup per key, positions and flags included)
// on each of the 950,000 nodes of typescript.js. The order is the same (oxc emits child
// properties in visitorKeys order), so the probes come out in the same order, byte for
// byte. A node type the table lacks is walked key by key, as before.

import { visitorKeys } from 'oxc-parser';

/** Keys that hold only types or positions: nothing executable lives under them. */
export const SKIP_KEYS: ReadonlySet<string> = new Set([
  'type', 'start', 'end', 'range', 'loc', 'typeAnnotation', 'returnType', 'typeParameters',
  'typeArguments', 'superTypeArguments', 'superTypeParameters', 'implements',
]);

const TABLE: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(visitorKeys).map(([type, keys]) => [type, keys.filter((key) => !SKIP_KEYS.has(key))]),
);

/**
 * The keys to walk under a node of `type`, or undefined for a type oxc's table does not
 * know (oxc's non-standard `Hashbang`, a newer oxc's node): the caller then walks every key.
 */
export function childKeys(type: string): readonly string[] | undefined {
  return TABLE.get(type);
}
