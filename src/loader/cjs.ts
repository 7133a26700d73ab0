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

interface CjsModule {
  _compile(content: string, filename: string, format?: string): unknown;
}
interface ModuleInternals {
  prototype: CjsModule;
  _extensions: Record<string, (module: CjsModule, filename: string) => void>;
  _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string;
  runMain(main?: string): void;
}

const OWN_INDEX = fileURLToPath(new URL('../index.js', import.meta.url));

export function installCommonJsHooks(isOwnFile: FileMatcher): void {
  const internals = Module as unknown as ModuleInternals;
  const compile = internals.prototype._compile;
  internals.prototype._compile = function (this: CjsModule, content: string, filename: string, format?: string) {
    const ts = isTypeScript(filename);
    if (ts) process.setSourceMapsEnabled(true);
    if (format !== 'module' && (ts || isOwnFile(filename))) {
      const kind = ts ? moduleKindOf(filename) : 'commonjs';
      const result = transformSource(content, filename, kind, isOwnFile(filename));
      return compile.call(this, result.code, filename, result.format === 'module' ? 'module' : format);
    }
    return compile.call(this, content, filename, format);
  };

  const loadTypeScript = (module: CjsModule, filename: string): void => {
    module._compile(fs.readFileSync(filename, 'utf8'), filename);
  };
  for (const ext of ['.ts', '.cts', '.tsx']) internals._extensions[ext] ??= loadTypeScript;

  const resolveFilename = internals._resolveFilename;
  internals._resolveFilename = function (request: string, parent: unknown, ...rest: unknown[]) {
    try {
      return resolveFilename.call(this, request, parent, ...rest);
    } catch (error) {
      if (request === 'lineprof') return OWN_INDEX;
      throw error;
    }
  };

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
