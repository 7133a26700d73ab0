// Writes the result file however the program ends: normal end, process.exit(),
// an uncaught exception or unhandled rejection (all of which fire 'exit'), and
// SIGINT/SIGTERM, after which the process dies of the same signal as it would have.
// Never adds an 'unhandledRejection' listener: that would swallow the crash.

export function onProcessEnd(write: () => void): void {
  let written = false;
  const writeOnce = (): void => {
    if (written) return;
    written = true;
    write();
  };
  process.on('exit', writeOnce);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const handler = (): void => {
      writeOnce();
      // If the program listens too, its handler decides what happens; else die as node would.
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, handler);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, handler);
  }
}
