// Instrumentation throughput: lineprof's instrument() on typescript@5's lib/typescript.js,
// run in its own process by bench/run.mjs (median of `repeats`, default 3). For context it
// also times oxc-parser's parse alone once (the first step of instrument()). Prints one
// JSON line. MB = 10^6 bytes.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repeats = Number(process.argv[2] ?? 3);
// Where lineprof's dist/ is: the repository, or bench/run.mjs's snapshot of it.
const lineprofRoot = process.argv[3] ?? root;
const require = createRequire(path.join(root, 'package.json'));
const file = require.resolve('typescript/lib/typescript.js');
const tsVersion = JSON.parse(fs.readFileSync(require.resolve('typescript/package.json'), 'utf8')).version;
const source = fs.readFileSync(file, 'utf8');
const bytes = Buffer.byteLength(source);

const { instrument } = await import(pathToFileURL(path.join(lineprofRoot, 'dist/src/instrument/instrument.js')).href);
const { parseSync } = await import('oxc-parser');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(fn) {
  const t0 = performance.now();
  const result = fn();
  return { ms: performance.now() - t0, result };
}

// Parse alone first, on a fresh heap (after a tiny warm-up parse), as instrument() starts.
parseSync('warm.js', 'const x = 1;', { lang: 'js', sourceType: 'commonjs' });
const parseMs = [time(() => parseSync(file, source, { lang: 'js', sourceType: 'commonjs', preserveParens: true })).ms];
const instrumentMs = [];
let functions = 0;
let outBytes = 0;
for (let i = 0; i < repeats; i++) {
  const { ms, result } = time(() => instrument(source, { file, fileKey: 'bench', lang: 'js', sourceType: 'commonjs' }));
  instrumentMs.push(ms);
  functions = result.functions.length;
  outBytes = Buffer.byteLength(result.code);
}
const mbps = (ms) => bytes / 1e6 / (ms / 1000);
console.log(
  JSON.stringify({
    file: path.relative(root, file),
    typescriptVersion: tsVersion,
    bytes,
    outBytes,
    functions,
    parseMs,
    instrumentMs,
    parseMedianMs: median(parseMs),
    instrumentMedianMs: median(instrumentMs),
    parseMBps: mbps(median(parseMs)),
    instrumentMBps: mbps(median(instrumentMs)),
  }),
);
