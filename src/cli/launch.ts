// What `lineprof run` and `lineprof exec` share: the environment that makes a Node process
// (and every process and worker it starts) load lineprof's preload with a config, running a
// child with the terminal handed over, and how a result file is named on stderr.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineprofError } from '../errors.js';
import { configToEnv, type LoaderConfig } from '../loader/config.js';
import type { RunOptions } from './argv.js';

/** The built preload, or a LineprofError saying lineprof is not built. */
export function preloadPath(override: string | undefined): string {
  const file = override ?? fileURLToPath(new URL('../loader/preload.cjs', import.meta.url));
  if (!fs.existsSync(file)) throw new LineprofError('IO', `${file}: no such file (is lineprof built?)`);
  return file;
}

/** The result file of `-o` (relative to cwd), checked to be writable somewhere. */
export function outputPath(cwd: string, outfile: string | undefined, fallback: string): string {
  const output = path.resolve(cwd, outfile ?? fallback);
  if (!fs.existsSync(path.dirname(output))) throw new LineprofError('NOT_FOUND', `${outfile ?? output}: no such directory`);
  // Said before the program runs, not after it has run for nothing.
  try {
    fs.accessSync(path.dirname(output), fs.constants.W_OK);
  } catch {
    throw new LineprofError('IO', `${outfile ?? output}: cannot write there (no write permission for its folder)`);
  }
  return output;
}

/** The parent's environment plus what the preload needs to know. */
export function profilingEnv(
  options: RunOptions,
  output: string,
  command: readonly string[],
  preload: string,
  env: NodeJS.ProcessEnv,
): NodeJS.ProcessEnv {
  const config: LoaderConfig = {
    output,
    funcs: options.funcs,
    all: options.all,
    include: options.include,
    exclude: options.exclude,
    engine: options.engine,
    ...(options.intervalUs === undefined ? {} : { intervalUs: options.intervalUs }),
    compensate: options.compensate,
    ...(options.outputIntervalS === undefined ? {} : { outputIntervalMs: options.outputIntervalS * 1000 }),
    fromCli: true,
    command,
  };
  return { ...env, ...configToEnv(config), NODE_OPTIONS: addRequire(env.NODE_OPTIONS, preload) };
}

/** NODE_OPTIONS with our preload appended; Node's parser needs quotes around spaces. */
export function addRequire(nodeOptions: string | undefined, preload: string): string {
  const quoted = /[\s"]/.test(preload) ? `"${preload.replace(/[\\"]/g, '\\$&')}"` : preload;
  const flag = `--require ${quoted}`;
  return nodeOptions ? `${nodeOptions} ${flag}` : flag;
}

export interface ChildEnd {
  /** The child's exit code; `null` when it died of `signal`. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * Runs `file` (a path, or a command found on PATH) with the terminal handed over and waits.
 * A command that cannot be started is a LineprofError naming it.
 */
export function runChild(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<ChildEnd> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: 'inherit', env });
    // Ctrl-C reaches the whole process group: the program decides, and we outlive it to
    // report. A SIGTERM is usually sent to us alone (kill, docker stop), so pass it on.
    const ignore = (): void => {};
    const forward = (signal: NodeJS.Signals): void => {
      child.kill(signal);
    };
    process.on('SIGINT', ignore);
    process.on('SIGTERM', forward);
    const settle = (): void => {
      process.off('SIGINT', ignore);
      process.off('SIGTERM', forward);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      settle();
      const cause = error.code === 'ENOENT' ? 'command not found' : error.code === 'EACCES' ? 'permission denied' : error.message;
      reject(new LineprofError(error.code === 'ENOENT' ? 'NOT_FOUND' : 'IO', `${file}: ${cause}`, { cause: error }));
    });
    child.once('exit', (exitCode, signal) => {
      settle();
      resolve({ exitCode, signal });
    });
  });
}

/** Changes whenever the file is replaced (results are written to a temporary file, then renamed). */
export function identify(file: string): string | undefined {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat === undefined ? undefined : `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
}

/** Quotes a path for a POSIX shell, only when it needs it, so the hint can be pasted. */
export function quoteForShell(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export function displayPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** The closing note: where the results are, and how to see them. */
export function wroteNote(cwd: string, output: string, viewed: boolean): string {
  const shown = displayPath(cwd, output);
  return viewed ? `wrote profile results to ${shown}` : `wrote profile results to ${shown}; view with: lineprof show ${quoteForShell(shown)}`;
}
