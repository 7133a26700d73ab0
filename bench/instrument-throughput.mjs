// Instrumentation throughput: lineprof's instrument() on typescript@5's lib/typescript.js,
// run in its own process by bench/run.mjs. Prints one JSON line. MB = 10^6 bytes.
//
//   node bench/instrument-throughput.mjs [repeats=3] [lineprofRoot=repo]
//
// Two numbers per step, because they differ by up to 2x: the first call in a fresh
// process (what a real run pays: it instruments typescript.js once; oxc-parser's raw
// transfer then fills a fresh buffer, page by page, and its deserializer is not compiled
// yet) and warm calls (the same process again). A first call is timed in a child process
// of its own, `repeats` times, after instrumenting one tiny file (as the entry script would
// be). For context it also times oxc-parser's parse alone, with the options instrument()
// uses and the same AST transfer. `transfer` says which one this Node uses ('raw' needs
// Node 22+). `instrumentMs`/`instrumentMedianMs`/`instrumentMBps` are the warm calls,
// `parseMs`/`parseMedianMs`/`parseMBps` the warm parses.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// `--first instrument|parse`: the child mode, one first call (see above).
const firstOf = process.argv[2] === '--first' ? process.argv[3] : undefined;
const args = firstOf === undefined ? process.argv.slice(2) : process.argv.slice(4);
const repeats = Number(args[0] ?? 3);
// Where lineprof's dist/ is: the repository, or bench/run.mjs's snapshot of it.
const lineprofRoot = args[1] ?? root;
const require = createRequire(path.join(root, 'package.json'));
const file = require.resolve('typescript/lib/typescript.js');
const source = fs.readFileSync(file, 'utf8');
const bytes = Buffer.byteLength(source);
const distUrl = (relative) => pathToFileURL(path.join(lineprofRoot, 'dist/src/instrument', relative)).href;
const { instrument } = await import(distUrl('instrument.js'));
// Builds from before parse.js existed parse through JSON.
const parseModule = await import(distUrl('parse.js')).catch(() => undefined);
const { parseSync } = await import('oxc-parser');
const transfer = parseModule?.astTransfer() ?? 'json';
const parseAlone = parseModule?.parseSource ?? parseSync;

const instrumentOnce = (text, name) => instrument(text, { file: name, fileKey: 'bench', lang: 'js', sourceType: 'commonjs' });
// The options instrument() parses with (src/instrument/instrument.ts).
const parseOnce = () => parseAlone(file, source, { lang: 'js', sourceType: 'commonjs', preserveParens: true, showSemanticErrors: true }).program;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mbps = (ms) => bytes / 1e6 / (ms / 1000);

function time(fn) {
  const t0 = performance.now();
  const result = fn();
  return { ms: performance.now() - t0, result };
}

if (firstOf !== undefined) {
  instrumentOnce('function warm() { return 1; }\n', 'warm.js');
  const { ms } = time(firstOf === 'parse' ? parseOnce : () => instrumentOnce(source, file));
  console.log(JSON.stringify({ ms }));
  process.exit(0);
}

/** One first call in a fresh process, `repeats` times (one process each). */
function firstCalls(what) {
  const script = fileURLToPath(import.meta.url);
  return Array.from({ length: repeats }, () => {
    const out = execFileSync(process.execPath, [script, '--first', what, String(repeats), lineprofRoot], { encoding: 'utf8' });
    return JSON.parse(out.trim().split('\n').pop()).ms;
  });
}

const instrumentFirstMs = firstCalls('instrument');
const parseFirstMs = firstCalls('parse');
// Warm: one untimed call first, then `repeats` timed ones.
let { result } = time(() => instrumentOnce(source, file));
const instrumentMs = [];
for (let i = 0; i < repeats; i++) {
  const run = time(() => instrumentOnce(source, file));
  instrumentMs.push(run.ms);
  result = run.result;
}
const parseMs = Array.from({ length: repeats }, () => time(parseOnce).ms);
console.log(
  JSON.stringify({
    file: path.relative(root, file),
    typescriptVersion: JSON.parse(fs.readFileSync(require.resolve('typescript/package.json'), 'utf8')).version,
    node: process.version,
    transfer,
    bytes,
    outBytes: Buffer.byteLength(result.code),
    functions: result.functions.length,
    instrumentFirstMs,
    instrumentMs,
    parseFirstMs,
    parseMs,
    instrumentFirstMedianMs: median(instrumentFirstMs),
    instrumentFirstMBps: mbps(median(instrumentFirstMs)),
    instrumentMedianMs: median(instrumentMs),
    instrumentMBps: mbps(median(instrumentMs)),
    parseFirstMedianMs: median(parseFirstMs),
    parseFirstMBps: mbps(median(parseFirstMs)),
    parseMedianMs: median(parseMs),
    parseMBps: mbps(median(parseMs)),
  }),
);
