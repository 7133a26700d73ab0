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
import { readResultFile, writeResultFile } from '../stats/result-file.js';
import { debug } from './debug.js';

export interface WriterRole {
  readonly root: boolean;
  /** The result file (root) or this process's part. */
  readonly output: string;
  readonly rootPid: string;
}

function partsOf(output: string, rootPid: string): string[] {
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

/**
 * @param snapshot written while the program runs (its main thread is busy, see
 * watchdog.ts): as fast as it can be, without the probe-cost calibration.
 */
export function writeResults(session: ProfilingSession, startTime: string, role: WriterRole, snapshot = false): void {
  const { selection, config, runtime } = session;
  // A program that failed before any file of it was instrumented (a script that does not
  // parse, a missing module) leaves no result file: it would hold nothing, and `lineprof
  // run` would announce it as if the program had run.
  const failedUnloaded = runtime.registry.functions.length === 0 && (process.exitCode ?? 0) !== 0;
  if (role.root && failedUnloaded && partsOf(role.output, role.rootPid).length === 0) return;
  const profiler = defaultProfiler(session);
  const sampler = runtime.sampler;
  const readResult = (): ProfileResult =>
    profiler.result({
      command: config.command,
      cwd: process.cwd(),
      startTime,
      ...(sampler ? { samples: sampler.samples(), intervalUs: Math.round(sampler.meanIntervalUs()) } : {}),
    });
  let result = snapshot ? runtime.readForSnapshot(readResult) : readResult();
  const notes: string[] = [];
  for (const pattern of selection.unmatchedPatterns()) notes.push(`--func '${pattern}' matched no function`);
  const { functions } = result.stats;
  if (selection.recordedAll && functions.length > 0) {
    const files = new Set(functions.map((f) => f.file)).size;
    const count = functions.length;
    notes.push(
      `no function was selected (profile(), --func or --all): profiled all ${count} function${count === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`,
    );
  }
  if (role.root) result = { ...result, meta: { ...result.meta, notes } };
  const parts = role.root ? partsOf(role.output, role.rootPid) : [];
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
    result = sumResults([result, ...readable]);
    const count = readable.length;
    result = { ...result, meta: { ...result.meta, notes: [...notes, `added the results of ${count} child process${count === 1 ? '' : 'es'} or worker${count === 1 ? '' : 's'}`] } };
  }
  try {
    fs.mkdirSync(path.dirname(role.output), { recursive: true });
    writeResultFile(role.output, result);
  } catch (error) {
    process.stderr.write(`lineprof: ${role.output}: could not write results (${(error as Error).message})\n`);
    return;
  }
  for (const part of read) fs.rmSync(part, { force: true });
  if (role.root && !config.fromCli) {
    for (const note of result.meta.notes ?? []) process.stderr.write(`lineprof: ${note}\n`);
    const relative = path.relative(process.cwd(), role.output);
    const shown = relative && !relative.startsWith('..') ? relative : role.output;
    process.stderr.write(`lineprof: wrote ${shown}; view it with: npx lineprof show ${shown}\n`);
  }
}
