// The exact engine's clock (src/runtime/clock.ts): whichever clock loads is monotonic and
// converts to nanoseconds sensibly; a missing or broken addon and LINEPROF_CLOCK fall back
// to performance.now(). The TSC's lazy calibration runs on fake clocks, with exact rates,
// waits and reasons; the real TSC checks run only where the addon is built and trusted.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import {
  defaultAddonPath,
  LazyCalibration,
  loadClock,
  loadTscClock,
  PERFORMANCE_NOW_CLOCK,
  type CalibrationClocks,
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
  const ms = ((clock.read() - start) * clock.nsPerUnit()) / 1e6;
  assert.ok(ms >= 45 && ms <= 200, `${clock.name}: a 50 ms sleep measured ${ms} ms`);
}

test('the default clock is monotonic over 1e5 reads and converts a 50 ms sleep', async () => {
  const clock = loadClock('auto', { env: {} });
  assertMonotonic(clock);
  await assertSleepConverts(clock);
});

test('performance.now clock is monotonic, in milliseconds, always trusted', async () => {
  assert.equal(PERFORMANCE_NOW_CLOCK.name, 'performance.now');
  assert.equal(PERFORMANCE_NOW_CLOCK.nsPerUnit(), 1e6);
  assert.deepEqual(PERFORMANCE_NOW_CLOCK.calibration(), { nsPerUnit: 1e6 });
  assertMonotonic(PERFORMANCE_NOW_CLOCK);
  await assertSleepConverts(PERFORMANCE_NOW_CLOCK);
});

