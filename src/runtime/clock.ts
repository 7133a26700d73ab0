// The clock the exact engine reads at every executed line, and its conversion to nanoseconds.
// It reads clocks and /proc/cpuinfo and loads the native addon; it records nothing itself.
//
// `performance.now()` costs ~45-48 ns a read here. The optional native addon (native/, a
// Node-API addon built by scripts/build-native.mjs at install; one binary for every Node
// line) executes `rdtsc` and writes the tick count into a Float64Array that JS reads back,
// ~15-17 ns a read (Node 20-26; returning the value from the addon would cost a heap-number
// allocation per call). The TSC is used only where it can be trusted: the addon loads, the
// CPU reports constant_tsc and nonstop_tsc, and the TSC advances. Otherwise, and whenever
// anything goes wrong at load, performance.now() it is.
//
// The TSC's rate (ns per tick) is calibrated lazily, when nsPerUnit() is first called: that
// is when results are converted, usually at exit. Calibrating at load cost every profiled
// process (and worker) ~18 ms of start-up (two 8 ms sleeps); now load takes one (TSC,
// hrtime) pair, and the first nsPerUnit() takes another, waits only if under 20 ms passed
// since load, and checks the rate over a short (1 ms) second window against it. Measured,
// loadClock() took 17.3-18.3 ms before and takes 1.1-2.0 ms now (Node 20-26, minimum of 9). A rate that fails
// that check, or the plausibility range, comes too late to fall back to performance.now():
// the times are already in ticks. The unit stays ticks and the rate is the one over the
// whole time since load (what converts the ticks recorded then, if anything can), and
// calibration() says why it is not to be trusted.

import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface ClockSource {
  readonly name: string;
  readonly read: () => number;
  /**
   * Nanoseconds per unit of read(). Call it late, when times are converted: the TSC clock
   * calibrates on the first call, which waits for the rest if the clock was loaded under
   * ~20 ms ago.
   */
  readonly nsPerUnit: () => number;
  /** nsPerUnit() and whether it can be trusted; calibrates as nsPerUnit() does. */
  readonly calibration: () => ClockCalibration;
}

export interface ClockCalibration {
  readonly nsPerUnit: number;
  /** Why times converted with nsPerUnit are not to be trusted; undefined when they are. */
  readonly untrusted?: string;
}

export type ClockPreference = 'auto' | 'performance.now' | 'tsc';

export function isClockPreference(value: unknown): value is ClockPreference {
  return value === 'auto' || value === 'performance.now' || value === 'tsc';
}

const PERFORMANCE_NOW_CALIBRATION: ClockCalibration = Object.freeze({ nsPerUnit: 1e6 });

/** Always available; reads milliseconds. */
export const PERFORMANCE_NOW_CLOCK: ClockSource = Object.freeze({
  name: 'performance.now',
  read: () => performance.now(),
  nsPerUnit: () => 1e6,
  calibration: () => PERFORMANCE_NOW_CALIBRATION,
});

/** What the addon exports (native/tsc_clock.cc). */
interface TscAddon {
  readonly available: boolean;
  init(buf: Float64Array): void;
  tick(): void;
  monotonicNs(): void;
}

export type TscClockResult =
  | { readonly ok: true; readonly clock: ClockSource }
  | { readonly ok: false; readonly reason: string };

export interface LoadClockOptions {
  /** The addon to try (default: defaultAddonPath()). */
  readonly addonPath?: string;
  /** Where LINEPROF_CLOCK is read (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Told why the TSC clock was not used, when it was asked for or `auto` fell back. */
  readonly onFallback?: (reason: string) => void;
}

/**
 * Calibration windows. The long one, from load to the first nsPerUnit(), is at least
 * MIN_WINDOW_MS; the check window after it is CHECK_MS. A pair's error is a few tens of ns
 * (the bracketing TSC reads of the best of five tries), so even the check window measures
 * the rate to ~1e-4, far inside MAX_SPREAD: a difference beyond it is the TSC's, not ours.
 * (NTP slews CLOCK_MONOTONIC by at most 5e-4, also inside.)
 */
const MIN_WINDOW_MS = 20;
const CHECK_MS = 1;
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
 * The TSC clock from the addon at `addonPath`, or why not. Loads once per path and thread
 * (1-2 ms, mostly loading the addon and reading /proc/cpuinfo; no calibration yet); later
 * calls return the same answer.
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
    const calibration = new LazyCalibration({ ticks: read, ns: () => process.hrtime.bigint(), sleep });
    if (!calibration.advances) return fail('the TSC does not advance');
    const calibrate = (): ClockCalibration => calibration.result();
    const clock: ClockSource = Object.freeze({
      name: 'tsc',
      read,
      nsPerUnit: () => calibrate().nsPerUnit,
      calibration: calibrate,
    });
    return { ok: true, clock };
  } catch (error) {
    return fail(`TSC clock failed: ${firstLine(error)}`);
  }
}

