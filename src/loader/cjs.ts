// The CommonJS side of loading: wraps Module.prototype._compile so that every CommonJS
// module of the program's own files is instrumented, teaches require() the TypeScript
// extensions, and lets `require('lineprof')` find this copy when the program lacks it.

import { parseSync } from 'oxc-parser';
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isTypeScript, moduleKindOf, type FileMatcher } from './files.js';
import { transformSource } from './transform.js';
import type { EngineName } from '../stats/model.js';

interface CjsModule {
  _compile(content: string, filename: string, format?: string): unknown;
}
interface ModuleInternals {
  prototype: CjsModule;
  _extensions: Record<string, (module: CjsModule, filename: string) => void>;
  runMain(main?: string): void;
}

const OWN_INDEX = fileURLToPath(new URL('../index.js', import.meta.url));

export function installCommonJsHooks(isOwnFile: FileMatcher, engine: EngineName): void {
  const internals = Module as unknown as ModuleInternals;
  const compile = internals.prototype._compile;
  internals.prototype._compile = function (this: CjsModule, content: string, filename: string, format?: string) {
    const ts = isTypeScript(filename);
    if (ts) process.setSourceMapsEnabled(true);
    let code = content;
    let codeFormat = format;
    if (format !== 'module' && (ts || isOwnFile(filename))) {
      const kind = ts ? moduleKindOf(filename) : 'commonjs';
      const result = transformSource(content, filename, kind, isOwnFile(filename), engine);
      code = result.code;
      if (result.format === 'module') codeFormat = 'module';
    }
    // No try/catch here to strip this frame from errors: a rethrow would move the source
    // snippet Node prints for an uncaught error to this line.
    return compile.call(this, code, filename, codeFormat);
  };

  // require() of TypeScript: Node's own .js handler reads the file (so a read error has
  // only Node's frames) and calls _compile, where the wrapper above transpiles it.
  for (const ext of ['.ts', '.cts', '.tsx']) internals._extensions[ext] ??= internals._extensions['.js'];

  // `require('lineprof')` from a program that does not install it (run through npx):
  // the node_modules folder holding this copy is searched last, as NODE_PATH would be.
  // (No wrapper around resolution: it would show in every "Cannot find module" stack.)
  const packageDir = path.resolve(path.dirname(OWN_INDEX), '../..');
  if (path.basename(packageDir) === 'lineprof' && path.basename(path.dirname(packageDir)) === 'node_modules') {
    (Module as unknown as { globalPaths: string[] }).globalPaths.push(path.dirname(packageDir));
  }

  // Node runs a .ts entry through the CommonJS loader (it only knows .js/.mjs/.cjs);
  // an ES-module .ts entry goes to the ESM loader instead, as Node 22+ does natively.
  // Only then is runMain replaced, so other entries' stack traces keep Node's frames.
  const entry = process.argv[1] ? path.resolve(process.argv[1]) : '';
  if (isTypeScript(entry) && isEsmTypeScript(entry)) {
    internals.runMain = function () {
      import(pathToFileURL(entry).href).catch((error: unknown) => {
        process.nextTick(() => {
          throw error;
        });
      });
    };
  }
}

function isEsmTypeScript(filename: string): boolean {
  const kind = moduleKindOf(filename);
  if (kind !== 'detect') return kind === 'module';
  try {
    const parsed = parseSync(filename, fs.readFileSync(filename, 'utf8'), { sourceType: 'unambiguous' });
    return parsed.module.hasModuleSyntax;
  } catch {
    return false;
  }
}
