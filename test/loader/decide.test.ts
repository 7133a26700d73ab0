// The loader's one decision (src/loader/decide.ts) as a table: what Node reported, the
// file, whether it is the program's own, its package's type -> what lineprof does.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideLoad, type LoadDecision } from '../../src/loader/decide.js';

interface Row {
  readonly file: string;
  readonly format: string | null | undefined;
  readonly own: boolean;
  readonly packageType?: string;
  readonly expected: LoadDecision;
}

const skip: LoadDecision = { action: 'skip' };
const own = (kind: 'module' | 'commonjs' | 'detect', typescript = false): LoadDecision => ({ action: 'instrument', kind, typescript });
const transpile = (kind: 'module' | 'commonjs' | 'detect'): LoadDecision => ({ action: 'transpile', kind, typescript: true });

const ROWS: readonly Row[] = [
  // JavaScript of the program's own: the format Node found wins, then the extension, then package.json.
  { file: '/app/a.mjs', format: 'module', own: true, expected: own('module') },
  { file: '/app/a.cjs', format: 'commonjs', own: true, expected: own('commonjs') },
  { file: '/app/a.js', format: 'module', own: true, packageType: 'commonjs', expected: own('module') },
  { file: '/app/a.js', format: undefined, own: true, packageType: 'module', expected: own('module') },
  { file: '/app/a.js', format: null, own: true, packageType: 'commonjs', expected: own('commonjs') },
  { file: '/app/a.js', format: undefined, own: true, expected: own('detect') },
  { file: '/app/a.mjs', format: undefined, own: true, packageType: 'commonjs', expected: own('module') },
  { file: '/app/a.cjs', format: undefined, own: true, packageType: 'module', expected: own('commonjs') },
  { file: '/app/bin/tool', format: 'commonjs', own: true, expected: own('commonjs') },
  // Dependencies' JavaScript is left alone.
  { file: '/app/node_modules/x/a.js', format: 'commonjs', own: false, expected: skip },
  { file: '/app/node_modules/x/a.mjs', format: 'module', own: false, expected: skip },
  // TypeScript: own files are instrumented, others still lose their types.
  { file: '/app/a.ts', format: 'module-typescript', own: true, packageType: 'commonjs', expected: own('module', true) },
  { file: '/app/a.ts', format: 'commonjs-typescript', own: true, expected: own('commonjs', true) },
  { file: '/app/a.ts', format: undefined, own: true, packageType: 'module', expected: own('module', true) },
  { file: '/app/a.ts', format: undefined, own: true, expected: own('detect', true) },
  { file: '/app/a.mts', format: undefined, own: true, expected: own('module', true) },
  { file: '/app/a.cts', format: undefined, own: true, expected: own('commonjs', true) },
  { file: '/app/a.tsx', format: undefined, own: true, packageType: 'module', expected: own('module', true) },
  { file: '/app/node_modules/x/a.ts', format: undefined, own: false, expected: transpile('detect') },
  { file: '/app/node_modules/x/a.mts', format: 'module-typescript', own: false, expected: transpile('module') },
  // Not JavaScript source: never touched, whoever owns it.
  { file: '/app/data.json', format: 'json', own: true, expected: skip },
  { file: '/app/data.json', format: undefined, own: true, expected: skip },
  { file: '/app/addon.node', format: 'addon', own: true, expected: skip },
  { file: '/app/m.wasm', format: 'wasm', own: true, expected: skip },
  { file: '/app/a.js', format: 'builtin', own: true, expected: skip },
];

for (const row of ROWS) {
  test(`decideLoad ${row.file} format=${String(row.format)} own=${row.own} type=${row.packageType ?? '-'}`, () => {
    let asked = 0;
    const decision = decideLoad({
      filename: row.file,
      format: row.format,
      ownFile: row.own,
      packageType: () => {
        asked++;
        return row.packageType;
      },
    });
    assert.deepEqual(decision, row.expected);
    // package.json is read only when neither the format nor the extension decides.
    const decidedWithout = row.expected.action === 'skip' || /\.(mjs|cjs|mts|cts)$/.test(row.file) || /^(module|commonjs)(-typescript)?$/.test(String(row.format));
    assert.equal(asked, decidedWithout ? 0 : 1);
  });
}
