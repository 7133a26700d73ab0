// `lineprof run --watch [options] script [args...]`: runs the program, prints its report,
// and runs it again whenever one of its files changes, until Ctrl-C. Each run is kept in
// the result file as a labelled run, `run 1`, `run 2`, …, beside their total; after a
// rerun the report is the diff of that run against the one before, so that the effect of
// one edit is seen alone. It prints through the writers main hands it (the program's own
// output goes straight to the terminal, as under `run`), and must not exit or catch
// LineprofError.
//
// Watched: the files the run's functions came from (for built code with a source map, the
// sources), the script, and with `--watch-path` whatever matches the globs under the
// current directory. Folders are watched rather than files, so that an editor's save by
// rename is seen. Events are debounced; a change during a run waits for the run's end.

import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { LineprofError } from '../errors.js';
import { mergeStats } from '../stats/merge.js';
import type { LabelledRun, ProfileResult } from '../stats/model.js';
import { readResultFile, writeResultFile } from '../stats/result-file.js';
import { isInformational } from '../stats/notes.js';
import { renderDiff } from '../report/diff-text.js';
import { runLine, sideLines } from '../report/header.js';
import type { RunContext, RunInvocation, RunOutcome } from './run.js';
import { displayPath, identify, outputPath, preloadPath, profilingEnv, runChild } from './launch.js';
import { wantsColor } from './terminal.js';
import { renderReport } from './text-report.js';

/** Where watch mode prints: main's stdout and stderr, each write awaited. */
export interface Printer {
  stdout(text: string): Promise<void>;
  stderr(text: string): Promise<void>;
}

/** Quiet time after the last change before a run starts: an editor's save is several events. */
const DEBOUNCE_MS = 150;

export async function watchScript(invocation: RunInvocation, context: RunContext, print: Printer): Promise<RunOutcome> {
  const { script, args, options } = invocation;
  const scriptPath = path.resolve(context.cwd, script);
  if (!fs.existsSync(scriptPath)) throw new LineprofError('NOT_FOUND', `${script}: no such file`);
  const output = outputPath(context.cwd, options.outfile, `${path.basename(script)}.lprof`);
  const runOutput = `${output}.watch-${process.pid}.lprof`;
  const env = profilingEnv(options, runOutput, [script, ...args], preloadPath(context.preloadPath), context.env);
  const globs = options.watchPaths.length > 0 ? picomatch([...options.watchPaths]) : undefined;

  // Ctrl-C during a run reaches the program too (the terminal signals the whole group):
  // the run ends as it ends, and watching ends after it.
  const stop = new AbortController();
  const interrupted = (): void => stop.abort();
  process.on('SIGINT', interrupted);
  const watcher = new FileWatch(globs, context.cwd, output);
  watcher.watch(new Set([scriptPath]));
  try {
    return await loop(invocation, context, print, { scriptPath, output, runOutput, env, watcher }, stop.signal);
  } finally {
    process.off('SIGINT', interrupted);
    watcher.close();
  }
}

interface Setting {
  readonly scriptPath: string;
  readonly output: string;
  readonly runOutput: string;
  readonly env: NodeJS.ProcessEnv;
  readonly watcher: FileWatch;
}

