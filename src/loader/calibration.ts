// Measures what probes really cost in instrumented code, so the exact engine can subtract
// it: two small programs run plain and instrumented (recorded), and the extra time is
// split into a cost per probe event (from a loop without calls) and an extra cost per
// recorded call (from a loop that calls a small function: frame, entry, try/finally).
// A loop of bare probes (the fallback in src/runtime/exact.ts) measures less than half
// of what real code pays. Runs once, when results are first read; its functions are
// lineprof's own and never reported.

import { instrument } from '../instrument/instrument.js';
import { callCount, eventCount, restoreCounts } from '../runtime/exact.js';
import type { ProbeCosts, Runtime } from '../runtime/runtime.js';

const PROGRAM = `
function lines(n, data) {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = data[i & 15];
    total += x;
    total ^= i;
  }
  return total;
}
function calls(n, data) {
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += step(data[i & 15], i);
  }
  return total;
}
function step(x, i) {
  const y = x * 3 + i;
  return y & 255;
}
return { lines, calls };
`;

type Work = (n: number, data: number[]) => number;
interface Programs {
  readonly lines: Work;
  readonly calls: Work;
}

const FILE_KEY = 'lpcalibration';
const ITERATIONS = 20_000;
const ROUNDS = 9;

interface Overhead {
  readonly ns: number;
  readonly events: number;
  readonly calls: number;
}

export function measureProbeCostNs(runtime: Runtime): ProbeCosts {
  const saved = [eventCount(), callCount()] as const;
  const plain = new Function(PROGRAM)() as Programs;
  const { code } = instrument(PROGRAM, { file: '<lineprof calibration>', fileKey: FILE_KEY, lang: 'js', sourceType: 'commonjs' });
  const instrumented = new Function(code)() as Programs;
  const ids = runtime.registry.functionsOfFile(FILE_KEY).map((fn) => fn.id);
  for (const id of ids) runtime.startRecording(id);
  const data = Array.from({ length: 16 }, (_, i) => i);
  try {
    // Warm-up: both versions reach V8's optimising compiler before they are timed.
    for (let round = 0; round < 40; round++) {
      for (const name of ['lines', 'calls'] as const) {
        plain[name](ITERATIONS, data);
        instrumented[name](ITERATIONS, data);
      }
    }
    const lineOnly = overhead(plain.lines, instrumented.lines, data);
    const withCalls = overhead(plain.calls, instrumented.calls, data);
    const event = lineOnly.ns / lineOnly.events;
    const call = Math.max(0, (withCalls.ns - event * withCalls.events) / withCalls.calls);
    return { event, call };
  } finally {
    for (const id of ids) runtime.stopRecording(id);
    restoreCounts(saved[0], saved[1]);
  }
}

/** Median over rounds of the extra time of the instrumented run, with its events and calls. */
function overhead(plain: Work, instrumented: Work, data: number[]): Overhead {
  const rounds: Overhead[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now();
    plain(ITERATIONS, data);
    const t1 = performance.now();
    const e1 = eventCount();
    const c1 = callCount();
    instrumented(ITERATIONS, data);
    const t2 = performance.now();
    rounds.push({ ns: (t2 - t1 - (t1 - t0)) * 1e6, events: eventCount() - e1, calls: callCount() - c1 });
  }
  rounds.sort((a, b) => a.ns - b.ns);
  return rounds[ROUNDS >> 1];
}
