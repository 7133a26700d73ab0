// The --require preload that `lineprof run` puts in NODE_OPTIONS. A --require preload
// (unlike --import) leaves the entry module exactly as plain node runs it (module.id,
// require.main). It loads the ES module setup through require(esm), on in Node >= 20.19.
// If lineprof cannot start here, the program still runs, unprofiled.
try {
  require('./setup.js').setup();
} catch (error) {
  process.stderr.write(`lineprof: not profiling: ${(error as Error).message.split('\n')[0]}\n`);
}
