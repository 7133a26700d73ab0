// The --require preload that `lineprof run` puts in NODE_OPTIONS. A --require preload
// (unlike --import) leaves the entry module exactly as plain node runs it (module.id,
// require.main). It loads the ES module setup through require(esm), on in Node >= 20.19.
// If lineprof cannot start here, the program still runs, unprofiled.
//
// Node also runs --require preloads in its module-hooks thread (no parentPort there),
// where there is nothing to do: return before loading anything (~60 ms of that thread's
// start-up, which the main thread waits for). Likewise when profiling is off (LINEPROF
// unset, empty or 0, as config.ts reads it), so that a stray preload costs nothing.
const { isMainThread, parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
const flag = process.env.LINEPROF;
if ((isMainThread || parentPort) && flag && flag !== '0') {
  try {
    require('./setup.js').setup();
  } catch (error) {
    process.stderr.write(`lineprof: not profiling: ${(error as Error).message.split('\n')[0]}\n`);
  }
}
