// Recursion: many short calls, so function entry and exit dominate.
import { measure, scale } from './harness.mjs';

function fib(n) {
  if (n < 2) return n;
  return fib(n - 1) + fib(n - 2);
}

function repeatFib(n, times) {
  let sum = 0;
  for (let i = 0; i < times; i++) {
    sum += fib(n);
  }
  return sum;
}

const TIMES = Math.max(1, Math.round(35 * scale()));

// The timed work in a function of its own, which the harness calls and the warm-up does not:
// its Total time in a result file is the profiler's measure of exactly the work the harness
// times (bench/run.mjs compares the two to check the exact engine's overhead compensation).
function runWork() {
  return repeatFib(25, TIMES);
}

await measure('fib', () => repeatFib(25, 2), runWork);
