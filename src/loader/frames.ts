// Errors that pass through lineprof's loader (a program's top-level throw, a module that
// cannot be read) would carry a stack frame of the loader; removing it keeps the error's
// report as it is without lineprof. Only lines naming lineprof's own compiled files go.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

const OWN_DIR = path.dirname(fileURLToPath(import.meta.url));
const OWN_URL = new URL('.', import.meta.url).href;

export function withoutOwnFrames(error: unknown): unknown {
  try {
    if (typeof error === 'object' && error !== null && typeof (error as Error).stack === 'string') {
      const stack = (error as Error).stack!;
      const kept = stack.split('\n').filter((line) => !/^\s+at /.test(line) || !(line.includes(OWN_DIR) || line.includes(OWN_URL)));
      if (kept.length !== stack.split('\n').length) (error as Error).stack = kept.join('\n');
    }
  } catch {
    // A frozen error or a getter-only stack: left as it is.
  }
  return error;
}
