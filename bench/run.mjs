// lineprof's benchmark: `npm run bench` (which builds first). Prints one report and writes
// bench/results.json. Sections:
//   1. workloads (bench/workloads/*.mjs): plain `node` vs `lineprof run --all` (exact
//      engine); median of N alternating runs, slowdown, line events, ns per line event.
//      Python's line_profiler (kernprof -l) on the same programs (bench/python/) when
//      /usr/bin/python3 can import line_profiler.
//   2. accuracy: lineprof's % Time of lines that take a known share of a function.
//   3. instrumented but not recorded: the tokenizer under `--func nonexistent`.
//   4. instrumentation throughput: instrument() on typescript@5's lib/typescript.js.
//   5. start-up: `lineprof run` on a hello world vs `node hello.mjs` (wall time).
//
// Each workload times only its work (after a warm-up) with performance.now() and prints it
// as JSON, so process start-up and lineprof's own set-up and exit are not in the ratios.
// Line events are the hits in the result file minus those of a `--warmup-only` run (set-up
// and warm-up), so that they count the timed work only.
//
// Options: --runs N (default 5), --scale X (multiplies every workload's amount of work;
// the defaults keep the whole bench near 3 minutes on a 2-core machine), --no-python,
// --only a,b (workload names).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, '..');
const WORKLOADS = path.join(BENCH, 'workloads');
const PYDIR = path.join(BENCH, 'python');
const PYTHON = '/usr/bin/python3';
const KERNPROF = '/usr/bin/kernprof';
// lineprof skips files inside its own package by default, and bench/ is inside it: include ours.
const INCLUDE = `${WORKLOADS}/**`;

const opts = parseOptions(process.argv.slice(2));
const RUNS = opts.runs;
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lineprof-bench-'));
const started = performance.now();
// The bench runs lineprof from a copy of dist/src taken now, so that a rebuild of dist/
// by someone else during the bench (which deletes files for a moment) cannot break runs,
// and every run measures the same build.
const LINEPROF = await snapshotBuild();
const CLI = path.join(LINEPROF, 'dist/src/cli/main.js');
/** Failed runs outside section 1 that were retried (see retryOnce). */
const otherFailures = [];

const WORKLOAD_LIST = [
  { name: 'increment', title: 'increment loop', script: 'increment.mjs', python: 'increment_list.py' },
  { name: 'tokenizer', title: 'tokenizer+evaluator', script: 'tokenizer.mjs', python: 'expr_eval.py' },
  { name: 'fib', title: 'recursive fib', script: 'fib.mjs' },
  { name: 'async', title: 'async pipeline', script: 'async-pipeline.mjs' },
  { name: 'classes', title: 'classes/getters', script: 'classes.mjs' },
].filter((w) => opts.only === null || opts.only.includes(w.name));

const { readResultFile } = await import(pathToFileURL(path.join(LINEPROF, 'dist/src/stats/result-file.js')).href);

// ---------------------------------------------------------------------------------------
// Running things

/** Copies dist/src and package.json into TMP/lineprof, with node_modules linked; waits
 * (up to 60 s) while dist/ is incomplete, as during someone else's rebuild. */
async function snapshotBuild() {
  const source = path.join(ROOT, 'dist/src');
  const needed = ['cli/main.js', 'loader/preload.cjs', 'stats/result-file.js', 'instrument/instrument.js'];
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
  return target;
}

