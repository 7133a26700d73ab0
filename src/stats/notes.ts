// The one-line notes a result file carries for its user (ProfileMeta.notes), written in one
// place: the processes that write results say them, and `lineprof exec`, which merges the
// parts of many processes, says of them what holds for all. Pure: strings in, strings out.

import type { ProfileResult, ProfileStats } from './model.js';

export function unmatchedPatternNote(pattern: string): string {
  return `--func '${pattern}' matched no function`;
}

const PROFILED_ALL = 'no function was selected (profile(), --func or --all): profiled all ';

/** Said when nothing selected functions, so that every function of the own files recorded. */
export function profiledAllNote(stats: ProfileStats): string {
  const files = new Set(stats.functions.map((f) => f.file)).size;
  const count = stats.functions.length;
  return `${PROFILED_ALL}${count} function${count === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`;
}

export const LAUNCH_NOTE_START = 'added up the results of ';

/** Where the results went (cli/output.ts says it). */
export const WROTE_NOTE_START = 'wrote profile results to ';

/** `lineprof exec`, and the test files of `node --test`: how many processes (and workers) wrote results. */
export function launchNote(count: number): string {
  return count === 1 ? `${LAUNCH_NOTE_START}1 Node process` : `${LAUNCH_NOTE_START}${count} Node processes and workers`;
}

/** The root process: how many of its child processes and workers it added in. */
export function processesNote(count: number): string {
  return `added the results of ${count} child process${count === 1 ? '' : 'es'} or worker${count === 1 ? '' : 's'}`;
}

/**
 * The notes that hold for a merge of several processes' results: a --func pattern
 * matched nothing only if it matched nothing in every one of them, and all functions were
 * profiled (for want of a selection) only if that was so in every one that recorded any,
 * counted again over the merged stats; a source map that any of them could not read.
 */
export function mergedNotes(parts: readonly ProfileResult[], merged: ProfileStats): string[] {
  const lists = parts.map((part) => part.meta.notes ?? []);
  const all = [...new Set(lists.flat())];
  const notes = all.filter((note) => note.startsWith('--func ') && lists.every((list) => list.includes(note)));
  // A source map that one process could not read is one that the merged report lacks.
  notes.push(...all.filter((note) => note.includes(UNREADABLE_MAP)));
  const recording = lists.filter((_, i) => parts[i].stats.functions.length > 0);
  if (recording.length > 0 && recording.every((list) => list.some((note) => note.startsWith(PROFILED_ALL)))) {
    notes.push(profiledAllNote(merged));
  }
  return notes;
}

/** Child processes that recorded and ended without writing their results (see parts.ts). */
export function lostProcessesNote(pids: readonly number[]): string {
  const many = pids.length > 1;
  return `the results of ${pids.length} child process${many ? 'es' : ''} (pid ${pids.join(', ')}) are missing: ${many ? 'they' : 'it'} ended without writing them (killed with SIGKILL, e.g. by a test runner's timeout after SIGTERM?)`;
}

/** Child processes still running when the results were added up. */
export function runningProcessesNote(pids: readonly number[]): string {
  const many = pids.length > 1;
  return `${pids.length} child process${many ? 'es' : ''} (pid ${pids.join(', ')}) still running: ${many ? 'their' : 'its'} results are not in this file`;
}

/** A built file whose source map names a map that cannot be read (see original-lines.ts). */
const UNREADABLE_MAP = ': its source map could not be read (';

export function unreadableMapNote(file: string, reason: string): string {
  return `${file}${UNREADABLE_MAP}${reason}): its lines are the built file's`;
}

/**
 * Said when a run recorded no function at all (and no --func pattern says why): a program
 * whose own files have none, or code that ran where lineprof's hooks do not reach.
 */
export function nothingRecordedNote(): string {
  return "nothing was recorded: no function of the program's own files was loaded (a file's top-level code is not timed, only its functions; code that a test runner evaluates itself needs lineprof/jest or lineprof/vitest; files outside the working directory need --include)";
}

/** Whether `notes` already say why nothing was recorded. */
export function saysWhyNothing(notes: readonly string[]): boolean {
  return notes.some((note) => note.startsWith('--func ') || note.includes('vitest ran without'));
}

/**
 * Whether a note only informs (where results went, what was added up, that everything was
 * profiled for want of a selection): `-q` leaves those out. A note that results are
 * missing, empty or on the built lines (a --func that matched nothing, a lost process, an
 * unreadable source map) is a warning and shows whatever the options.
 */
export function isInformational(note: string): boolean {
  return INFORMATIONAL.some((start) => note.startsWith(start));
}

const INFORMATIONAL = [PROFILED_ALL, LAUNCH_NOTE_START, 'added the results of ', WROTE_NOTE_START];
