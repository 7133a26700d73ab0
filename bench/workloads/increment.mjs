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
await measure(
  'increment',
  () => incrementList([1, 2, 3, 4, 5], 200_000)[0],
  () => incrementList([1, 2, 3, 4, 5], N)[0],
);
