// The native clock addon itself (native/tsc_clock.cc), as built by scripts/build-native.mjs:
// its JS contract, its argument errors, and its per-thread state with worker_threads. It is
// one Node-API binary for every Node line: run this file under each Node to check that the
// binary built under one loads and ticks under the others. Skipped where it is not built.
// Then the build script's one line, built or not, in a copy of the package.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { defaultAddonPath } from '../../src/runtime/clock.js';

interface TscAddon {
  readonly available: boolean;
  init(buf: unknown): void;
  tick(): void;
  monotonicNs(): void;
}

const addonPath = defaultAddonPath();
const require = createRequire(import.meta.url);
const skip =
  process.platform !== 'linux' || process.arch !== 'x64'
    ? `the TSC clock supports linux-x64 only, not ${process.platform}-${process.arch}`
    : existsSync(addonPath)
      ? false
      : `native clock not built (${addonPath})`;

function load(): TscAddon {
  return require(addonPath) as TscAddon;
}

test('exports init, tick, monotonicNs and available = true', { skip }, () => {
  const addon = load();
  assert.deepEqual(Object.keys(addon).sort(), ['available', 'init', 'monotonicNs', 'tick']);
  assert.equal(addon.available, true);
  for (const name of ['init', 'tick', 'monotonicNs'] as const) assert.equal(typeof addon[name], 'function');
});

test('init zeroes the buffer; tick and monotonicNs count from it, into buf[0] and buf[1]', { skip }, () => {
  const addon = load();
  const buf = new Float64Array([7, 7, 7]);
  const before = process.hrtime.bigint();
  assert.equal(addon.init(buf), undefined);
  assert.deepEqual([...buf], [0, 0, 7]);

  assert.equal(addon.tick(), undefined);
  const first = buf[0];
  assert.ok(first > 0, `first tick ${first}`);
  assert.equal(buf[1], 0);
  let previous = first;
  for (let i = 0; i < 10_000; i++) {
    addon.tick();
    if (!(buf[0] >= previous)) assert.fail(`tick ${i} went back from ${previous} to ${buf[0]}`);
    previous = buf[0];
  }
  assert.ok(Number.isInteger(previous), `ticks ${previous}`);

  assert.equal(addon.monotonicNs(), undefined);
  const after = process.hrtime.bigint();
  // Both are CLOCK_MONOTONIC: the addon's count since init lies within the bracketing reads.
  assert.ok(buf[1] > 0 && buf[1] <= Number(after - before), `${buf[1]} ns, ${after - before} ns bracket`);
  assert.equal(buf[0], previous, 'monotonicNs writes buf[1] only');
  assert.equal(buf[2], 7, 'nothing past buf[1] is written');
});

test('a second init moves the output to the new buffer and restarts the counts', { skip }, () => {
  const addon = load();
  const old = new Float64Array(2);
  addon.init(old);
  addon.tick();
  addon.monotonicNs();
  const left = [...old];
  const fresh = new Float64Array(2);
  addon.init(fresh);
  addon.tick();
  addon.monotonicNs();
  assert.deepEqual([...old], left);
  assert.ok(fresh[0] > 0 && fresh[1] > 0, `${fresh[0]}, ${fresh[1]}`);
});

test('init rejects anything but a Float64Array of 2 elements or more', { skip }, () => {
  const addon = load();
  const typeError = { name: 'TypeError', message: 'init(buf): buf must be a Float64Array' };
  assert.throws(() => addon.init(undefined), typeError);
  assert.throws(() => addon.init([0, 0]), typeError);
  assert.throws(() => addon.init(new Float32Array(2)), typeError);
  assert.throws(() => addon.init(new DataView(new ArrayBuffer(16))), typeError);
  const rangeError = { name: 'RangeError', message: 'init(buf): buf needs at least 2 elements' };
  assert.throws(() => addon.init(new Float64Array(1)), rangeError);
  assert.throws(() => addon.init(new Float64Array(new ArrayBuffer(24), 16)), rangeError);

  const detached = new ArrayBuffer(16);
  const view = new Float64Array(detached);
  structuredClone(detached, { transfer: [detached] });
  assert.throws(() => addon.init(view), { name: 'TypeError', message: "init(buf): buf's ArrayBuffer is detached" });

  // A view at an offset, and one on a SharedArrayBuffer, are fine.
  const offset = new Float64Array(new ArrayBuffer(32), 8, 2);
  addon.init(offset);
  addon.tick();
  assert.ok(offset[0] > 0);
  const shared = new Float64Array(new SharedArrayBuffer(16));
  addon.init(shared);
  addon.tick();
  assert.ok(shared[0] > 0);
});

test('the addon loaded again in the same thread keeps its own state', { skip }, () => {
  const first = load();
  delete require.cache[addonPath];
  const second = load();
  assert.notEqual(second, first);
  const a = new Float64Array(2);
  const b = new Float64Array(2);
  first.init(a);
  second.init(b);
  first.tick();
  assert.ok(a[0] > 0);
  assert.equal(b[0], 0);
  second.tick();
  const bTicks = b[0];
  assert.ok(bTicks > 0);
  first.tick();
  assert.equal(b[0], bTicks);
});

