// What the default profiler records (src/runtime/selection.ts): the --func patterns as
// a table of names and files (function-patterns.ts), the probe plan they make, and Selection over a Runtime whose files
// the test registers itself (calls.ts): everything until the program selects, then only
// what it selected; --func and --all from the start. No instrumenter, no processes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NOOP_FRAME } from '../../src/runtime/exact.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { anyPattern, functionPattern } from '../../src/function-patterns.js';
import { probePlan } from '../../src/loader/plan.js';
import { Selection, type SelectionRules } from '../../src/runtime/selection.js';
import { call, hitsOf, registerFile } from './calls.js';

const CWD = '/proj';

/** Functions to match, as `name@file`: the file relative to CWD unless absolute. */
const FUNCTIONS = [
  'parse@lib/a.js',
  'Parser.parse@lib/a.js',
  'Parser.parseAll@lib/b.js',
  'parser@src/lib/a.js',
  'Lexer.next@src/lexer.ts',
  'Lexer.<static>@src/lexer.ts',
  '<anonymous>@src/lexer.ts',
  'parse@/elsewhere/a.js',
] as const;

/** Pattern: the FUNCTIONS it matches. */
const MATCHES: Record<string, readonly (typeof FUNCTIONS)[number][]> = {
  // A name without a dot: the function of that name, or a method of that name.
  parse: ['parse@lib/a.js', 'Parser.parse@lib/a.js', 'parse@/elsewhere/a.js'],
  'parse*': ['parse@lib/a.js', 'Parser.parse@lib/a.js', 'Parser.parseAll@lib/b.js', 'parser@src/lib/a.js', 'parse@/elsewhere/a.js'],
  // With a dot: the whole qualified name.
  'Parser.parse': ['Parser.parse@lib/a.js'],
  'Parser.*': ['Parser.parse@lib/a.js', 'Parser.parseAll@lib/b.js'],
  'Lexer.<static>': ['Lexer.<static>@src/lexer.ts'],
  '<anonymous>': ['<anonymous>@src/lexer.ts'],
  // A file glob with a slash: the path relative to the cwd, or the absolute one.
  'lib/*.js:parse': ['parse@lib/a.js', 'Parser.parse@lib/a.js'],
  'src/**/*.js:parse*': ['parser@src/lib/a.js'],
  '/elsewhere/*.js:parse': ['parse@/elsewhere/a.js'],
  // Without a slash: the file's base name, anywhere.
  'a.js:parse': ['parse@lib/a.js', 'Parser.parse@lib/a.js', 'parse@/elsewhere/a.js'],
  // No name after the colon: every function of the file.
  'lexer.ts:': ['Lexer.next@src/lexer.ts', 'Lexer.<static>@src/lexer.ts', '<anonymous>@src/lexer.ts'],
  'src/*.ts:Lexer.next': ['Lexer.next@src/lexer.ts'],
  next: ['Lexer.next@src/lexer.ts'],
  missing: [],
  'lib/*.js:next': [],
};

function fnOf(entry: string): { name: string; file: string } {
  const at = entry.lastIndexOf('@');
  const file = entry.slice(at + 1);
  return { name: entry.slice(0, at), file: file.startsWith('/') ? file : `${CWD}/${file}` };
}

test('functionPattern: which functions each --func pattern matches', () => {
  const matched = Object.fromEntries(
    Object.keys(MATCHES).map((pattern) => {
      const matches = functionPattern(pattern, CWD);
      return [pattern, FUNCTIONS.filter((entry) => matches(fnOf(entry)))];
    }),
  );
  assert.deepEqual(matched, MATCHES);
});

// Under the sampled engine the probe plan names what gets inline probes: the functions
// recorded from the start.
test('probePlan and anyPattern: everything with --all or without --func, else what a --func pattern matches', () => {
  const rules = (funcs: string[], all = false) => ({ funcs, all, engine: 'sampled' as const });
  const cases: [ReturnType<typeof rules>, string, string, boolean][] = [
    [rules([]), 'anything', '/proj/x.js', true],
    [rules([], true), 'anything', '/proj/x.js', true],
    [rules(['parse'], true), 'other', '/proj/x.js', true],
    [rules(['parse', 'lex*']), 'Parser.parse', '/proj/x.js', true],
    [rules(['parse', 'lex*']), 'lexer', '/proj/x.js', true],
    [rules(['parse', 'lex*']), 'other', '/proj/x.js', false],
    [rules(['y.js:parse']), 'parse', '/proj/x.js', false],
  ];
  assert.deepEqual(
    cases.map(([r, name, file]) => {
      const { inline } = probePlan(r, CWD);
      return inline === undefined || anyPattern(inline)({ name, file });
    }),
    cases.map(([, , , expected]) => expected),
  );
  assert.deepEqual(probePlan({ funcs: ['parse'], all: false, engine: 'exact' }, CWD), { engine: 'exact' });
});

