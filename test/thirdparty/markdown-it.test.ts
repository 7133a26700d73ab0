// markdown-it and its dependencies instrumented whole, rendering every example of the
// CommonMark spec (package commonmark-spec) with two presets: the hash of all outputs,
// the count matching the spec's HTML, stderr and exit code must be byte for byte those
// of the plain run, under each engine. Reports the functions instrumented and the slowdown.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { behaviourOf, compareUnderLineprof, functionsOf, TEST_TIMEOUT_MS } from './harness.js';

/** What markdown-it 15 imports (uc.micro holds only regular expressions, no functions). */
const LIBRARIES = ['markdown-it', 'mdurl', 'uc.micro', 'linkify-it', 'punycode.js', 'entities'];

test('markdown-it: rendering the CommonMark spec behaves the same under lineprof', { timeout: TEST_TIMEOUT_MS }, (t) => {
  const examples = (createRequire(import.meta.url)('commonmark-spec') as { tests: unknown[] }).tests.length;
  const run = compareUnderLineprof(t, {
    command: ['test/fixtures/thirdparty/commonmark/render.mjs'],
    include: [`node_modules/{${LIBRARIES.join(',')}}/**`],
    libraries: LIBRARIES,
    sampled: true,
  });

  // The plain run rendered every example, and nearly all match the spec.
  assert.equal(run.plain.status, 0, run.plain.stderr);
  assert.equal(run.plain.stderr, '');
  assert.match(run.plain.stdout, new RegExp(`^${examples} examples in \\d+ sections$`, 'm'));
  const [, pass, fail] = /^commonmark preset: (\d+) pass, (\d+) fail$/m.exec(run.plain.stdout) ?? [];
  assert.equal(Number(pass) + Number(fail), examples);
  assert.equal(Number(pass) > examples * 0.95, true, `only ${pass} of ${examples} examples pass`);
  assert.match(run.plain.stdout, /^sha256 commonmark: [0-9a-f]{64}$/m);
  t.diagnostic(`CommonMark examples: ${examples}, ${pass} pass, ${fail} fail`);

  assert.deepEqual(behaviourOf(run.profiled), behaviourOf(run.plain));
  assert.deepEqual(run.sampled && behaviourOf(run.sampled), behaviourOf(run.plain), 'sampled engine');

  assert.equal(run.resultError, undefined);
  const functions = run.functions ?? [];
  for (const library of ['markdown-it', 'mdurl', 'linkify-it', 'punycode.js', 'entities']) {
    const own = functionsOf(functions, library);
    assert.equal(own.some((fn) => fn.lines.some((line) => line.hits > 0)), true, `no function of ${library} ran instrumented`);
  }
  const render = functionsOf(functions, 'markdown-it').find((fn) => fn.name === 'MarkdownIt.render');
  assert.equal(render?.lines.find((line) => line.hits > 0)?.hits, 2 * examples + 1, 'render ran once per example and preset, plus once');
});