/** Runs `body` (a function's source) in a worker that has the addon as `addon`; its result. */
function inWorker(body: string): Promise<unknown> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const addon = require(workerData);
    parentPort.postMessage((${body})(addon));
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: addonPath });
    let result: unknown;
    worker.on('message', (message) => (result = message));
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 ? resolve(result) : reject(new Error(`worker exit ${code}`))));
  });
}

test('each worker thread has its own state: it neither writes nor frees the main thread\'s', { skip }, async () => {
  const addon = load();
  const main = new Float64Array(2);
  addon.init(main);
  addon.tick();
  const mainTicks = main[0];

  const results = await Promise.all(
    [1, 2].map(() =>
      inWorker(`(addon) => {
        addon.tick(); // before init in this thread: does nothing (nor to the main thread's buffer)
        addon.monotonicNs();
        const buf = new Float64Array(2);
        addon.init(buf);
        let previous = 0;
        for (let i = 0; i < 100000; i++) {
          addon.tick();
          if (!(buf[0] >= previous)) return 'went back';
          previous = buf[0];
        }
        addon.monotonicNs();
        let typeError = '';
        try { addon.init(new Int32Array(2)); } catch (e) { typeError = e.name + ': ' + e.message; }
        return { ticks: buf[0] > 0, ns: buf[1] > 0, typeError };
      }`),
    ),
  );
  for (const result of results) {
    assert.deepEqual(result, {
      ticks: true,
      ns: true,
      typeError: 'TypeError: init(buf): buf must be a Float64Array',
    });
  }
  // The workers have ended (their state freed): this thread's still writes to its buffer.
  assert.equal(main[0], mainTicks);
  addon.tick();
  assert.ok(main[0] > mainTicks);
});

// scripts/build-native.mjs, run from a copy of the package's script, source and
// node_modules in a temporary directory (so that its clean-up never touches this tree's
// binary): exactly one line, exit 0, whatever happens.

const buildSkip = process.platform !== 'linux' || process.arch !== 'x64' ? `linux-x64 only, not ${process.platform}-${process.arch}` : false;
const packageRoot = fileURLToPath(new URL('../../../', import.meta.url));

function packageCopy(withModules = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'lineprof-build-native-'));
  mkdirSync(join(dir, 'scripts'));
  mkdirSync(join(dir, 'native'));
  copyFileSync(join(packageRoot, 'scripts', 'build-native.mjs'), join(dir, 'scripts', 'build-native.mjs'));
  copyFileSync(join(packageRoot, 'native', 'tsc_clock.cc'), join(dir, 'native', 'tsc_clock.cc'));
  copyFileSync(join(packageRoot, 'package.json'), join(dir, 'package.json'));
  if (withModules) symlinkSync(join(packageRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

function buildIn(dir: string, env: Record<string, string> = {}): { status: number | null; stdout: string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(LINEPROF_|CXX$)/.test(k)));
  const run = spawnSync(process.execPath, [join(dir, 'scripts', 'build-native.mjs')], { env: { ...clean, ...env }, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout };
}

test('build-native: builds, checks and says so in one line; the binary loads here', { skip: buildSkip || skip }, () => {
  const dir = packageCopy();
  try {
    const output = join(dir, 'native', 'build', 'Release', 'tsc_clock.node');
    assert.deepEqual(buildIn(dir), { status: 0, stdout: `lineprof: native clock built (${output})\n` });
    assert.deepEqual(readdirSync(dirname(output)), ['tsc_clock.node']);
    const addon = require(output) as TscAddon;
    const buf = new Float64Array(2);
    addon.init(buf);
    addon.tick();
    assert.ok(buf[0] > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('build-native: each reason not to build is one line, exit 0, and no binary is left', { skip: buildSkip }, () => {
  const dir = packageCopy();
  const output = join(dir, 'native', 'build', 'Release', 'tsc_clock.node');
  const stale = (): void => {
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, 'an earlier build');
  };
  const notBuilt = (why: string) => ({ status: 0, stdout: `lineprof: native clock not built (${why}); using performance.now()\n` });
  try {
    stale();
    assert.deepEqual(buildIn(dir, { LINEPROF_SKIP_NATIVE: '1' }), notBuilt('LINEPROF_SKIP_NATIVE=1'));
    assert.equal(existsSync(output), false);

    stale();
    assert.deepEqual(buildIn(dir, { CXX: '/nonexistent/c++' }), notBuilt('/nonexistent/c++: spawnSync /nonexistent/c++ ENOENT'));
    assert.equal(existsSync(output), false);

    assert.deepEqual(buildIn(dir, { PATH: '/nonexistent' }), notBuilt('no C++ compiler found (c++, g++ or clang++ on PATH, or set CXX)'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const bare = packageCopy(false);
  try {
    assert.deepEqual(buildIn(bare), notBuilt('the Node-API headers (npm package node-api-headers) are not installed'));
  } finally {
    rmSync(bare, { recursive: true, force: true });
  }
});
