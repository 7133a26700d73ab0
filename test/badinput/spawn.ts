// Test helper for bad input: spawns plain node or the built CLI in a scratch directory,
// optionally as an unprivileged user (so that a chmod 000 file is unreadable even when
// the tests run as root), and keeps stdout as bytes. Must not assert anything.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = path.join(ROOT, 'dist/src/cli/main.js');
export const FIXTURES = path.join(ROOT, 'test/fixtures/badinput');

export interface Outcome {
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly status: number | null;
}

/** `nobody`: who runs the processes that must not read a chmod 000 file. */
const UNPRIVILEGED = 65534;

const ENV = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.startsWith('LINEPROF') && key !== 'NODE_OPTIONS' && key !== 'NODE_TEST_CONTEXT'),
);

export interface SpawnOptions {
  readonly cwd: string;
  /** Run as an unprivileged user when this process is root. */
  readonly unprivileged?: boolean;
}

export function node(args: readonly string[], options: SpawnOptions): Outcome {
  const user = options.unprivileged && isRoot() ? { uid: UNPRIVILEGED, gid: UNPRIVILEGED } : {};
  const result = spawnSync(process.execPath, args, { cwd: options.cwd, env: { ...ENV, NO_COLOR: '1' }, timeout: 120_000, ...user });
  if (result.error) throw result.error;
  return { stdout: result.stdout, stderr: result.stderr.toString('utf8'), status: result.status };
}

export function lineprof(args: readonly string[], options: SpawnOptions): Outcome {
  return node([CLI, ...args], options);
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** A scratch directory anyone may use (an unprivileged child writes its result file there). */
export function scratchDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lineprof-badinput-'));
  fs.chmodSync(dir, 0o777);
  return dir;
}

/** Whether a chmod 000 file in `dir` is unreadable to the processes `unprivileged` starts. */
export function canMakeUnreadable(dir: string): boolean {
  const probe = path.join(dir, 'probe.txt');
  fs.writeFileSync(probe, 'x');
  fs.chmodSync(probe, 0o000);
  try {
    const outcome = node(['-e', `require('fs').readFileSync(${JSON.stringify(probe)})`], { cwd: dir, unprivileged: true });
    return outcome.status !== 0;
  } catch {
    // Switching user is not allowed here (no CAP_SETUID).
    return false;
  } finally {
    fs.rmSync(probe, { force: true });
  }
}

/** Stack frames of lineprof's own code (`    at ... dist/src/...`). */
export function lineprofFrames(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /^\s+at .*dist\/src\//.test(line));
}
