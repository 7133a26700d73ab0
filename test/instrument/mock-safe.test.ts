// instrument()'s `mockSafe` option, for code that jest runs (lineprof/jest): the exact
// output against the default one, which it leaves unchanged; the real
// babel-plugin-jest-hoist accepting a jest.mock() factory of mock-safe output and
// rejecting the default output's; a factory that a hoisted import calls before the file's
// registration statement, recorded; and code run in a realm without the runtime.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import vm from 'node:vm';
import { instrument, type InstrumentOptions } from '../../src/instrument/instrument.js';
import { ENTER_PATTERN } from '../../src/instrument/probes.js';
import { Runtime } from '../../src/runtime/runtime.js';

const OPTIONS: InstrumentOptions = { file: '/src/a.js', fileKey: 'k1', lang: 'js', sourceType: 'module' };
const SMALL = 'function f(a) {\n  return a + 1;\n}\n';
const EMBEDDED = JSON.stringify(SMALL);
const TABLE = '"/src/a.js",[["f",1,3,0]]';
const SANDBOX_RUNTIME = 'globalThis.process.constructor.constructor("return globalThis.__lineprof")()';

test('mockSafe: file-level names start with mock, entry probes call the registration function; the default output is unchanged', () => {
  assert.equal(
    instrument(SMALL, OPTIONS).code,
    `/*lineprof:1*/var $lp_k1=__lineprof.r("k1",${TABLE},$lp_k1_src,"js module exact");` +
      'function f(a) {const $lp_f=__lineprof.e($lp_k1+0);try{$lp_f.l(1);\n  return a + 1;\n}finally{$lp_f.x()}}\n' +
      `\nfunction $lp_k1_src(){return ${EMBEDDED}}\n`,
  );
  const register = (engine: string, slots = ''): string =>
    `function mock$lp_k1_r(){if(mock$lp_k1===void 0){typeof __lineprof>"u"&&(globalThis.__lineprof=${SANDBOX_RUNTIME});` +
    `mock$lp_k1=__lineprof.r("k1",${TABLE},mock$lp_k1_src,"js module ${engine} mock")${slots}}return __lineprof}\n`;
  assert.equal(
    instrument(SMALL, { ...OPTIONS, mockSafe: true }).code,
    '/*lineprof:1*/var mock$lp_k1;mock$lp_k1_r();' +
      'function f(a) {const $lp_f=mock$lp_k1_r().e(mock$lp_k1+0);try{$lp_f.l(1);\n  return a + 1;\n}finally{$lp_f.x()}}\n' +
      `\nfunction mock$lp_k1_src(){return ${EMBEDDED}}\n` +
      register('exact'),
  );
  // The sampled engine's slot base is set by the registration function too.
  assert.equal(
    instrument(SMALL, { ...OPTIONS, engine: 'sampled', mockSafe: true }).code,
    '/*lineprof:1*/var mock$lp_k1,mock$lp_k1_B;mock$lp_k1_r();' +
      'function f(a) {const $lp_d=mock$lp_k1_r().p(mock$lp_k1+0),$lp_b=($lp_d?mock$lp_k1_B+0:__lineprof.j)|0;try{__lineprof.s[$lp_d]=$lp_b+1,__lineprof.h[$lp_b+1]++;\n' +
      '  return a + 1;\n}finally{$lp_d&&(__lineprof.d[0]=$lp_d-1)}}\n' +
      `\nfunction mock$lp_k1_src(){return ${EMBEDDED}}\n` +
      register('sampled', ',mock$lp_k1_B=__lineprof.b(mock$lp_k1)'),
  );
});

const TEST_FILE = `import { n } from './dep';

jest.mock('./dep', () => {
  const made = { n: 1 };
  return made;
});

function read() {
  return n;
}
log(read());
`;

// What jest's babel-jest runs: babel-plugin-jest-hoist, then the module transform.
const require = createRequire(import.meta.url);
function babelJest(code: string): string {
  const babel = require('@babel/core') as typeof import('@babel/core');
  const result = babel.transformSync(code, {
    babelrc: false,
    configFile: false,
    filename: '/src/a.test.js',
    plugins: [require.resolve('babel-plugin-jest-hoist'), require.resolve('@babel/plugin-transform-modules-commonjs')],
  });
  return result!.code!;
}

