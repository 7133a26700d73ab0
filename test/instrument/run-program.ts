// Test helper: runs a small program twice in this process, once as written and once
// instrumented with a fresh Runtime installed as `globalThis.__lineprof` that records
// every function, and returns what each run logged plus the profiled run's hits.
// Must not touch files or spawn processes; the fixtures test does that.
//
// A program is a CommonJS-like function body: it receives `log` (console.log's
// formatting, captured into an array) and may `return` a promise that the run awaits.

import assert from 'node:assert/strict';
import { format } from 'node:util';
import { transformSync } from 'esbuild';
import { instrument, type FunctionEntry, type SourceLang } from '../../src/instrument/instrument.js';
import type { RegisteredFunction } from '../../src/runtime/registry.js';
import { Runtime } from '../../src/runtime/runtime.js';
import type { EngineName } from '../../src/stats/model.js';

export interface ProgramRun {
  /** One entry per `log(...)` call, formatted as console.log would. */
  readonly output: readonly string[];
  /** `Name: message` of what the program threw or its returned promise rejected with. */
  readonly error: string | undefined;
}

/** `{ functionName: { line: hits } }`; a name shared by several functions gets `@line`. */
export type HitMap = Record<string, Record<number, number>>;

export interface ProfiledRun extends ProgramRun {
  readonly code: string;
  /** Each function's name and lines (output.test.ts asserts the columns). */
  readonly functions: readonly Omit<FunctionEntry, 'column'>[];
  readonly hits: HitMap;
}

type Program = (log: (...args: unknown[]) => void) => unknown;

const FILE_KEY = 'p';

export function fileFor(lang: SourceLang): string {
  return `/virtual/program.${lang}`;
}

/** TypeScript to JavaScript as the loader does it (types stripped, lines may move). */
export function stripTypes(code: string, lang: SourceLang): string {
  if (lang === 'js' || lang === 'jsx') return code;
  return transformSync(code, { loader: lang }).code;
}

export async function runPlain(source: string, lang: SourceLang = 'js'): Promise<ProgramRun> {
  return execute(stripTypes(source, lang));
}

/**
 * One sampled runtime for the whole test process (each starts a sampler thread): every
 * program gets a file key of its own in it, so programs never share counter slots, and
 * its one listener records the functions of the program now running.
 */
let sampledRuntime: Runtime | undefined;
let sampledPrograms = 0;
let recordSampled: (fns: readonly RegisteredFunction[]) => void = () => {};

/**
 * A runtime for one program under `engine` (the exact one with a clock that reads 0) and
 * the file key to instrument it with; `ids` fills with its functions as they register,
 * each recorded.
 */
export function programRuntime(engine: EngineName, exactKey: string): { runtime: Runtime; fileKey: string; ids: number[] } {
  const fileKey = engine === 'exact' ? exactKey : `${exactKey}${(sampledPrograms++).toString(36)}`;
  if (engine === 'sampled' && !sampledRuntime) {
    sampledRuntime = new Runtime({ engine: 'sampled', intervalUs: 1000 });
    sampledRuntime.onRegister((fns) => recordSampled(fns));
  }
  const runtime = engine === 'exact' ? new Runtime(() => 0) : sampledRuntime!;
  const ids: number[] = [];
  const record = (fns: readonly RegisteredFunction[]): void => {
    for (const fn of fns) {
      if (fn.fileKey !== fileKey) continue;
      ids.push(fn.id);
      runtime.startRecording(fn.id);
    }
  };
  if (engine === 'exact') runtime.onRegister(record);
  else recordSampled = record;
  return { runtime, fileKey, ids };
}

export async function runProfiled(source: string, lang: SourceLang = 'js', engine: EngineName = 'exact'): Promise<ProfiledRun> {
  const { runtime, fileKey, ids } = programRuntime(engine, FILE_KEY);
  const result = instrument(source, { file: fileFor(lang), fileKey, lang, sourceType: 'commonjs', engine });
  globalThis.__lineprof = runtime;
  try {
    const run = await execute(stripTypes(result.code, lang));
    return { ...run, code: result.code, functions: result.functions.map(({ name, line, endLine }) => ({ name, line, endLine })), hits: hitMap(runtime, ids) };
  } finally {
    globalThis.__lineprof = undefined;
  }
}

/**
 * Runs the program plain and profiled by each engine, asserts that all logged and threw
 * the same, that the engines counted the same hits (the sampled engine's probes differ)
 * and that every original line kept its number; returns the exact engine's run.
 */
export async function assertSameBehaviour(source: string, lang: SourceLang = 'js'): Promise<ProfiledRun> {
  const plain = await runPlain(source, lang);
  const profiled = await runProfiled(source, lang);
  assert.deepEqual({ output: profiled.output, error: profiled.error }, plain);
  assertLinesKept(source, profiled.code);
  const sampled = await runProfiled(source, lang, 'sampled');
  assert.deepEqual({ output: sampled.output, error: sampled.error }, plain, 'sampled engine');
  assert.deepEqual(sampled.hits, profiled.hits, 'sampled engine hits');
  assertLinesKept(source, sampled.code);
  return profiled;
}

/**
 * Every line of `source` is still on the same line of `code`, with only insertions
 * (its characters form a subsequence of that line); `code` adds just the trailer line
 * holding the embedded source and a final newline.
 */
export function assertLinesKept(source: string, code: string): void {
  const before = source.split('\n');
  const after = code.split('\n');
  assert.equal(after.length, before.length + 2, 'line count');
  assert.match(after[after.length - 2], /^function \$lp_[0-9a-z]+_src\(\)\{return "[^]*"\}$/);
  assert.equal(after[after.length - 1], '');
  before.forEach((line, i) => {
    assert.equal(isSubsequence(line, after[i]), true, `line ${i + 1}: ${JSON.stringify(line)} -> ${JSON.stringify(after[i])}`);
  });
}

/** Whether `needle`'s characters appear in `haystack` in order (instrumenting only inserts). */
export function isSubsequence(needle: string, haystack: string): boolean {
  let at = 0;
  for (const char of needle) {
    at = haystack.indexOf(char, at);
    if (at < 0) return false;
    at += char.length;
  }
  return true;
}

async function execute(code: string): Promise<ProgramRun> {
  const output: string[] = [];
  const log = (...args: unknown[]): void => {
    output.push(format(...args));
  };
  let error: string | undefined;
  try {
    const program = new Function('log', code) as Program;
    await program(log);
  } catch (thrown) {
    error = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : `thrown: ${String(thrown)}`;
  }
  // Callbacks the program left queued (a late .catch, a then) run before we look.
  await new Promise((resolve) => setImmediate(resolve));
  return { output, error };
}

function hitMap(runtime: Runtime, ids: readonly number[]): HitMap {
  const functions = runtime.snapshot(ids).functions;
  const counts = new Map<string, number>();
  for (const fn of functions) counts.set(fn.name, (counts.get(fn.name) ?? 0) + 1);
  const map: HitMap = {};
  for (const fn of functions) {
    const key = counts.get(fn.name) === 1 ? fn.name : `${fn.name}@${fn.line}`;
    // Two functions of one name on one line would share a key: tests must avoid that.
    assert.equal(key in map, false, `two functions named ${key}`);
    map[key] = Object.fromEntries(fn.lines.map((l) => [l.line, l.hits]));
  }
  return map;
}