async function loop(invocation: RunInvocation, context: RunContext, print: Printer, setting: Setting, stop: AbortSignal): Promise<RunOutcome> {
  const { args, options } = invocation;
  const { scriptPath, output, runOutput, env, watcher } = setting;
  let kept: ProfileResult | undefined;
  let files = new Set([scriptPath]);
  for (let n = 1; ; n++) {
    fs.rmSync(runOutput, { force: true });
    const last = await runChild(context.execPath, [scriptPath, ...args], env);
    const result = identify(runOutput) === undefined ? undefined : readResultFile(runOutput);
    fs.rmSync(runOutput, { force: true });
    const notes: string[] = [];
    if (result) {
      const label = `run ${n}`;
      const previous = kept?.runs.filter((run) => !run.label.includes(': ')).at(-1);
      kept = keep(kept, result, label);
      writeResultFile(output, kept);
      for (const fn of result.stats.functions) if (path.isAbsolute(fn.file)) files.add(fn.file);
      await print.stdout(report(invocation, context, result, label, previous));
      notes.push(...(result.meta.notes ?? []).filter((note) => !options.quiet || !isInformational(note)));
      if (!options.quiet) notes.push(`${label} (exit code ${last.exitCode ?? last.signal}) kept in ${displayPath(context.cwd, output)}`);
    } else {
      notes.push(`run ${n}: no results (exit code ${last.exitCode ?? last.signal}); not kept`);
    }
    files = new Set([...files].filter((file) => fs.existsSync(file)));
    const more = options.watchPaths.length > 0 ? ` and ${options.watchPaths.join(', ')}` : '';
    if (!options.quiet) notes.push(`watching ${files.size} file${files.size === 1 ? '' : 's'}${more} for changes (Ctrl-C to end)`);
    await print.stderr(notes.map((note) => `lineprof: ${note}\n`).join(''));
    watcher.watch(files);
    if ((await watcher.next(stop)) === 'interrupted') return { exitCode: null, signal: 'SIGINT', notes: [], report: '' };
  }
}

/** The kept results with one more run: its stats as `label`, its own labelled runs under it. */
function keep(kept: ProfileResult | undefined, result: ProfileResult, label: string): ProfileResult {
  const runs: LabelledRun[] = [
    ...(kept?.runs ?? []),
    { label, stats: result.stats },
    ...result.runs.map((run) => ({ label: `${label}: ${run.label}`, stats: run.stats })),
  ];
  return { meta: result.meta, stats: kept ? mergeStats(kept.stats, result.stats) : result.stats, runs };
}

/** The first run's report; after it, the diff against the run before (functions that ran). */
function report(invocation: RunInvocation, context: RunContext, result: ProfileResult, label: string, previous: LabelledRun | undefined): string {
  const { report: options } = invocation.options;
  if (!previous) return renderReport([result], options, context, [runLine(label)]);
  return renderDiff(previous.stats, result.stats, {
    unit: options.unit,
    skipZero: true,
    color: wantsColor(options, context),
    header: sideLines(previous.label, label),
  });
}

/**
 * The watched files' folders, and with `--watch-path` the current directory, watched from
 * the first run to the last, so that a change made while the program runs is not missed.
 */
class FileWatch {
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private files: ReadonlySet<string> = new Set();
  private pending = false;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;

  constructor(globs: picomatch.Matcher | undefined, cwd: string, private readonly output: string) {
    if (globs) {
      this.watchers.set('', fs.watch(cwd, { recursive: true }, (_event, name) => {
        if (name !== null && globs(name.toString())) this.changed(path.join(cwd, name.toString()));
      }));
    }
  }

  /** Watches these files from now on. */
  watch(files: ReadonlySet<string>): void {
    this.files = files;
    for (const dir of new Set([...files].map((file) => path.dirname(file)))) {
      if (this.watchers.has(dir)) continue;
      this.watchers.set(dir, fs.watch(dir, (_event, name) => {
        const file = name === null ? undefined : path.join(dir, name.toString());
        if (file !== undefined && this.files.has(file)) this.changed(file);
      }));
    }
  }

  /** Resolves once a change has been quiet for DEBOUNCE_MS (at once if one came during the run), or when `stop` aborts. */
  next(stop: AbortSignal): Promise<'changed' | 'interrupted'> {
    return new Promise((resolve) => {
      const settle = (): void => {
        stop.removeEventListener('abort', settle);
        this.wake = undefined;
        if (stop.aborted) return resolve('interrupted');
        this.pending = false;
        resolve('changed');
      };
      if (stop.aborted || this.pending) return settle();
      this.wake = settle;
      stop.addEventListener('abort', settle);
    });
  }

  close(): void {
    clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
  }

  private changed(file: string): void {
    // lineprof's own writes (the result file, its temporary and part files) are no edit.
    if (file.startsWith(this.output)) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.pending = true;
      this.wake?.();
    }, DEBOUNCE_MS);
  }
}
