// Runs one fuzz program plain and instrumented for each engine, in this process, and says
// whether they agree: the same trace of `T(id, value)` calls, the same result or thrown
// error (type and message), every original line kept (run-program.ts's rule), and, for
// each `T(id, name)` that starts a line inside a function, as many hits on that line as
// the trace has entries for it (the sampled engine: the exact engine's hits, line by line). Must not spawn processes or touch files.

import { AssertionError } from 'node:assert';
import vm from 'node:vm';
import { transformSync } from 'esbuild';
import { parseSync } from 'oxc-parser';
import { instrument } from '../../src/instrument/instrument.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { assertLinesKept, programRuntime } from '../instrument/run-program.js';
import type { Flavour, Program } from './generate.js';

export type FailureKind = 'instrument' | 'lines' | 'behaviour' | 'hits';

export type Verdict =
  | { readonly kind: 'ok' }
  /** The program is not usable (it does not compile or does not end plain): a generator bug. */
  | { readonly kind: 'invalid'; readonly detail: string }
  | { readonly kind: FailureKind; readonly detail: string };

export interface Observation {
  /** `id value` per `T` call, in order. */
  readonly trace: readonly string[];
  /** `returned <value>` or `threw <Type>: <message>`, after the returned promise settled. */
  readonly outcome: string;
}

/** Sync code that runs longer than this is stuck (every program is bounded). */
const TIMEOUT_MS = 2000;
const FILE = '/fuzz/program.js';

declare global {
  // eslint-disable-next-line no-var
  var __lineprofFuzzTrace: ((id: number, value: unknown) => unknown) | undefined;
}

export type ProgramInfo = Pick<Program, 'sites' | 'flavour'>;

export async function checkProgram(code: string, { sites, flavour }: ProgramInfo): Promise<Verdict> {
  const plain = await observe(code, flavour);
  if (plain === 'compile') return { kind: 'invalid', detail: 'the program does not compile' };
  if (plain.outcome.includes('Script execution timed out')) return { kind: 'invalid', detail: 'the program does not end' };
  const lang = flavour === 'ts' ? 'ts' : 'js';
  const sourceType = flavour === 'module' ? 'module' : 'commonjs';
  let exactHits: Map<number, number> | undefined;
  // Both engines: the sampled one gives plain functions other probes (inline stores).
  for (const engine of ['exact', 'sampled'] as const) {
    const { runtime, fileKey, ids } = programRuntime(engine, 'z');
    let instrumented: string;
    try {
      // Half the programs give the sampled engine a plan that leaves some functions with
      // frame calls (as --func does), so that inline and frame calls meet.
      const plan = engine === 'sampled' && code.length % 2 === 1 ? { inline: { funcs: ['[a-m]*'], cwd: '/' } } : {};
      instrumented = instrument(code, { file: FILE, fileKey, lang, sourceType, engine, ...plan }).code;
    } catch (error) {
      return { kind: 'instrument', detail: `instrument() threw ${describeError(error)}` };
    }
    try {
      assertLinesKept(code, instrumented);
    } catch (error) {
      if (!(error instanceof AssertionError)) throw error;
      return { kind: 'lines', detail: error.message };
    }
    globalThis.__lineprof = runtime;
    let profiled: Observation | 'compile';
    try {
      profiled = await observe(instrumented, flavour);
    } finally {
      globalThis.__lineprof = undefined;
    }
    const which = `${engine} engine`;
    if (profiled === 'compile') return { kind: 'behaviour', detail: `${which}: the instrumented program does not compile:\n${instrumented}` };
    const difference = compare(plain, profiled);
    if (difference !== undefined) return { kind: 'behaviour', detail: `${which}: ${difference}\ninstrumented:\n${instrumented}` };
    const hits = hitsPerLine(runtime, ids);
    const wrong = exactHits ? sameHits(exactHits, hits) : checkHits(code, sites, plain.trace, hits);
    if (wrong !== undefined) return { kind: 'hits', detail: `${which}: ${wrong}\ninstrumented:\n${instrumented}` };
    exactHits = hits;
  }
  return { kind: 'ok' };
}

/** The sampled engine's hits per line must be the exact engine's. */
function sameHits(exact: Map<number, number>, hits: Map<number, number>): string | undefined {
  for (const line of new Set([...exact.keys(), ...hits.keys()])) {
    const [want, got] = [exact.get(line) ?? 0, hits.get(line) ?? 0];
    if (want !== got) return `line ${line}: ${got} hits, the exact engine counted ${want}`;
  }
  return undefined;
}

/** Distinguishes module URLs: Node evaluates a module URL once. */
let imports = 0;

/**
 * Runs a program: a script is a function body receiving `T`; a module finds `T` as a
 * global and its default export is the result; TypeScript is first stripped of types.
 * 'compile' if the program is not valid.
 */
