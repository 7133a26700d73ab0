// Measures what probes really cost in instrumented code, so the exact engine can subtract
// it: a small loop without calls runs plain and instrumented (recorded), and the extra
// time per probe event is the cost. A loop of bare probes (the fallback in
// src/runtime/exact.ts) measures less than half of what real code pays. Runs once, when
// results are first read (at exit: it adds ~0.1 s there); its functions are lineprof's own
// and never reported. No per-call cost is measured: one measured on a calling loop
// over-compensated other programs (recursive code came out at zero), so the runtime
// subtracts none (see Runtime.probeCosts), and measuring it doubled the time at exit.

import { instrumentModule } from './lazy.js';
import { eventCount, restoreEventCount } from '../runtime/exact.js';
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
return { lines };
`;

type Work = (n: number, data: number[]) => number;
interface Programs {
  readonly lines: Work;
}

const FILE_KEY = 'lpcalibration';
const ITERATIONS = 20_000;
const ROUNDS = 9;

interface Overhead {
  readonly ns: number;
  readonly events: number;
}

/** Undefined when the instrumenter cannot be loaded (the runtime then uses its probe loop). */
export function measureProbeCostNs(runtime: Runtime): ProbeCosts | undefined {
  const instrumenter = instrumentModule();
  if (!instrumenter) return undefined;
  const saved = eventCount();
  const plain = new Function(PROGRAM)() as Programs;
  const { code } = instrumenter.instrument(PROGRAM, { file: '<lineprof calibration>', fileKey: FILE_KEY, lang: 'js', sourceType: 'commonjs' });
  const instrumented = new Function(code)() as Programs;
  const ids = runtime.registry.functionsOfFile(FILE_KEY).map((fn) => fn.id);
  for (const id of ids) runtime.startRecording(id);
  const data = Array.from({ length: 16 }, (_, i) => i);
  try {
    // Warm-up: both versions reach V8's optimising compiler before they are timed.
    for (let round = 0; round < 40; round++) {
      plain.lines(ITERATIONS, data);
      instrumented.lines(ITERATIONS, data);
    }
    const lineOnly = overhead(plain.lines, instrumented.lines, data);
    return { event: lineOnly.ns / lineOnly.events };
  } finally {
    for (const id of ids) runtime.stopRecording(id);
    restoreEventCount(saved);
  }
}

/** Median over rounds of the extra time of the instrumented run, with its events. */
function overhead(plain: Work, instrumented: Work, data: number[]): Overhead {
  const rounds: Overhead[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now();
    plain(ITERATIONS, data);
    const t1 = performance.now();
    const e1 = eventCount();
    instrumented(ITERATIONS, data);
    const t2 = performance.now();
    rounds.push({ ns: (t2 - t1 - (t1 - t0)) * 1e6, events: eventCount() - e1 });
  }
  rounds.sort((a, b) => a.ns - b.ns);
  return rounds[ROUNDS >> 1];
}
