// Child process of typescript-file.test.ts: instruments one large file as the loader
// would (plain JavaScript, no source map), parses the result, and prints one JSON line
// of measurements, so that its peak memory is its own and not the test runner's.
// Usage: node dist/test/scale/instrument-file.js FILE SOURCE_TYPE

import fs from 'node:fs';
import { parseSync } from 'oxc-parser';
import { instrument } from '../../src/instrument/instrument.js';

export interface Measurement {
  readonly bytes: number;
  readonly inputLines: number;
  readonly outputLines: number;
  readonly functions: number;
  readonly instrumentMs: number;
  readonly parseMs: number;
  /** The first errors oxc-parser reports on the instrumented code. */
  readonly errors: readonly string[];
  /** Peak resident set size after instrumenting, then at the end (after the parse), in kilobytes. */
  readonly instrumentRssKb: number;
  readonly maxRssKb: number;
}

/** Lines as JavaScript counts them. */
function countLines(text: string): number {
  return text.split(/\r\n|[\n\r\u2028\u2029]/).length;
}

const [file, sourceType] = process.argv.slice(2);
if (file === undefined || (sourceType !== 'commonjs' && sourceType !== 'module')) {
  process.stderr.write('usage: instrument-file.js FILE commonjs|module\n');
  process.exit(2);
}
const source = fs.readFileSync(file, 'utf8');
const started = performance.now();
const result = instrument(source, { file, fileKey: 'big', lang: 'js', sourceType });
const instrumented = performance.now();
const instrumentRssKb = process.resourceUsage().maxRSS;
const parsed = parseSync(file, result.code, { lang: 'js', sourceType });
const measurement: Measurement = {
  bytes: Buffer.byteLength(source),
  inputLines: countLines(source),
  outputLines: countLines(result.code),
  functions: result.functions.length,
  instrumentMs: instrumented - started,
  parseMs: performance.now() - instrumented,
  errors: parsed.errors.slice(0, 5).map((e) => e.message),
  instrumentRssKb,
  maxRssKb: process.resourceUsage().maxRSS,
};
process.stdout.write(`${JSON.stringify(measurement)}\n`);
