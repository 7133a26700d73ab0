// What the loader does with one module, decided in one place for both ways of hooking
// Node (sync-hooks.ts on Node 22.15+; esm-hooks.ts and cjs.ts on Node 20). Pure: the
// adapters gather the facts (the format Node found, whether the file is the program's
// own, its package's `type`) and wire the answer into Node; the table of cases is tested
// as data (test/loader/decide.test.ts).

import path from 'node:path';
import type { ModuleKind } from './files.js';

/**
 * - `instrument`: add probes (and transpile, for TypeScript);
 * - `transpile`: TypeScript that is not the program's own (a dependency's): types out, no probes;
 * - `skip`: hand Node's own result back untouched.
 */
export type LoadAction = 'instrument' | 'transpile' | 'skip';

export type LoadDecision =
  | { readonly action: 'skip' }
  | {
      readonly action: 'instrument' | 'transpile';
      /** How Node runs the file: as it reported, else by extension and package type, else by its syntax. */
      readonly kind: ModuleKind;
      readonly typescript: boolean;
    };

export interface LoadFacts {
  /** Absolute path of the module. */
  readonly filename: string;
  /**
   * The format Node's own loader gave (`module`, `commonjs`, `module-typescript`, `json`, ...),
   * or null/undefined where Node leaves it to detection or does not say (Node 20's CommonJS loader).
   */
  readonly format: string | null | undefined;
  /** The program's own file (outside node_modules, or matched by --include, not --exclude). */
  readonly ownFile: boolean;
  /** `type` of the nearest package.json; read only when the format and extension leave it open. */
  readonly packageType: () => string | undefined;
}

const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);
/** Formats that are not JavaScript source: JSON, WebAssembly, native addons, built-ins. */
const NOT_SOURCE = new Set(['json', 'wasm', 'addon', 'builtin']);
/** Extensions Node loads as something other than JavaScript whatever the format says. */
const NOT_SOURCE_EXTENSIONS = new Set(['.json', '.node', '.wasm']);

export function decideLoad(facts: LoadFacts): LoadDecision {
  const { filename, format, ownFile } = facts;
  const ext = path.extname(filename);
  if ((format != null && NOT_SOURCE.has(format)) || NOT_SOURCE_EXTENSIONS.has(ext)) return { action: 'skip' };
  const typescript = TS_EXTENSIONS.has(ext) || format === 'module-typescript' || format === 'commonjs-typescript';
  if (!typescript && !ownFile) return { action: 'skip' };
  return { action: ownFile ? 'instrument' : 'transpile', kind: kindOf(ext, format, facts.packageType), typescript };
}

function kindOf(ext: string, format: string | null | undefined, packageType: () => string | undefined): ModuleKind {
  if (format === 'module' || format === 'module-typescript') return 'module';
  if (format === 'commonjs' || format === 'commonjs-typescript') return 'commonjs';
  if (ext === '.mjs' || ext === '.mts') return 'module';
  if (ext === '.cjs' || ext === '.cts') return 'commonjs';
  const type = packageType();
  if (type === 'module') return 'module';
  if (type === 'commonjs') return 'commonjs';
  return 'detect';
}