function log(message) {
  const s = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[${s}s] ${message}\n`);
}

/** Runs a command; returns { wallMs, status, stdout, stderr }. */
function exec(cmd, args, { cwd = ROOT, env = process.env } = {}) {
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

const scaleArgs = () => (opts.scale === 1 ? [] : ['--scale', String(opts.scale)]);

function lineprofArgs(script, selection, outfile, extra = []) {
  return [CLI, 'run', '-q', '-o', outfile, ...selection, '--include', INCLUDE, script, ...extra];
}

const js = {
  plain: (script, extra = []) => exec(process.execPath, [script, ...extra]),
  profiled: (script, outfile, extra = [], selection = ['--all']) =>
    exec(process.execPath, lineprofArgs(script, selection, outfile, extra)),
};

// No __pycache__ left in bench/python.
const PYENV = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
const py = {
  plain: (script, extra = []) => exec(PYTHON, [script, ...extra], { cwd: PYDIR, env: PYENV }),
  profiled: (script, outfile, extra = []) =>
    exec(KERNPROF, ['-l', '-o', outfile, script, ...extra], { cwd: PYDIR, env: PYENV }),
};

function lineprofHits(file) {
  const result = readResultFile(file);
  let hits = 0;
  for (const fn of result.stats.functions) for (const l of fn.lines) hits += l.hits;
  return { hits, functions: result.stats.functions.length, meta: result.meta };
}

// In a neutral directory, so that no script of ours can shadow a standard module.
const LOAD_LPROF = `
import json, sys, line_profiler
s = line_profiler.load_stats(sys.argv[1])
print(json.dumps({"hits": sum(h for v in s.timings.values() for (_, h, _) in v), "functions": len(s.timings), "unit": s.unit}))
`;
function kernprofHits(file) {
  const r = exec(PYTHON, ['-c', LOAD_LPROF, file], { cwd: TMP });
  return workloadOutput(r, `load_stats ${path.basename(file)}`);
}

const median = (xs) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * N runs of plain and profiled, alternating (and alternating which goes first, so that a
 * drift in machine load hits both), then one profiled `--warmup-only` run for the hits.
 */
function compare(label, side, script, hitsOf) {
  const plain = [];
  const profiled = [];
  const checks = new Set();
  const hitsSeen = new Set();
  let units;
  const out = path.join(TMP, `${label}.lprof`.replace(/[^\w.-]/g, '_'));
  const failures = [];
  const runPlain = () => {
    const o = retryOnce(failures, `${label} plain`, () => workloadOutput(side.plain(script, scaleArgs()), `${label} plain`));
    plain.push(o.ms);
    units = o.units;
    checks.add(JSON.stringify(o.check));
  };
  const runProfiled = () => {
    const [o, hits] = retryOnce(failures, `${label} profiled`, () => {
      fs.rmSync(out, { force: true });
      return [workloadOutput(side.profiled(script, out, scaleArgs()), `${label} profiled`), hitsOf(out).hits];
    });
    profiled.push(o.ms);
    checks.add(JSON.stringify(o.check));
    hitsSeen.add(hits);
  };
  for (let i = 0; i < RUNS; i++) {
    if (i % 2 === 0) {
      runPlain();
      runProfiled();
    } else {
      runProfiled();
      runPlain();
    }
  }
  const warmupHits = retryOnce(failures, `${label} warm-up only`, () => {
    fs.rmSync(out, { force: true });
    workloadOutput(side.profiled(script, out, [...scaleArgs(), '--warmup-only']), `${label} warm-up only`);
    return hitsOf(out).hits;
  });
  const totalHits = Math.max(...hitsSeen);
  const hits = totalHits - warmupHits;
  const plainMs = median(plain);
  const profiledMs = median(profiled);
  return {
    plainMs,
    profiledMs,
    slowdown: profiledMs / plainMs,
    lineEvents: hits,
    nsPerEvent: ((profiledMs - plainMs) * 1e6) / hits,
    units,
    runs: { plain, profiled },
    failures,
    totalHits,
    warmupHits,
    hitsVaried: hitsSeen.size > 1 ? [...hitsSeen] : undefined,
    checksAgree: checks.size === 1,
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
    log(`${w.title}: node vs lineprof run --all, ${RUNS} runs each`);
    rows.push({
      workload: w.name,
      title: w.title,
      tool: 'lineprof',
      ...attempt(w.name, () => compare(w.name, js, path.join(WORKLOADS, w.script), lineprofHits)),
    });
    if (w.python && pythonOk) {
      log(`${w.title}: python3 vs kernprof -l, ${RUNS} runs each`);
      rows.push({
        workload: w.name,
        title: w.title,
        tool: 'line_profiler',
        ...attempt(`${w.name} (Python)`, () => compare(`${w.name}-py`, py, path.join(PYDIR, w.python), kernprofHits)),
      });
    }
  }
  return rows;
}

function accuracySection() {
  log('accuracy: plain run, then lineprof run --all');
  const script = path.join(WORKLOADS, 'accuracy.mjs');
  const source = fs.readFileSync(script, 'utf8').split('\n');
  const lineOf = (id) => source.findIndex((l) => l.includes(`// LINE ${id}`)) + 1;
  const plain = retryOnce(otherFailures, 'accuracy plain', () => workloadOutput(js.plain(script), 'accuracy plain'));
  const out = path.join(TMP, 'accuracy.lprof');
  const profiled = retryOnce(otherFailures, 'accuracy profiled', () =>
    workloadOutput(js.profiled(script, out), 'accuracy profiled'),
  );
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
    compensated: result.meta.compensated ?? null,
    plainMs: { spin: plain.spinMs, burn: plain.burnMs },
    profiledMs: { spin: profiled.spinMs, burn: profiled.burnMs },
    lines: [...report('spinWork', 'spin', profiled.spin, plain.spin), ...report('burnWork', 'burn', profiled.burn, plain.burn)],
  };
}

