// Starts one of lineprof's own helper threads (the sampler, the watchdog): code given as
// a string, never profiled itself (no preload config in its environment), silent, and
// never keeping the process alive.

import { Worker } from 'node:worker_threads';

export function startInternalWorker(source: string, workerData: unknown): Worker {
  const worker = new Worker(source, {
    eval: true,
    workerData,
    env: { ...process.env, LINEPROF: '0' },
    execArgv: [],
    stdout: false,
    stderr: false,
  });
  worker.unref();
  return worker;
}
