// Parts: the result files that the processes and threads of one launch write beside the
// result file, `<output>.<root pid>.<pid>-<thread>.part`, for the root process (or
// `lineprof exec`) to add up. And their markers: a child process that starts recording
// leaves `<output>.<root pid>.<pid>.started`, which it removes once its part is written,
// so that whoever adds up the parts can say which processes' results are missing (one
// killed with SIGKILL writes nothing: vitest's and jest's workers get it 500 ms after
// SIGTERM) instead of reporting less in silence. Naming, listing and the markers only.

import fs from 'node:fs';
import path from 'node:path';
import { lostProcessesNote, runningProcessesNote } from '../stats/notes.js';
import { debug } from './debug.js';

/** `rootPid` names the launch: the first profiled process, or the `lineprof exec` that started it. */
export function partPath(output: string, rootPid: string, pid: number, threadId: number): string {
  return `${output}.${rootPid}.${pid}-${threadId}.part`;
}

/** The parts of one launch that exist now. */
export function partsOf(output: string, rootPid: string): string[] {
  const dir = path.dirname(output);
  const prefix = `${path.basename(output)}.${rootPid}.`;
  try {
    return fs
      .readdirSync(dir)
      .filter((name) => name.startsWith(prefix) && name.endsWith('.part'))
      .map((name) => path.join(dir, name));
  } catch (error) {
    debug('no parts of %s listed (%s)', output, (error as Error).message);
    return [];
  }
}

/** The marker of a child process that records (see above). */
export function startedPath(output: string, rootPid: string, pid: number): string {
  return `${output}.${rootPid}.${pid}.started`;
}

/** Leaves this process's marker; a marker that cannot be written only costs the warning. */
export function markStarted(output: string, rootPid: string, pid: number): void {
  try {
    fs.writeFileSync(startedPath(output, rootPid, pid), '');
  } catch (error) {
    debug('%s: no marker left (%s)', startedPath(output, rootPid, pid), (error as Error).message);
  }
}

export function unmarkStarted(output: string, rootPid: string, pid: number): void {
  fs.rmSync(startedPath(output, rootPid, pid), { force: true });
}

/** The processes of a launch that started recording and have written no part. */
export interface MissingParts {
  /** Ended without writing their results. */
  readonly lost: readonly number[];
  /** Still running: they write theirs after this. */
  readonly running: readonly number[];
}

/** Reads, and removes, the markers of processes that ended without writing their part. */
export function missingParts(output: string, rootPid: string): MissingParts {
  const dir = path.dirname(output);
  const prefix = `${path.basename(output)}.${rootPid}.`;
  const lost: number[] = [];
  const running: number[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return { lost, running };
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.started')) continue;
    const pid = Number(name.slice(prefix.length, -'.started'.length));
    if (!Number.isInteger(pid) || pid <= 0) continue;
    if (isRunning(pid)) {
      running.push(pid);
    } else {
      lost.push(pid);
      fs.rmSync(path.join(dir, name), { force: true });
    }
  }
  return { lost: lost.sort((a, b) => a - b), running: running.sort((a, b) => a - b) };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Notes on the child processes of a launch that recorded and wrote no part (among
 * `parts`, listed before): ended without writing, or still running (see parts.ts).
 */
export function missingPartsNotes(output: string, rootPid: string, parts: readonly string[]): string[] {
  const { lost, running } = missingParts(output, rootPid);
  // A process that wrote its part just after the parts were listed is still running.
  const wrote = (pid: number): boolean => parts.some((part) => path.basename(part).startsWith(`${path.basename(output)}.${rootPid}.${pid}-`));
  const stillRunning = running.filter((pid) => !wrote(pid));
  return [...(lost.length > 0 ? [lostProcessesNote(lost)] : []), ...(stillRunning.length > 0 ? [runningProcessesNote(stillRunning)] : [])];
}