test('TSC clock is monotonic over 1e5 reads, converts a 50 ms sleep, calibrates once', { skip: tscSkip }, async () => {
  assert.ok(tsc.ok);
  assert.equal(tsc.clock.name, 'tsc');
  assertMonotonic(tsc.clock);
  await assertSleepConverts(tsc.clock);
  const calibration = tsc.clock.calibration();
  assert.equal(calibration.untrusted, undefined);
  // 50 MHz to 20 GHz, the plausible range.
  assert.ok(calibration.nsPerUnit > 0.05 && calibration.nsPerUnit < 20, `${calibration.nsPerUnit} ns per tick`);
  assert.equal(tsc.clock.calibration(), calibration);
  assert.equal(tsc.clock.nsPerUnit(), calibration.nsPerUnit);
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

// ---------------------------------------------------------------------------------------
// Lazy calibration on fake clocks. Fake time is in integer ns; reading the tick clock takes
// 1 ns, reading the reference none, and sleep(ms) advances it by exactly ms. Each pair's
// TSC midpoint is then half a ns before its reference reading, the same for every pair, so
// the rates come out exact.

interface FakeOptions {
  /** The tick count at a time (default 3 ticks per ns). */
  readonly ticksAt?: (ns: number) => number;
  /** Called at each sleep with its length, before time advances. */
  readonly onSleep?: (ms: number, ns: number) => void;
  /** Indexes of reference reads that are preempted: they return 50 µs late. */
  readonly preempted?: ReadonlySet<number>;
}

function fakeClocks({ ticksAt = (ns) => 3 * ns, onSleep, preempted }: FakeOptions = {}) {
  let now = 1_000_000_000;
  let reads = 0;
  let nsReads = 0;
  const sleeps: number[] = [];
  const clocks: CalibrationClocks = {
    ticks: () => {
      reads++;
      const ticks = ticksAt(now);
      now += 1;
      return ticks;
    },
    ns: () => {
      reads++;
      if (preempted?.has(nsReads++)) now += 50_000;
      return BigInt(now);
    },
    sleep: (ms) => {
      sleeps.push(ms);
      onSleep?.(ms, now);
      now += Math.round(ms * 1e6);
    },
  };
  return {
    clocks,
    sleeps,
    reads: () => reads,
    /** The program runs for `ms` between the clock's load and the first conversion. */
    run: (ms: number) => {
      now += ms * 1e6;
    },
  };
}

test('calibration: load takes one pair and never waits; the first result waits for the rest of 20 ms', () => {
  const fake = fakeClocks();
  const calibration = new LazyCalibration(fake.clocks);
  // One pair: five tries of TSC, reference, TSC.
  assert.equal(fake.reads(), 15);
  assert.deepEqual(fake.sleeps, []);
  assert.equal(calibration.advances, true);

  fake.run(5);
  const result = calibration.result();
  // 5 ms and the 10 ns of the first pair's reads had passed: it waits for the rest of the
  // 20 ms window, then 1 ms for the check window.
  assert.deepEqual(fake.sleeps, [20 - 5_000_010 / 1e6, 1]);
  assert.deepEqual(result, { nsPerUnit: 1 / 3, ticksPerNs: 3, checkTicksPerNs: 3 });
});

test('calibration: after 20 ms or more it waits only for the check window', () => {
  const fake = fakeClocks({ ticksAt: (ns) => 2.5 * ns });
  const calibration = new LazyCalibration(fake.clocks);
  fake.run(60_000);
  assert.deepEqual(calibration.result(), { nsPerUnit: 0.4, ticksPerNs: 2.5, checkTicksPerNs: 2.5 });
  assert.deepEqual(fake.sleeps, [1]);
});

test('calibration: later results are the first one, with no more reads or waits', () => {
  const fake = fakeClocks();
  const calibration = new LazyCalibration(fake.clocks);
  fake.run(30);
  const first = calibration.result();
  const reads = fake.reads();
  fake.run(1000);
  assert.equal(calibration.result(), first);
  assert.equal(fake.reads(), reads);
  assert.deepEqual(fake.sleeps, [1]);
});

test('calibration: each pair is the try with the tightest TSC bracket, so a preemption does not skew it', () => {
  // The load's first two reference reads and the conversion's first one come 50 µs late.
  const fake = fakeClocks({ preempted: new Set([0, 1, 5]) });
  const calibration = new LazyCalibration(fake.clocks);
  fake.run(25);
  assert.deepEqual(calibration.result(), { nsPerUnit: 1 / 3, ticksPerNs: 3, checkTicksPerNs: 3 });
});

test('calibration: a rate that changed after the run is untrusted; the unit stays ticks, at the rate since load', () => {
  let changedAt = Infinity;
  const fake = fakeClocks({
    ticksAt: (ns) => (ns <= changedAt ? 3 * ns : 3 * changedAt + 3.3 * (ns - changedAt)),
    onSleep: (ms, ns) => {
      if (ms === 1) changedAt = ns;
    },
  });
  const calibration = new LazyCalibration(fake.clocks);
  fake.run(100);
  const result = calibration.result();
  assert.equal(result.ticksPerNs, 3);
  assert.equal(result.nsPerUnit, 1 / 3);
  assert.match(
    result.untrusted ?? '',
    /^the TSC's rate is unstable \(3\.00000 ticks\/ns since load, 3\.(29999|30000) over 1 ms after\)$/,
  );
});

test('calibration: a rate outside 50 MHz - 20 GHz is untrusted, converted at that rate', () => {
  const slow = new LazyCalibration(fakeClocks({ ticksAt: (ns) => ns / 64 }).clocks).result();
  assert.deepEqual(slow, {
    nsPerUnit: 64,
    ticksPerNs: 1 / 64,
    checkTicksPerNs: 1 / 64,
    untrusted: "the TSC's rate 0.01563 ticks/ns is implausible",
  });
  const fast = new LazyCalibration(fakeClocks({ ticksAt: (ns) => 32 * ns }).clocks).result();
  assert.equal(fast.untrusted, "the TSC's rate 32.00000 ticks/ns is implausible");
  assert.equal(fast.nsPerUnit, 1 / 32);
});

test('calibration: a TSC that does not advance fails at load, and converts to 0 ns if asked', () => {
  const fake = fakeClocks({ ticksAt: () => 12_345 });
  const calibration = new LazyCalibration(fake.clocks);
  assert.equal(calibration.advances, false);
  assert.deepEqual(calibration.result(), {
    nsPerUnit: 0,
    ticksPerNs: 0,
    checkTicksPerNs: 0,
    untrusted: 'the TSC did not advance during calibration (0, 0 ticks/ns)',
  });
});
