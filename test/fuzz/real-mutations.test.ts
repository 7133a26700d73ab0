// Fuzzing from real code in CI (real-mutations.ts): a fixed run over mutants of the installed
// dependencies' files, whose instrumentation must agree with the parser's verdict; plus
// checks that the checker does catch each kind of failure (broken stand-ins for
// instrument()), that seeds replay, that every mutation gets applied, and that the
// minimiser shrinks. Longer runs: `node scripts/fuzz.mjs --real --seconds 600` (after a
// build). Reads files; writes none.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineprofError } from '../../src/errors.js';
import { instrument, type InstrumentResult } from '../../src/instrument/instrument.js';
import { NO_SPLICES } from '../../src/instrument/insertions.js';
import {
  checkMutant,
  formatRealFailure,
  loadPool,
  makeMutant,
  minimise,
  MUTATION_NAMES,
  runRealCampaign,
  type Instrument,
  type Setup,
} from './real-mutations.js';

const MUTANTS = 150;
const BUDGET_MS = 20_000;

test(`mutants of installed packages' files: instrument() agrees with the parser (seeds 1..${MUTANTS}, at most ${BUDGET_MS / 1000} s)`, (t) => {
  const result = runRealCampaign({ firstSeed: 1, count: MUTANTS, budgetMs: BUDGET_MS, minimiseAtMost: 2, minimiseMs: 10_000 });
  t.diagnostic(
    `${result.mutants} mutants (seeds 1..${result.lastSeed}) of ${result.files} files in ${result.packages} packages ` +
      `(${(result.bytes / 1e6).toFixed(2)} MB, from ${result.poolFiles} candidates) in ${result.elapsedMs} ms: ` +
      `${result.valid} parse, ${result.invalid} do not; oxc-parser and V8 disagree on ${result.disagreements}`,
  );
  for (const failure of result.failures) t.diagnostic(formatRealFailure(failure));
  assert.deepEqual(
    result.failures.map((f) => `seed ${f.seed}: ${f.kind} in ${f.file}`),
    [],
  );
  // A loaded machine may stop early, but a run that checks almost nothing proves nothing;
  // and both verdicts must come up, or one half of the check is never exercised.
  assert.equal(result.mutants >= 50, true, `only ${result.mutants} mutants ran`);
  assert.equal(result.valid >= result.mutants / 2, true, `only ${result.valid} of ${result.mutants} mutants parse`);
  assert.equal(result.invalid > 0, true, 'no mutant had a syntax error');
});

test('a seed gives the same mutant every time', () => {
  const pool = loadPool();
  for (const seed of [1, 2, 77]) {
    const [a, b] = [makeMutant(seed, pool), makeMutant(seed, pool)];
    assert.deepEqual({ file: a.setup.file, text: a.text, mutations: a.mutations }, { file: b.setup.file, text: b.text, mutations: b.mutations });
    assert.notEqual(a.text, a.source, `seed ${seed} changed nothing`);
  }
  assert.notEqual(makeMutant(1, pool).text, makeMutant(2, pool).text);
});

test('every mutation gets applied, alone and among others', () => {
  const pool = loadPool();
  const seen = new Set<string>();
  for (let seed = 1; seed <= 250 && seen.size < MUTATION_NAMES.length; seed++) {
    for (const m of makeMutant(seed, pool).mutations) seen.add(m.slice(0, m.indexOf(':')));
  }
  assert.deepEqual(MUTATION_NAMES.filter((name) => !seen.has(name)), []);
  // Restricted to one mutation, a run applies that one only.
  const only = makeMutant(5, pool, new Set(['wrap']));
  assert.equal(only.mutations.length > 0 && only.mutations.every((m) => m.startsWith('wrap: ')), true, only.mutations.join('; '));
});

// ---------------------------------------------------------------------------------------
// The checker, on hand-made cases with broken stand-ins for instrument()

const SETUP: Setup = { file: '/virtual/real.js', lang: 'js', sourceType: 'commonjs', engine: 'exact', mockSafe: false };
const VALID = 'function f(a) {\n  const b = a + 1\n  return b\n}\nmodule.exports = f(1)\n';
const INVALID = 'function f(a {\n  return a\n}\n';

/** instrument(), then `edit` on its output. */
function editing(edit: (code: string) => string): Instrument {
  return (source, options) => {
    const result = instrument(source, options);
    return { ...result, code: edit(result.code) };
  };
}

const returnsSource: Instrument = (source) => ({ code: source, map: null, functions: [], hasModuleSyntax: false, splices: NO_SPLICES }) as InstrumentResult;

