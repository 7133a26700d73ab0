// Starts one of lineprof's own helper threads (the sampler, the watchdog): code given as
// a string, never profiled itself (no preload config in its environment), silent, and
// never keeping the process alive or stopping it.

import { Worker } from 'node:worker_threads';

// Taken when lineprof loads, before the program can replace them.
const apply = Reflect.apply;
const enqueue = queueMicrotask;

export function startInternalWorker(source: string, workerData: unknown): Worker {
  // Worker's constructor schedules ticks (`process.emit('worker')`, its stdio streams).
  // Started by the preload, they would still be pending when the program's first
  // microtasks run, and Node would then run those from processTicksAndRejections, a frame
  // that plain node does not show in their stack traces (an async main's rejection, say).
  // Queued as microtasks instead, they run first in the program's first microtask drain,
  // whoever starts it. The program's own code is not running yet, so nothing else sees
  // the swap.
  const nextTick = process.nextTick;
  process.nextTick = (callback: (...args: unknown[]) => void, ...args: unknown[]): void => {
    // They run once the program has run its first part, which may have replaced
    // Array.prototype[Symbol.iterator]: no spread (Reflect.apply reads the array by index).
    enqueue(() => apply(callback, undefined, args));
  };
  let worker: Worker;
  try {
    worker = new Worker(source, {
      eval: true,
      workerData,
      env: { ...process.env, LINEPROF: '0' },
      execArgv: [],
      stdout: false,
      stderr: false,
    });
  } finally {
    process.nextTick = nextTick;
  }
  // A failure of a helper thread must not reach the program as an unhandled 'error'.
  worker.on('error', () => {});
  worker.unref();
  return worker;
}
