// A file's text handed to the next reader of the file: Node's own `.js` handler (cjs.ts),
// or another loader's require() handler (foreign-handlers.ts), each of which reads the
// file with `fs.readFileSync(filename, 'utf8')` right after lineprof gets its turn.

import fs from 'node:fs';

// Taken at load: `once` runs in Node's read, where the program's built-ins are in place.
const { apply } = Reflect;
const queue = queueMicrotask;
const later = setImmediate;

/**
 * The next `fs.readFileSync(filename, 'utf8')`, which Node's `.js` handler makes right
 * after caching the module, returns `code`; the function then puts the original back.
 * Not consumed by the end of this synchronous stretch (another loader read the file its
 * own way), it is removed all the same; with `untilMacrotask`, at the next macrotask
 * instead (an entry that the ES module loader caches, then evaluates a few promise
 * reactions later, when the handler reads it).
 */
export function handOver(filename: string, code: string, untilMacrotask = false): void {
  const original = fs.readFileSync;
  const once = function readFileSync(this: unknown, ...args: Parameters<typeof fs.readFileSync>): unknown {
    if (args[0] === filename && args[1] === 'utf8') {
      if (fs.readFileSync === once) fs.readFileSync = original;
      return code;
    }
    return apply(original, this, args);
  } as typeof fs.readFileSync;
  fs.readFileSync = once;
  const expire = (): void => {
    if (fs.readFileSync === once) fs.readFileSync = original;
  };
  if (untilMacrotask) later(expire).unref();
  else queue(expire);
}
