// The TypeScript compiler (node_modules/typescript/lib/typescript.js, ~9 MB of CommonJS)
// instrumented whole, type-checking and emitting test/fixtures/thirdparty/ts-project:
// the diagnostics and emitted files it prints, its stderr and exit code must be byte for
// byte those of the plain run, under each engine. Reports the functions instrumented and the slowdown.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { behaviourOf, compareUnderLineprof, functionsOf, TEST_TIMEOUT_MS } from './harness.js';

test('typescript: compiling a project behaves the same under lineprof', { timeout: TEST_TIMEOUT_MS }, (t) => {
  const run = compareUnderLineprof(t, {
    command: ['test/fixtures/thirdparty/ts-project/compile.cjs'],
    include: ['node_modules/typescript/**'],
    libraries: ['typescript'],
    sampled: true,
  });

  // The plain run did the real work: both intentional errors, and every emitted file.
  assert.equal(run.plain.status, 2, run.plain.stderr);
  assert.equal(run.plain.stderr, '');
  assert.match(run.plain.stdout, /^TypeScript 5\.\d+\.\d+: 2 diagnostics$/m);
  assert.match(run.plain.stdout, /^src\/main\.ts\(15,7\): error TS2322: Type 'number' is not assignable to type 'string'\.$/m);
  assert.match(run.plain.stdout, /^src\/main\.ts\(18,26\): error TS2322: /m);
  const emitted = [...run.plain.stdout.matchAll(/^=== (.+)$/gm)].map((m) => m[1]);
  assert.deepEqual(emitted, [
    'out/main.d.ts', 'out/main.js', 'out/main.js.map',
    'out/registry.d.ts', 'out/registry.js', 'out/registry.js.map',
    'out/shapes.d.ts', 'out/shapes.js', 'out/shapes.js.map',
  ]);

  assert.deepEqual(behaviourOf(run.profiled), behaviourOf(run.plain));
  assert.deepEqual(run.sampled && behaviourOf(run.sampled), behaviourOf(run.plain), 'sampled engine');

  // The compiler itself was instrumented and ran instrumented (not just the driver).
  assert.equal(run.resultError, undefined);
  const compiler = functionsOf(run.functions ?? [], 'typescript');
  assert.equal(compiler.length > 10_000, true, `only ${compiler.length} compiler functions instrumented`);
  const createProgram = compiler.find((fn) => fn.name === 'createProgram');
  assert.equal(createProgram?.lines.some((line) => line.hits === 1), true, 'createProgram ran once');
});
