// `lineprof run [options] script [args...]`: runs the script in a child Node with the
// preload, waits for it, and says what became of the result file. It must not write to
// stdout or stderr while the program runs (the program's output stays byte for byte its
// own), print at all (main prints the outcome), exit, or catch LineprofError.

import fs from 'node:fs';
import path from 'node:path';
import { LineprofError } from '../errors.js';
import { readResultFile, readResultMeta } from '../stats/result-file.js';
import { isInformational } from '../stats/notes.js';
import type { Invocation } from './argv.js';
import { identify, outputPath, preloadPath, profilingEnv, runChild, wroteNote } from './launch.js';
import type { Terminal } from './terminal.js';

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
  const output = outputPath(context.cwd, options.outfile, `${path.basename(script)}.lprof`);
  const env = profilingEnv(options, output, [script, ...args], preloadPath(context.preloadPath), context.env);

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
  // A full read only to show the report: result files of large programs take long to parse.
  const result = options.view ? readResultFile(output) : undefined;
  const meta = result?.meta ?? readResultMeta(output);
  // The preload's own notes (a --func that matched nothing, everything profiled) always show.
  const notes = [...(meta.notes ?? [])];
  notes.push(wroteNote(context.cwd, output, options.view));
  // The report's modules load only for -v: every profiled program waits for this process.
  const report = result ? (await import('./text-report.js')).renderReport([result], options.report, context) : '';
  // -q: warnings only (notes.ts, isInformational).
  return { exitCode, signal, notes: options.quiet ? notes.filter((note) => !isInformational(note)) : notes, report };
}
