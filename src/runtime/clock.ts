// The clock the exact engine reads at every executed line.
//
// `performance.now()` costs ~47 ns a read here. The optional native addon (native/, built by
// scripts/build-native.mjs at install) executes `rdtsc` and writes the tick count into a
// Float64Array that JS reads back, ~19 ns a read: returning the value from the addon would
// cost a heap-number allocation per call. The TSC is used only where it can be trusted: the
// addon loads, the CPU reports constant_tsc and nonstop_tsc, and two back-to-back
// calibrations against process.hrtime.bigint() agree within 1%. Otherwise, and whenever
// anything goes wrong, performance.now() it is.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface ClockSource {
  readonly name: string;
  readonly read: () => number;
  /** nanoseconds per unit of read() */
  readonly nsPerUnit: number;
}

export type ClockPreference = 'auto' | 'performance.now' | 'tsc';

export function isClockPreference(value: unknown): value is ClockPreference {
  return value === 'auto' || value === 'performance.now' || value === 'tsc';
}

/** Always available; reads milliseconds. */
export const PERFORMANCE_NOW_CLOCK: ClockSource = Object.freeze({
  name: 'performance.now',
  read: () => performance.now(),
  nsPerUnit: 1e6,
});

/** What the addon exports (native/tsc_clock.cc). */
interface TscAddon {
  readonly available: boolean;
  init(buf: Float64Array): void;
  tick(): void;
  monotonicNs(): void;
}

export type TscClockResult =
  | { readonly ok: true; readonly clock: ClockSource; readonly ticksPerNs: number }
  | { readonly ok: false; readonly reason: string };

export interface LoadClockOptions {
  /** The addon to try (default: defaultAddonPath()). */
  readonly addonPath?: string;
  /** Where LINEPROF_CLOCK is read (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Told why the TSC clock was not used, when it was asked for or `auto` fell back. */
  readonly onFallback?: (reason: string) => void;
}

/** Calibration: two windows of this length; the estimates must agree within MAX_SPREAD. */
const CALIBRATION_MS = 8;
const MAX_SPREAD = 0.01;
/** Plausible TSC rates, in ticks per ns (50 MHz to 20 GHz). */
const MIN_TICKS_PER_NS = 0.05;
const MAX_TICKS_PER_NS = 20;

const ADDON_RELATIVE = 'native/build/Release/tsc_clock.node';

/**
 * The built addon, wherever this module runs from (dist/src/runtime/clock.js or
 * src/runtime/clock.ts), or the first candidate when none exists.
 */
export function defaultAddonPath(): string {
  const candidates = [
    fileURLToPath(new URL(`../../../${ADDON_RELATIVE}`, import.meta.url)),
    fileURLToPath(new URL(`../../${ADDON_RELATIVE}`, import.meta.url)),
  ];
  return candidates.find((file) => existsSync(file)) ?? candidates[0];
}

/**
 * The clock to use. An explicit 'tsc' or 'performance.now' wins; with `auto` (or none)
 * LINEPROF_CLOCK=performance.now|tsc decides, else the TSC clock if it can be trusted.
 * Never throws: a TSC clock that cannot be had falls back to performance.now().
 */
export function loadClock(preference?: ClockPreference, options: LoadClockOptions = {}): ClockSource {
  let wanted: ClockPreference = preference ?? 'auto';
  if (wanted === 'auto') {
    const fromEnv = (options.env ?? process.env).LINEPROF_CLOCK;
    if (isClockPreference(fromEnv)) wanted = fromEnv;
  }
  if (wanted === 'performance.now') return PERFORMANCE_NOW_CLOCK;
  const tsc = loadTscClock(options.addonPath ?? defaultAddonPath());
  if (tsc.ok) return tsc.clock;
  options.onFallback?.(tsc.reason);
  return PERFORMANCE_NOW_CLOCK;
}

const tscCache = new Map<string, TscClockResult>();

