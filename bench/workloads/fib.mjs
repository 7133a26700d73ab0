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
await measure(
  'fib',
  () => repeatFib(25, 2),
  () => repeatFib(25, TIMES),
);