/** A runtime (hits only) with /proj/before.js registered, then a Selection under `rules`. */
function setup(rules: Partial<SelectionRules> = {}): { runtime: Runtime; selection: Selection; ids: Record<string, number> } {
  const runtime = new Runtime(() => 0);
  const ids = registerFile(runtime, [['parse', 1, 2], ['helper', 3, 4]], '/proj/before.js');
  const selection = new Selection(runtime, { funcs: [], all: false, cwd: CWD, ...rules });
  return { runtime, selection, ids };
}

const recorded = (runtime: Runtime, id: number): boolean => runtime.e(id) !== NOOP_FRAME;

test('no rules: every function is recorded, before and after the selection began, until one is marked', () => {
  const { runtime, selection, ids } = setup();
  const later = registerFile(runtime, [['late', 1, 1]], '/proj/later.js');
  assert.equal(selection.recordedAll, true);
  assert.deepEqual(selection.recording.ids(), [ids.parse, ids.helper, later.late]);
  call(runtime, ids.parse, [0]);
  call(runtime, ids.helper, [0]);
  // Marked after it ran: recorded from the mark on, as profile() starts recording a
  // function; its hits from before, while everything was recorded, are dropped
  // (endProvisional removes every function not yet selected, this one too, and the
  // selection adds it back).
  selection.mark(ids.parse);
  assert.equal(selection.recordedAll, false);
  assert.deepEqual(selection.recording.ids(), [ids.parse]);
  assert.deepEqual([recorded(runtime, ids.parse), recorded(runtime, ids.helper), recorded(runtime, later.late)], [true, false, false]);
  call(runtime, ids.parse, [0, 1]);
  call(runtime, ids.helper, [0]);
  const after = registerFile(runtime, [['after', 1, 1]], '/proj/after.js');
  assert.equal(recorded(runtime, after.after), false);
  assert.deepEqual(selection.recording.stats().functions.map((fn) => fn.name), ['parse']);
  assert.deepEqual(hitsOf(selection.recording.stats(), 'parse'), { 1: 1, 2: 1 });
});

test('no rules: endProvisional (a LineProfiler took a function) leaves nothing in the default recording', () => {
  const { runtime, selection, ids } = setup();
  selection.endProvisional();
  selection.endProvisional();
  assert.equal(selection.recordedAll, false);
  assert.deepEqual(selection.recording.ids(), []);
  assert.equal(recorded(runtime, ids.parse), false);
  // A function marked later is recorded from then on.
  selection.mark(ids.helper);
  assert.deepEqual(selection.recording.ids(), [ids.helper]);
});

test('--func: only what a pattern matches, from its registration; patterns that matched nothing are listed', () => {
  const { runtime, selection, ids } = setup({ funcs: ['parse', 'late*', 'missing', 'nowhere.js:'] });
  const later = registerFile(runtime, [['lateOne', 1, 1], ['other', 2, 2]], '/proj/later.js');
  assert.equal(selection.recordedAll, false);
  assert.deepEqual(selection.recording.ids(), [ids.parse, later.lateOne]);
  assert.deepEqual(selection.unmatchedPatterns(), ['missing', 'nowhere.js:']);
  call(runtime, later.lateOne, [0]);
  call(runtime, later.other, [0]);
  // profile() marks one that no pattern matched: added to the rest.
  selection.mark(ids.helper);
  assert.deepEqual(selection.recording.ids(), [ids.parse, later.lateOne, ids.helper]);
  assert.deepEqual(hitsOf(selection.recording.stats(), 'lateOne'), { 1: 1 });
});

test('--all: every function from the start, and marking one removes none', () => {
  const { runtime, selection, ids } = setup({ all: true, funcs: ['parse'] });
  const later = registerFile(runtime, [['late', 1, 1]], '/proj/later.js');
  assert.equal(selection.recordedAll, false);
  selection.mark(ids.parse);
  assert.deepEqual(selection.recording.ids(), [ids.parse, ids.helper, later.late]);
  assert.deepEqual(selection.unmatchedPatterns(), []);
});

test("lineprof's own files (<lineprof…>) are never given to the selection", () => {
  const { runtime, selection, ids } = setup({ all: true });
  const internal = registerFile(runtime, [['calibrate', 1, 1]], '<lineprof calibration>');
  assert.deepEqual(selection.recording.ids(), [ids.parse, ids.helper]);
  assert.equal(recorded(runtime, internal.calibrate), false);
});
