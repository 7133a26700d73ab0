// What lineprof adds to every profiled process's start-up. Node 22+ defines some web
// globals (FormData, TransformStream) as lazy data properties that load their modules
// (undici, http2, tls: 30-40 ms) when merely described; lineprof's snapshot of the
// built-ins it uses (src/runtime/pristine.ts) must not describe them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { FIXTURES, lineprof, runNode, tempDir } from '../integration/helpers.js';

const DIR = path.join(FIXTURES, 'startup');

test('lineprof loads none of the heavy modules a plain start-up does not', () => {
  const plain = runNode(['modules.js'], DIR);
  assert.equal(plain.status, 0, plain.stderr);
  assert.deepEqual(JSON.parse(plain.stdout), []);
  for (const engine of ['exact', 'sampled']) {
    const run = lineprof(['run', '-q', '--all', '--engine', engine, '-o', path.join(tempDir(), 'modules.lprof'), 'modules.js'], DIR);
    assert.deepEqual([run.status, run.stdout, run.stderr], [0, plain.stdout, ''], engine);
  }
});