/**
 * The TSC clock from the addon at `addonPath`, or why not. Calibrates once per path and
 * thread (~2 × 20 ms of sleep); later calls return the same answer.
 */
export function loadTscClock(addonPath: string): TscClockResult {
  let result = tscCache.get(addonPath);
  if (result === undefined) {
    result = makeTscClock(addonPath);
    tscCache.set(addonPath, result);
  }
  return result;
}

function makeTscClock(addonPath: string): TscClockResult {
  const fail = (reason: string): TscClockResult => ({ ok: false, reason });
  try {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      return fail(`TSC clock supports linux-x64 only, not ${process.platform}-${process.arch}`);
    }
    if (!existsSync(addonPath)) return fail(`native clock not built (${addonPath} missing)`);
    const flags = cpuFlags();
    if (flags === undefined) return fail('cannot read the CPU flags in /proc/cpuinfo');
    for (const flag of ['constant_tsc', 'nonstop_tsc']) {
      if (!flags.has(flag)) return fail(`the CPU does not report ${flag}`);
    }

    let addon: TscAddon;
    try {
      addon = createRequire(import.meta.url)(addonPath) as TscAddon;
    } catch (error) {
      return fail(`native clock does not load: ${firstLine(error)}`);
    }
    if (addon.available !== true || typeof addon.tick !== 'function' || typeof addon.init !== 'function') {
      return fail('native clock reports no TSC on this machine');
    }

    const buf = new Float64Array(2);
    addon.init(buf);
    const tick = addon.tick;
    const read = (): number => (tick(), buf[0]);

    const p0 = pair(read);
    sleep(CALIBRATION_MS);
    const p1 = pair(read);
    sleep(CALIBRATION_MS);
    const p2 = pair(read);
    const rate1 = (p1.ticks - p0.ticks) / Number(p1.ns - p0.ns);
    const rate2 = (p2.ticks - p1.ticks) / Number(p2.ns - p1.ns);
    const rate = (p2.ticks - p0.ticks) / Number(p2.ns - p0.ns);
    if (!(rate1 > 0 && rate2 > 0 && Number.isFinite(rate))) {
      return fail(`TSC did not advance during calibration (${rate1}, ${rate2} ticks/ns)`);
    }
    if (Math.abs(rate1 - rate2) > MAX_SPREAD * Math.max(rate1, rate2)) {
      return fail(`TSC calibration unstable (${rate1.toFixed(5)} vs ${rate2.toFixed(5)} ticks/ns)`);
    }
    if (rate < MIN_TICKS_PER_NS || rate > MAX_TICKS_PER_NS) {
      return fail(`TSC rate ${rate.toFixed(5)} ticks/ns is implausible`);
    }
    const clock: ClockSource = Object.freeze({ name: 'tsc', read, nsPerUnit: 1 / rate });
    return { ok: true, clock, ticksPerNs: rate };
  } catch (error) {
    return fail(`TSC clock failed: ${firstLine(error)}`);
  }
}

/** The flags of the first CPU in /proc/cpuinfo, or undefined. */
function cpuFlags(): Set<string> | undefined {
  let text: string;
  try {
    text = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return undefined;
  }
  const line = /^flags\s*:(.*)$/m.exec(text);
  return line ? new Set(line[1].trim().split(/\s+/)) : undefined;
}

/**
 * A TSC reading and a process.hrtime.bigint() reading taken together: of five tries, the
 * one whose bracketing TSC reads are closest, so that a preemption cannot skew it.
 */
function pair(read: () => number): { ticks: number; ns: bigint } {
  let best = Infinity;
  let ticks = 0;
  let ns = 0n;
  for (let i = 0; i < 5; i++) {
    const before = read();
    const now = process.hrtime.bigint();
    const after = read();
    if (after - before < best) {
      best = after - before;
      ticks = (before + after) / 2;
      ns = now;
    }
  }
  return { ticks, ns };
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0];
}
