// Test helper: what a syntax fixture (test/fixtures/syntax/<name>.<ext>) says it does,
// in <name>.expected.json beside it, read and checked for shape. Reads that one file;
// runs nothing. fixtures.test.ts runs the program and compares.
//
// The file holds (unknown keys are an error, so that a misspelt one is not ignored):
//   "why"        optional: what the fixture pins and why the numbers are what they are.
//   "functions"  the functions in the result file, in registration order: each
//                `{ "name": …, "hits": { "<line>": hits, … } }`, `hits` optional (when
//                present, the function's whole hit map: every line that ran, none other).
//   "error"      optional: the program dies of an uncaught error, `message` being its
//                message line on plain node's stderr. `kind` "uncaught": thrown while
//                running, stderr identical but for a probe that Node's source snippet may
//                show (normalise-errors.ts `withPlainSnippet`). "load": a syntax error Node
//                reports while loading the file, which lineprof left uninstrumented because
//                it does not parse: stderr identical, then lineprof's note that no result
//                file was written (nothing of the program ran), so "functions" is [].

import fs from 'node:fs';
import path from 'node:path';

export interface ExpectedFunction {
  readonly name: string;
  /** Line (a decimal string, as JSON keys are) to hits. */
  readonly hits?: Readonly<Record<string, number>>;
}

export interface ExpectedError {
  readonly kind: 'uncaught' | 'load';
  readonly message: string;
}

export interface Expected {
  readonly why?: string;
  readonly functions: readonly ExpectedFunction[];
  readonly error?: ExpectedError;
}

/** A fixture program's name; anything else in the directory is not a program. */
export const PROGRAM = /\.(?:js|mjs|cjs|ts)$/;

export const EXPECTED_SUFFIX = '.expected.json';

/** `control-flow.js` -> `control-flow.expected.json`. */
export function expectedFileOf(program: string): string {
  return program.replace(PROGRAM, EXPECTED_SUFFIX);
}

/** Reads and checks `file`; throws an Error naming the file and the JSON path that is wrong. */
export function readExpected(file: string): Expected {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${path.basename(file)}: ${(error as Error).message}`);
  }
  return checkExpected(json, path.basename(file));
}

/** `json` as an Expected, or an Error naming `where` and the JSON path that is wrong. */
export function checkExpected(json: unknown, where: string): Expected {
  const fail = (at: string, what: string): never => {
    throw new Error(`${where}: ${at}: ${what}`);
  };
  const top = objectAt(json, '$', fail, ['why', 'functions', 'error']);
  if (top.why !== undefined && typeof top.why !== 'string') fail('$.why', 'must be a string');
  if (!Array.isArray(top.functions)) return fail('$.functions', 'must be an array');
  const functions = top.functions.map((entry: unknown, i) => checkFunction(entry, `$.functions[${i}]`, fail));
  const error = top.error === undefined ? undefined : checkError(top.error, fail);
  if (error?.kind === 'load' && functions.length > 0) fail('$.functions', 'must be [] with a load error (no result file is written)');
  return { ...(top.why === undefined ? {} : { why: top.why as string }), functions, ...(error ? { error } : {}) };
}

type Fail = (at: string, what: string) => never;

/** `value` as an object, with only `keys` (any keys without). */
function objectAt(value: unknown, at: string, fail: Fail, keys?: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(at, 'must be an object');
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) if (keys && !keys.includes(key)) fail(`${at}.${key}`, `unknown key (known: ${keys.join(', ')})`);
  return record;
}

function checkFunction(value: unknown, at: string, fail: Fail): ExpectedFunction {
  const entry = objectAt(value, at, fail, ['name', 'hits']);
  if (typeof entry.name !== 'string') return fail(`${at}.name`, 'must be a string');
  if (entry.hits === undefined) return { name: entry.name };
  const hits = objectAt(entry.hits, `${at}.hits`, fail);
  for (const [line, count] of Object.entries(hits)) {
    if (!/^[1-9]\d*$/.test(line)) fail(`${at}.hits`, `key ${JSON.stringify(line)} is not a line number`);
    if (!Number.isInteger(count) || (count as number) < 0) fail(`${at}.hits.${line}`, 'must be a whole number of hits');
  }
  return { name: entry.name, hits: hits as Record<string, number> };
}

function checkError(value: unknown, fail: Fail): ExpectedError {
  const error = objectAt(value, '$.error', fail, ['kind', 'message']);
  if (error.kind !== 'uncaught' && error.kind !== 'load') return fail('$.error.kind', 'must be "uncaught" or "load"');
  if (typeof error.message !== 'string') return fail('$.error.message', 'must be a string');
  return { kind: error.kind, message: error.message };
}
