// The profiling session of this thread, if lineprof is active: the runtime, the default
// profiler's selection and the config. Set once by the preload (src/loader/setup.ts).

import type { LoaderConfig } from './loader/config.js';
import type { Runtime } from './runtime/runtime.js';
import type { Selection } from './runtime/selection.js';

export interface ProfilingSession {
  readonly runtime: Runtime;
  readonly selection: Selection;
  readonly config: LoaderConfig;
}

let session: ProfilingSession | undefined;

export function currentSession(): ProfilingSession | undefined {
  return session;
}

export function startSession(value: ProfilingSession): void {
  session = value;
}
