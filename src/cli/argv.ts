// The command line as plain values: which words are lineprof's and which belong to the
// profiled program, and what each option means. Pure: it must not read process.argv,
// the environment or files, print, or exit; help text is returned, mistakes are thrown
// as LineprofError('USAGE'), so that the table of splits in the tests is the whole truth.

import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { LineprofError } from '../errors.js';
import type { EngineName } from '../stats/model.js';
import { valuesFor, type ConfigLoader } from './config.js';

/** How a report is shown, shared by `run -v` and `show`. */
export interface ReportOptions {
  /** Seconds per displayed time unit (`-u`); `undefined` leaves the choice to the renderer. */
  readonly unit: number | undefined;
  readonly skipZero: boolean;
  readonly sort: boolean;
  /** `--top N`: only the N functions with the most time (sorted so). */
  readonly top: number | undefined;
  readonly summary: boolean;
  /** `--max`: a Max column, each line's slowest single hit. */
  readonly max: boolean;
  /** `false` after `--no-color`; colour also needs a terminal, decided where the terminal is known. */
  readonly color: boolean;
}

export interface RunOptions {
  /** `-o` as given; `run` resolves it (default `<script basename>.lprof` in the cwd). */
  readonly outfile: string | undefined;
  readonly view: boolean;
  readonly quiet: boolean;
  readonly funcs: readonly string[];
  readonly all: boolean;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly engine: EngineName;
  readonly intervalUs: number | undefined;
  readonly compensate: boolean;
  /** `-i SECONDS`: write the results every SECONDS while the program runs. */
  readonly outputIntervalS: number | undefined;
  readonly report: ReportOptions;
  /** `run --watch`: run again whenever one of the program's files changes. */
  readonly watch: boolean;
  /** `--watch-path GLOB`: more files whose change starts a run. */
  readonly watchPaths: readonly string[];
}

/** What `show` writes: the text report, or one of the exports (src/report/<format>.ts). */
export const SHOW_FORMATS = ['text', 'html', 'json', 'lcov', 'pprof', 'speedscope', 'cpuprofile'] as const;
export type ShowFormat = (typeof SHOW_FORMATS)[number];

export const DIFF_FORMATS = ['text', 'html', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** How `diff` shows its result. */
export interface DiffOptions {
  /** Seconds per displayed time unit of the text (`-u`); the JSON keeps the results' own unit. */
  readonly unit: number | undefined;
  readonly skipZero: boolean;
  readonly color: boolean;
  /** The text report, JSON for scripts, or an HTML page. */
  readonly format: DiffFormat;
  /** `-o FILE`: written there (atomically) instead of to stdout. */
  readonly output: string | undefined;
}

/** One side of a diff: a result file's accumulated total, or one of its labelled runs. */
export interface ProfileSource {
  readonly file: string;
  readonly run: string | undefined;
}

export type Invocation =
  | {
      readonly command: 'run';
      readonly script: string;
      /** The program's own arguments, untouched (even `-v`, `--`, `--func`). */
      readonly args: readonly string[];
      readonly options: RunOptions;
    }
  | {
      readonly command: 'exec';
      /** The command to run (found on PATH) and its arguments, untouched. */
      readonly file: string;
      readonly args: readonly string[];
      /** As for `run`; `outfile` defaults to `lineprof.lprof` in the current directory. */
      readonly options: RunOptions;
    }
  | {
      readonly command: 'show';
      readonly files: readonly string[];
      /** `--run LABEL`: that labelled run of each file instead of its accumulated total. */
      readonly run: string | undefined;
      readonly format: ShowFormat;
      /** `-o FILE`: written there (atomically) instead of to stdout. */
      readonly output: string | undefined;
      readonly options: ReportOptions;
    }
  | { readonly command: 'diff'; readonly a: ProfileSource; readonly b: ProfileSource; readonly options: DiffOptions }
  | { readonly command: 'merge'; readonly files: readonly string[]; readonly outfile: string; readonly quiet: boolean }
  /** `--help`, `--version`, or no command at all (exit code 2, text for stderr). */
  | { readonly command: 'help'; readonly text: string; readonly exitCode: 0 | 2 };

/** The raw shape commander gives us; `splitArgv` narrows it into the types above. */
interface ParsedFlags {
  outfile?: string;
  unit?: number;
  func?: string[];
  include?: string[];
  exclude?: string[];
  engine: EngineName;
  interval?: number;
  outputInterval?: number;
  view?: boolean;
  quiet?: boolean;
  skipZero?: boolean;
  sort?: boolean;
  top?: number;
  summary?: boolean;
  max?: boolean;
  all?: boolean;
  compensate: boolean;
  color: boolean;
  run?: string;
  runs?: string[];
  json?: boolean;
  watch?: boolean;
  watchPath?: string[];
  /** `--config FILE`, or false after `--no-config`. */
  config?: string | false;
  format?: string;
  output?: string;
}

/**
 * Parses everything after `lineprof` on the command line. For `run`, lineprof's options
 * come first; the first non-option word is the script and all words after it go to the
 * program. A `--` before the script ends lineprof's options.
 */
export function splitArgv(argv: readonly string[], settings: { version?: string; loadConfig?: ConfigLoader } = {}): Invocation {
  let invocation: Invocation | undefined;
  let captured = '';
  const program = createProgram(
    settings.version,
    settings.loadConfig,
    (text) => {
      captured += text;
    },
    (parsed) => {
      invocation = parsed;
    },
  );
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
      return { command: 'help', text: captured, exitCode: 0 };
    }
    // `lineprof help run` (exit code 0), or `lineprof` alone: the help as an error.
    if (error.code === 'commander.help') {
      return { command: 'help', text: captured, exitCode: error.exitCode === 0 ? 0 : 2 };
    }
    throw new LineprofError('USAGE', error.message.replace(/^error: /, ''), { cause: error });
  }
  // Every path through commander ends in an action or an exception.
  return invocation!;
}

