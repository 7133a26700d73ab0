// Writes a profiled process's results at its end. The root process (the one `lineprof run`
// or the user started) writes the result file, adding in the parts that its child
// processes and worker threads wrote before it ended, then deletes those parts. Any
// other process or thread writes a part: `<output>.<root pid>.<pid>-<thread>.part`
// (named by setup.ts, which passes it in as the role's output).

import fs from 'node:fs';
import path from 'node:path';
import { defaultProfiler } from '../profile.js';
import type { ProfilingSession } from '../session.js';
import { sumResults } from '../stats/merge.js';
import type { ProfileResult } from '../stats/model.js';
import { LAUNCH_NOTE_START, launchNote, mergedNotes, nothingRecordedNote, processesNote, profiledAllNote, saysWhyNothing, unmatchedPatternNote, unreadableMapNote } from '../stats/notes.js';
import { readResultFile, writeResultFile } from '../stats/result-file.js';
import { debug } from './debug.js';
import { withFileLock } from './file-lock.js';
import { missingPartsNotes, partsOf, unmarkStarted } from './parts.js';
import { isMainThread } from 'node:worker_threads';

export interface WriterRole {
  readonly root: boolean;
  /** The result file (root) or this process's part. */
  readonly output: string;
  readonly rootPid: string;
  /** A root that shares the result file with other roots of its launch (ProfileMeta.launch). */
  readonly launch?: string;
}

/**
 * When a write happens: at the process's end (`final`: the parts added in are deleted, the
 * process's start marker too); while it runs, every `-i` seconds (`interval`), or once
 * when its main thread is busy (`snapshot`, see watchdog.ts: as fast as it can be, without
 * the probe-cost calibration). Only the final write deletes: a part read by an earlier
 * write is read again by the next.
 */
export type WriteMode = 'final' | 'interval' | 'snapshot';

export function writeResults(session: ProfilingSession, startTime: string, role: WriterRole, mode: WriteMode = 'final'): void {
  // The test files of a `node --test` launch add to one file: adding a run's results every
  // few seconds would count them again.
  if (mode === 'interval' && role.launch !== undefined) return;
  const { config, runtime } = session;
  // A program that failed before any file of it was instrumented (a script that does not
  // parse, a missing module) leaves no result file: it would hold nothing, and `lineprof
  // run` would announce it as if the program had run.
  const failedUnloaded = runtime.registry.functions.length === 0 && (process.exitCode ?? 0) !== 0;
  if (role.root && failedUnloaded && partsOf(role.output, role.rootPid).length === 0) return;
  const own = ownResult(session, startTime, mode === 'snapshot');
  const parts = role.root ? partsOf(role.output, role.rootPid) : [];
  const { result: merged, read } = withParts(own, parts);
  const result = role.root ? withRootNotes(merged, role, parts) : merged;
  if (!saveResult(role, result)) return;
  if (mode !== 'final') return;
  for (const part of read) fs.rmSync(part, { force: true });
  if (!role.root && isMainThread) unmarkStarted(config.output, role.rootPid, process.pid);
  if (role.root && !config.fromCli) {
    for (const note of result.meta.notes ?? []) process.stderr.write(`lineprof: ${note}\n`);
    const relative = path.relative(process.cwd(), role.output);
    const shown = relative && !relative.startsWith('..') ? relative : role.output;
    process.stderr.write(`lineprof: wrote ${shown}; view it with: npx lineprof show ${shown}\n`);
  }
}

