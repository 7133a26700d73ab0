// Accuracy beside calls: where the time of a loop goes when its lines are cheap
// statements beside a call (bench/sections/calls.mjs).
//  - callLoop: a loop header, two ~1 ns statements and `s += work(W)`, a call of ~40 ns.
//  - smallLoop: a loop header, a cheap statement and `s += add(s, i)`, a call small enough
//    for V8 to inline.
// Truth comes from a plain run (`--truth`): each loop also runs with lines taken away
// (the same loop without the call, without the body), and the share of a line is the time
// it adds. Profiled runs (no `--truth`) run only the two loops; the section reads their
// lines' % Time and the loops' Total time from the result file.
import { performance } from 'node:perf_hooks';

const W = 8;
const ROUNDS = 2_000_000;
const SMALL_ROUNDS = 4_000_000;
const REPEATS = 5;

function work(n) {
  let x = 0;
  for (let i = 0; i < n; i++) x = (x * 31 + i) % 1000003;
  return x;
}

function add(a, b) {
  return (a + b) & 0xffff;
}

function callLoop(rounds) {
  let s = 0;
  let t = 0;
  for (let i = 0; i < rounds; i++) { // LINE call-header
    t += i & 7; // LINE call-cheap-1
    t ^= s; // LINE call-cheap-2
    s += work(W); // LINE call-call
  }
  return s + t;
}

function smallLoop(rounds) {
  let s = 0;
  let t = 0;
  for (let i = 0; i < rounds; i++) { // LINE small-header
    t += i & 3; // LINE small-cheap
    s += add(s, i); // LINE small-call
  }
  return s + t;
}

// The same loops with lines taken away, for the truth.
function callLoopNoCall(rounds) {
  let s = 0;
  let t = 0;
  for (let i = 0; i < rounds; i++) {
    t += i & 7;
    t ^= s;
    s += t & 1;
  }
  return s + t;
}

function smallLoopNoCall(rounds) {
  let s = 0;
  let t = 0;
  for (let i = 0; i < rounds; i++) {
    t += i & 3;
    s += t & 1;
  }
  return s + t;
}

function emptyLoop(rounds) {
  let s = 0;
  for (let i = 0; i < rounds; i++) s += i & 1;
  return s;
}

/** Best of REPEATS: noise only adds. */
function best(fn, rounds) {
  let min = Infinity;
  let check = 0;
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    check += fn(rounds);
    min = Math.min(min, performance.now() - t0);
  }
  return { ms: min, check };
}

const truth = process.argv.includes('--truth');
// Warm-up: every function optimised before the timed runs.
for (const fn of [callLoop, smallLoop, ...(truth ? [callLoopNoCall, smallLoopNoCall, emptyLoop] : [])]) fn(ROUNDS / 10);
const call = best(callLoop, ROUNDS);
const small = best(smallLoop, SMALL_ROUNDS);
const out = { name: 'calls', rounds: { call: ROUNDS, small: SMALL_ROUNDS }, callMs: call.ms, smallMs: small.ms, check: call.check + small.check };
if (truth) {
  const empty = best(emptyLoop, ROUNDS).ms;
  const noCall = best(callLoopNoCall, ROUNDS).ms;
  const emptySmall = best(emptyLoop, SMALL_ROUNDS).ms;
  const noCallSmall = best(smallLoopNoCall, SMALL_ROUNDS).ms;
  const shares = (full, without, bare) => ({
    header: (100 * bare) / full,
    cheap: (100 * Math.max(0, without - bare)) / full,
    call: (100 * Math.max(0, full - without)) / full,
  });
  out.truth = { call: shares(call.ms, noCall, empty), small: shares(small.ms, noCallSmall, emptySmall) };
}
console.log(JSON.stringify(out));