function createProgram(version: string | undefined, loadConfig: ConfigLoader | undefined, write: (text: string) => void, found: (invocation: Invocation) => void): Command {
  const program = new Command('lineprof')
    .description('Line-by-line profiler for JavaScript and TypeScript on Node.js')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: write,
      writeErr: write,
      // Errors reach the user through LineprofError, printed once by main.
      outputError: () => {},
      getOutHelpWidth: () => 80,
      getErrHelpWidth: () => 80,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    });
  if (version !== undefined) program.version(version, '-V, --version');
  // `.command()` (not addCommand) in each builder so that the exit override and output settings are inherited.
  addRunCommand(program, loadConfig, found);
  addExecCommand(program, loadConfig, found);
  addShowCommand(program, loadConfig, found);
  addDiffCommand(program, found);
  addMergeCommand(program, found);
  return program;
}

function addRunCommand(program: Command, loadConfig: ConfigLoader | undefined, found: (invocation: Invocation) => void): void {
  const run = program
    .command('run')
    .description('run a script under the profiler and write its results')
    .usage('[options] <script> [args...]')
    .passThroughOptions()
    .argument('<script>', 'the program to profile')
    .argument('[args...]', "the program's own arguments, passed untouched")
    .option('-o, --outfile <file>', 'result file (default: <script>.lprof in the current directory)')
    .option('-w, --watch', "run again whenever one of the program's files changes (Ctrl-C ends)")
    .option('--watch-path <glob>', 'with --watch: also run again when a file matching the glob changes (repeatable)', collect)
    .action((script: string, args: string[], given: ParsedFlags, command: Command) => {
      const flags = withConfig('run', given, command, loadConfig);
      if (flags.watchPath !== undefined && flags.watch !== true) throw new LineprofError('USAGE', "option '--watch-path' needs '--watch'");
      found({ command: 'run', script, args, options: toRunOptions(flags) });
    });
  addRunOptions(run);
}

