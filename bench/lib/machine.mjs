// What the bench ran on: CPU, Node, the native clock, lineprof's build and Python's line_profiler.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADDON } from './paths.mjs';
import { KERNPROF, PYTHON } from './python.mjs';

/** results.machine; lineprofRoot is the snapshot the bench runs, root the repository. */
export function machine(lineprofRoot, root) {
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
    nativeClockBuilt: fs.existsSync(path.join(lineprofRoot, ADDON)),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAvgAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
    build: buildInfo(root),
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
function buildInfo(root) {
  const git = (args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  const head = git(['rev-parse', '--short', 'HEAD']);
  const status = git(['status', '--porcelain', '--', 'src']);
  if (head.status !== 0) return null;
  const changed = status.stdout.split('\n').filter((l) => l.trim() !== '').length;
  return { commit: head.stdout.trim(), srcFilesChanged: changed };
}