// The cost looked for here is small, so the runs are NOOP_SCALE times longer than in
// section 1, to rise above the noise of a busy machine.
const NOOP_SCALE = 5;

function noopSection(tokenizer) {
  log(`instrumented, not recorded: tokenizer x${NOOP_SCALE}, node vs lineprof run --func nonexistent, ${RUNS} runs each`);
  const script = path.join(WORKLOADS, 'tokenizer.mjs');
  const args = ['--scale', String(opts.scale * NOOP_SCALE)];
  const plain = [];
  const noop = [];
  let units;
  const out = path.join(TMP, 'noop.lprof');
  for (let i = 0; i < RUNS; i++) {
    const a = () => {
      const o = retryOnce(otherFailures, 'tokenizer plain', () => workloadOutput(js.plain(script, args), 'tokenizer plain'));
      plain.push(o.ms);
      units = o.units;
    };
    const b = () =>
      noop.push(
        retryOnce(otherFailures, 'tokenizer not recorded', () =>
          workloadOutput(js.profiled(script, out, args, ['--func', 'nonexistent']), 'tokenizer not recorded'),
        ).ms,
      );
    if (i % 2 === 0) (a(), b());
    else (b(), a());
  }
  const recorded = lineprofHits(out);
  const plainMs = median(plain);
  const noopMs = median(noop);
  // Line events scale with the rounds of the tokenizer (the same expressions every round).
  const lineEvents = tokenizer ? (tokenizer.lineEvents / tokenizer.units) * units : null;
  return {
    scale: opts.scale * NOOP_SCALE,
    plainMs,
    noopMs,
    slowdown: noopMs / plainMs,
    lineEvents,
    nsPerEvent: lineEvents ? ((noopMs - plainMs) * 1e6) / lineEvents : null,
    functionsRecorded: recorded.functions,
    runs: { plain, noop },
  };
}

function instrumentSection() {
  log('instrumentation throughput: instrument() on typescript/lib/typescript.js, 3 runs');
  const r = exec(process.execPath, [path.join(BENCH, 'instrument-throughput.mjs'), '3', LINEPROF]);
  return workloadOutput(r, 'instrument-throughput');
}

function startupSection() {
  log(`start-up: node hello.mjs vs lineprof run hello.mjs, ${RUNS} runs each`);
  const script = path.join(WORKLOADS, 'hello.mjs');
  const out = path.join(TMP, 'hello.lprof');
  const plain = [];
  const profiled = [];
  const cliOnly = [];
  for (let i = 0; i < RUNS; i++) {
    const a = () => {
      const r = js.plain(script);
      if (r.status !== 0) throw new Error(`hello plain: exit ${r.status}`);
      plain.push(r.wallMs);
      // For a breakdown: loading lineprof's CLI alone, without running anything.
      const v = exec(process.execPath, [CLI, '--version']);
      if (v.status !== 0) throw new Error(`lineprof --version: exit ${v.status}`);
      cliOnly.push(v.wallMs);
    };
    const b = () => {
      const r = exec(process.execPath, [CLI, 'run', '-q', '-o', out, '--include', INCLUDE, script]);
      if (r.status !== 0) throw new Error(`hello lineprof: exit ${r.status}: ${r.stderr.trim()}`);
      profiled.push(r.wallMs);
    };
    if (i % 2 === 0) (a(), b());
    else (b(), a());
  }
  return {
    plainMs: median(plain),
    lineprofMs: median(profiled),
    addedMs: median(profiled) - median(plain),
    cliVersionMs: median(cliOnly),
    runs: { plain, lineprof: profiled, cliVersion: cliOnly },
  };
}

