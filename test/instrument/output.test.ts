// What instrument() returns, apart from running the code: the function table (names,
// lines), a second pass that changes nothing, located syntax errors, the source map,
// and original lines kept in place.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SourceMap } from 'node:module';
import { isLineprofError, type LineprofError } from '../../src/errors.js';
import { instrument, type FunctionEntry, type InstrumentOptions } from '../../src/instrument/instrument.js';
import { originalOffsetOf } from '../../src/instrument/insertions.js';
import { assertLinesKept } from './run-program.js';

const MODULE: InstrumentOptions = { file: '/src/a.js', fileKey: 'k1', lang: 'js', sourceType: 'module' };

const NAMED = `const f = () => {}
class A {
  m() {}
  static s() {}
  get v() { return 1 }
  set v(x) {}
  #p() {}
  x = () => 1
  static {
    A.y = 2
  }
}
const obj = {
  key() {},
  k2: function () {},
  nested: { deep: () => 0 },
}
const g = profile(function () {})
export default function () {}
a.b.c = function () {}
module.exports.q = () => {}
const E = class {
  m() {}
}
function outer() {
  return function () {}
}
const named = function own() {}
const multi = (a,
  b) => {
  return a + b
}
`;

/** name, line and endLine of each function entry (its column is asserted apart). */
function placed(functions: readonly FunctionEntry[]): Omit<FunctionEntry, 'column'>[] {
  return functions.map(({ name, line, endLine }) => ({ name, line, endLine }));
}

test('function names and lines come from where each function stands', () => {
  const result = instrument(NAMED, MODULE);
  assert.deepEqual(placed(result.functions), [
    { name: 'f', line: 1, endLine: 1 },
    { name: 'A.m', line: 3, endLine: 3 },
    { name: 'A.s', line: 4, endLine: 4 },
    { name: 'A.v', line: 5, endLine: 5 },
    { name: 'A.v', line: 6, endLine: 6 },
    { name: 'A.#p', line: 7, endLine: 7 },
    { name: 'A.x', line: 8, endLine: 8 },
    { name: 'A.<static>', line: 9, endLine: 11 },
    { name: 'obj.key', line: 14, endLine: 14 },
    { name: 'obj.k2', line: 15, endLine: 15 },
    { name: 'obj.nested.deep', line: 16, endLine: 16 },
    { name: 'g', line: 18, endLine: 18 },
    { name: 'default', line: 19, endLine: 19 },
    { name: 'a.b.c', line: 20, endLine: 20 },
    { name: 'q', line: 21, endLine: 21 },
    { name: 'E.m', line: 23, endLine: 23 },
    { name: 'outer', line: 25, endLine: 27 },
    { name: '<anonymous>', line: 26, endLine: 26 },
    { name: 'own', line: 28, endLine: 28 },
    { name: 'multi', line: 29, endLine: 32 },
  ]);
  assert.equal(result.hasModuleSyntax, true);
  assertLinesKept(NAMED, result.code);
});

test('a function entry names the column it starts at on its first line (for source maps)', () => {
  const columns = Object.fromEntries(instrument(NAMED, MODULE).functions.map((fn) => [`${fn.name}:${fn.line}`, fn.column]));
  assert.deepEqual(
    [columns['f:1'], columns['A.m:3'], columns['A.x:8'], columns['obj.nested.deep:16'], columns['<anonymous>:26'], columns['multi:29']],
    [10, 2, 6, 18, 9, 14],
  );
});

test('a class member starts at its decorators', () => {
  const source = `class C {
  @logged
  @traced()
  run() {
    return 1
  }
}
`;
  assert.deepEqual(placed(instrument(source, { ...MODULE, file: '/src/c.ts', lang: 'ts' }).functions), [
    { name: 'C.run', line: 2, endLine: 6 },
  ]);
});

test('a second pass over instrumented code returns it unchanged', () => {
  const first = instrument(NAMED, MODULE);
  const { code, map, functions } = instrument(first.code, MODULE);
  assert.deepEqual({ code, map, functions }, { code: first.code, map: null, functions: [] });
});

test('a second pass still says the code is a module', () => {
  const first = instrument('export function f() {}\n', MODULE);
  assert.equal(instrument(first.code, MODULE).hasModuleSyntax, true);
});

test('code without functions comes back as it was, without a map', () => {
  const source = 'const x = 1\nconsole.log(x)\n';
  const { splices, ...result } = instrument(source, { ...MODULE, sourceType: 'script' });
  assert.deepEqual(result, { code: source, map: null, functions: [], hasModuleSyntax: false });
  assert.equal(originalOffsetOf(splices, 7), 7);
});

