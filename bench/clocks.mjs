// ns per read of each clock lineprof's exact engine could use: the Node-API TSC addon
// (native/, as src/runtime/clock.ts reads it and inline) against performance.now() and
// Node's other clocks, in tight loops after a warm-up. Needs `npm run build` (for
// dist/src/runtime/clock.js) and, for the TSC rows, `node scripts/build-native.mjs`.
//
//   node bench/clocks.mjs [--reads N] [--runs R] [--addon FILE]... [--node BIN]... [--json]
//
// Every run times each loop once, in order in even runs and in reverse in odd ones (so that
// a drift in machine load hits all alike); each row gives the minimum of R runs (default 11)
// of N reads (default 2,000,000), the least disturbed on a busy machine, then the median, as
// wall time, and the median of this process's CPU time (user + system). The "empty loop" row
// is the loop's own cost, not subtracted from the others.
//
// --addon FILE adds rows for another build of the addon (e.g. an older one) in the same run.
// --node BIN runs this script under each given Node binary in turn (this one first; the
// addon is one Node-API binary for every Node line) and prints one table, a column per Node.
//
// Each loop is a function of its own source text. Closures made from one function literal
// share V8's feedback, so a loop per addon made by one factory would see several `tick`
// functions at one call site, and each read came out ~2x slower (33 vs 15 ns, measured).

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const options = (name) => argv.flatMap((arg, i) => (arg === name && i + 1 < argv.length ? [argv[i + 1]] : []));
const READS = option('--reads', 2_000_000);
const RUNS = option('--runs', 11);
const WARMUP = Math.min(READS, 1_000_000);
const json = argv.includes('--json');
const extraAddons = options('--addon');
const nodes = options('--node');

if (nodes.length > 0) {
  compareNodes();
} else {
  const report = await measureHere();
  if (json) console.log(JSON.stringify(report, null, 2));
  else printReport(report);
}

