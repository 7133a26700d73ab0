// The seed scenario: line_profiler's classic tight loop over a 5-element list.
import { measure, scale } from './harness.mjs';

function incrementList(data, n) {
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < data.length; i++) {
      data[i] += 1;
    }
  }
  return data;
}

const N = Math.round(2_000_000 * scale());

// The timed work in a function of its own, which the harness calls and the warm-up does not:
// its Total time in a result file is the profiler's measure of exactly the work the harness
// times (bench/run.mjs compares the two to check the exact engine's overhead compensation).
function runWork() {
  return incrementList([1, 2, 3, 4, 5], N)[0];
}

await measure('increment', () => incrementList([1, 2, 3, 4, 5], 200_000)[0], runWork);
