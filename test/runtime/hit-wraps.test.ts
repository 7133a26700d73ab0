// The sampled engine's hit counters are 32-bit (src/runtime/counters.ts, SharedHits): the
// sampler thread counts their wraps, and a reader adds a wrap the sampler has not seen yet.
// Counts past 2^32 must come out exact either way.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Counters, createSharedHits } from '../../src/runtime/counters.js';
import { Runtime } from '../../src/runtime/runtime.js';

const WRAP = 2 ** 32;

test('a reader adds the wraps counted so far and one the sweep has not seen yet', () => {
  const hits = createSharedHits(8);
  const counters = new Counters({ time: new Float64Array(8), hits });
  counters.allocate(3);
  hits.low[0] = 7;
  hits.low[1] = 5;
  hits.seen[1] = WRAP - 10; // was near the top at the last sweep: it wrapped since
  hits.low[2] = 9;
  hits.wraps[2] = 2;
  hits.seen[2] = 9;
  assert.deepEqual([...counters.readHits(0, 3)], [7, WRAP + 5, 2 * WRAP + 9]);
});

test('the sampler counts wraps, so counts stay exact across several of them', async () => {
  const runtime = new Runtime({ engine: 'sampled', intervalUs: 200, sweepMs: 5 });
  try {
    const id = runtime.r('wrap', '/virtual/wrap.js', [['f', 1, 2]], () => 'a\nb\n', 'js commonjs sampled');
    const slot = runtime.b(id);
    const sweeps = (): Promise<void> => sleep(60);
    while (runtime.sampler!.samples() === 0) await sleep(10); // the thread has started
    runtime.h[slot] = WRAP - 3;
    await sweeps();
    for (let i = 0; i < 10; i++) runtime.h[slot]++; // wraps once, to 7
    await sweeps();
    assert.equal(runtime.readSlots(id).hits[0], WRAP + 7);
    runtime.h[slot] = WRAP - 1; // as if 2^32 - 8 more hits came between two sweeps...
    await sweeps();
    runtime.h[slot] += 2; // ...and two more wrapped it again, read before the next sweep
    assert.equal(runtime.readSlots(id).hits[0], 2 * WRAP + 1);
    await sweeps();
    assert.equal(runtime.readSlots(id).hits[0], 2 * WRAP + 1);
  } finally {
    runtime.sampler?.stop();
  }
});
