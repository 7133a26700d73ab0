// The ECMAScript built-ins, and Node's fs and path, as they were when lineprof loaded, put
// back for the moments lineprof's own code runs in the program's thread (the module hooks
// on Node 22+, each file's registration, profile(), the toString mapping, the writing of
// results), and the program's own versions restored right after. A program may replace
// or delete what lineprof's code uses (Array.prototype[Symbol.iterator] in a polyfill,
// Map.prototype.get in a test of its own, fs.openSync in a mock), and lineprof's spreads,
// for-of loops, JSON, Map and fs calls would then run the program's code, or fail. No
// program code runs while they are swapped (lineprof's steps are synchronous), so the
// program cannot see the swap; a property it froze or made non-configurable is left as
// it is.
//
// This file itself uses only what it took at load: index loops, no spread, no for-of.

import fs from 'node:fs';
import path from 'node:path';

const { getOwnPropertyDescriptor, defineProperty, getPrototypeOf } = Object;
const { ownKeys, apply } = Reflect;

/** Where lineprof's code reaches built-ins: the constructors, their prototypes, the namespaces. */
function holders(): object[] {
  const list: object[] = [globalThis, Object, Object.prototype, Function.prototype, Array, Array.prototype, String, String.prototype,
    Number, Number.prototype, Boolean.prototype, Symbol, Symbol.prototype, Map.prototype, Set.prototype, WeakMap.prototype,
    WeakSet.prototype, Promise, Promise.prototype, RegExp.prototype, Error, Error.prototype, JSON, Math, Reflect, Date, Date.prototype,
    ArrayBuffer.prototype, BigInt.prototype,
    // Node's fs and path as a program reaches them (`require('fs').openSync = ...`): what
    // lineprof writes with, and what Node's own readFileSync calls when lineprof loads a
    // module of its own late (the end-of-run code is loaded at the end).
    fs, path, path.posix];
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
  descriptor: PropertyDescriptor;
}

/**
 * The globals lineprof's code reads, the only ones of globalThis saved: ECMAScript's
 * constructors, namespaces and functions, and Node's globals that lineprof uses. Not every
 * key of globalThis: besides the program's own globals, Node 22+ defines some of its web
 * globals as lazy data properties that load their module when described (FormData loads
 * undici: 30-40 ms of every profiled process's start-up, measured on Node 22-26).
 */
const GLOBALS_USED: readonly PropertyKey[] = [
  'globalThis', 'Object', 'Function', 'Array', 'String', 'Number', 'Boolean', 'Symbol', 'BigInt', 'Map', 'Set', 'WeakMap', 'WeakSet',
  'WeakRef', 'Promise', 'RegExp', 'Date', 'JSON', 'Math', 'Reflect', 'Proxy', 'Atomics', 'ArrayBuffer', 'SharedArrayBuffer', 'DataView',
  'Uint8Array', 'Int8Array', 'Uint16Array', 'Int16Array', 'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array',
  'BigInt64Array', 'BigUint64Array', 'Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError',
  'AggregateError', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent', 'decodeURIComponent', 'encodeURI',
  'decodeURI', 'queueMicrotask', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate',
  'URL', 'URLSearchParams', 'console', 'global', 'process', 'performance', 'Buffer', 'crypto', 'AbortController', 'TextEncoder',
  'TextDecoder', 'structuredClone', 'MessageChannel',
];

/** The saved data properties' values, as the compiled test reads them (adoptBuiltin updates them). */
const values: unknown[] = [];

const original: Saved[] = [];
{
  const list = holders();
  for (let i = 0; i < list.length; i++) {
    const holder = list[i];
    // globalThis: only the globals lineprof's code reads (see GLOBALS_USED).
    const keys = holder === globalThis ? GLOBALS_USED : ownKeys(holder);
    for (let k = 0; k < keys.length; k++) {
      const descriptor = getOwnPropertyDescriptor(holder, keys[k]);
      if (descriptor && descriptor.configurable) original[original.length] = { holder, key: keys[k], descriptor };
    }
  }
}