// ---------------------------------------------------------------------------------------
// Printing

function fmt(x, digits = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return '-';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const range = (xs) => `${fmt(Math.min(...xs), 0)}-${fmt(Math.max(...xs), 0)}`;

function table(headers, rows, align) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells.map((c, i) => (align[i] === 'l' ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function printReport(results) {
  const m = results.machine;
  const out = [];
  out.push(`lineprof benchmark  ${results.date}`);
  out.push(`machine: ${m.cpu}, ${m.cores} cores${m.constantTsc ? ' (constant_tsc, nonstop_tsc)' : ''}; ${m.os}`);
  out.push(`node ${m.node}; load average at start ${m.loadAvgAtStart.join(' ')}`);
  if (m.build) {
    const dirty = m.build.srcFilesChanged ? ` + ${m.build.srcFilesChanged} uncommitted file(s) in src/` : '';
    out.push(`lineprof build: ${m.build.commit}${dirty}`);
  }
  out.push(
    m.lineProfiler
      ? `python ${m.python}, line_profiler ${m.lineProfiler} (${KERNPROF})${results.options.python ? '' : '; Python rows skipped (--no-python)'}`
      : `python line_profiler: not available (${PYTHON} -c 'import line_profiler' failed or ${KERNPROF} missing); Python rows skipped`,
  );
  out.push(`median of ${RUNS} runs, plain and profiled alternating; times are the work only (no process start-up)`);
  out.push('');

  out.push('1. Exact engine (lineprof run --all) vs plain node; Python line_profiler (kernprof -l) vs plain python3');
  const rows = results.workloads.map((r) =>
    r.error
      ? [r.title, r.tool, 'error', '', '', '', '', '', '']
      : [
          r.title,
          r.tool,
          fmt(r.plainMs),
          range(r.runs.plain),
          fmt(r.profiledMs),
          `${fmt(r.slowdown, 1)}x`,
          fmt(r.lineEvents / 1e6, 2),
          fmt(r.nsPerEvent, 1),
          r.checksAgree ? '' : 'results differ!',
        ],
  );
  out.push(
    table(
      ['workload', 'profiler', 'plain ms', '(range)', 'profiled ms', 'slowdown', 'M line events', 'ns/event', ''],
      rows,
      ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
  );
  const failed = results.workloads.filter((r) => r.error);
  for (const r of failed) out.push(`  ${r.title} (${r.tool}) failed: ${r.error}`);
  for (const r of results.workloads) {
    for (const f of r.failures ?? []) out.push(`  note: a run failed and was retried: ${f.message}`);
  }
  out.push('  ns/event = (profiled - plain) / line events; line events = hits in the result file of the timed work');
  out.push('');

  out.push('2. Accuracy: % Time of three lines of one function (lineprof run --all)');
  const a = results.accuracy;
  if (a.error) out.push(`  failed: ${a.error}`);
  else {
    out.push(
      table(
        ['function', 'line', 'nominal %', 'truth %', 'lineprof %', 'error (pts)', 'unprofiled run %'],
        a.lines.map((l) => [
          l.function,
          l.line,
          fmt(l.nominalPct, 0),
          fmt(l.truthPct),
          fmt(l.lineprofPct),
          (l.errorPts >= 0 ? '+' : '') + fmt(l.errorPts),
          fmt(l.unprofiledPct),
        ]),
        ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
    out.push(
      '  spinWork busy-waits on performance.now() for 1/3/6 ms a line; burnWork runs a calibrated loop of 1/3/6 units.',
    );
    out.push(
      '  truth = time measured inside each callee in the profiled run; unprofiled run % = the same in a plain run.',
    );
    out.push(
      `  probe cost compensation: ${a.compensated === null ? 'not stated' : a.compensated ? 'on' : 'off'}; ` +
        `burnWork took ${fmt(a.plainMs.burn)} ms plain, ${fmt(a.profiledMs.burn)} ms profiled`,
    );
  }
  out.push('');

  out.push(
    `3. Instrumented but not recorded: tokenizer (${NOOP_SCALE}x the work of section 1) under lineprof run --func nonexistent`,
  );
  const n = results.notRecorded;
  if (n.error) out.push(`  failed: ${n.error}`);
  else
    out.push(
      `  plain ${fmt(n.plainMs)} ms (${range(n.runs.plain)}), not recorded ${fmt(n.noopMs)} ms (${range(n.runs.noop)}): ` +
        `${fmt(n.slowdown, 2)}x,\n  ` +
        `${fmt(n.nsPerEvent, 2)} ns per (unrecorded) line event (${fmt(n.lineEvents / 1e6, 1)} M); ` +
        `functions in the result file: ${n.functionsRecorded}`,
    );
  out.push('');

  out.push('4. Instrumentation throughput: instrument() on typescript/lib/typescript.js (median of 3)');
  const t = results.instrument;
  if (t.error) out.push(`  failed: ${t.error}`);
  else {
    out.push(
      `  typescript ${t.typescriptVersion}, ${fmt(t.bytes / 1e6, 2)} MB in, ${fmt(t.outBytes / 1e6, 2)} MB out, ` +
        `${t.functions.toLocaleString('en-US')} functions`,
    );
    out.push(
      `  instrument(): ${fmt(t.instrumentMedianMs, 0)} ms = ${fmt(t.instrumentMBps, 2)} MB/s ` +
        `(runs ${t.instrumentMs.map((x) => fmt(x, 0)).join(', ')} ms); ` +
        `oxc-parser parse alone (1 run): ${fmt(t.parseMedianMs, 0)} ms = ${fmt(t.parseMBps, 1)} MB/s`,
    );
  }
  out.push('');

  out.push(`5. Start-up: wall time of a hello world (median of ${RUNS})`);
  const s = results.startup;
  if (s.error) out.push(`  failed: ${s.error}`);
  else
    out.push(
      `  node hello.mjs ${fmt(s.plainMs, 0)} ms; lineprof run hello.mjs ${fmt(s.lineprofMs, 0)} ms ` +
        `(+${fmt(s.addedMs, 0)} ms); lineprof --version alone ${fmt(s.cliVersionMs, 0)} ms`,
    );
  out.push('');
  for (const f of results.otherFailures) out.push(`note: a run failed and was retried: ${f.message}`);
  out.push(`bench took ${fmt(results.elapsedS, 0)} s; load average at end ${results.loadAvgAtEnd.join(' ')}`);
  out.push(`wrote ${path.relative(process.cwd(), path.join(BENCH, 'results.json')) || 'bench/results.json'}`);
  console.log(out.join('\n'));
}

// ---------------------------------------------------------------------------------------

function parseOptions(argv) {
  const o = { runs: 5, scale: 1, python: true, only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') o.runs = Math.max(1, Number.parseInt(argv[++i], 10));
    else if (a === '--scale') o.scale = Number(argv[++i]);
    else if (a === '--no-python') o.python = false;
    else if (a === '--only') o.only = argv[++i].split(',');
    else {
      console.error(`bench/run.mjs: unknown option ${a}\nusage: node bench/run.mjs [--runs N] [--scale X] [--no-python] [--only a,b]`);
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
    options: { runs: RUNS, scale: opts.scale, python: opts.python },
    machine: machine(),
  };
  const pythonOk = opts.python && results.machine.lineProfiler !== null;
  if (!pythonOk) log('Python line_profiler rows skipped');
  results.workloads = workloadSection(pythonOk);
  results.accuracy = attempt('accuracy', accuracySection);
  const tokenizer = results.workloads.find((r) => r.workload === 'tokenizer' && r.tool === 'lineprof' && !r.error);
  results.notRecorded = attempt('not recorded', () => noopSection(tokenizer ?? null));
  results.instrument = attempt('instrument', instrumentSection);
  results.startup = attempt('start-up', startupSection);
  results.otherFailures = otherFailures;
  results.elapsedS = (performance.now() - started) / 1000;
  results.loadAvgAtEnd = os.loadavg().map((x) => Number(x.toFixed(2)));
  fs.writeFileSync(path.join(BENCH, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  fs.rmSync(TMP, { recursive: true, force: true });
  printReport(results);
}

await main();
