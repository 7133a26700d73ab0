// Runs the real CLI (dist/src/cli/main.js) and plain node on fixtures, capturing
// everything the program and lineprof print.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = path.join(ROOT, 'dist/src/cli/main.js');
export const FIXTURES = path.join(ROOT, 'test/fixtures');

export interface Outcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
}

const CLEAN_ENV = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.startsWith('LINEPROF') && key !== 'NODE_OPTIONS' && key !== 'NODE_TEST_CONTEXT'),
);

export function runNode(args: readonly string[], cwd: string, env: Record<string, string> = {}): Outcome {
  // Room for programs that print megabytes (test/hostile/process.test.ts).
  const result = spawnSync(process.execPath, args, { cwd, env: { ...CLEAN_ENV, ...env }, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status, signal: result.signal };
}

export function lineprof(args: readonly string[], cwd: string, env: Record<string, string> = {}): Outcome {
  return runNode([CLI, ...args], cwd, env);
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lineprof-test-'));
}

/** `{ line: hits }` of one function in a stats value. */
export function hitsOf(stats: { functions: readonly { name: string; lines: readonly { line: number; hits: number }[] }[] }, name: string): Record<number, number> {
  const fn = stats.functions.find((f) => f.name === name);
  if (!fn) throw new Error(`no function ${name} in ${stats.functions.map((f) => f.name).join(', ')}`);
  return Object.fromEntries(fn.lines.map((l) => [l.line, l.hits]));
}
