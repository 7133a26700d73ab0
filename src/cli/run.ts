// `lineprof run [options] script [args...]`: runs the script in a child Node with the
// preload, waits for it, and says what became of the result file. It must not write to
// stdout or stderr while the program runs (the program's output stays byte for byte its
// own), print at all (main prints the outcome), exit, or catch LineprofError.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineprofError } from '../errors.js';
import { configToEnv, type LoaderConfig } from '../loader/config.js';
import { readResultFile, readResultMeta } from '../stats/result-file.js';
import type { Invocation } from './argv.js';
import type { Terminal } from './show.js';

export type RunInvocation = Extract<Invocation, { command: 'run' }>;

export interface RunContext extends Terminal {
  readonly cwd: string;
  /** The Node binary that runs the program (main passes process.execPath). */
  readonly execPath: string;
  /** Overrides the built preload; for tests. */
  readonly preloadPath?: string;
}

export interface RunOutcome {
  /** The program's exit code; `null` when it died of `signal`. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** lineprof's notes for stderr, without the `lineprof: ` prefix. */
  readonly notes: readonly string[];
  /** The `-v` report for stdout, or `''`. */
  readonly report: string;
}

export async function runScript(invocation: RunInvocation, context: RunContext): Promise<RunOutcome> {
  const { script, args, options } = invocation;
  const scriptPath = path.resolve(context.cwd, script);
  if (!fs.existsSync(scriptPath)) throw new LineprofError('NOT_FOUND', `${script}: no such file`);
  // As kernprof writes script.py.lprof: the script's base name, in the current directory.
  const output = path.resolve(context.cwd, options.outfile ?? `${path.basename(script)}.lprof`);
  if (!fs.existsSync(path.dirname(output))) {
    throw new LineprofError('NOT_FOUND', `${options.outfile ?? output}: no such directory`);
  }
  const preloadPath = context.preloadPath ?? fileURLToPath(new URL('../loader/preload.cjs', import.meta.url));
  if (!fs.existsSync(preloadPath)) {
    throw new LineprofError('IO', `${preloadPath}: no such file (is lineprof built?)`);
  }

  const env = childEnv(invocation, output, preloadPath, context.env);

  // A result file left by an earlier run must not pass for this run's.
  const before = identify(output);
  // Absolute, so that a script named like `-x.js` (after `--`) is not read as a Node flag.
  const { exitCode, signal } = await runChild(context.execPath, [scriptPath, ...args], env);
  const after = identify(output);

  if (after === undefined || after === before) {
    const note =
      signal === null && exitCode !== 0
        ? `no results were written: the program failed (exit code ${exitCode}) before any of its functions was loaded`
        : 'no results were written (the program was killed?)';
    return { exitCode, signal, notes: [note], report: '' };
  }
  const shown = displayPath(context.cwd, output);
  // A full read only to show the report: result files of large programs take long to parse.
  const result = options.view ? readResultFile(output) : undefined;
  const meta = result?.meta ?? readResultMeta(output);
  // The preload's own notes (a --func that matched nothing, everything profiled) always show.
  const notes = [...(meta.notes ?? [])];
  if (!options.quiet) {
    notes.push(
      options.view
        ? `wrote profile results to ${shown}`
        : `wrote profile results to ${shown}; view with: lineprof show ${quoteForShell(shown)}`,
    );
  }
  // The report's modules load only for -v: every profiled program waits for this process.
  const report = result ? (await import('./show.js')).renderReport([result], options.report, context) : '';
  return { exitCode, signal, notes, report };
}

/** The parent's environment plus what the preload needs to know. */
function childEnv(
  { script, args, options }: RunInvocation,
  output: string,
  preloadPath: string,
  env: RunContext['env'],
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
    fromCli: true,
    command: [script, ...args],
  };
  return { ...env, ...configToEnv(config), NODE_OPTIONS: addRequire(env.NODE_OPTIONS, preloadPath) };
}

/** NODE_OPTIONS with our preload appended; Node's parser needs quotes around spaces. */
export function addRequire(nodeOptions: string | undefined, preloadPath: string): string {
  const quoted = /[\s"]/.test(preloadPath) ? `"${preloadPath.replace(/[\\"]/g, '\\$&')}"` : preloadPath;
  const flag = `--require ${quoted}`;
  return nodeOptions ? `${nodeOptions} ${flag}` : flag;
}

function runChild(
  execPath: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(execPath, args, { stdio: 'inherit', env });
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
    child.once('error', (error) => {
      settle();
      reject(new LineprofError('IO', `${execPath}: ${error.message}`, { cause: error }));
    });
    child.once('exit', (exitCode, signal) => {
      settle();
      resolve({ exitCode, signal });
    });
  });
}

/** Changes whenever the file is replaced (the preload writes a temporary file, then renames). */
function identify(file: string): string | undefined {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat === undefined ? undefined : `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
}

/** Quotes a path for a POSIX shell, only when it needs it, so the hint can be pasted. */
function quoteForShell(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function displayPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
