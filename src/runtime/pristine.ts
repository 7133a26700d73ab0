// The ECMAScript built-ins as they were when lineprof loaded, put back for the moments
// lineprof's own code runs at the program's end (writing the results), and the program's
// own versions restored right after. A program may replace or delete what lineprof's code
// uses (Array.prototype[Symbol.iterator] in a polyfill, Map.prototype.forEach in a test of
// its own), and lineprof's spreads, for-of loops, JSON and Map calls would then run the
// program's code, or fail. No program code runs while they are swapped (the write is
// synchronous), so the program cannot see the swap; a property it froze or made
// non-configurable is left as it is.
//
// This file itself uses only what it took at load: index loops, no spread, no for-of.

const { getOwnPropertyDescriptor, defineProperty, getPrototypeOf } = Object;
const { ownKeys, apply } = Reflect;

/** Where lineprof's code reaches built-ins: the constructors, their prototypes, the namespaces. */
function holders(): object[] {
  const list: object[] = [globalThis, Object, Object.prototype, Function.prototype, Array, Array.prototype, String, String.prototype,
    Number, Number.prototype, Boolean.prototype, Symbol, Symbol.prototype, Map.prototype, Set.prototype, WeakMap.prototype,
    WeakSet.prototype, Promise, Promise.prototype, RegExp.prototype, Error, Error.prototype, JSON, Math, Reflect, Date, Date.prototype,
    ArrayBuffer.prototype, BigInt.prototype];
  // The iterators' prototypes (%ArrayIteratorPrototype% and others) and the typed arrays'.
  const iterators: unknown[] = [[][Symbol.iterator](), new Map()[Symbol.iterator](), new Set()[Symbol.iterator](), ''[Symbol.iterator](), /a/[Symbol.matchAll]('')];
  for (let i = 0; i < iterators.length; i++) {
    const proto = getPrototypeOf(iterators[i]) as object;
    list[list.length] = proto;
    list[list.length] = getPrototypeOf(proto) as object;
  }
  const typed = getPrototypeOf(Uint8Array) as { prototype: object };
  list[list.length] = typed;
  list[list.length] = typed.prototype;
  return list;
}

interface Saved {
  readonly holder: object;
  readonly key: PropertyKey;
  readonly descriptor: PropertyDescriptor;
}

const original: Saved[] = [];
{
  const list = holders();
  for (let i = 0; i < list.length; i++) {
    const holder = list[i];
    const keys = ownKeys(holder);
    for (let k = 0; k < keys.length; k++) {
      const descriptor = getOwnPropertyDescriptor(holder, keys[k]);
      // globalThis holds the program's own globals too: only the built-ins' (functions, namespaces).
      if (descriptor && descriptor.configurable) original[original.length] = { holder, key: keys[k], descriptor };
    }
  }
}

function same(a: PropertyDescriptor | undefined, b: PropertyDescriptor): boolean {
  return a !== undefined && a.value === b.value && a.get === b.get && a.set === b.set && a.writable === b.writable;
}

/**
 * Runs `fn` with the built-ins as lineprof found them; the program's replacements (and
 * deletions) come back after it, whatever `fn` does.
 */
export function withPristineBuiltins<T>(fn: () => T): T {
  const changed: { saved: Saved; current: PropertyDescriptor | undefined }[] = [];
  for (let i = 0; i < original.length; i++) {
    const saved = original[i];
    const current = getOwnPropertyDescriptor(saved.holder, saved.key);
    if (same(current, saved.descriptor)) continue;
    // Frozen by the program since (--frozen-intrinsics, Object.freeze): left as it is.
    if (current !== undefined && !current.configurable) continue;
    try {
      defineProperty(saved.holder, saved.key, saved.descriptor);
      changed[changed.length] = { saved, current };
    } catch {
      // Not extensible any more (a deleted property of a frozen object): left as it is.
    }
  }
  try {
    return apply(fn, undefined, []) as T;
  } finally {
    for (let i = changed.length - 1; i >= 0; i--) {
      const { saved, current } = changed[i];
      if (current === undefined) delete (saved.holder as Record<PropertyKey, unknown>)[saved.key];
      else defineProperty(saved.holder, saved.key, current);
    }
  }
}
