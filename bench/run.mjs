// lineprof's benchmark: `npm run bench` (which builds first). Prints one report and writes
// bench/results.json. Sections:
//   1. overhead per engine (bench/workloads/*.mjs): plain `node` vs `lineprof run --all`
//      with the exact engine on the TSC clock, the exact engine on performance.now()
//      (LINEPROF_CLOCK=performance.now), and the sampled engine (--engine sampled, default
//      interval); median of N runs in which all of them alternate, slowdown, line events,
//      ns per line event. Python's line_profiler (kernprof -l) on the same programs
//      (bench/python/, at half their default work) when /usr/bin/python3 can import line_profiler.
//   2. overhead compensation: the Total time the exact engine reports for the workload's
//      runWork() (the function the harness times, and only that) vs the plain run's time of
//      the same work, compensated (the default) and with --no-compensate.
//   3. accuracy per engine: % Time of lines that take a known share of a function.
//   4. instrumented but not recorded: the tokenizer under `--func nonexistent`.
//   5. instrumentation throughput: instrument() on typescript@5's lib/typescript.js.
//   6. start-up: `lineprof run` on a hello world vs `node hello.mjs` (wall time).
//   7. Node lines: the seed loop's ns per line event, instrument() throughput and start-up
//      on every Node line side by side (bench/sections/node-lines.mjs): this Node, each
//      --node BIN, and the lines .ci/run installed in its cache.
//   8. scale (bench/sections/scale.mjs): typescript, prettier and markdown-it in one process
//      under --all --include 'node_modules/**' (peak RSS, result-file size, exit time), and
//      a 60 s soak of an HTTP server under -i 5 (RSS, dumps read mid-run, exact hits).
//
// Each workload times only its work (after a warm-up) with performance.now() and prints it
// as JSON, so process start-up and lineprof's own set-up and exit are not in the ratios.
// Line events are the hits in the result file minus those of a `--warmup-only` run (set-up
// and warm-up), so that they count the timed work only.
//
// Options: --runs N (default 3), --scale X (multiplies every workload's amount of work;
// the defaults keep the whole bench near 3-4 minutes on a busy 2-core machine), --no-python,
// --only a,b (workload names), --node BIN (repeatable: another Node line for section 7),
// --no-lines (skip section 7), --lines-only (section 7 alone), --no-big (skip section 8),
// --big-only (section 8 alone), --soak-seconds S (section 8's soak, default 60).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { measureNodeLines, nodeBinaries, printNodeLines } from './sections/node-lines.mjs';
import { measureScale, printScale } from './sections/scale.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, '..');
const WORKLOADS = path.join(BENCH, 'workloads');
const PYDIR = path.join(BENCH, 'python');
const PYTHON = '/usr/bin/python3';
const KERNPROF = '/usr/bin/kernprof';
// lineprof skips files inside its own package by default, and bench/ is inside it: include ours.
const INCLUDE = `${WORKLOADS}/**`;
const ADDON = 'native/build/Release/tsc_clock.node';
/** The function of each workload that does the timed work and nothing else (see harness.mjs). */
const WORK_FN = 'runWork';
/** Goal for compensated Total time of runWork vs the plain run's time: within 15 %. */
const COMPENSATION_GOAL = 0.15;

const opts = parseOptions(process.argv.slice(2));
/** The environment of every run: without the lineprof settings the bench's caller may have set. */
const BASE_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^LINEPROF(_|$)/.test(k)));
const RUNS = opts.runs;
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lineprof-bench-'));
const started = performance.now();
/** 1-minute load average, sampled between runs (at most every 5 s). */
const loadSamples = [];
// The bench runs lineprof from a copy of dist/src (and the native clock) taken now, so that
// a rebuild of dist/ by someone else during the bench (which deletes files for a moment)
// cannot break runs, and every run measures the same build.
const LINEPROF = await snapshotBuild();
const CLI = path.join(LINEPROF, 'dist/src/cli/main.js');
/** Failed runs outside section 1 that were retried (see retryOnce). */
const otherFailures = [];

const WORKLOAD_LIST = [
  { name: 'increment', title: 'increment loop', script: 'increment.mjs', python: 'increment_list.py', noCompensate: true },
  { name: 'tokenizer', title: 'tokenizer+evaluator', script: 'tokenizer.mjs', python: 'expr_eval.py', noCompensate: true },
  { name: 'fib', title: 'recursive fib', script: 'fib.mjs' },
  // No runWork(): its work is awaited, so its Total time would be the synchronous start only.
  { name: 'async', title: 'async pipeline', script: 'async-pipeline.mjs', noWorkFn: true },
  { name: 'classes', title: 'classes/getters', script: 'classes.mjs' },
].filter((w) => opts.only === null || opts.only.includes(w.name));

const { readResultFile } = await import(pathToFileURL(path.join(LINEPROF, 'dist/src/stats/result-file.js')).href);

// ---------------------------------------------------------------------------------------
// Running things

/** Copies dist/src, package.json and the native clock into TMP/lineprof, with node_modules
 * linked; waits (up to 60 s) while dist/ is incomplete, as during someone else's rebuild. */
