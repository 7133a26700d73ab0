// Where the bench's own files are. Only paths: nothing is read or written here.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(BENCH, '..');
export const WORKLOADS = path.join(BENCH, 'workloads');
export const PYDIR = path.join(BENCH, 'python');
// lineprof skips files inside its own package by default, and bench/ is inside it: include ours.
export const INCLUDE = `${WORKLOADS}/**`;
/** The native TSC clock, relative to a lineprof package. */
export const ADDON = 'native/build/Release/tsc_clock.node';
