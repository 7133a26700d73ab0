// Writes the result file however the program ends: normal end, process.exit(),
// an uncaught exception or unhandled rejection (all of which fire 'exit'), and
// SIGINT/SIGTERM, after which the process dies of the same signal as it would have.
// Never adds an 'unhandledRejection' listener: that would swallow the crash.

import { startWatchdog } from './watchdog.js';
import { debug } from './debug.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * How many calls into the rest of the module hook chain are running in this thread
 * (sync-hooks.ts). With another loader's async hooks (`--loader ts-node/esm`), Node blocks
 * the thread in there until its hooks thread answers, for as long as that takes (ts-node's
 * type check: seconds); a snapshot the watchdog runs then must not load a module through
 * the same chain: Node's wait for the answer is not reentrant, and both threads hung,
 * SIGTERM ignored. On Linux the watchdog already leaves a thread asleep in such a wait
 * alone (watchdog.ts); this count covers the platforms where it cannot tell, and a wait
 * that starts just after its check.
 */
export const loaderWait = { depth: 0 };

export function onProcessEnd(write: (snapshot: boolean) => void): void {
  let written = false;
  const writeOnce = (): void => {
    if (written) return;
    written = true;
    write(false);
  };
  // A snapshot while the program is busy; never during or after the final write (the
  // watchdog can interrupt the exit-time write itself when that takes long).
  const writeSnapshot = (): void => {
    if (!written && loaderWait.depth === 0) write(true);
  };
  process.on('exit', writeOnce);

  const handlers = SIGNALS.map((signal) => {
    const handler = (): void => {
      writeOnce();
      // If the program listens too, its handler decides what happens; else die as node would.
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, handler);
        process.kill(process.pid, signal);
      }
    };
    return [signal, handler] as const;
  });
  let listening = false;
  const listen = (): void => {
    if (listening) return;
    listening = true;
    for (const [signal, handler] of handlers) process.on(signal, handler);
  };
  const unlisten = (): void => {
    if (!listening) return;
    listening = false;
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
  listen();
  // Busy main thread: save what we have and let signals act as without lineprof. Not to
  // be had everywhere (Node's permission model may deny worker threads): then signals
  // wait for the event loop, as they did before the watchdog.
  try {
    startWatchdog(() => {
      writeSnapshot();
      unlisten();
    }, listen);
  } catch (error) {
    debug('no watchdog: %s', (error as Error).message);
  }
}