async function snapshotBuild() {
  const source = path.join(ROOT, 'dist/src');
  const needed = ['cli/main.js', 'loader/preload.cjs', 'stats/result-file.js', 'instrument/instrument.js', 'runtime/clock.js'];
  const target = path.join(TMP, 'lineprof');
  for (let waited = 0; ; waited += 2) {
    if (needed.every((f) => fs.existsSync(path.join(source, f)))) {
      try {
        fs.rmSync(target, { recursive: true, force: true });
        fs.cpSync(source, path.join(target, 'dist/src'), { recursive: true });
        if (needed.every((f) => fs.existsSync(path.join(target, 'dist/src', f)))) break;
      } catch {}
    }
    if (waited >= 60) {
      console.error(`bench/run.mjs: ${source} is missing or incomplete; run \`npm run build\` (npm run bench does)`);
      process.exit(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(target, 'package.json'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(target, 'node_modules'), 'dir');
  // The exact engine looks for the addon at <package>/native/build/Release (see clock.ts).
  if (fs.existsSync(path.join(ROOT, ADDON))) {
    fs.mkdirSync(path.dirname(path.join(target, ADDON)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, ADDON), path.join(target, ADDON));
  }
  return target;
}

function log(message) {
  const s = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[${s}s] ${message}\n`);
}

function sampleLoad() {
  const now = performance.now();
  const last = loadSamples.at(-1);
  if (last === undefined || now - last.t >= 5000) loadSamples.push({ t: now, load1: os.loadavg()[0] });
}

/** Runs a command; returns { wallMs, status, stdout, stderr }. */
function exec(cmd, args, { cwd = ROOT, env = BASE_ENV } = {}) {
  sampleLoad();
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallMs = performance.now() - t0;
  if (r.error) throw r.error;
  return { wallMs, status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** The JSON line a workload printed (the last line that looks like JSON). */
function workloadOutput(r, what) {
  const line = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop();
  if (r.status !== 0 || line === undefined) {
    const lines = (r.stderr || r.stdout).trim().split('\n').filter((l) => l.trim() !== '');
    const error = new Error(`${what}: exit ${r.status ?? r.signal}: ${lines.slice(0, 2).join(' | ')}`);
    error.output = lines.slice(-20).join('\n');
    throw error;
  }
  return JSON.parse(line);
}

/**
 * A run that fails is tried once more (others may be rebuilding dist/ while the bench
 * runs); the failure is kept in `failures` so that it is reported, not hidden.
 */
function retryOnce(failures, what, fn) {
  try {
    return fn();
  } catch (error) {
    failures.push({ what, message: error.message, output: error.output });
    log(`${what} failed, trying once more: ${error.message}`);
    return fn();
  }
}

const scaleArgs = (scale = opts.scale) => (scale === 1 ? [] : ['--scale', String(scale)]);
/** Python's runs do this fraction of bench/python's default work (each kernprof run is
 * still over a second on a busy machine; it keeps the bench near 4 minutes). */
const PYTHON_SCALE = 0.5;

function lineprofArgs(script, selection, outfile, extra = [], engineArgs = []) {
  return [CLI, 'run', '-q', '-o', outfile, ...engineArgs, ...selection, '--include', INCLUDE, script, ...extra];
}

const js = {
  plain: (script, extra = []) => exec(process.execPath, [script, ...extra]),
  profiled: (script, outfile, extra = [], selection = ['--all'], { engineArgs = [], env = {} } = {}) =>
    exec(process.execPath, lineprofArgs(script, selection, outfile, extra, engineArgs), { env: { ...BASE_ENV, ...env } }),
};

/**
 * lineprof's variants measured side by side. `engineArgs`/`env` select the engine; `clock`
 * is the exact engine's clock the variant means (checked against the result file's meta).
 */
const LINEPROF_VARIANTS = [
  { key: 'exact', label: 'lineprof exact', short: 'exact', clock: 'tsc' },
  {
    key: 'exactPerfNow',
    label: 'lineprof exact, LINEPROF_CLOCK=performance.now',
    short: 'exact/performance.now',
    clock: 'performance.now',
    env: { LINEPROF_CLOCK: 'performance.now' },
  },
  { key: 'sampled', label: 'lineprof --engine sampled', short: 'sampled', engineArgs: ['--engine', 'sampled'] },
  // Only for the workloads with `noCompensate` (section 2); same probes as `exact`.
  { key: 'exactRaw', label: 'lineprof exact --no-compensate', short: 'exact raw', clock: 'tsc', engineArgs: ['--no-compensate'] },
];

// No __pycache__ left in bench/python.
const PYENV = { ...BASE_ENV, PYTHONDONTWRITEBYTECODE: '1' };
const py = {
  plain: (script, extra = []) => exec(PYTHON, [script, ...extra], { cwd: PYDIR, env: PYENV }),
  profiled: (script, outfile, extra = []) =>
    exec(KERNPROF, ['-l', '-o', outfile, script, ...extra], { cwd: PYDIR, env: PYENV }),
};

/** Hits, the meta, and the Total time (ms) of runWork() from a lineprof result file. */
function lineprofInfo(file) {
  const result = readResultFile(file);
  let hits = 0;
  let workMs = null;
  const unitMs = result.stats.unit * 1e3;
  for (const fn of result.stats.functions) {
    let time = 0;
    for (const l of fn.lines) {
      hits += l.hits;
      time += l.time;
    }
    if (fn.name === WORK_FN) workMs = (workMs ?? 0) + time * unitMs;
  }
  return { hits, functions: result.stats.functions.length, meta: result.meta, workMs };
}

// In a neutral directory, so that no script of ours can shadow a standard module.
const LOAD_LPROF = `
import json, sys, line_profiler
s = line_profiler.load_stats(sys.argv[1])
print(json.dumps({"hits": sum(h for v in s.timings.values() for (_, h, _) in v), "functions": len(s.timings), "unit": s.unit}))
`;
function kernprofInfo(file) {
  const r = exec(PYTHON, ['-c', LOAD_LPROF, file], { cwd: TMP });
  return workloadOutput(r, `load_stats ${path.basename(file)}`);
}

const median = (xs) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const unique = (xs) => [...new Set(xs)];

/**
 * N rounds in which every variant runs once, in order in even rounds and in reverse order
 * in odd ones (so that a drift in machine load hits all alike), then one `--warmup-only`
 * run of the reference variant for the hits of set-up and warm-up.
 *
 * variants: [{ key, run(out, extra) -> exec result, info?(out) -> { hits, ... } }];
 * the first variant is the plain run. A variant that fails twice in a row is dropped
 * from later rounds and reported, without stopping the others.
 */
function measureVariants(label, variants, reference, scale = opts.scale) {
  const failures = [];
  const data = Object.fromEntries(variants.map((v) => [v.key, { ms: [], infos: [], error: null }]));
  const checks = new Set();
  let units;
  const runOne = (v) => {
    if (data[v.key].error) return;
    const out = path.join(TMP, `${label}-${v.key}.lprof`.replace(/[^\w.-]/g, '_'));
    try {
      const { o, info } = retryOnce(failures, `${label} ${v.key}`, () => {
        fs.rmSync(out, { force: true });
        const o = workloadOutput(v.run(out, scaleArgs(scale)), `${label} ${v.key}`);
        return { o, info: v.info ? v.info(out) : null };
      });
      data[v.key].ms.push(o.ms);
      if (info) data[v.key].infos.push(info);
      units = o.units;
      checks.add(JSON.stringify(o.check));
    } catch (error) {
      log(`FAILED ${label} ${v.key}: ${error.message}`);
      data[v.key].error = error.message;
    }
  };
  for (let i = 0; i < RUNS; i++) {
    for (const v of i % 2 === 0 ? variants : [...variants].reverse()) runOne(v);
  }
  const ref = variants.find((v) => v.key === reference);
  let warmupHits = null;
  if (ref && !data[reference].error) {
    try {
      warmupHits = retryOnce(failures, `${label} warm-up only`, () => {
        const out = path.join(TMP, `${label}-warmup.lprof`.replace(/[^\w.-]/g, '_'));
        fs.rmSync(out, { force: true });
        workloadOutput(ref.run(out, [...scaleArgs(scale), '--warmup-only']), `${label} warm-up only`);
        return ref.info(out).hits;
      });
    } catch (error) {
      log(`FAILED ${label} warm-up only: ${error.message}`);
    }
  }
  return { data, units, checksAgree: checks.size === 1, failures, warmupHits };
}

/** Per-variant figures against the plain run and the reference variant's line events. */
function summarize(measured, plainKey, reference) {
  const { data, warmupHits } = measured;
  const plainMs = median(data[plainKey].ms);
  const refHits = data[reference]?.infos.map((i) => i.hits) ?? [];
  const totalHits = refHits.length ? Math.max(...refHits) : null;
  const lineEvents = totalHits !== null && warmupHits !== null ? totalHits - warmupHits : null;
  const variants = {};
  for (const [key, d] of Object.entries(data)) {
    if (key === plainKey) continue;
    if (d.error && d.ms.length === 0) {
      variants[key] = { error: d.error };
      continue;
    }
    const ms = median(d.ms);
    const metas = d.infos.map((i) => i.meta ?? {});
    const num = (k) => {
      const xs = metas.map((m) => m[k]).filter((x) => typeof x === 'number');
      return xs.length ? median(xs) : undefined;
    };
    const hits = unique(d.infos.map((i) => i.hits));
    const work = d.infos.map((i) => i.workMs).filter((x) => typeof x === 'number');
    variants[key] = {
      ms,
      runs: d.ms,
      slowdown: ms / plainMs,
      nsPerEvent: lineEvents ? ((ms - plainMs) * 1e6) / lineEvents : null,
      hits: hits.length === 1 ? hits[0] : hits,
      hitsMatchReference: totalHits === null || hits.every((h) => h === totalHits),
      clocks: unique(metas.map((m) => m.clock).filter(Boolean)),
      compensated: unique(metas.map((m) => m.compensated).filter((x) => x !== undefined)),
      probeCostNs: num('probeCostNs'),
      samples: num('samples'),
      intervalUs: num('intervalUs'),
      workMs: work.length ? median(work) : null,
      workRuns: work.length ? work : undefined,
      error: d.error ?? undefined,
    };
  }
  return {
    plainMs,
    plainRuns: data[plainKey].ms,
    lineEvents,
    totalHits,
    warmupHits,
    units: measured.units,
    variants,
    checksAgree: measured.checksAgree,
    failures: measured.failures,
  };
}

function attempt(what, fn) {
  try {
    return fn();
  } catch (error) {
    log(`FAILED ${what}: ${error.message}`);
    return { error: error.message, output: error.output };
  }
}

// ---------------------------------------------------------------------------------------
// Machine

function machine() {
  let cpu = 'unknown';
  let flags = '';
  try {
    const info = fs.readFileSync('/proc/cpuinfo', 'utf8');
    cpu = /^model name\s*:\s*(.*)$/m.exec(info)?.[1] ?? cpu;
    flags = /^flags\s*:\s*(.*)$/m.exec(info)?.[1] ?? '';
  } catch {}
  const m = {
    cpu,
    cores: os.cpus().length,
    constantTsc: /\bconstant_tsc\b/.test(flags) && /\bnonstop_tsc\b/.test(flags),
    nativeClockBuilt: fs.existsSync(path.join(LINEPROF, ADDON)),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAvgAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
    build: buildInfo(),
    python: null,
    lineProfiler: null,
  };
  const probe = spawnSync(PYTHON, ['-c', 'import sys, line_profiler; print(sys.version.split()[0], line_profiler.__version__)'], {
    cwd: os.tmpdir(),
    encoding: 'utf8',
  });
  if (!probe.error && probe.status === 0 && fs.existsSync(KERNPROF)) {
    [m.python, m.lineProfiler] = probe.stdout.trim().split(' ');
  }
  return m;
}

/** The commit the build came from, and whether src/ had uncommitted changes. */
function buildInfo() {
  const git = (args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  const head = git(['rev-parse', '--short', 'HEAD']);
  const status = git(['status', '--porcelain', '--', 'src']);
  if (head.status !== 0) return null;
  const changed = status.stdout.split('\n').filter((l) => l.trim() !== '').length;
  return { commit: head.stdout.trim(), srcFilesChanged: changed };
}

// ---------------------------------------------------------------------------------------
// Sections

function workloadSection(pythonOk) {
  const rows = [];
  for (const w of WORKLOAD_LIST) {
    const script = path.join(WORKLOADS, w.script);
    const variants = [
      { key: 'plain', run: (_out, extra) => js.plain(script, extra) },
      ...LINEPROF_VARIANTS.filter((v) => v.key !== 'exactRaw' || w.noCompensate).map((v) => ({
        key: v.key,
        run: (out, extra) => js.profiled(script, out, extra, ['--all'], v),
        info: lineprofInfo,
      })),
    ];
    log(`${w.title}: ${variants.map((v) => v.key).join(', ')}; ${RUNS} rounds`);
    const row = { workload: w.name, title: w.title, noWorkFn: Boolean(w.noWorkFn) };
    Object.assign(row, attempt(w.name, () => summarize(measureVariants(w.name, variants, 'exact'), 'plain', 'exact')));
    if (w.python && pythonOk) {
      log(`${w.title}: python3 vs kernprof -l, ${RUNS} rounds`);
      const pyScript = path.join(PYDIR, w.python);
      const pyVariants = [
        { key: 'plain', run: (_out, extra) => py.plain(pyScript, extra) },
        { key: 'kernprof', run: (out, extra) => py.profiled(pyScript, out, extra), info: kernprofInfo },
      ];
      row.python = attempt(`${w.name} (Python)`, () =>
        summarize(measureVariants(`${w.name}-py`, pyVariants, 'kernprof', opts.scale * PYTHON_SCALE), 'plain', 'kernprof'),
      );
    }
    rows.push(row);
  }
  return rows;
}

/** Section 2, from the runs of section 1: runWork's Total time vs the plain run's time. */
function compensationSection(workloads) {
  const rows = [];
  for (const r of workloads) {
    if (r.error || r.noWorkFn) continue;
    const row = { workload: r.workload, title: r.title, plainMs: r.plainMs };
    for (const key of ['exact', 'exactRaw']) {
      const v = r.variants[key];
      if (!v || v.error) continue;
      row[key] = {
        workMs: v.workMs,
        ratio: v.workMs === null ? null : v.workMs / r.plainMs,
        wallMs: v.ms,
        compensated: v.compensated,
        probeCostNs: v.probeCostNs,
        clocks: v.clocks,
      };
    }
    if (row.exact) row.withinGoal = row.exact.ratio !== null && Math.abs(row.exact.ratio - 1) <= COMPENSATION_GOAL;
    rows.push(row);
  }
  return rows;
}

function accuracySection() {
  const script = path.join(WORKLOADS, 'accuracy.mjs');
  const source = fs.readFileSync(script, 'utf8').split('\n');
  const lineOf = (id) => source.findIndex((l) => l.includes(`// LINE ${id}`)) + 1;
  log(`accuracy: plain run, then lineprof run --all with the exact and the sampled engine, ${RUNS} runs each`);
  const plain = retryOnce(otherFailures, 'accuracy plain', () => workloadOutput(js.plain(script), 'accuracy plain'));

  const accuracyRun = (v) => {
    const out = path.join(TMP, `accuracy-${v.key}.lprof`);
    const profiled = retryOnce(otherFailures, `accuracy ${v.key}`, () => {
      fs.rmSync(out, { force: true });
      return workloadOutput(js.profiled(script, out, [], ['--all'], v), `accuracy ${v.key}`);
    });
    const result = readResultFile(out);
    const report = (fnName, kind, inRun, unprofiled) => {
      const fn = result.stats.functions.find((f) => f.name === fnName);
      if (!fn) throw new Error(`${fnName} is not in the result file`);
      const total = fn.lines.reduce((s, l) => s + l.time, 0);
      return [10, 30, 60].map((nominal, k) => {
        const line = lineOf(`${kind}-${nominal}`);
        const row = fn.lines.find((l) => l.line === line);
        const lineprofPct = row ? (100 * row.time) / total : NaN;
        return {
          function: fnName,
          line,
          nominalPct: nominal,
          truthPct: inRun[k],
          unprofiledPct: unprofiled[k],
          lineprofPct,
          errorPts: lineprofPct - inRun[k],
        };
      });
    };
    return {
      clock: result.meta.clock ?? null,
      compensated: result.meta.compensated ?? null,
      samples: result.meta.samples ?? null,
      intervalUs: result.meta.intervalUs ?? null,
      profiledMs: { spin: profiled.spinMs, burn: profiled.burnMs },
      lines: [...report('spinWork', 'spin', profiled.spin, plain.spin), ...report('burnWork', 'burn', profiled.burn, plain.burn)],
    };
  };

  const engines = {};
  for (const v of LINEPROF_VARIANTS.filter((x) => x.key === 'exact' || x.key === 'sampled')) {
    // One run can be skewed by the machine (a preempted or deoptimised long call): RUNS
    // runs, and the one whose largest error is the median of the runs' largest errors.
    engines[v.key] = attempt(`accuracy ${v.key}`, () => {
      const runs = Array.from({ length: RUNS }, () => accuracyRun(v));
      const largest = (run) => Math.max(...run.lines.map((l) => Math.abs(l.errorPts)));
      const sorted = [...runs].sort((a, b) => largest(a) - largest(b));
      return { ...sorted[Math.floor(sorted.length / 2)], largestErrorsPts: runs.map(largest) };
    });
  }
  return { plainMs: { spin: plain.spinMs, burn: plain.burnMs }, engines };
}

// The cost looked for here is small, so the runs are NOOP_SCALE times longer than in
// section 1, to rise above the noise of a busy machine.
const NOOP_SCALE = 5;

function noopSection(tokenizer) {
  log(`instrumented, not recorded: tokenizer x${NOOP_SCALE}, node vs lineprof run --func nonexistent (exact, sampled), ${RUNS} runs each`);
  const script = path.join(WORKLOADS, 'tokenizer.mjs');
  const args = ['--scale', String(opts.scale * NOOP_SCALE)];
  const plain = [];
  const noop = [];
  // The sampled engine's inline probes store into scratch slots for calls nobody records.
  const noopSampled = [];
  let units;
  const out = path.join(TMP, 'noop.lprof');
  for (let i = 0; i < RUNS; i++) {
    const a = () => {
      const o = retryOnce(otherFailures, 'tokenizer plain', () => workloadOutput(js.plain(script, args), 'tokenizer plain'));
      plain.push(o.ms);
      units = o.units;
    };
    const notRecorded = (engineArgs, into) => () =>
      into.push(
        retryOnce(otherFailures, 'tokenizer not recorded', () =>
          workloadOutput(js.profiled(script, out, args, ['--func', 'nonexistent', ...engineArgs]), 'tokenizer not recorded'),
        ).ms,
      );
    const b = notRecorded([], noop);
    const c = notRecorded(['--engine', 'sampled'], noopSampled);
    if (i % 2 === 0) (a(), b(), c());
    else (c(), b(), a());
  }
  const recorded = lineprofInfo(out);
  const plainMs = median(plain);
  const noopMs = median(noop);
  const sampledMs = median(noopSampled);
  // Line events scale with the rounds of the tokenizer (the same expressions every round).
  const lineEvents = tokenizer?.lineEvents ? (tokenizer.lineEvents / tokenizer.units) * units : null;
  return {
    scale: opts.scale * NOOP_SCALE,
    plainMs,
    noopMs,
    slowdown: noopMs / plainMs,
    lineEvents,
    nsPerEvent: lineEvents ? ((noopMs - plainMs) * 1e6) / lineEvents : null,
    sampledMs,
    sampledSlowdown: sampledMs / plainMs,
    functionsRecorded: recorded.functions,
    runs: { plain, noop, sampled: noopSampled },
  };
}

function instrumentSection() {
  log('instrumentation throughput: instrument() on typescript/lib/typescript.js, 3 runs');
  const r = exec(process.execPath, [path.join(BENCH, 'instrument-throughput.mjs'), '3', LINEPROF]);
  return workloadOutput(r, 'instrument-throughput');
}

function nodeLinesSection() {
  const ctx = {
    exec, median, log, workloadOutput, readResultFile, env: BASE_ENV,
    cli: CLI, lineprofRoot: LINEPROF, workloads: WORKLOADS, include: INCLUDE, tmp: TMP, bench: BENCH, runs: RUNS,
  };
  return measureNodeLines(ctx, nodeBinaries(opts.nodes));
}

function scaleSection() {
  const ctx = { exec, median, log, workloadOutput, readResultFile, cli: CLI, lineprofRoot: LINEPROF, root: ROOT, bench: BENCH, tmp: TMP, runs: RUNS };
  return measureScale(ctx, { soakSeconds: opts.soakSeconds });
}

function startupSection() {
  log(`start-up: node hello.mjs vs lineprof run hello.mjs (exact, sampled), ${RUNS} runs each`);
  const script = path.join(WORKLOADS, 'hello.mjs');
  const out = path.join(TMP, 'hello.lprof');
  const plain = [];
  const profiled = [];
  const sampled = [];
  const cliOnly = [];
  const lineprofRun = (engineArgs, into) => {
    const r = exec(process.execPath, [CLI, 'run', '-q', '-o', out, ...engineArgs, '--include', INCLUDE, script]);
    if (r.status !== 0) throw new Error(`hello lineprof ${engineArgs.join(' ')}: exit ${r.status}: ${r.stderr.trim()}`);
    into.push(r.wallMs);
  };
  for (let i = 0; i < RUNS; i++) {
    const steps = [
      () => {
        const r = js.plain(script);
        if (r.status !== 0) throw new Error(`hello plain: exit ${r.status}`);
        plain.push(r.wallMs);
        // For a breakdown: loading lineprof's CLI alone, without running anything.
        const v = exec(process.execPath, [CLI, '--version']);
        if (v.status !== 0) throw new Error(`lineprof --version: exit ${v.status}`);
        cliOnly.push(v.wallMs);
      },
      () => lineprofRun([], profiled),
      () => lineprofRun(['--engine', 'sampled'], sampled),
    ];
    for (const step of i % 2 === 0 ? steps : steps.reverse()) step();
  }
  return {
    plainMs: median(plain),
    lineprofMs: median(profiled),
    addedMs: median(profiled) - median(plain),
    sampledMs: median(sampled),
    sampledAddedMs: median(sampled) - median(plain),
    cliVersionMs: median(cliOnly),
    runs: { plain, lineprof: profiled, sampled, cliVersion: cliOnly },
  };
}

// ---------------------------------------------------------------------------------------
// Printing

function fmt(x, digits = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return '-';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const range = (xs) => (xs && xs.length ? `${fmt(Math.min(...xs), 0)}-${fmt(Math.max(...xs), 0)}` : '');
const signed = (x, digits = 1) => (x >= 0 ? '+' : '') + fmt(x, digits);

function table(headers, rows, align) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => (align[i] === 'l' ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** What a variant's row should say about its clock, samples, hits. */
function variantNotes(key, v, spec) {
  const notes = [];
  if (spec?.clock && v.clocks.length && !(v.clocks.length === 1 && v.clocks[0] === spec.clock)) {
    notes.push(`clock was ${v.clocks.join('/')}, not ${spec.clock}!`);
  }
  if (key === 'sampled') {
    notes.push(`${fmt(v.samples, 0)} samples, mean ${fmt(v.intervalUs, 0)} us`);
    if (!v.hitsMatchReference) notes.push('hits differ from exact!');
  }
  if ((key === 'exact' || key === 'exactPerfNow') && v.probeCostNs !== undefined) {
    notes.push(`probe cost ${fmt(v.probeCostNs, 1)} ns`);
  }
  if (v.error) notes.push(`some runs failed: ${v.error}`);
  return notes.join('; ');
}

function printReport(results) {
  const m = results.machine;
  const out = [];
  out.push(`lineprof benchmark  ${results.date}`);
  out.push(`machine: ${m.cpu}, ${m.cores} cores${m.constantTsc ? ' (constant_tsc, nonstop_tsc)' : ''}; ${m.os}`);
  out.push(`node ${m.node}; native TSC clock ${m.nativeClockBuilt ? 'built' : 'NOT built (exact runs use performance.now)'}`);
  if (m.build) {
    const dirty = m.build.srcFilesChanged ? ` + ${m.build.srcFilesChanged} uncommitted file(s) in src/` : '';
    out.push(`lineprof build: ${m.build.commit}${dirty}`);
  }
  out.push(
    m.lineProfiler
      ? `python ${m.python}, line_profiler ${m.lineProfiler} (${KERNPROF})${results.options.python ? '' : '; Python rows skipped (--no-python)'}`
      : `python line_profiler: not available (${PYTHON} -c 'import line_profiler' failed or ${KERNPROF} missing); Python rows skipped`,
  );
  const l = results.load;
  out.push(
    `load average (1 min): ${fmt(l.atStart[0], 2)} at start, ${fmt(l.min, 2)}-${fmt(l.max, 2)} during the run ` +
      `(median ${fmt(l.median, 2)}, ${l.samples} samples), ${fmt(l.atEnd[0], 2)} at end; the bench itself adds about 1`,
  );
  out.push(`median of ${RUNS} rounds, all variants of a workload alternating; times are the work only (no process start-up)`);
  out.push('');

  out.push('1. Overhead per engine: lineprof run --all vs plain node; Python line_profiler (kernprof -l) vs plain python3');
  const rows = [];
  const specOf = (key) => LINEPROF_VARIANTS.find((v) => v.key === key);
  for (const r of results.workloads) {
    if (r.error) {
      rows.push([r.title, 'error', '', '', '', '', '', r.error]);
      continue;
    }
    const events = fmt(r.lineEvents / 1e6, 2);
    rows.push([r.title, 'node (plain)', fmt(r.plainMs), range(r.plainRuns), '', '', '', r.checksAgree ? '' : 'results differ!']);
    for (const key of ['exact', 'exactPerfNow', 'sampled']) {
      const v = r.variants[key];
      const spec = specOf(key);
      if (!v) continue;
      if (v.ms === undefined) {
        rows.push(['', spec.short, 'error', '', '', '', '', v.error]);
        continue;
      }
      const name = key === 'exact' ? `exact (${v.clocks.join('/') || '?'})` : spec.short;
      rows.push(['', name, fmt(v.ms), range(v.runs), `${fmt(v.slowdown, 1)}x`, events, fmt(v.nsPerEvent, 1), variantNotes(key, v, spec)]);
    }
    const p = r.python;
    if (p && p.error) rows.push(['', 'kernprof -l', 'error', '', '', '', '', p.error]);
    else if (p) {
      const k = p.variants.kernprof;
      rows.push(['', 'python3 (plain)', fmt(p.plainMs), range(p.plainRuns), '', '', '', p.checksAgree ? '' : 'results differ!']);
      if (k.ms === undefined) rows.push(['', 'kernprof -l', 'error', '', '', '', '', k.error]);
      else
        rows.push([
          '',
          'kernprof -l',
          fmt(k.ms),
          range(k.runs),
          `${fmt(k.slowdown, 1)}x`,
          fmt(p.lineEvents / 1e6, 2),
          fmt(k.nsPerEvent, 1),
          '',
        ]);
    }
  }
  out.push(
    table(
      ['workload', 'run', 'ms', '(range)', 'slowdown', 'M line events', 'ns/event', 'notes'],
      rows,
      ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
  );
  for (const r of results.workloads) {
    for (const f of [...(r.failures ?? []), ...(r.python?.failures ?? [])]) out.push(`  note: a run failed and was retried: ${f.message}`);
  }
  out.push('  ns/event = (profiled - plain) / line events; line events = hits in the result file of the timed work');
  out.push(
    `  (Python runs do less work than the JS ones, ${PYTHON_SCALE}x bench/python's default: compare slowdown and ns/event, not ms)`,
  );
  out.push('');

  out.push(`2. Overhead compensation (exact engine): Total time of ${WORK_FN}() in the result file vs the plain run's time of the same work`);
  const c = results.compensation;
  if (c.length === 0) out.push('  no workload with runWork() was measured');
  else {
    out.push(
      table(
        [
          'workload',
          'plain ms',
          'compensated: Total ms',
          'ratio',
          'goal',
          '(wall ms)',
          'probe cost ns',
          '--no-compensate: Total ms',
          'ratio',
          '(wall ms)',
        ],
        c.map((r) => [
          r.title,
          fmt(r.plainMs),
          fmt(r.exact?.workMs),
          r.exact?.ratio != null ? `${fmt(r.exact.ratio, 2)}x` : '-',
          r.exact ? (r.withinGoal ? 'ok' : 'MISSED') : '',
          fmt(r.exact?.wallMs),
          fmt(r.exact?.probeCostNs, 1),
          r.exactRaw ? fmt(r.exactRaw.workMs) : '',
          r.exactRaw?.ratio != null ? `${fmt(r.exactRaw.ratio, 2)}x` : '',
          r.exactRaw ? fmt(r.exactRaw.wallMs) : '',
        ]),
        ['l', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
    out.push(
      `  ratio = ${WORK_FN}() Total time / plain ms (goal: compensated within ${COMPENSATION_GOAL * 100}% of plain); ` +
        'the exact runs are those of section 1 (TSC clock);',
    );
    out.push('  wall ms = the profiled run\'s own measured time of the work (medians over the rounds; Total ms should be <= wall ms);');
    out.push(`  ${WORK_FN}() is called only for the timed work (the warm-up calls the inner functions directly);`);
    out.push('  --no-compensate runs only for the increment loop and the tokenizer; async pipeline: no runWork() (its work is awaited)');
  }
  out.push('');

  out.push('3. Accuracy per engine: % Time of three lines of one function (lineprof run --all)');
  const a = results.accuracy;
  if (a.error) out.push(`  failed: ${a.error}`);
  else {
    const ex = a.engines.exact;
    const sa = a.engines.sampled;
    const lines = !ex?.error ? ex.lines : !sa?.error ? sa.lines : [];
    const cell = (e, i, f) => (e && !e.error ? f(e.lines[i]) : 'error');
    out.push(
      table(
        ['function', 'line', 'nominal %', 'unprofiled %', 'exact: truth %', 'lineprof %', 'error', 'sampled: truth %', 'lineprof %', 'error'],
        lines.map((l, i) => [
          l.function,
          l.line,
          fmt(l.nominalPct, 0),
          fmt(l.unprofiledPct),
          cell(ex, i, (x) => fmt(x.truthPct)),
          cell(ex, i, (x) => fmt(x.lineprofPct)),
          cell(ex, i, (x) => signed(x.errorPts)),
          cell(sa, i, (x) => fmt(x.truthPct)),
          cell(sa, i, (x) => fmt(x.lineprofPct)),
          cell(sa, i, (x) => signed(x.errorPts)),
        ]),
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
    out.push('  spinWork busy-waits on performance.now() for 1/3/6 ms a line; burnWork runs a calibrated loop of 1/3/6 units.');
    out.push('  truth = time measured inside each callee in that profiled run; unprofiled % = the same in a plain run; error in points.');
    const largest = (e) => (e && !e.error ? e.largestErrorsPts.map((x) => fmt(x, 1)).join(', ') : '-');
    out.push(`  each engine: the run of ${RUNS} with the median largest error (largest errors: exact ${largest(ex)}; sampled ${largest(sa)})`);
    if (ex && !ex.error)
      out.push(
        `  exact: clock ${ex.clock}, compensation ${ex.compensated ? 'on' : 'off'}; ` +
          `burnWork took ${fmt(a.plainMs.burn)} ms plain, ${fmt(ex.profiledMs.burn)} ms profiled`,
      );
    else if (ex) out.push(`  exact failed: ${ex.error}`);
    if (sa && !sa.error)
      out.push(
        `  sampled: ${fmt(sa.samples, 0)} samples, mean interval ${fmt(sa.intervalUs, 0)} us; ` +
          `burnWork took ${fmt(sa.profiledMs.burn)} ms profiled`,
      );
    else if (sa) out.push(`  sampled failed: ${sa.error}`);
  }
  out.push('');

  out.push(
    `4. Instrumented but not recorded: tokenizer (${NOOP_SCALE}x the work of section 1) under lineprof run --func nonexistent`,
  );
  const n = results.notRecorded;
  if (n.error) out.push(`  failed: ${n.error}`);
  else
    out.push(
      `  plain ${fmt(n.plainMs)} ms (${range(n.runs.plain)}), not recorded ${fmt(n.noopMs)} ms (${range(n.runs.noop)}): ` +
        `${fmt(n.slowdown, 2)}x,\n  ` +
        `${fmt(n.nsPerEvent, 2)} ns per (unrecorded) line event (${fmt(n.lineEvents / 1e6, 1)} M); ` +
        `functions in the result file: ${n.functionsRecorded}\n  ` +
        `sampled engine: not recorded ${fmt(n.sampledMs)} ms (${range(n.runs.sampled)}): ${fmt(n.sampledSlowdown, 2)}x`,
    );
  out.push('');

  out.push('5. Instrumentation throughput: instrument() on typescript/lib/typescript.js (median of 3)');
  const t = results.instrument;
  if (t.error) out.push(`  failed: ${t.error}`);
  else {
    out.push(
      `  typescript ${t.typescriptVersion}, ${fmt(t.bytes / 1e6, 2)} MB in, ${fmt(t.outBytes / 1e6, 2)} MB out, ` +
        `${t.functions.toLocaleString('en-US')} functions`,
    );
    out.push(
      `  instrument(), a process's first call: ${fmt(t.instrumentFirstMBps, 2)} MB/s; warm: ${fmt(t.instrumentMedianMs, 0)} ms = ` +
        `${fmt(t.instrumentMBps, 2)} MB/s (runs ${t.instrumentMs.map((x) => fmt(x, 0)).join(', ')} ms); ` +
        `oxc-parser parse alone: ${fmt(t.parseMedianMs, 0)} ms = ${fmt(t.parseMBps, 1)} MB/s (AST transfer: ${t.transfer})`,
    );
  }
  out.push('');

  out.push(`6. Start-up: wall time of a hello world (median of ${RUNS})`);
  const s = results.startup;
  if (s.error) out.push(`  failed: ${s.error}`);
  else
    out.push(
      `  node hello.mjs ${fmt(s.plainMs, 0)} ms; lineprof run hello.mjs ${fmt(s.lineprofMs, 0)} ms ` +
        `(+${fmt(s.addedMs, 0)} ms); with --engine sampled ${fmt(s.sampledMs, 0)} ms (+${fmt(s.sampledAddedMs, 0)} ms); ` +
        `lineprof --version alone ${fmt(s.cliVersionMs, 0)} ms`,
    );
  out.push('');
  if (results.nodeLines?.error) out.push(`7. Node lines: failed: ${results.nodeLines.error}`, '');
  else if (results.nodeLines) out.push(printNodeLines(results.nodeLines, { table: (h, rows) => table(h, rows, ['l', 'l']) }), '');
  if (results.scale?.error) out.push(`8. Scale: failed: ${results.scale.error}`, '');
  else if (results.scale) out.push(printScale(results.scale, { table: (h, rows) => table(h, rows, ['l']) }), '');
  for (const f of results.otherFailures) out.push(`note: a run failed and was retried: ${f.message}`);
  out.push(`bench took ${fmt(results.elapsedS, 0)} s`);
  out.push(`wrote ${path.relative(process.cwd(), path.join(BENCH, 'results.json')) || 'bench/results.json'}`);
  console.log(out.join('\n'));
}

// ---------------------------------------------------------------------------------------

function parseOptions(argv) {
  const o = { runs: 3, scale: 1, python: true, only: null, nodes: [], lines: true, linesOnly: false, big: true, bigOnly: false, soakSeconds: 60 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') o.runs = Math.max(1, Number.parseInt(argv[++i], 10));
    else if (a === '--scale') o.scale = Number(argv[++i]);
    else if (a === '--no-python') o.python = false;
    else if (a === '--only') o.only = argv[++i].split(',');
    else if (a === '--node') o.nodes.push(argv[++i]);
    else if (a === '--no-lines') o.lines = false;
    else if (a === '--lines-only') o.linesOnly = true;
    else if (a === '--no-big') o.big = false;
    else if (a === '--big-only') o.bigOnly = true;
    else if (a === '--soak-seconds') o.soakSeconds = Number(argv[++i]);
    else {
      console.error(
        `bench/run.mjs: unknown option ${a}\nusage: node bench/run.mjs [--runs N] [--scale X] [--no-python] [--only a,b] [--node BIN]... [--no-lines | --lines-only] [--no-big | --big-only] [--soak-seconds S]`,
      );
      process.exit(2);
    }
  }
  if (!(o.scale > 0) || !Number.isFinite(o.runs)) {
    console.error('bench/run.mjs: --runs needs a positive integer and --scale a positive number');
    process.exit(2);
  }
  return o;
}

async function main() {
  const results = {
    date: new Date().toISOString(),
    options: { runs: RUNS, scale: opts.scale, pythonScale: opts.scale * PYTHON_SCALE, python: opts.python },
    machine: machine(),
  };
  if (opts.linesOnly) {
    // Section 7 alone, kept apart from the full bench's results.json.
    results.nodeLines = attempt('Node lines', nodeLinesSection);
    results.elapsedS = (performance.now() - started) / 1000;
    fs.writeFileSync(path.join(BENCH, 'results-lines.json'), `${JSON.stringify(results, null, 2)}\n`);
    fs.rmSync(TMP, { recursive: true, force: true });
    const rows = results.nodeLines;
    console.log(rows.error ? `7. Node lines: failed: ${rows.error}` : printNodeLines(rows, { table: (h, r) => table(h, r, ['l', 'l']) }));
    console.log(`bench took ${fmt(results.elapsedS, 0)} s; wrote bench/results-lines.json`);
    return;
  }
  if (opts.bigOnly) {
    // Section 8 alone, kept apart from the full bench's results.json.
    results.scale = attempt('scale', scaleSection);
    results.elapsedS = (performance.now() - started) / 1000;
    fs.writeFileSync(path.join(BENCH, 'results-scale.json'), `${JSON.stringify(results, null, 2)}\n`);
    fs.rmSync(TMP, { recursive: true, force: true });
    console.log(results.scale.error ? `8. Scale: failed: ${results.scale.error}` : printScale(results.scale, { table: (h, r) => table(h, r, ['l']) }));
    console.log(`bench took ${fmt(results.elapsedS, 0)} s; wrote bench/results-scale.json`);
    return;
  }
  const pythonOk = opts.python && results.machine.lineProfiler !== null;
  if (!pythonOk) log('Python line_profiler rows skipped');
  results.workloads = workloadSection(pythonOk);
  results.compensation = compensationSection(results.workloads);
  results.accuracy = attempt('accuracy', accuracySection);
  const tokenizer = results.workloads.find((r) => r.workload === 'tokenizer' && !r.error);
  results.notRecorded = attempt('not recorded', () => noopSection(tokenizer ?? null));
  results.instrument = attempt('instrument', instrumentSection);
  results.startup = attempt('start-up', startupSection);
  if (opts.lines) results.nodeLines = attempt('Node lines', nodeLinesSection);
  if (opts.big) results.scale = attempt('scale', scaleSection);
  results.otherFailures = otherFailures;
  results.elapsedS = (performance.now() - started) / 1000;
  sampleLoad();
  const loads = loadSamples.map((x) => x.load1);
  results.load = {
    atStart: results.machine.loadAvgAtStart,
    atEnd: os.loadavg().map((x) => Number(x.toFixed(2))),
    min: Math.min(...loads),
    max: Math.max(...loads),
    median: median(loads),
    samples: loads.length,
    series: loadSamples.map((x) => [Number((x.t / 1000).toFixed(1)), Number(x.load1.toFixed(2))]),
  };
  fs.writeFileSync(path.join(BENCH, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  fs.rmSync(TMP, { recursive: true, force: true });
  printReport(results);
}

await main();