function addExecCommand(program: Command, loadConfig: ConfigLoader | undefined, found: (invocation: Invocation) => void): void {
  const exec = program
    .command('exec')
    .description('run any command (npm test, npx vitest, node --test ...) with every Node process it starts profiled')
    .usage('[options] [--] <command> [args...]')
    .passThroughOptions()
    .argument('<command>', 'the command to run, found on PATH')
    .argument('[args...]', "the command's own arguments, passed untouched")
    .option('-o, --outfile <file>', 'result file (default: lineprof.lprof in the current directory)')
    .action((file: string, args: string[], given: ParsedFlags, command: Command) => {
      found({ command: 'exec', file, args, options: toRunOptions(withConfig('exec', given, command, loadConfig)) });
    });
  addRunOptions(exec);
}

function addShowCommand(program: Command, loadConfig: ConfigLoader | undefined, found: (invocation: Invocation) => void): void {
  const show = program
    .command('show')
    .description('print the report of one or more result files (several are merged)')
    .argument('<files...>', 'result files written by lineprof run')
    .option('--run <label>', 'show the run with this label instead of the accumulated total')
    .addOption(new Option('--format <format>', 'what to write').choices(SHOW_FORMATS).default('text'))
    .option('-o, --output <file>', 'write it to this file instead of stdout')
    .action((files: string[], given: ParsedFlags, command: Command) => {
      const flags = withConfig('show', given, command, loadConfig);
      const format = flags.format as ShowFormat;
      found({ command: 'show', files, run: flags.run, format, output: flags.output, options: toReportOptions(flags) });
    });
  addReportOptions(show);
  addConfigOptions(show);
}

function addDiffCommand(program: Command, found: (invocation: Invocation) => void): void {
  // Files are optional for commander so that toDiffSources can say what is wrong in our words.
  program
    .command('diff')
    .description('compare two result files, or two labelled runs of one, line by line')
    .usage('[options] <A.lprof> <B.lprof> | <file.lprof> --runs <A> <B>')
    .argument('[files...]', 'result files: A then B, or one file with --runs')
    .option('--runs <labels...>', 'compare the runs labelled A and B of one result file')
    .addOption(new Option('--format <format>', "what to write (json: every function, times in the result files' unit)").choices(DIFF_FORMATS).default('text'))
    .option('--json', 'the same as --format json')
    .option('-o, --output <file>', 'write it to this file instead of stdout')
    .option('-u, --unit <seconds>', 'time unit of the text report, e.g. 1e-6', parsePositiveNumber)
    .option('-z, --skip-zero', 'hide functions that ran in neither')
    .option('--no-color', 'never colour the report')
    .action((files: string[], flags: ParsedFlags) => {
      found({ command: 'diff', ...toDiffSources(files, flags.runs), options: toDiffOptions(flags) });
    });
}

function addMergeCommand(program: Command, found: (invocation: Invocation) => void): void {
  program
    .command('merge')
    .description('add result files together (runs of one program, or its processes) into one')
    .argument('<files...>', 'result files to merge')
    .requiredOption('-o, --outfile <file>', 'where to write the merged result (may be one of the inputs)')
    .option('-q, --quiet', "don't note where the result was written")
    .action((files: string[], flags: ParsedFlags & { outfile: string }) => {
      found({ command: 'merge', files, outfile: flags.outfile, quiet: flags.quiet === true });
    });
}

function toDiffSources(files: readonly string[], runs: readonly string[] | undefined): { a: ProfileSource; b: ProfileSource } {
  if (runs === undefined) {
    if (files.length !== 2) {
      throw new LineprofError('USAGE', `diff takes two result files, or one with --runs (got ${files.length})`);
    }
    return { a: { file: files[0], run: undefined }, b: { file: files[1], run: undefined } };
  }
  // `--runs` takes every word up to the next option, so a file after it lands here.
  if (runs.length !== 2) {
    const hint = files.length === 0 && runs.length > 2 ? '; the file goes before --runs' : '';
    throw new LineprofError('USAGE', `option '--runs' takes two labels (got ${runs.length})${hint}`);
  }
  if (files.length !== 1) {
    throw new LineprofError('USAGE', `diff --runs takes one result file (got ${files.length})`);
  }
  return { a: { file: files[0], run: runs[0] }, b: { file: files[0], run: runs[1] } };
}