/**
 * Whether any saved built-in differs now, the test before each swap (it runs for every
 * module the program loads): generated functions that read each data property at a site
 * of its own (a monomorphic load, a few ns; describing each in a loop costs ~130 ns an
 * entry, ~85 µs a call on Node 24 against ~5 µs). A data property is read, not described:
 * a getter the program put in a built-in method's place would run here (no known program
 * does that). Where code generation is forbidden (--disallow-code-generation-from-strings),
 * the loop.
 */
const anyChanged: () => boolean = compiledCheck() ?? (() => {
  for (let i = 0; i < original.length; i++) {
    if (!same(getOwnPropertyDescriptor(original[i].holder, original[i].key), original[i].descriptor)) return true;
  }
  return false;
});

function compiledCheck(): (() => boolean) | undefined {
  const holdersOf: object[] = [];
  const keysOf: PropertyKey[] = [];
  const accessors: PropertyDescriptor[] = [];
  // Small functions, which V8 optimizes (one of 650 loads stays in its baseline tier).
  const parts: string[] = [];
  let body = '';
  for (let i = 0; i < original.length; i++) {
    const { holder, key, descriptor } = original[i];
    holdersOf[i] = holder;
    keysOf[i] = key;
    values[i] = descriptor.value;
    accessors[i] = descriptor;
    const site = typeof key === 'string' ? `h[${i}][${JSON.stringify(key)}]` : `h[${i}][k[${i}]]`;
    body +=
      'value' in descriptor
        ? `if (${site} !== v[${i}]) return true;\n`
        : `d = g(h[${i}], k[${i}]); if (d === undefined || d.get !== a[${i}].get || d.set !== a[${i}].set) return true;\n`;
    if (body.length > 0 && ((i + 1) % 40 === 0 || i === original.length - 1)) {
      parts[parts.length] = `function () {\nlet d;\n${body}return false;\n}`;
      body = '';
    }
  }
  let calls = '';
  for (let p = 0; p < parts.length; p++) calls += `${p > 0 ? ' || ' : ''}c${p}()`;
  let declarations = '';
  for (let p = 0; p < parts.length; p++) declarations += `const c${p} = ${parts[p]};\n`;
  try {
    const make = new Function('h', 'k', 'v', 'a', 'g', `${declarations}return function anyChanged() {\nreturn ${calls || 'false'};\n};`) as (
      ...args: unknown[]
    ) => () => boolean;
    return make(holdersOf, keysOf, values, accessors, getOwnPropertyDescriptor);
  } catch {
    return undefined;
  }
}

/**
 * Takes lineprof's own replacement of a built-in (Function.prototype.toString, which maps
 * instrumented functions' text back to the program's) as the one to keep.
 */
export function adoptBuiltin(holder: object, key: PropertyKey): void {
  const descriptor = getOwnPropertyDescriptor(holder, key);
  for (let i = 0; i < original.length; i++) {
    if (original[i].holder !== holder || original[i].key !== key || descriptor === undefined) continue;
    original[i].descriptor = descriptor;
    values[i] = descriptor.value;
  }
}

/** How many withPristineBuiltins calls are running (nested ones skip the swap). */
let depth = 0;

function same(a: PropertyDescriptor | undefined, b: PropertyDescriptor): boolean {
  return a !== undefined && a.value === b.value && a.get === b.get && a.set === b.set && a.writable === b.writable;
}

/**
 * Runs `fn` with the built-ins as lineprof found them; the program's replacements (and
 * deletions) come back after it, whatever `fn` does.
 */
export function withPristineBuiltins<T>(fn: () => T): T {
  // Already inside: lineprof's code calls lineprof's code.
  if (depth > 0 || !anyChanged()) return run(fn);
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
    return run(fn);
  } finally {
    for (let i = changed.length - 1; i >= 0; i--) {
      const { saved, current } = changed[i];
      if (current === undefined) delete (saved.holder as Record<PropertyKey, unknown>)[saved.key];
      else defineProperty(saved.holder, saved.key, current);
    }
  }
}

function run<T>(fn: () => T): T {
  depth++;
  try {
    return apply(fn, undefined, []) as T;
  } finally {
    depth--;
  }
}
