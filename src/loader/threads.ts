// What the profiled threads of one process share over a BroadcastChannel of that process
// (every profiled thread has one, unref'd):
//
// - Results of workers that never see their own end. A worker's 'exit' handler (where it
//   writes its part) runs when the worker ends by itself or calls process.exit, but not
//   when another thread calls `worker.terminate()` (tinypool, which vitest's threads pool
//   uses, ends its workers so) nor when the process ends under it. So each profiled worker
//   answers a request to write its part now; each thread asks its profiled worker before
//   it terminates it, and the main thread asks every one still running before the process
//   ends. The request carries a shared cell, on which the asking thread waits
//   (Atomics.wait) until the worker has written, for at most FLUSH_WAIT_MS; terminate()
//   is then called as the program called it, within the same synchronous call, so that
//   nothing the program does after it (a postMessage, say) reaches the worker in between.
//   A worker busy in a long computation does not answer in time: one line says its
//   results are lost.
// - The exact engine's probe cost, measured once per process (~30 ms, which a worker that
//   writes when asked has not got): the main thread hands every worker that announces
//   itself a shared cell, where the first thread to measure leaves the cost.

import { BroadcastChannel, isMainThread, receiveMessageOnPort, threadId, Worker, type MessagePort } from 'node:worker_threads';
import type { SharedProbeCost } from '../runtime/runtime.js';
import { debug } from './debug.js';

/** How long a thread waits for a worker to write its results (~30 ms, measured) before it goes on. */
const FLUSH_WAIT_MS = 1000;

type Message =
  | { readonly kind: 'profiled'; readonly threadId: number }
  | { readonly kind: 'shared'; readonly probeCost: SharedArrayBuffer }
  | { readonly kind: 'flush'; readonly threadId: number; readonly done: Int32Array }
  | { readonly kind: 'ended'; readonly threadId: number };

export interface ProcessThreads {
  /** The probe cost this thread shares with the others. */
  readonly probeCost: SharedProbeCost;
  /**
   * A worker's first instrumented file loaded: from now on it has results to write when
   * asked. (Workers that never load one, esbuild's own for its sync API say, are not asked.)
   */
  announce(): void;
  /** Main thread: has every profiled worker still running write its part (before the root writes). */
  flushWorkers(): void;
}

/** @param write writes this thread's results (its part, for a worker) */
export function joinProcessThreads(launch: string, write: () => void): ProcessThreads {
  const channel = new BroadcastChannel(`lineprof:${launch}:${process.pid}`);
  channel.unref();
  /** Profiled workers of this process that announced themselves and have not ended. */
  const profiled = new Set<number>();
  const cost = probeCostCell();
  if (isMainThread) cost.share(new SharedArrayBuffer(16));

  const handle = messageHandler(channel, profiled, cost, write);
  channel.onmessage = (event: unknown) => handle((event as { data: Message }).data);
  const drain = (): void => {
    // Messages this thread has not handled yet (a worker started just before the end).
    for (let next = receiveMessageOnPort(channel as unknown as MessagePort); next; next = receiveMessageOnPort(channel as unknown as MessagePort)) {
      handle(next.message as Message);
    }
  };
  const flush = workerFlush(channel, profiled);
  flushBeforeTerminate(drain, flush);

  return {
    announce: announcer(channel),
    probeCost: {
      read: () => {
        drain();
        return cost.read();
      },
      write: cost.write,
    },
    flushWorkers: () => {
      drain();
      for (const id of [...profiled]) flush(id);
    },
  };
}

/** The probe cost's cell in shared memory, once this thread has one. */
interface ProbeCostCell extends SharedProbeCost {
  /** The cell's memory, to hand a worker; undefined until this thread has a cell. */
  buffer(): SharedArrayBuffer | undefined;
  /** Takes `buffer` (16 bytes) as this thread's cell, unless it has one already. */
  share(buffer: SharedArrayBuffer): void;
}

function probeCostCell(): ProbeCostCell {
  // [0]: 1 once [1] holds the cost in ns. A worker's cell arrives with the main thread's answer.
  let cell: Float64Array | undefined;
  let ready: Int32Array | undefined;
  return {
    buffer: () => cell?.buffer as SharedArrayBuffer | undefined,
    share: (buffer) => {
      if (cell) return;
      ready = new Int32Array(buffer, 0, 1);
      cell = new Float64Array(buffer, 8, 1);
    },
    read: () => (ready && cell && Atomics.load(ready, 0) === 1 ? cell[0] : undefined),
    write: (ns) => {
      if (!ready || !cell || Atomics.load(ready, 0) === 1) return;
      cell[0] = ns;
      Atomics.store(ready, 0, 1);
    },
  };
}

/** What a thread does with each message of the channel (`write`: its results, when asked). */
function messageHandler(channel: BroadcastChannel, profiled: Set<number>, cost: ProbeCostCell, write: () => void): (message: Message) => void {
  return (message) => {
    if (message.kind === 'profiled') {
      profiled.add(message.threadId);
      if (isMainThread) {
        const probeCost = cost.buffer();
        if (probeCost) channel.postMessage({ kind: 'shared', probeCost } satisfies Message);
      }
    } else if (message.kind === 'shared') {
      cost.share(message.probeCost);
    } else if (message.kind === 'ended') {
      profiled.delete(message.threadId);
    } else if (message.kind === 'flush' && message.threadId === threadId) {
      try {
        write();
      } finally {
        Atomics.store(message.done, 0, 1);
        Atomics.notify(message.done, 0);
      }
    }
  };
}

/** A worker's announce (see ProcessThreads): once, and never on the main thread. */
function announcer(channel: BroadcastChannel): () => void {
  let announced = false;
  const announce = (): void => {
    if (announced || isMainThread) return;
    announced = true;
    channel.postMessage({ kind: 'profiled', threadId } satisfies Message);
    process.on('exit', () => channel.postMessage({ kind: 'ended', threadId } satisfies Message));
  };
  return announce;
}

/** @returns asks worker `id` to write its results, and waits for it (at most FLUSH_WAIT_MS) */
function workerFlush(channel: BroadcastChannel, profiled: Set<number>): (id: number) => void {
  const flush = (id: number): void => {
    if (!profiled.has(id)) return;
    profiled.delete(id);
    const done = new Int32Array(new SharedArrayBuffer(4));
    channel.postMessage({ kind: 'flush', threadId: id, done } satisfies Message);
    if (Atomics.wait(done, 0, 0, FLUSH_WAIT_MS) === 'timed-out') {
      process.stderr.write(`lineprof: worker ${id} did not write its results in time (busy when it was ended?): they are lost\n`);
    }
  };
  return flush;
}

/** Replaces `Worker.prototype.terminate` with one that has the worker write its results first (`drain`, then `flush`). */
function flushBeforeTerminate(drain: () => void, flush: (id: number) => void): void {
  const terminate = Worker.prototype.terminate;
  // A method (no prototype, not a constructor), as Node's own is.
  const replacement = {
    terminate(this: Worker, ...args: unknown[]): Promise<number> {
      try {
        drain();
        flush(this.threadId);
      } catch (error) {
        debug('worker %d: results not asked for before terminate() (%s)', this.threadId, (error as Error).message);
      }
      return Reflect.apply(terminate, this, args) as Promise<number>;
    },
  }.terminate;
  Object.defineProperty(Worker.prototype, 'terminate', { value: replacement, writable: true, enumerable: false, configurable: true });
}
