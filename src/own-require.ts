// require() for lineprof's own modules and its dependencies, loaded on first use, with
// Node's require() handlers as they were when lineprof started. A program's preload may
// replace the handler of `.js` (@swc-node/register and other pirates users compile every
// .js file outside node_modules to CommonJS): lineprof's ES modules, run through it, would
// load a second time as broken CommonJS. While one of lineprof's lazy requires runs, the
// handlers taken at start-up are put back, and the program's afterwards (it is synchronous:
// no module of the program's loads in between).
//
// Taken when this module first loads: at set-up for `lineprof run`/`exec` (its preload runs
// before the program's), after the program's own --require preloads under
// `node -r x --import lineprof/register`, where a replaced `.js` handler is kept.

import Module, { createRequire } from 'node:module';

type Handler = (module: unknown, filename: string) => void;
const handlers = (Module as unknown as { _extensions: Record<string, Handler> })._extensions;
const extensions = Object.keys(handlers);
const atStart = extensions.map((extension) => handlers[extension]);

export function createOwnRequire(from: string): (specifier: string) => unknown {
  const load = createRequire(from);
  return (specifier) => {
    // Index loops, no Map or destructuring: this can run in the program's calls, with its
    // built-ins (pristine.ts). swapped[i]: extension i had the program's handler, program[i]
    // (undefined: the program deleted it).
    const swapped: boolean[] = [];
    const program: (Handler | undefined)[] = [];
    for (let i = 0; i < extensions.length; i++) {
      const current = handlers[extensions[i]];
      swapped[i] = current !== atStart[i];
      program[i] = current;
      if (swapped[i]) handlers[extensions[i]] = atStart[i];
    }
    try {
      return load(specifier);
    } finally {
      for (let i = 0; i < extensions.length; i++) {
        if (!swapped[i]) continue;
        const handler = program[i];
        if (handler === undefined) delete handlers[extensions[i]];
        else handlers[extensions[i]] = handler;
      }
    }
  };
}