export async function observe(code: string, flavour: Flavour = 'script'): Promise<Observation | 'compile'> {
  let run: () => unknown;
  try {
    if (flavour === 'module') {
      // vm.SourceTextModule needs a flag: the parser says whether the module compiles.
      if (parseSync(FILE, code, { sourceType: 'module', showSemanticErrors: true }).errors.length > 0) return 'compile';
      const url = `data:text/javascript;base64,${Buffer.from(`${code}\n// ${imports++}`).toString('base64')}`;
      run = async () => ((await import(url)) as { default?: unknown }).default;
    } else {
      const js = flavour === 'ts' ? transformSync(code, { loader: 'ts' }).code : code;
      // On the wrapper's line, so that the program's line numbers stay its own.
      const script = new vm.Script(`(function (T) {${js}\n})(globalThis.__lineprofFuzzTrace)`, { filename: FILE });
      run = () => script.runInThisContext({ timeout: TIMEOUT_MS });
    }
  } catch {
    return 'compile';
  }
  const trace: string[] = [];
  globalThis.__lineprofFuzzTrace = (id: number, value: unknown): unknown => {
    trace.push(`${id} ${format(value)}`);
    return value;
  };
  (globalThis as Record<string, unknown>).T = globalThis.__lineprofFuzzTrace;
  // A sloppy function's `this.x = ...` sets a global: the next run must not see it.
  const globals = new Set(Object.getOwnPropertyNames(globalThis));
  let outcome: string;
  try {
    const value = (await run()) as unknown;
    outcome = `returned ${format(value)}`;
  } catch (error) {
    outcome = `threw ${describeError(error)}`;
  }
  // Callbacks the program left queued (a detached then) run before we look.
  await new Promise((resolve) => setImmediate(resolve));
  globalThis.__lineprofFuzzTrace = undefined;
  delete (globalThis as Record<string, unknown>).T;
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    if (!globals.has(name)) delete (globalThis as Record<string, unknown>)[name];
  }
  return { trace, outcome };
}

function compare(plain: Observation, profiled: Observation): string | undefined {
  if (plain.outcome !== profiled.outcome) return `outcome: plain ${plain.outcome}, instrumented ${profiled.outcome}`;
  const length = Math.max(plain.trace.length, profiled.trace.length);
  for (let i = 0; i < length; i++) {
    if (plain.trace[i] !== profiled.trace[i]) {
      return `trace entry ${i}: plain ${plain.trace[i] ?? '(none)'}, instrumented ${profiled.trace[i] ?? '(none)'}`;
    }
  }
  return undefined;
}

function hitsPerLine(runtime: Runtime, ids: readonly number[]): Map<number, number> {
  const hits = new Map<number, number>();
  for (const fn of runtime.snapshot(ids).functions) {
    for (const line of fn.lines) hits.set(line.line, (hits.get(line.line) ?? 0) + line.hits);
  }
  return hits;
}

/** A simple `T(id, x)` that starts its line in a function: the line runs once per entry. */
function checkHits(code: string, sites: Program['sites'], trace: readonly string[], hits: Map<number, number>): string | undefined {
  const entries = new Map<number, number>();
  for (const entry of trace) {
    const id = Number(entry.slice(0, entry.indexOf(' ')));
    entries.set(id, (entries.get(id) ?? 0) + 1);
  }
  // Lines as JavaScript counts them (run-program.ts's rule splits at \n only).
  const lines = code.split(/\r\n|[\n\r\u2028\u2029]/);
  for (let i = 0; i < lines.length; i++) {
    // Only the call on its line (no `else` or `while` of another statement after it).
    const match = /^\s*T\((\d+), ?[^()]*\);?( \/\/.*)?$/.exec(lines[i]);
    if (!match) continue;
    const id = Number(match[1]);
    const site = sites.get(id);
    if (!site?.simple || !site.inFunction) continue;
    const expected = entries.get(id) ?? 0;
    const actual = hits.get(i + 1) ?? 0;
    if (actual !== expected) return `line ${i + 1} (${lines[i].trim()}) has ${actual} hits, but T(${id}) ran ${expected} times`;
  }
  return undefined;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.constructor.name}: ${normaliseMessage(error.message)}`;
  return `value ${format(error)}`;
}

/**
 * V8 names an unprintable operand `(intermediate value)`, once per part of the
 * expression: how many times depends on the code around it (see regressions.test.ts).
 */
function normaliseMessage(message: string): string {
  return message.replace(/(\(intermediate value\))+/g, '$1');
}

/** A value as text, the same for equal values of both runs: no stacks, no function bodies, no getters called. */
export function format(value: unknown, depth = 0): string {
  // (A string may be an error message the program caught and traced.)
  if (typeof value === 'string') return JSON.stringify(normaliseMessage(value));
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'function') return `[function ${value.name}/${value.length}]`;
  if (typeof value !== 'object' || value === null) return String(value);
  if (value instanceof Error) return `${value.constructor.name}(${normaliseMessage(value.message)})`;
  if (value instanceof Promise) return '[promise]';
  if (depth > 3) return '…';
  if (Array.isArray(value)) return `[${value.map((item) => format(item, depth + 1)).join(',')}]`;
  const descriptors = Object.getOwnPropertyDescriptors(value);
  const fields = Object.entries(descriptors).map(([key, d]) => `${key}:${'value' in d ? format(d.value, depth + 1) : '[accessor]'}`);
  return `${value.constructor?.name ?? 'null'}{${fields.join(',')}}`;
}
