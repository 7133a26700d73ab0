// Parts: the result files that the processes and threads of one launch write beside the
// result file, `<output>.<root pid>.<pid>-<thread>.part`, for the root process (or
// `lineprof exec`) to add up. Naming and listing only.

import fs from 'node:fs';
import path from 'node:path';
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
