// `lineprof merge -o OUT A.lprof B.lprof ...`: adds result files together (several runs of
// a program, or its processes) and writes the sum atomically. mergeResults is pure; it
// must not print, exit or catch: main prints the returned notes, and a bad file's
// LineprofError travels up to main before anything is written.

import { sumResults } from '../stats/merge.js';
import { readResultFile, writeResultFile } from '../stats/result-file.js';
import type { ProfileResult } from '../stats/model.js';
import type { Invocation } from './argv.js';

export type MergeInvocation = Extract<Invocation, { command: 'merge' }>;

/** Merges and writes; returns the notes for stderr, without the `lineprof: ` prefix. */
export function mergeFiles(invocation: MergeInvocation): string[] {
  const { files, outfile, quiet } = invocation;
  // Every input is read before OUT is written, so OUT may be one of them.
  const results = files.map((file) => readResultFile(file));
  writeResultFile(outfile, mergeResults(results, files));
  return quiet ? [] : [`merged ${files.length} result files into ${outfile}`];
}

/**
 * The totals summed; labelled runs that share a label summed into one (first seen first),
 * the others kept; the first file's meta, with a note saying what was merged.
 */
export function mergeResults(results: readonly ProfileResult[], files: readonly string[]): ProfileResult {
  const merged = sumResults(results);
  const note = `merged from ${files.length} result files: ${files.join(', ')}`;
  return { ...merged, meta: { ...merged.meta, notes: [...(merged.meta.notes ?? []), note] } };
}