test('the real instrumenter passes the hand-made cases', () => {
  assert.deepEqual(checkMutant(SETUP, VALID), { kind: 'valid' });
  assert.deepEqual(checkMutant(SETUP, INVALID), { kind: 'invalid' });
  assert.deepEqual(checkMutant({ ...SETUP, engine: 'sampled' }, VALID), { kind: 'valid' });
  assert.deepEqual(checkMutant({ ...SETUP, mockSafe: true }, VALID), { kind: 'valid' });
  assert.deepEqual(checkMutant({ ...SETUP, file: '/virtual/real.mjs', sourceType: 'module' }, `export ${VALID.replace('module.exports =', 'export default')}`), { kind: 'valid' });
});

test('the checker catches each kind of failure', () => {
  const kindOf = (text: string, run: Instrument): string => checkMutant(SETUP, text, { instrument: run }).kind;
  // A valid mutant:
  assert.equal(kindOf(VALID, () => { throw new TypeError('boom'); }), 'threw');
  assert.equal(kindOf(VALID, editing((code) => code.replace('\n', ' '))), 'lines-moved');
  // Lines that only V8's count ends (a lone \r): assertLinesKept alone, splitting at \n, would not see it.
  assert.equal(kindOf(VALID, editing((code) => code.replace('{', '{\r'))), 'lines-moved');
  assert.equal(kindOf(VALID, editing((code) => code.replace('\n', '{\n'))), 'unparsable-output');
  // oxc-parser does not check regular expressions; V8 does.
  assert.equal(kindOf(VALID, editing((code) => code.replace('\n', '/\\p{Foo}/u;\n'))), 'v8-rejects-output');
  assert.equal(kindOf(VALID, editing((code) => `/*again*/${code}`)), 'not-idempotent');
  // An invalid one:
  assert.equal(kindOf(INVALID, returnsSource), 'accepted-invalid');
  assert.equal(kindOf(INVALID, () => { throw new TypeError('boom'); }), 'wrong-error');
  assert.equal(kindOf(INVALID, () => { throw new LineprofError('USAGE', 'not a syntax error'); }), 'wrong-error');
});

test('a campaign with a broken instrumenter reports, minimises and formats its failures', () => {
  // Throws on every valid program that holds a `return`: the minimal mutant keeps one.
  const broken: Instrument = (source, options) => {
    const result = instrument(source, options);
    if (/\breturn\b/.test(source)) throw new RangeError('stand-in bug');
    return result;
  };
  const result = runRealCampaign({ firstSeed: 1, count: 6, budgetMs: 30_000, check: { instrument: broken }, minimiseAtMost: 1, minimiseMs: 5_000 });
  assert.equal(result.failures.length > 0, true, 'the broken instrumenter passed');
  const [first] = result.failures;
  assert.equal(first.kind, 'threw');
  assert.equal(first.minimised, true);
  assert.match(first.snippet, /\breturn\b/);
  assert.equal(first.snippet.split('\n').length <= Math.max(5, first.mutantLines / 4), true, first.snippet);
  const text = formatRealFailure(first);
  assert.match(text, new RegExp(`^seed ${first.seed}: threw in node_modules/`));
  assert.match(text, /replay: node scripts\/fuzz\.mjs --real --seed \d+ --count 1 --avoid /);
  assert.match(text, /stand-in bug/);
});

test('the minimiser deletes statements and lines while the text still fails', () => {
  const lines = Array.from({ length: 40 }, (_, i) => `function g${i}() {\n  if (x) {\n    y(${i})\n  }\n}`);
  const text = `${lines.join('\n')}\nclass K {\n  a() {}\n  marker() { return 1 }\n  b() {}\n}\n`;
  const kept = minimise(SETUP, text, (attempt) => attempt.includes('marker()') && checkMutant(SETUP, attempt).kind === 'valid', 5_000);
  assert.equal(kept.includes('marker()'), true);
  assert.equal(kept.length < text.length / 10, true, kept);
  assert.equal(checkMutant(SETUP, kept).kind, 'valid');
});

// A bug the campaign found (fixed: probes.ts escapes U+2028/U+2029 in the first line's table).
test('U+2028 in a function name leaves V8\'s line numbers as they were (line-terminator-in-name)', () => {
  // Found by `fuzz.mjs --real` as seed 30079 (@vitest/expect/dist/index.js, a method's key made a string ending in U+2029).
  const source = 'class A {\n  "m\u2028"() {\n    return 1\n  }\n}\nthrow new Error()\n';
  assert.deepEqual(checkMutant(SETUP, source), { kind: 'valid' });
  assert.deepEqual(checkMutant(SETUP, 'const o = { "a\\u2029b": function () {} }\nx()\n'), { kind: 'valid' });
});