/** This process's (or thread's) own results, with its notes. */
function ownResult(session: ProfilingSession, startTime: string, snapshot: boolean): ProfileResult {
  const { selection, config, runtime } = session;
  const profiler = defaultProfiler(session);
  const sampler = runtime.sampler;
  const readResult = (): ProfileResult =>
    profiler.result({
      command: config.command,
      cwd: process.cwd(),
      startTime,
      ...(sampler ? { samples: sampler.samples(), intervalUs: Math.round(sampler.meanIntervalUs()) } : {}),
    });
  const result = snapshot ? runtime.readForSnapshot(readResult) : readResult();
  const notes = selection.unmatchedPatterns().map(unmatchedPatternNote);
  if (selection.recordedAll && result.stats.functions.length > 0) notes.push(profiledAllNote(result.stats));
  for (const [file, reason] of runtime.registry.unreadableMaps) notes.push(unreadableMapNote(file, reason));
  // Parts carry their notes too: `lineprof exec` says of them what holds for every process.
  return { ...result, meta: { ...result.meta, notes } };
}

/** `result` with the parts that can be read added in, and which parts those were (`read`, to delete after the final write). */
function withParts(result: ProfileResult, parts: readonly string[]): { result: ProfileResult; read: string[] } {
  const read: string[] = [];
  const readable = parts.flatMap((part) => {
    try {
      const partResult = readResultFile(part);
      read.push(part);
      return [partResult];
    } catch (error) {
      debug('%s: left alone, not added (%s)', part, (error as Error).message); // broken, or from a process still running
      return [];
    }
  });
  if (readable.length > 0) {
    const merged = sumResults([result, ...readable]);
    const mergedNoteList = [...mergedNotes([result, ...readable], merged.stats), processesNote(readable.length)];
    result = { ...merged, meta: { ...merged.meta, notes: mergedNoteList } };
  }
  return { result, read };
}

/** The root's result with what only the root says: the parts that are missing, and that nothing was recorded. */
function withRootNotes(result: ProfileResult, role: WriterRole, parts: readonly string[]): ProfileResult {
  const missing = missingPartsNotes(role.output, role.rootPid, parts);
  if (missing.length > 0) result = { ...result, meta: { ...result.meta, notes: [...(result.meta.notes ?? []), ...missing] } };
  // A run that recorded nothing says so (the test files of a launch add up first).
  const said = result.meta.notes ?? [];
  if (role.launch === undefined && result.stats.functions.length === 0 && !saysWhyNothing(said)) {
    result = { ...result, meta: { ...result.meta, notes: [...said, nothingRecordedNote()] } };
  }
  return result;
}

/** Writes `result` to the role's output; false (and one line on stderr) when it could not. */
function saveResult(role: WriterRole, result: ProfileResult): boolean {
  try {
    fs.mkdirSync(path.dirname(role.output), { recursive: true });
    if (role.launch === undefined) writeResultFile(role.output, result);
    else addToLaunch(role.output, role.launch, result);
  } catch (error) {
    process.stderr.write(`lineprof: ${role.output}: could not write results (${(error as Error).message})\n`);
    return false;
  }
  return true;
}

/**
 * Writes `result` into `output` together with what other processes of the same launch
 * wrote there (a file of another launch, or none, is replaced), under a lock.
 */
function addToLaunch(output: string, launch: string, result: ProfileResult): void {
  withFileLock(output, () => {
    let earlier: ProfileResult | undefined;
    try {
      earlier = readResultFile(output);
    } catch (error) {
      debug('%s: not added to (%s)', output, (error as Error).message);
    }
    const own: ProfileResult = { ...result, meta: { ...result.meta, launch } };
    if (earlier?.meta.launch !== launch) {
      writeResultFile(output, own);
      return;
    }
    const merged = sumResults([earlier, own]);
    const notes = [...mergedNotes([earlier, own], merged.stats), launchNote(launchCount(earlier) + 1)];
    writeResultFile(output, { ...merged, meta: { ...earlier.meta, launch, notes } });
  });
}

/** How many processes a launch's file holds already. */
function launchCount(result: ProfileResult): number {
  const note = result.meta.notes?.find((n) => n.startsWith(LAUNCH_NOTE_START));
  return note ? Number(/\d+/.exec(note)?.[0] ?? 1) : 1;
}