/** The measurements of this Node: { node, napi, reads, runs, tsc, results: [{ name, min, median, max, cpuMedian }] }. */
async function measureHere() {
  const clockModule = fileURLToPath(new URL('../dist/src/runtime/clock.js', import.meta.url));
  if (!existsSync(clockModule)) {
    console.error('bench/clocks.mjs: run `npm run build` first (dist/src/runtime/clock.js is missing)');
    process.exit(1);
  }
  const { loadClock, loadTscClock, defaultAddonPath } = await import(clockModule);

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
    const read = loadClock('performance.now').read;
    add('ClockSource performance.now: read()', (n) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += read();
      return s;
    });
  }

  const tsc = loadTscClock(defaultAddonPath());
  let tscNote;
  if (tsc.ok) {
    const read = tsc.clock.read;
    add('ClockSource tsc: read()  [= (tick(), buf[0])]', (n) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += read();
      return s;
    });
    // Variants of the same read, on the same addon instance: the init() below points it at
    // this buffer (after the calibration has used the clock's), so from then on the
    // ClockSource row reads a buffer that no longer changes, at the same cost.
    const addon = createRequire(import.meta.url)(defaultAddonPath());
    const buf = new Float64Array(2);
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
    const mono = addon.monotonicNs;
    add('addon monotonicNs(); buf[1]', (n) => {
      let s = 0;
      for (let i = 0; i < n; i++) {
        mono();
        s += buf[1];
      }
      return s;
    });
    const calibration = tsc.clock.calibration();
    tscNote =
      `tsc: ${(1 / calibration.nsPerUnit).toFixed(6)} ticks/ns (${calibration.nsPerUnit.toFixed(6)} ns/tick)` +
      (calibration.untrusted ? `, untrusted: ${calibration.untrusted}` : '');
    addon.init(buf);
  } else {
    tscNote = `tsc: not available (${tsc.reason})`;
  }

  const require = createRequire(import.meta.url);
  const notes = [];
  extraAddons.forEach((file, index) => {
    let addon;
    try {
      addon = require(file);
    } catch (error) {
      // E.g. a plain-V8 build under another Node line than its own: a '-' in the table.
      notes.push(`--addon ${basename(file)} does not load: ${error.message.split('\n')[0]}`);
      return;
    }
    const buf = new Float64Array(2);
    addon.init(buf);
    // Its own source text (see the opening comment).
    const loop = new Function(
      'tick',
      'buf',
      `/* ${index}: ${JSON.stringify(file)} */ return (n) => { let s = 0; for (let i = 0; i < n; i++) { tick(); s += buf[0]; } return s; };`,
    )(addon.tick, buf);
    add(`--addon ${basename(file)}: tick(); buf[0]`, loop);
  });

  let sink = 0;
  for (const { loop } of loops) sink += loop(WARMUP);
  const samples = loops.map(() => ({ wall: [], cpu: [] }));
  for (let r = 0; r < RUNS; r++) {
    const order = loops.map((_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const i of order) {
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      sink += loops[i].loop(READS);
      const wall = Number(process.hrtime.bigint() - t0);
      const cpu = process.cpuUsage(c0);
      samples[i].wall.push(wall / READS);
      samples[i].cpu.push(((cpu.user + cpu.system) * 1000) / READS);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const results = loops.map(({ name }, i) => {
    const { wall, cpu } = samples[i];
    return { name, min: Math.min(...wall), median: median(wall), max: Math.max(...wall), cpuMedian: median(cpu) };
  });
  if (sink === 0.5) console.log(''); // keep the loops' results alive
  return { node: process.version, napi: process.versions.napi, reads: READS, runs: RUNS, tsc: tscNote, notes, results };
}

function printReport(r) {
  console.log(`Node ${r.node} (Node-API ${r.napi}), ${r.reads.toLocaleString('en-US')} reads per run, ${r.runs} runs`);
  console.log(r.tsc);
  for (const note of r.notes) console.log(note);
  const width = Math.max(...r.results.map((x) => x.name.length));
  console.log(`${'clock'.padEnd(width)}  ns/read: min  median (max)     cpu median`);
  for (const x of r.results) {
    const max = `(${x.max.toFixed(2)})`.padEnd(9);
    console.log(`${x.name.padEnd(width)}  ${x.min.toFixed(2).padStart(12)}  ${x.median.toFixed(2).padStart(6)} ${max} ${x.cpuMedian.toFixed(2).padStart(10)}`);
  }
}

/** Runs this script with --json under this Node and each --node, and prints one table of minimums. */
function compareNodes() {
  const script = fileURLToPath(import.meta.url);
  const passOn = argv.filter((arg, i) => arg !== '--node' && argv[i - 1] !== '--node' && arg !== '--json');
  const reports = [];
  for (const bin of [process.execPath, ...nodes]) {
    const run = spawnSync(bin, [script, ...passOn, '--json'], { encoding: 'utf8', maxBuffer: 16 << 20 });
    if (run.status !== 0) {
      console.error(`bench/clocks.mjs: ${bin}: exit ${run.status ?? run.signal}: ${run.stderr.trim().split('\n')[0]}`);
      process.exit(1);
    }
    reports.push(JSON.parse(run.stdout));
  }
  if (json) {
    console.log(JSON.stringify(reports, null, 2));
    return;
  }
  console.log(`min ns/read of ${RUNS} runs of ${READS.toLocaleString('en-US')} reads, per Node (median in parentheses)`);
  for (const r of reports) console.log(`  ${r.node}: ${[r.tsc, ...r.notes].join('; ')}`);
  const names = [...new Set(reports.flatMap((r) => r.results.map((x) => x.name)))];
  const width = Math.max(...names.map((n) => n.length));
  console.log(`${'clock'.padEnd(width)}  ${reports.map((r) => r.node.padStart(16)).join('')}`);
  for (const name of names) {
    const cells = reports.map((r) => {
      const x = r.results.find((y) => y.name === name);
      return (x ? `${x.min.toFixed(2)} (${x.median.toFixed(1)})` : '-').padStart(16);
    });
    console.log(`${name.padEnd(width)}  ${cells.join('')}`);
  }
}