/** What a calibration reads; tests pass fakes. */
export interface CalibrationClocks {
  /** The clock being calibrated, in its own units (TSC ticks). */
  readonly ticks: () => number;
  /** The reference clock, in nanoseconds (process.hrtime.bigint()). */
  readonly ns: () => bigint;
  /** Blocks for about this many milliseconds. */
  readonly sleep: (ms: number) => void;
}

export interface TscCalibration extends ClockCalibration {
  /** Ticks per ns over the long window (from load), which nsPerUnit inverts. */
  readonly ticksPerNs: number;
  /** Ticks per ns over the check window after it. */
  readonly checkTicksPerNs: number;
}

/** A TSC reading and a reference reading taken together. */
interface Pair {
  readonly ticks: number;
  readonly ns: bigint;
  /** Ticks between the TSC reads that bracket the reference read. */
  readonly bracket: number;
}

/**
 * Calibrates a tick clock against a nanosecond reference in two steps: the constructor takes
 * one pair (at load: cheap), result() the rest on its first call (see the file's opening
 * comment), and returns the same answer after.
 */
export class LazyCalibration {
  readonly #clocks: CalibrationClocks;
  readonly #start: Pair;
  #result: TscCalibration | undefined;

  constructor(clocks: CalibrationClocks) {
    this.#clocks = clocks;
    this.#start = takePair(clocks);
  }

  /** Whether the tick clock moved while the reference was read at load (a real TSC must). */
  get advances(): boolean {
    return this.#start.bracket > 0;
  }

  result(): TscCalibration {
    this.#result ??= this.#calibrate();
    return this.#result;
  }

  #calibrate(): TscCalibration {
    const clocks = this.#clocks;
    const start = this.#start;
    let end = takePair(clocks);
    const elapsedMs = Number(end.ns - start.ns) / 1e6;
    if (elapsedMs < MIN_WINDOW_MS) {
      clocks.sleep(MIN_WINDOW_MS - elapsedMs);
      end = takePair(clocks);
    }
    clocks.sleep(CHECK_MS);
    const check = takePair(clocks);
    const ticksPerNs = rateOf(start, end);
    const checkTicksPerNs = rateOf(end, check);
    const valid = Number.isFinite(ticksPerNs) && ticksPerNs > 0;
    // Ticks that did not advance were recorded as zero times: 0 ns per tick keeps them zero.
    const nsPerUnit = valid ? 1 / ticksPerNs : 0;
    const untrusted = (reason: string): TscCalibration => ({ nsPerUnit, untrusted: reason, ticksPerNs, checkTicksPerNs });
    if (!valid || !(checkTicksPerNs > 0)) {
      return untrusted(`the TSC did not advance during calibration (${ticksPerNs}, ${checkTicksPerNs} ticks/ns)`);
    }
    if (Math.abs(ticksPerNs - checkTicksPerNs) > MAX_SPREAD * Math.max(ticksPerNs, checkTicksPerNs)) {
      return untrusted(
        `the TSC's rate is unstable (${ticksPerNs.toFixed(5)} ticks/ns since load, ` +
          `${checkTicksPerNs.toFixed(5)} over ${CHECK_MS} ms after)`,
      );
    }
    if (ticksPerNs < MIN_TICKS_PER_NS || ticksPerNs > MAX_TICKS_PER_NS) {
      return untrusted(`the TSC's rate ${ticksPerNs.toFixed(5)} ticks/ns is implausible`);
    }
    return { nsPerUnit, ticksPerNs, checkTicksPerNs };
  }
}

function rateOf(from: Pair, to: Pair): number {
  return (to.ticks - from.ticks) / Number(to.ns - from.ns);
}

/**
 * A TSC reading and a reference reading taken together: of five tries, the one whose
 * bracketing TSC reads are closest, so that a preemption cannot skew it.
 */
function takePair(clocks: CalibrationClocks): Pair {
  let best: Pair | undefined;
  for (let i = 0; i < 5; i++) {
    const before = clocks.ticks();
    const ns = clocks.ns();
    const after = clocks.ticks();
    if (best === undefined || after - before < best.bracket) {
      best = { ticks: (before + after) / 2, ns, bracket: after - before };
    }
  }
  return best!;
}

/** The flags of the first CPU in /proc/cpuinfo, or undefined. */
function cpuFlags(): Set<string> | undefined {
  const line = /^flags\s*:(.*)\n/m.exec(cpuinfoHead());
  return line ? new Set(line[1].trim().split(/\s+/)) : undefined;
}

/**
 * The start of /proc/cpuinfo, up to the end of the first CPU's flags line: the kernel makes
 * the file one CPU at a time as it is read, and every profiled process reads it at start, so
 * on a machine of many cores it reads the first CPU's entry only, not the whole file.
 */
function cpuinfoHead(): string {
  let fd: number;
  try {
    fd = openSync('/proc/cpuinfo', 'r');
  } catch {
    return '';
  }
  try {
    const chunk = Buffer.alloc(16 * 1024);
    let text = '';
    while (text.length < 256 * 1024) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      text += chunk.toString('latin1', 0, n);
      if (/^flags\s*:.*\n/m.test(text)) break;
    }
    return text;
  } catch {
    return '';
  } finally {
    closeSync(fd);
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0];
}
