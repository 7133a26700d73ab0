// ns per read of each clock lineprof's exact engine could use, in a tight loop of 10M reads
// after a warm-up. Needs `npm run build` (for dist/src/runtime/clock.js) and, for the TSC
// rows, `node scripts/build-native.mjs`.
//
//   node bench/clocks.mjs [--reads N] [--runs R] [--json]
//
// Each row is the median of R runs (default 3) of N reads (default 10,000,000), as wall time
// and as this process's CPU time (user + system; less hurt by other processes on a busy
// machine). The "empty loop" row is the loop's own cost, not subtracted from the others.

import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const READS = option('--reads', 10_000_000);
const RUNS = option('--runs', 3);
const WARMUP = Math.min(READS, 1_000_000);
const json = argv.includes('--json');

const clockModule = fileURLToPath(new URL('../dist/src/runtime/clock.js', import.meta.url));
if (!existsSync(clockModule)) {
  console.error('bench/clocks.mjs: run `npm run build` first (dist/src/runtime/clock.js is missing)');
  process.exit(1);
}
const { loadClock, loadTscClock, defaultAddonPath } = await import(clockModule);

// Each loop is its own function so that every call site stays monomorphic.
const loops = [];
const add = (name, loop) => loops.push({ name, loop });

add('empty loop', (n) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += i;
  return s;
});
add('Date.now()', (n) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += Date.now();
  return s;
});
add('performance.now()', (n) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += performance.now();
  return s;
});
add('process.hrtime()', (n) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += process.hrtime()[1];
  return s;
});
add('process.hrtime.bigint()', (n) => {
  let s = 0n;
  for (let i = 0; i < n; i++) s += process.hrtime.bigint();
  return Number(s & 0xffffn);
});
{
  const fallback = loadClock('performance.now');
  const read = fallback.read;
  add('ClockSource performance.now: read()', (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += read();
    return s;
  });
}

const tsc = loadTscClock(defaultAddonPath());
let tscNote;
if (tsc.ok) {
  tscNote = `tsc: ${tsc.ticksPerNs.toFixed(6)} ticks/ns (${(1 / tsc.ticksPerNs).toFixed(6)} ns/tick)`;
  const read = tsc.clock.read;
  add('ClockSource tsc: read()  [= (tick(), buf[0])]', (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += read();
    return s;
  });
  // Variants of the same read, on a second instance of the addon state.
  const addon = createRequire(import.meta.url)(defaultAddonPath());
  const buf = new Float64Array(2);
  addon.init(buf);
  const tick = addon.tick;
  add('tsc inline: tick(); buf[0]', (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      tick();
      s += buf[0];
    }
    return s;
  });
  add('tsc method: addon.tick(); buf[0]', (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      addon.tick();
      s += buf[0];
    }
    return s;
  });
  const holder = { buf, tick };
  add('tsc via object: o.tick(); o.buf[0]', (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      holder.tick();
      s += holder.buf[0];
    }
    return s;
  });
  const mono = addon.monotonicNs;
  add('addon monotonicNs(); buf[1]', (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      mono();
      s += buf[1];
    }
    return s;
  });
} else {
  tscNote = `tsc: not available (${tsc.reason})`;
}

let sink = 0;
const results = [];
for (const { name, loop } of loops) {
  sink += loop(WARMUP);
  const times = [];
  const cpuTimes = [];
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    sink += loop(READS);
    const wall = Number(process.hrtime.bigint() - t0);
    const cpu = process.cpuUsage(c0);
    times.push(wall / READS);
    cpuTimes.push(((cpu.user + cpu.system) * 1000) / READS);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  results.push({ name, median: median(times), min: Math.min(...times), max: Math.max(...times), cpuMedian: median(cpuTimes) });
}

if (json) {
  console.log(JSON.stringify({ node: process.version, reads: READS, runs: RUNS, tsc: tscNote, results }, null, 2));
} else {
  console.log(`Node ${process.version}, ${READS.toLocaleString('en-US')} reads per run, median of ${RUNS} runs`);
  console.log(tscNote);
  const width = Math.max(...results.map((r) => r.name.length));
  console.log(`${'clock'.padEnd(width)}  ns/read (wall, min - max)   cpu ns/read`);
  for (const r of results) {
    const range = `(${r.min.toFixed(2)} - ${r.max.toFixed(2)})`.padEnd(17);
    console.log(`${r.name.padEnd(width)}  ${r.median.toFixed(2).padStart(7)} ${range}  ${r.cpuMedian.toFixed(2).padStart(7)}`);
  }
}
if (sink === 0.5) console.log(''); // keep the loops' results alive
