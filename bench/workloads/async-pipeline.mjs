// An async pipeline: async generators chained with for-await, and an awaited async
// transform per item (each await is a suspension the profiler sees).
import { measure, scale } from './harness.mjs';

async function* source(n) {
  for (let i = 0; i < n; i++) {
    yield i;
  }
}

async function transform(x) {
  const y = x * 2 + 1;
  return y % 7 === 0 ? y / 7 : y;
}

async function* mapStage(items) {
  for await (const x of items) {
    const y = await transform(x);
    yield y;
  }
}

async function* filterStage(items) {
  for await (const x of items) {
    if (x % 3 !== 0) {
      yield x;
    }
  }
}

async function sink(items) {
  let sum = 0;
  let count = 0;
  for await (const x of items) {
    sum += x;
    count++;
  }
  return sum + count;
}

function pipeline(n) {
  return sink(filterStage(mapStage(source(n))));
}

const ITEMS = Math.max(1, Math.round(500_000 * scale()));
await measure(
  'async',
  () => pipeline(20_000),
  () => pipeline(ITEMS),
);
