// `lineprof exec [options] [--] command [args...]`: runs any command (npm test, npx vitest,
// node --test a.mjs b.mjs, node --expose-gc app.js) with lineprof's preload in
// NODE_OPTIONS, so that every Node process and worker it starts is profiled. Each of them
// writes a part (this process's pid names the launch, so none of them takes itself for the
// root); when the command ends, the parts are added up into the one result file. As for
// `run`: nothing is printed while the command runs, and main prints the outcome.

import fs from 'node:fs';
import { isInformational, launchNote, mergedNotes, nothingRecordedNote, saysWhyNothing } from '../stats/notes.js';
import { sumResults } from '../stats/merge.js';
import type { ProfileResult } from '../stats/model.js';
import { readResultFile, writeResultFile } from '../stats/result-file.js';
import { missingPartsNotes, partsOf } from '../loader/parts.js';
import type { Invocation } from './argv.js';
import { displayPath, outputPath, preloadPath, profilingEnv, runChild, wroteNote } from './launch.js';
import type { RunContext, RunOutcome } from './run.js';

export type ExecInvocation = Extract<Invocation, { command: 'exec' }>;

/** Set by the first profiled process of a launch (see src/loader/setup.ts); `exec` sets it to itself. */
const ROOT_ENV = 'LINEPROF_ROOT_PID';

export async function execCommand(invocation: ExecInvocation, context: RunContext): Promise<RunOutcome> {
  const { file, args, options } = invocation;
  const output = outputPath(context.cwd, options.outfile, 'lineprof.lprof');
  const command = [file, ...args];
  const launch = String(process.pid);
  const env = { ...profilingEnv(options, output, command, preloadPath(context.preloadPath), context.env), [ROOT_ENV]: launch };
  const startTime = new Date().toISOString();
  const { exitCode, signal } = await runChild(file, args, env);

  const parts: ProfileResult[] = [];
  const unreadable: string[] = [];
  const read: string[] = [];
  for (const part of partsOf(output, launch)) {
    try {
      parts.push(readResultFile(part));
      read.push(part);
    } catch {
      unreadable.push(part); // a process still running, or one killed while it wrote
    }
  }
  const notes: string[] = [];
  const missing = missingPartsNotes(output, launch, [...read, ...unreadable]);
  for (const part of unreadable) notes.push(`${displayPath(context.cwd, part)}: left as it is (a process still running, or cut short?)`);
  if (parts.length === 0) {
    if (missing.length > 0) {
      notes.push(...missing, 'no results were written');
      return { exitCode, signal, notes, report: '' };
    }
    // A process under Node's permission model said what it was denied (permissions.ts).
    const permission = command.some((word) => word === '--permission' || word === '--experimental-permission');
    notes.push(
      permission
        ? 'no results were written: the permission model denied what lineprof needs (said above)'
        : `no results were written: no Node process of \`${command.join(' ')}\` was profiled (NODE_OPTIONS must reach it)`,
    );
    return { exitCode, signal, notes, report: '' };
  }
  const merged = sumResults(parts);
  const result: ProfileResult = {
    ...merged,
    meta: {
      ...merged.meta,
      command,
      cwd: context.cwd,
      startTime,
      notes: withWhyNothing(merged.stats.functions.length, [...mergedNotes(parts, merged.stats), launchNote(parts.length), ...missing]),
    },
  };
  writeResultFile(output, result);
  for (const part of read) fs.rmSync(part, { force: true });
  notes.unshift(...(result.meta.notes ?? []));
  notes.push(wroteNote(context.cwd, output, options.view));
  const report = options.view ? (await import('./text-report.js')).renderReport([result], options.report, context) : '';
  // -q: warnings only (notes.ts, isInformational).
  return { exitCode, signal, notes: options.quiet ? notes.filter((note) => !isInformational(note)) : notes, report };
}

/** The notes, and one more when nothing was recorded and none of them says why. */
function withWhyNothing(functions: number, notes: readonly string[]): string[] {
  return functions === 0 && !saysWhyNothing(notes) ? [...notes, nothingRecordedNote()] : [...notes];
}