function toDiffOptions(flags: ParsedFlags): DiffOptions {
  const format = flags.json === true ? 'json' : (flags.format as DiffFormat);
  return { unit: flags.unit, skipZero: flags.skipZero === true, color: flags.color, format, output: flags.output };
}

function addConfigOptions(command: Command): void {
  command
    .option('--config <file>', 'read options from this file (default: the nearest lineprof.config.json or package.json "lineprof")')
    .option('--no-config', 'read no config file');
}

/**
 * The flags with the config's values for what the command line did not give: commander
 * says which values came from the command line.
 */
function withConfig(name: 'run' | 'exec' | 'show', flags: ParsedFlags, command: Command, load: ConfigLoader | undefined): ParsedFlags {
  if (load === undefined || flags.config === false) return flags;
  const config = load(flags.config);
  if (config === undefined) return flags;
  const merged: Record<string, unknown> = { ...flags };
  for (const [key, value] of Object.entries(valuesFor(config, name))) {
    if (command.getOptionValueSource(key) !== 'cli') merged[key] = value;
  }
  return merged as unknown as ParsedFlags;
}

/** The options `run` and `exec` share (each adds its own `-o`). */
function addRunOptions(command: Command): void {
  command
    .option('-v, --view', 'print the report to stdout after the program has ended')
    .option('-q, --quiet', "print no notes but warnings (results missing, empty or on built lines)")
    .option('--func <pattern>', 'profile functions matching the pattern (repeatable)', collect)
    .option('--all', "profile every function of the program's own files")
    .option('--include <glob>', 'also instrument files matching the glob (repeatable)', collect)
    .option('--exclude <glob>', 'never instrument files matching the glob (repeatable)', collect)
    .addOption(new Option('--engine <name>', 'timing engine').choices(['exact', 'sampled']).default('exact'))
    .option('--interval <us>', 'sampled engine: microseconds between samples', parsePositiveInteger)
    .option('--no-compensate', "exact engine: don't subtract the probes' own cost")
    .option('-i, --output-interval <seconds>', 'also write the results every SECONDS while the program runs', parsePositiveNumber);
  addReportOptions(command);
  addConfigOptions(command);
}

function addReportOptions(command: Command): void {
  command
    .option('-u, --unit <seconds>', 'time unit of the report, e.g. 1e-6', parsePositiveNumber)
    .option('-z, --skip-zero', 'hide functions that were never hit')
    .option('--sort', 'most total time first')
    .option('--top <n>', 'only the N functions with the most total time, most first', parsePositiveInteger)
    .option('--summary', 'also print one line of total time per function')
    .option('--max', "add a Max column: each line's slowest single hit (exact engine)")
    .option('--no-color', 'never colour the report');
}

function toRunOptions(flags: ParsedFlags): RunOptions {
  if (flags.interval !== undefined && flags.engine !== 'sampled') {
    throw new LineprofError('USAGE', "option '--interval' needs '--engine sampled'");
  }
  return {
    outfile: flags.outfile,
    view: flags.view === true,
    quiet: flags.quiet === true,
    funcs: flags.func ?? [],
    all: flags.all === true,
    include: flags.include ?? [],
    exclude: flags.exclude ?? [],
    engine: flags.engine,
    intervalUs: flags.interval,
    compensate: flags.compensate,
    outputIntervalS: flags.outputInterval,
    report: toReportOptions(flags),
    watch: flags.watch === true,
    watchPaths: flags.watchPath ?? [],
  };
}

function toReportOptions(flags: ParsedFlags): ReportOptions {
  return {
    unit: flags.unit,
    skipZero: flags.skipZero === true,
    sort: flags.sort === true,
    top: flags.top,
    summary: flags.summary === true,
    max: flags.max === true,
    color: flags.color,
  };
}

// No default value: commander would print "(default: [])" in the help.
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function parsePositiveNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) {
    throw new InvalidArgumentError('Expected a positive number.');
  }
  return number;
}

function parsePositiveInteger(value: string): number {
  const number = parsePositiveNumber(value);
  if (!Number.isInteger(number)) throw new InvalidArgumentError('Expected a positive integer.');
  return number;
}
