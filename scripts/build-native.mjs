#!/usr/bin/env node
// Builds lineprof's optional native clock (native/tsc_clock.cc -> native/build/Release/
// tsc_clock.node, where src/runtime/clock.ts looks for it) with the system C++ compiler
// against the Node-API headers of the npm package node-api-headers. Node-API is ABI-stable,
// so the one binary loads on every supported Node line whichever Node ran the install, and
// no Node headers are needed (nor downloaded): one compiler call, under a second.
//
// Run as the package's install script, so it must never fail an install: it prints exactly
// one line (built, or not built and why), exits 0, and on any problem removes what it did not
// build, so that lineprof uses performance.now() (src/runtime/clock.ts) as the line says.
// It only builds and checks the binary; whether the TSC can be trusted is decided at run time.
//
// Environment:
//   LINEPROF_SKIP_NATIVE=1        don't build
//   LINEPROF_NATIVE_VERBOSE=1     show the compiler's command and output as it runs
//   LINEPROF_NATIVE_TIMEOUT_MS    time limit for the compiler and for the check (default 60000)
//   CXX                           the C++ compiler (default: the first of c++, g++, clang++ on PATH)

import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const source = join(root, 'native', 'tsc_clock.cc');
const output = join(root, 'native', 'build', 'Release', 'tsc_clock.node');
// Built beside the output and renamed over it once checked, so that a process that has the
// old binary loaded keeps it and nobody ever loads a half-written or unchecked one.
const staging = join(dirname(output), `.tsc_clock.${process.pid}.node`);
const verbose = process.env.LINEPROF_NATIVE_VERBOSE === '1';
const timeout = Number(process.env.LINEPROF_NATIVE_TIMEOUT_MS) || 60_000;

function giveUp(reason) {
  // A binary left from an earlier install would be loaded at run time: then "not built" would
  // be untrue, and a binary of another ABI (the old plain-V8 addon) would only fail there.
  for (const file of [staging, output]) {
    try {
      rmSync(file, { force: true });
    } catch {
      // leave it: the line below is still the truth about this build
    }
  }
  console.log(`lineprof: native clock not built (${reason}); using performance.now()`);
  process.exit(0);
}

/** The directory holding node_api.h, or undefined. */
function findNodeApiHeaders() {
  try {
    const headers = createRequire(join(root, 'package.json'))('node-api-headers');
    const dir = headers.include_dir;
    return typeof dir === 'string' && existsSync(join(dir, 'node_api.h')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The compiler command as [program, ...args]: $CXX (split at spaces, as in `ccache g++`) or one on PATH. */
function findCompiler() {
  const fromEnv = process.env.CXX?.trim();
  if (fromEnv) return fromEnv.split(/\s+/);
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of ['c++', 'g++', 'clang++']) {
    const found = dirs.map((dir) => join(dir, name)).find(isExecutable);
    if (found) return [found];
  }
  return undefined;
}

/** The most telling line of a failed compile: the compiler's first error, else its last line. */
function failureLine(text) {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const pick = lines.find((l) => /(^|: )(fatal )?error: /.test(l)) ?? lines.at(-1);
  return (pick ?? 'no output').replace(/\s+/g, ' ').slice(0, 200);
}

// Loads the binary in a child, so that a broken one cannot take this process down, on the
// main thread and in a worker thread (each has its own state in the addon).
const CHECK = `
const { Worker } = require('node:worker_threads');
const check = (file) => {
  const a = require(file);
  const b = new Float64Array(2);
  a.init(b);
  a.tick();
  const t = b[0];
  a.tick();
  a.monotonicNs();
  if (a.available !== true || !(b[0] > t) || !(b[1] > 0)) throw new Error('bad readings: ' + b[0] + ', ' + t + ', ' + b[1]);
};
const file = process.argv[1];
check(file);
const w = new Worker('(' + check + ')(require("node:worker_threads").workerData)', { eval: true, workerData: file });
w.on('error', (e) => { console.error('Error in a worker: ' + e.message); process.exitCode = 1; });
`;

try {
  if (process.env.LINEPROF_SKIP_NATIVE === '1') giveUp('LINEPROF_SKIP_NATIVE=1');
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    giveUp(`the TSC clock supports linux-x64 only, not ${process.platform}-${process.arch}`);
  }
  if (!existsSync(source)) giveUp(`${relative(root, source)} is missing`);
  const include = findNodeApiHeaders();
  if (!include) giveUp('the Node-API headers (npm package node-api-headers) are not installed');
  const compiler = findCompiler();
  if (!compiler) giveUp('no C++ compiler found (c++, g++ or clang++ on PATH, or set CXX)');

  mkdirSync(dirname(output), { recursive: true });
  const [program, ...compilerArgs] = compiler;
  // No -march=native: nothing here gains from it. -fno-exceptions/-fno-rtti: none are used.
  const args = [
    ...compilerArgs,
    '-O2', '-shared', '-fPIC', '-std=c++17', '-fno-exceptions', '-fno-rtti', '-Wall', '-Wextra',
    `-I${include}`, source, '-o', staging,
  ];
  if (verbose) console.error(`lineprof: ${[program, ...args].join(' ')}`);
  const run = spawnSync(program, args, { stdio: verbose ? 'inherit' : 'pipe', encoding: 'utf8', timeout });
  if (run.error) {
    giveUp(run.error.code === 'ETIMEDOUT' ? `${program} took over ${timeout} ms` : `${program}: ${run.error.message}`);
  }
  if (run.status !== 0) {
    const why = verbose ? 'see above' : failureLine(`${run.stderr}\n${run.stdout}`);
    giveUp(`${program} ${run.signal ? `killed by ${run.signal}` : `exit ${run.status}`}: ${why}`);
  }
  if (!existsSync(staging)) giveUp(`${program} made no ${staging}`);

  const probe = spawnSync(process.execPath, ['-e', CHECK, staging], { encoding: 'utf8', timeout });
  if (probe.status !== 0) {
    const why =
      (probe.error?.code === 'ETIMEDOUT' ? `took over ${timeout} ms` : probe.error?.message) ??
      probe.stderr.split('\n').find((l) => /Error/.test(l)) ??
      `exit ${probe.status ?? probe.signal}`;
    giveUp(`the built addon does not load: ${why.trim().slice(0, 200)}`);
  }
  renameSync(staging, output);
  console.log(`lineprof: native clock built (${output})`);
} catch (error) {
  giveUp(error instanceof Error ? error.message : String(error));
}
