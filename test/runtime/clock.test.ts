// The exact engine's clock (src/runtime/clock.ts): whichever clock loads is monotonic and
// converts to nanoseconds sensibly; a missing or broken addon and LINEPROF_CLOCK fall back
// to performance.now(). The TSC checks run only where the addon is built and trusted.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import {
  defaultAddonPath,
  loadClock,
  loadTscClock,
  PERFORMANCE_NOW_CLOCK,
  type ClockSource,
} from '../../src/runtime/clock.js';

const tsc = loadTscClock(defaultAddonPath());
const tscSkip = tsc.ok ? false : `TSC clock not available: ${tsc.reason}`;

function assertMonotonic(clock: ClockSource, reads = 100_000): void {
  let previous = clock.read();
  for (let i = 0; i < reads; i++) {
    const now = clock.read();
    if (!(now >= previous)) assert.fail(`${clock.name}: read ${i} went back from ${previous} to ${now}`);
    previous = now;
  }
}

async function assertSleepConverts(clock: ClockSource): Promise<void> {
  const start = clock.read();
  await delay(50);
  const ms = ((clock.read() - start) * clock.nsPerUnit) / 1e6;
  assert.ok(ms >= 45 && ms <= 200, `${clock.name}: a 50 ms sleep measured ${ms} ms`);
}

test('the default clock is monotonic over 1e5 reads and converts a 50 ms sleep', async () => {
  const clock = loadClock('auto', { env: {} });
  assertMonotonic(clock);
  await assertSleepConverts(clock);
});

test('performance.now clock is monotonic, in milliseconds', async () => {
  assert.equal(PERFORMANCE_NOW_CLOCK.name, 'performance.now');
  assert.equal(PERFORMANCE_NOW_CLOCK.nsPerUnit, 1e6);
  assertMonotonic(PERFORMANCE_NOW_CLOCK);
  await assertSleepConverts(PERFORMANCE_NOW_CLOCK);
});

test('TSC clock is monotonic over 1e5 reads and converts a 50 ms sleep', { skip: tscSkip }, async () => {
  assert.ok(tsc.ok);
  assert.equal(tsc.clock.name, 'tsc');
  assert.ok(tsc.ticksPerNs > 0.05 && tsc.ticksPerNs < 20, `rate ${tsc.ticksPerNs}`);
  assert.ok(Math.abs(tsc.clock.nsPerUnit * tsc.ticksPerNs - 1) < 1e-12);
  assertMonotonic(tsc.clock);
  await assertSleepConverts(tsc.clock);
});

test('auto picks the TSC clock where it is available', { skip: tscSkip }, () => {
  assert.equal(loadClock(undefined, { env: {} }).name, 'tsc');
  assert.equal(loadClock('tsc', { env: {} }).name, 'tsc');
});

test('a missing addon falls back to performance.now, with the reason', () => {
  const missing = join(tmpdir(), 'lineprof-no-such-dir', 'tsc_clock.node');
  const result = loadTscClock(missing);
  assert.equal(result.ok, false);
  assert.ok(!result.ok && /missing|linux-x64/.test(result.reason), JSON.stringify(result));

  const reasons: string[] = [];
  for (const preference of ['tsc', 'auto', undefined] as const) {
    const clock = loadClock(preference, { addonPath: missing, env: {}, onFallback: (r) => reasons.push(r) });
    assert.equal(clock, PERFORMANCE_NOW_CLOCK);
  }
  assert.equal(reasons.length, 3);
});

test('an addon that does not load falls back to performance.now', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lineprof-clock-'));
  try {
    const broken = join(dir, 'tsc_clock.node');
    writeFileSync(broken, 'not a shared object');
    const result = loadTscClock(broken);
    assert.equal(result.ok, false);
    if (process.platform === 'linux' && process.arch === 'x64' && !result.ok) {
      // On a CPU without the flags the check stops earlier; either way: no TSC.
      assert.match(result.reason, /does not load|does not report/);
    }
    assert.equal(loadClock('tsc', { addonPath: broken, env: {} }), PERFORMANCE_NOW_CLOCK);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('LINEPROF_CLOCK=performance.now forces the fallback', () => {
  const env = { LINEPROF_CLOCK: 'performance.now' };
  assert.equal(loadClock(undefined, { env }), PERFORMANCE_NOW_CLOCK);
  assert.equal(loadClock('auto', { env }), PERFORMANCE_NOW_CLOCK);

  const saved = process.env.LINEPROF_CLOCK;
  process.env.LINEPROF_CLOCK = 'performance.now';
  try {
    assert.equal(loadClock(), PERFORMANCE_NOW_CLOCK);
  } finally {
    if (saved === undefined) delete process.env.LINEPROF_CLOCK;
    else process.env.LINEPROF_CLOCK = saved;
  }
});

test('an explicit preference wins over LINEPROF_CLOCK; an unknown value means auto', () => {
  assert.equal(loadClock('performance.now', { env: { LINEPROF_CLOCK: 'tsc' } }), PERFORMANCE_NOW_CLOCK);
  const auto = loadClock(undefined, { env: {} });
  assert.equal(loadClock(undefined, { env: { LINEPROF_CLOCK: 'bogus' } }).name, auto.name);
  const viaEnv = loadClock(undefined, { env: { LINEPROF_CLOCK: 'tsc' } });
  assert.equal(viaEnv.name, tsc.ok ? 'tsc' : 'performance.now');
});
