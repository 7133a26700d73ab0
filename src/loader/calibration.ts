// Measures what one probe event really costs in instrumented code: a small program with
// loops, branches and calls runs plain and instrumented (recorded), and the difference in
// time over the number of probe events is the cost subtracted per event. A loop of bare
// probes (the fallback in src/runtime/exact.ts) measures less than half of it: real code
// also pays for frames, try/finally and calls into probes that no longer inline.
// Runs once, when results are first read; its functions are lineprof's own and never
// reported.

import { instrument } from '../instrument/instrument.js';
import { eventCount, restoreEventCount } from '../runtime/exact.js';
import type { Runtime } from '../runtime/runtime.js';

const PROGRAM = `
function work(n, data) {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = data[i & 15];
    if (x > 4) total += step(x, i);
    else total -= x;
  }
  return total;
}
function step(x, i) {
  const y = x * 3 + i;
  return y & 255;
}
return work;
`;

type Work = (n: number, data: number[]) => number;

const FILE_KEY = 'lpcalibration';
const ITERATIONS = 20_000;
const ROUNDS = 9;

export function measureProbeCostNs(runtime: Runtime): number {
  const savedEvents = eventCount();
  const plain = new Function(PROGRAM)() as Work;
  const { code } = instrument(PROGRAM, { file: '<lineprof calibration>', fileKey: FILE_KEY, lang: 'js', sourceType: 'commonjs' });
  const instrumented = new Function(code)() as Work;
  const ids = runtime.registry.functionsOfFile(FILE_KEY).map((fn) => fn.id);
  for (const id of ids) runtime.startRecording(id);
  const data = Array.from({ length: 16 }, (_, i) => i);
  try {
    // Warm-up: both versions reach V8's optimising compiler before they are timed.
    for (let round = 0; round < 40; round++) {
      plain(ITERATIONS, data);
      instrumented(ITERATIONS, data);
    }
    const perEvent: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const t0 = performance.now();
      plain(ITERATIONS, data);
      const t1 = performance.now();
      const e1 = eventCount();
      instrumented(ITERATIONS, data);
      const t2 = performance.now();
      perEvent.push(((t2 - t1 - (t1 - t0)) * 1e6) / (eventCount() - e1));
    }
    perEvent.sort((a, b) => a - b);
    return perEvent[ROUNDS >> 1];
  } finally {
    for (const id of ids) runtime.stopRecording(id);
    restoreEventCount(savedEvents);
  }
}
