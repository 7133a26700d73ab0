#!/usr/bin/env node
// Builds lineprof's optional native clock (native/ -> native/build/Release/tsc_clock.node)
// with the node-gyp that ships with npm. Run as the package's install script, so it must
// never fail an install: on any problem it prints one line and exits 0, and lineprof uses
// performance.now() (src/runtime/clock.ts).
//
// Environment:
//   LINEPROF_SKIP_NATIVE=1        don't build (prints the one line and exits 0)
//   LINEPROF_NATIVE_VERBOSE=1     show node-gyp's output as it runs
//   LINEPROF_NATIVE_TIMEOUT_MS    time limit for node-gyp (default 240000)
//   npm_config_node_gyp           node-gyp.js to use (npm sets it for install scripts)
//   npm_config_nodedir            Node headers (npm passes its own config; this machine: /usr)

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const nativeDir = join(root, 'native');
const output = join(nativeDir, 'build', 'Release', 'tsc_clock.node');
const verbose = process.env.LINEPROF_NATIVE_VERBOSE === '1';
const timeout = Number(process.env.LINEPROF_NATIVE_TIMEOUT_MS) || 240_000;

function giveUp(reason) {
  console.log(`lineprof: native clock not built (${reason}); using performance.now()`);
  process.exit(0);
}

/** The node-gyp.js to run with this node, or undefined. */
function findNodeGyp() {
  const candidates = [];
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  // npm_execpath is npm's own bin/npm-cli.js while npm runs a script.
  if (process.env.npm_execpath) {
    candidates.push(join(dirname(dirname(process.env.npm_execpath)), 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  }
  // npm installed beside this node (Linux/macOS layout, then Windows layout).
  const prefix = dirname(dirname(process.execPath));
  candidates.push(join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  candidates.push(join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  try {
    candidates.push(createRequire(join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not a dependency: fine
  }
  return candidates.find((file) => file.endsWith('.js') && existsSync(file));
}

/** `--nodedir=…` when Node's own headers for this exact version are installed beside it. */
function nodedirArgs() {
  if (process.env.npm_config_nodedir) return []; // node-gyp reads npm_config_* itself
  const prefix = dirname(dirname(process.execPath));
  const versionH = join(prefix, 'include', 'node', 'node_version.h');
  if (!existsSync(versionH)) return []; // node-gyp uses its cache or downloads the headers
  const text = readFileSync(versionH, 'utf8');
  const part = (name) => new RegExp(`#define\\s+${name}\\s+(\\d+)`).exec(text)?.[1];
  const version = `v${part('NODE_MAJOR_VERSION')}.${part('NODE_MINOR_VERSION')}.${part('NODE_PATCH_VERSION')}`;
  return version === process.version ? [`--nodedir=${prefix}`] : [];
}

/** The most telling line of a failed node-gyp run. */
function failureLine(text) {
  if (/headers\.tar\.gz/.test(text) && /network|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/.test(text)) {
    return 'Node headers are not installed and could not be downloaded; set npm_config_nodedir';
  }
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const boilerplate = /^gyp ERR! (stack\s+at |System |command |cwd |node -v|node-gyp -v|not ok|stack$|configure error\s*$|build error\s*$)/;
  const pick =
    lines.find((l) => /(^|: )(fatal )?error: /.test(l) && !l.startsWith('gyp ')) ?? // the compiler's
    lines.find((l) => /^gyp ERR! stack \w*Error: /.test(l))?.replace(/^gyp ERR! stack /, '') ??
    lines.find((l) => l.startsWith('gyp ERR!') && !boilerplate.test(l))?.replace(/^gyp ERR! /, '') ??
    lines.at(-1);
  return (pick ?? 'unknown error').replace(/\s+/g, ' ').slice(0, 200);
}

try {
  if (process.env.LINEPROF_SKIP_NATIVE === '1') giveUp('LINEPROF_SKIP_NATIVE=1');
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    giveUp(`the TSC clock supports linux-x64 only, not ${process.platform}-${process.arch}`);
  }
  if (!existsSync(join(nativeDir, 'binding.gyp'))) giveUp('native/binding.gyp is missing');
  const gyp = findNodeGyp();
  if (!gyp) giveUp('node-gyp not found');

  const args = [gyp, 'rebuild', ...nodedirArgs()];
  const run = spawnSync(process.execPath, args, {
    cwd: nativeDir,
    stdio: verbose ? 'inherit' : 'pipe',
    encoding: 'utf8',
    timeout,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) {
    giveUp(run.error.code === 'ETIMEDOUT' ? `node-gyp took over ${timeout} ms` : `node-gyp: ${run.error.message}`);
  }
  if (run.status !== 0) {
    giveUp(`node-gyp ${run.signal ? `killed by ${run.signal}` : `exit ${run.status}`}: ${verbose ? 'see above' : failureLine(`${run.stderr}\n${run.stdout}`)}`);
  }
  if (!existsSync(output)) giveUp(`node-gyp made no ${output}`);

  // Load it in a child, so that a broken binary cannot take this process down.
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `const a = require(${JSON.stringify(output)}); const b = new Float64Array(2); a.init(b);
       a.tick(); const t = b[0]; a.tick(); a.monotonicNs();
       if (a.available !== true || !(b[0] >= t) || !(b[1] >= 0)) throw new Error('bad readings');`,
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  if (probe.status !== 0) {
    const why = probe.error?.message ?? probe.stderr.split('\n').find((l) => /Error/.test(l)) ?? `exit ${probe.status}`;
    giveUp(`the built addon does not load: ${why.trim().slice(0, 200)}`);
  }
  console.log(`lineprof: native clock built (${output})`);
} catch (error) {
  giveUp(error instanceof Error ? error.message : String(error));
}
