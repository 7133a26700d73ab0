// Accuracy: two functions whose three body lines take about 10%, 30% and 60% of the time.
//  - spinWork: each line busy-waits on performance.now() for 1, 3 and 6 ms.
//  - burnWork: each line runs a calibrated loop of 1, 3 and 6 units of work.
// Each of the three lines adds the time its own call took to T[k] (measured inside the
// callee with performance.now()), so the script knows the true share of each line in this
// very run, even when the machine preempts a spin. bench/run.mjs compares these with the
// % Time that lineprof reports for the lines marked `LINE <id>`; for burnWork it also
// compares with the shares of an unprofiled run (the proportions a user wants to see).
import { performance } from 'node:perf_hooks';

function spinFor(ms) {
  const start = performance.now();
  const end = start + ms;
  let now = start;
  while (now < end) now = performance.now();
  return now - start;
}

function burn(n) {
  const start = performance.now();
  let x = 0;
  for (let i = 0; i < n; i++) x = (x * 31 + i) % 1000003;
  sink = x;
  return performance.now() - start;
}

let sink = 0;
const S = [0, 0, 0];
const B = [0, 0, 0];

function spinWork(rounds, a, b, c) {
  for (let r = 0; r < rounds; r++) {
    S[0] += spinFor(a); // LINE spin-10
    S[1] += spinFor(b); // LINE spin-30
    S[2] += spinFor(c); // LINE spin-60
  }
}

function burnWork(rounds, a, b, c) {
  for (let r = 0; r < rounds; r++) {
    B[0] += burn(a); // LINE burn-10
    B[1] += burn(b); // LINE burn-30
    B[2] += burn(c); // LINE burn-60
  }
}

const shares = (t) => t.map((v) => (100 * v) / (t[0] + t[1] + t[2]));

const UNIT = 100_000;
// Warm up the callees directly, not through spinWork/burnWork, so that every call the
// profiler charges to the three lines is also one that T measured (same calls, same data).
for (let i = 0; i < 5; i++) burn(UNIT / 10);
spinFor(0.1);
const t0 = performance.now();
spinWork(30, 1, 3, 6);
const spinMs = performance.now() - t0;
const t1 = performance.now();
burnWork(10, UNIT, 3 * UNIT, 6 * UNIT);
const burnMs = performance.now() - t1;
console.log(JSON.stringify({ name: 'accuracy', spinMs, burnMs, spin: shares(S), burn: shares(B), sink }));