test('babel-plugin-jest-hoist accepts the jest.mock() factory of mock-safe output, not of the default output', () => {
  // In a profiled process the runtime is a global before the plugin loads, which allows it.
  globalThis.__lineprof = new Runtime(() => 0);
  try {
    const options: InstrumentOptions = { ...OPTIONS, file: '/src/a.test.js' };
    assert.throws(() => babelJest(instrument(TEST_FILE, options).code), (error: Error) => {
      assert.match(error.message, /The module factory of `jest\.mock\(\)` is not allowed to reference any out-of-scope variables\.\nInvalid variable access: \$lp_k1\n/);
      return true;
    });
    const code = babelJest(instrument(TEST_FILE, { ...options, mockSafe: true }).code);
    // Re-printed with spaces, the entry probes still name their functions.
    assert.deepEqual([...code.matchAll(ENTER_PATTERN)].map((m) => `${m[1]}+${m[2]}`), ['k1+0', 'k1+1']);
  } finally {
    globalThis.__lineprof = undefined;
  }
});

test('mockSafe: a factory that a hoisted import calls before the registration statement is recorded', () => {
  const runtime = new Runtime(() => 0);
  runtime.onRegister((fns) => {
    for (const fn of fns) runtime.startRecording(fn.id);
  });
  globalThis.__lineprof = runtime;
  try {
    const code = babelJest(instrument(TEST_FILE, { ...OPTIONS, file: '/src/a.test.js', mockSafe: true }).code);
    // babel put the mock and the import's require() above the registration statement.
    assert.match(code, /^"use strict";\n\n_getJestObj\(\)\.mock\('\.\/dep'[^]*\nvar _dep = require\("\.\/dep"\);\n[^]*\/\*lineprof:1\*\/var mock\$lp_k1;\nmock\$lp_k1_r\(\);/);
    const factories = new Map<string, () => unknown>();
    const jest = { mock: (name: string, factory: () => unknown) => (factories.set(name, factory), jest) };
    const fakeRequire = (name: string): unknown => (name === '@jest/globals' ? { jest } : factories.get(name)!());
    const output: unknown[] = [];
    new Function('require', 'exports', 'log', code)(fakeRequire, {}, (value: unknown) => output.push(value));
    assert.deepEqual(output, [1]);
    const hits = runtime.snapshot(runtime.registry.functions.map((fn) => fn.id)).functions.map((fn) => [fn.name, fn.line, Object.fromEntries(fn.lines.map((l) => [l.line, l.hits]))]);
    assert.deepEqual(hits, [
      ['<anonymous>', 3, { 4: 1, 5: 1 }],
      ['read', 8, { 9: 1 }],
    ]);
  } finally {
    globalThis.__lineprof = undefined;
  }
});

test('mockSafe: in a realm without the runtime (jest\'s jsdom environment), the file finds it through process', () => {
  const runtime = new Runtime(() => 0);
  runtime.onRegister((fns) => {
    for (const fn of fns) runtime.startRecording(fn.id);
  });
  globalThis.__lineprof = runtime;
  try {
    // What jest gives an environment: a copy of process with Node's prototype.
    const sandbox = vm.createContext({ process: Object.create(Object.getPrototypeOf(process) as object) });
    const code = instrument('function twice(x) {\n  return 2 * x;\n}\ntwice(1) + twice(2);\n', { ...OPTIONS, sourceType: 'script', mockSafe: true }).code;
    assert.equal(vm.runInContext(code, sandbox), 6);
    assert.equal(vm.runInContext('globalThis.__lineprof', sandbox), runtime);
    const [fn] = runtime.snapshot(runtime.registry.functions.map((f) => f.id)).functions;
    assert.deepEqual([fn.name, fn.lines.map((l) => [l.line, l.hits])], ['twice', [[2, 2]]]);
  } finally {
    globalThis.__lineprof = undefined;
  }
});
