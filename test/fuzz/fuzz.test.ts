// The fuzzer in CI: a fixed run over seeds 1..PROGRAMS (or as many as fit in the time
// budget), each generated program run plain and instrumented in this process; plus
// checks that the generator still produces what it promises and that the minimiser
// shrinks. Longer runs: `node scripts/fuzz.mjs --seconds 600` (after a build).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFailure, KNOWN_BUGS, minimise, runCampaign, type Check } from './campaign.js';
import { generateProgram, renderProgram } from './generate.js';

const PROGRAMS = 600;
const BUDGET_MS = 15_000;

test(`generated programs behave the same instrumented (seeds 1..${PROGRAMS}, at most ${BUDGET_MS / 1000} s)`, async (t) => {
  const result = await runCampaign({ firstSeed: 1, count: PROGRAMS, budgetMs: BUDGET_MS, avoid: KNOWN_BUGS, minimiseAtMost: 2, minimiseMs: 10_000 });
  t.diagnostic(`${result.programs} programs (seeds 1..${result.lastSeed}) in ${result.elapsedMs} ms`);
  for (const failure of result.failures) t.diagnostic(formatFailure(failure));
  assert.deepEqual(
    result.failures.map((f) => `seed ${f.seed}: ${f.kind}`),
    [],
  );
  // A loaded machine may stop early, but a run that checks almost nothing proves nothing.
  assert.equal(result.programs >= 50, true, `only ${result.programs} programs ran`);
});

test('a seed gives the same program every time', () => {
  for (const seed of [1, 2, 77]) {
    assert.equal(renderProgram(generateProgram(seed)), renderProgram(generateProgram(seed)));
  }
  assert.notEqual(renderProgram(generateProgram(1)), renderProgram(generateProgram(2)));
});

// What the fuzzer is for: if the generator stops producing one of these, the run above
// stops testing it. Each pattern must appear in some program of the CI seeds.
const CONSTRUCTS: readonly [string, RegExp][] = [
  ['default parameter', /\(p\d+ ?= ?/],
  ['nested function declaration', /\{[^\n]*\n\s+function f\d+/],
  ['expression-bodied arrow', /=> ?\(?[\w'`]/],
  ['for (;;) with a guard', /for ?\(let i\d+ ?= ?0;;/],
  ['for with no update', /; ?\)/],
  ['for-in', / in \{/],
  ['for-of with destructuring', /for ?\(const \[/],
  ['for await', /for await/],
  ['while', /while ?\(i\d+\+\+/],
  ['do-while', /do ?\{|do\n/],
  ['labelled continue', /continue L\d+/],
  ['labelled break', /break [LB]\d+/],
  ['else if', /else if/],
  ['bare if body on the next line', /if \([^\n]*\)\n\s+T\(/],
  ['switch fall-through', /case [^\n]*:\n\s+T\([^\n]*\n\s+case/],
  ['default in the middle', /default:[^}]*case/],
  // The last statement of a finally block (each line matched one way only: no backtracking blow-up).
  ['return in finally', /\n( *)(?:\} )?finally \{\n(?:\1 {2}[^\n]*\n)*?\1 {2}return [^\n]*\n\1\}/],
  ['catch without binding', /catch ?\{/],
  ['throw', /throw /],
  ['yield*', /yield\*/],
  ['bare yield', /\byield\n/],
  ['await of a rejection', /await Promise\.reject/],
  ['static block', /static ?\{/],
  ['private field', /#p ?=/],
  ['getter', /get g\(\)/],
  ['bounded recursion', /return n\d+ ?\+ ?f\d+\(n\d+ ?- ?1\)/],
  ['closure', /function mk\d+/],
  ['line starting ;(', /\n\s*;\(/],
  ['line starting ;[', /\n\s*;\[/],
  ['line starting ;`', /\n\s*;`/],
  ['statement continued on the next line', /String\n\s+\(/],
  ['comment between tokens', /\/\*[^*]*\*\//],
  ['comment spanning lines', /\/\*\n\*\//],
  ['minified return[', /return\[/],
  ['minified await(', /await\(/],
  ['minified yield[', /yield\[/],
  ['minified }else{', /\}else\{/],
  ['Annex B function in if', /\) function f\d+\(\)/],
  ['with', /with ?\(\{/],
  ['CRLF line ends', /\r\n/],
  ['non-ASCII text', /é😀/],
  ['use strict', /'use strict'/],
  ['module export', /^export (?:async )?(?:function|class|const)/m],
  ['top-level await (module)', /^export default await /m],
  ['TypeScript annotation', /\(p\d+: any/],
  ['TypeScript parameter property', /public extra/],
  ['TypeScript enum', /enum E\d+/],
];

test('the generator produces every construct the fuzzer is meant to test', () => {
  const texts = Array.from({ length: 300 }, (_, i) => renderProgram(generateProgram(i + 1, { avoid: KNOWN_BUGS })));
  const missing = CONSTRUCTS.filter(([, pattern]) => !texts.some((text) => pattern.test(text))).map(([name]) => name);
  assert.deepEqual(missing, []);
});

test('the minimiser keeps deleting statements while the program still fails the same way', async () => {
  const program = generateProgram(5);
  const marker = [...renderProgram(program).matchAll(/T\((\d+),/g)].map((m) => m[1]).at(-1);
  // A stand-in check: a program "fails" while it still contains that one trace call.
  const check: Check = async (code) => (code.includes(`T(${marker},`) ? { kind: 'hits', detail: 'marker' } : { kind: 'ok' });
  const failure = await minimise(program, { kind: 'hits', detail: 'marker' }, { check });
  assert.equal(failure.minimised, true);
  // What is left: the marker and the statements enclosing it, far less than the original.
  assert.match(failure.program, new RegExp(`T\\(${marker},`));
  assert.equal(failure.program.length < renderProgram(generateProgram(5)).length / 3, true, failure.program);
});
