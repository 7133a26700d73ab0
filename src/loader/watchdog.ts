// Keeps SIGINT/SIGTERM working while the program's main thread is busy. lineprof's
// signal listeners (which write the results) only run when the event loop turns; a
// program stuck in a long computation would then ignore Ctrl-C. A small worker watches
// a heartbeat in shared memory; when the main thread has not beaten for WATCH_MS, it
// runs `onBusy` inside the busy thread through the inspector (V8 interrupts it for that),
// which writes a snapshot of the results (a few ms: no probe-cost calibration) and drops
// the listeners, so that the next signal acts as it would without lineprof. The heartbeat
// puts them back.

import { startInternalWorker } from '../runtime/internal-worker.js';

export const BUSY_HOOK = Symbol.for('lineprof.busy');
const BEAT_MS = 100;
/**
 * How long the main thread may stay busy before the watchdog acts. Attaching an inspector
 * session to a thread that runs optimised code slows it down for a while (a 0.5 s
 * computation took 0.9 s when attached in its middle), so only long busy stretches pay it.
 */
const WATCH_MS = 2000;
const CHECK_MS = 250;

// Only a main thread that runs (Linux: state R in /proc) is interrupted. One that sleeps is
// waiting (Atomics.wait for Node's module-hooks thread, a sync child process), not
// computing: V8 can run an interrupt inside Atomics.wait, and on Node 20 the interrupt and
// the hooks thread's Atomics.notify deadlocked once (the main thread waiting for tsx's
// hooks on a loaded machine), both threads blocked for good; and an interrupted wait
// returns early ("ok"), which the program sees. The thread must be seen running at two
// checks in a row; the checks go on until then, or until it beats. (A thread that enters a
// wait right after the second check can still be interrupted in it.)
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const inspector = require('node:inspector');
const fs = require('node:fs');
const beat = workerData.beat;
const stat = '/proc/' + process.pid + '/task/' + process.pid + '/stat';
const sleeping = () => {
  if (process.platform !== 'linux') return false;
  try {
    const text = fs.readFileSync(stat, 'utf8');
    const at = text.lastIndexOf(')') + 2;
    return text[at] === 'S' || text[at] === 'D';
  } catch {
    return false;
  }
};
let last = Atomics.load(beat, 0);
let since = Date.now();
let handled = false;
let running = 0;
setInterval(() => {
  const now = Atomics.load(beat, 0);
  if (now !== last) { last = now; since = Date.now(); handled = false; running = 0; return; }
  if (handled || Date.now() - since < ${WATCH_MS}) return;
  // Running at two checks in a row: one that just woke (or is about to wait) is let be.
  if (sleeping()) { running = 0; return; }
  if (++running < 2) return;
  handled = true;
  const session = new inspector.Session();
  session.connectToMainThread();
  session.post('Runtime.evaluate', { expression: 'globalThis[Symbol.for("lineprof.busy")]?.()' }, () => session.disconnect());
}, ${CHECK_MS});
`;

export interface Watchdog {
  /** Called on each heartbeat: the thread is responsive again. */
  readonly onBeat: () => void;
}

export function startWatchdog(onBusy: () => void, onBeat: () => void): void {
  const beat = new Int32Array(new SharedArrayBuffer(4));
  // First, as it may be denied (it throws then, and nothing else is set up).
  startInternalWorker(WORKER_SOURCE, { beat });
  const timer = setInterval(() => {
    Atomics.add(beat, 0, 1);
    onBeat();
  }, BEAT_MS);
  timer.unref();
  (globalThis as Record<symbol, unknown>)[BUSY_HOOK] = onBusy;
}