test('originalOffsetOf maps offsets in the code back to the source; inside a probe, to where it went', () => {
  const source = 'function f(a) {\n  return a\n}\n';
  const { code, splices } = instrument(source, MODULE);
  // The result is data: it survives a structured clone (a worker, a cache) whole.
  const toSource = (offset: number): number => originalOffsetOf(structuredClone(splices), offset);
  const fn = code.indexOf('function f');
  const end = code.indexOf('}\n', code.indexOf('finally')) + 1;
  assert.equal(source.slice(toSource(fn), toSource(end)), 'function f(a) {\n  return a\n}');
  assert.equal(source.slice(toSource(code.indexOf('return a')), toSource(code.indexOf('return a') + 8)), 'return a');
  // The line probe went in right after the `{` (the line keeps its columns).
  assert.equal(toSource(code.indexOf('$lp_f.l(1)')), source.indexOf('{') + 1);
});

test('the source map leads from instrumented code back to the original line and column', () => {
  const source = 'function twice(x) {\n  const y = 1\n  return x * 2 + y\n}\n';
  const result = instrument(source, { ...MODULE, sourceMap: true });
  assert.deepEqual(
    { sources: result.map?.sources, sourcesContent: result.map?.sourcesContent },
    { sources: ['/src/a.js'], sourcesContent: [source] },
  );
  const map = new SourceMap(JSON.parse(String(result.map)));
  const line3 = result.code.split('\n')[2];
  const entry: { originalLine?: number; originalColumn?: number } = map.findEntry(2, line3.indexOf('x * 2'));
  // 0-based: line 3, column 9 of the source (where `x * 2` starts).
  assert.deepEqual([entry.originalLine, entry.originalColumn], [2, 9]);
});

const SYNTAX_ERRORS: [string, Partial<InstrumentOptions>, string][] = [
  ['function f() {\n  let x = ;\n}\n', {}, '/src/a.js:2:11: SyntaxError: Unexpected token'],
  ['let a = 1\r\nlet b = ?\r\n', {}, '/src/a.js:2:9: SyntaxError: Unexpected token'],
  ["const s = '😀é'; s +* 1\n", {}, '/src/a.js:1:21: SyntaxError: Unexpected token'],
  ['function (', {}, '/src/a.js:1:10: SyntaxError: Expected function name'],
  ['let x = "unterminated\n', {}, '/src/a.js:1:9: SyntaxError: Unterminated string'],
  ['import x from "y"\n', { sourceType: 'script' }, '/src/a.js:1:1: SyntaxError: Cannot use import statement outside a module'],
  ['let x: = 1\n', { file: '/src/a.ts', lang: 'ts' }, '/src/a.ts:1:8: SyntaxError: Unexpected token'],
];

for (const [source, options, message] of SYNTAX_ERRORS) {
  test(`syntax error: ${JSON.stringify(source)}`, () => {
    assert.throws(() => instrument(source, { ...MODULE, ...options }), (error: unknown) => {
      assert.equal(isLineprofError(error), true);
      const { code, location } = error as LineprofError;
      assert.deepEqual({ code, message: (error as Error).message }, { code: 'SYNTAX', message });
      // The same place as data, for the loader (column 0-based).
      const [, file, line, column, text] = /^(.*):(\d+):(\d+): SyntaxError: (.*)$/.exec(message)!;
      assert.deepEqual(location, { file, line: Number(line), column: Number(column) - 1, message: text });
      return true;
    });
  });
}

test('syntax error after old Mac (CR-only) line endings', () => {
  assert.throws(() => instrument('let a = 1\rlet b = ?\r', MODULE), { message: '/src/a.js:2:9: SyntaxError: Unexpected token' });
});

// Early errors that need scopes (oxc reports them only with showSemanticErrors): they
// must be found, so that the file is left to Node as written and its error shows the
// original code.

test('super() outside a constructor is a syntax error', () => {
  assert.throws(() => instrument('class A {\n  m() { super() }\n}\n', MODULE), {
    message: '/src/a.js:2:9: SyntaxError: Super calls are not permitted outside constructors or in nested functions inside constructors.',
  });
});

test('`let let` is a syntax error', () => {
  assert.throws(() => instrument('function f() { let let = 1 }\n', MODULE), {
    message: "/src/a.js:1:20: SyntaxError: The keyword 'let' is reserved",
  });
});

test('sampled engine: only the functions the plan names get inline probes, the others frame calls', () => {
  const source = 'function picked(x) {\n  return helper(x) + 1;\n}\nfunction helper(x) {\n  return x * 2;\n}\n';
  const { code } = instrument(source, { ...MODULE, engine: 'sampled', inline: { funcs: ['picked'], cwd: '/' } });
  const [picked, helper] = code.split('\nfunction helper');
  assert.match(picked, /function picked\(x\) \{const \$lp_d=__lineprof\.p\(\$lp_k1\+0\)/);
  assert.doesNotMatch(picked, /\$lp_f/);
  assert.match(helper, /^\(x\) \{const \$lp_f=__lineprof\.e\(\$lp_k1\+1\);try\{\$lp_f\.l\(1\);/);
  // Without a plan, every function is inline.
  const all = instrument(source, { ...MODULE, engine: 'sampled' }).code;
  assert.equal(all.match(/__lineprof\.p\(/g)?.length, 2);
  assertLinesKept(source, code);
});
