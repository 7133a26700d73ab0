#!/usr/bin/env node
// Long fuzzing runs of the instrumenter (the CI run is test/fuzz/fuzz.test.ts): generates
// programs from consecutive seeds, runs each plain and instrumented, and prints every
// failure with its seed and its minimised program. Needs a build (`npm run fuzz` builds).
//
//   node scripts/fuzz.mjs [--seconds 600] [--seed N] [--count N] [--avoid a,b] [--minimise N]
//   node scripts/fuzz.mjs --real [--seconds 600] [--seed N] [--count N] [--mutations a,b]
//
// --seed N     first seed (default: from the clock, printed, so that a run can be replayed)
// --count N    stop after N programs (default: no limit but the time)
// --seconds S  stop starting programs after S seconds (default 60)
// --avoid      constructs to leave out (generate.ts, Feature); default: KNOWN_BUGS of
//              test/fuzz/campaign.ts; `--avoid none` leaves nothing out
// --minimise N minimise at most N failures (default 5)
// --real       mutants of real code instead (test/fuzz/real-mutations.ts; its CI run is
//              real-mutations.test.ts): each seed draws a file of the installed node_modules
//              (.js/.cjs/.mjs/.ts up to 300 KB, no .min.js, a package first so that big ones
//              do not crowd out the rest) and mutates it (statements deleted, duplicated,
//              swapped, wrapped in blocks, closures, generators, class methods, labels; lines
//              joined and split; comments and \r, U+2028 between tokens; functions made async;
//              ...). Nothing runs: a mutant the parser accepts must instrument into code that
//              parses, keeps its lines and is stable under a second pass (and compiles in V8
//              when the CommonJS mutant does); one it rejects must make instrument() throw a
//              LineprofError 'SYNTAX'. Each failure prints with its file, mutations, seed and
//              the mutant minimised (statements, then lines deleted while it fails the same way).
// --mutations  with --real: only these mutations (names as printed in the summary)
//              (with --real, --avoid names known bugs to steer around: default KNOWN_REAL_BUGS
//              of test/fuzz/real-mutations.ts; `--avoid none` leaves nothing out)
// Exit code 1 when a program failed, 0 otherwise. Must not change any file.
//
// LINEPROF_FUZZ_DIST: the build to load instead of dist/ (a `tsc --outDir` directory; for
// --real its node_modules must resolve to the project's, e.g. a symlink);
// LINEPROF_FUZZ_NODE_MODULES: the node_modules that --real mutates files of.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string' },
    count: { type: 'string' },
    avoid: { type: 'string' },
    minimise: { type: 'string', default: '5' },
    real: { type: 'boolean', default: false },
    mutations: { type: 'string' },
  },
});

const distRoot = process.env.LINEPROF_FUZZ_DIST
  ? pathToFileURL(`${path.resolve(process.env.LINEPROF_FUZZ_DIST)}/`)
  : new URL('../dist/', import.meta.url);
const dist = new URL('test/fuzz/', distRoot);
let campaign;
try {
  campaign = await import(new URL(values.real ? 'real-mutations.js' : 'campaign.js', dist).href);
} catch (error) {
  process.stderr.write(`fuzz: cannot load ${dist.pathname} (run npm run build first): ${error.message}\n`);
  process.exit(2);
}

const firstSeed = values.seed === undefined ? Date.now() % 1_000_000_000 : Number(values.seed);
const count = values.count === undefined ? Infinity : Number(values.count);
const budgetMs = Number(values.seconds) * 1000;
if (!Number.isInteger(firstSeed) || !(count > 0) || !(budgetMs > 0)) {
  process.stderr.write('fuzz: --seed, --count and --seconds take positive numbers\n');
  process.exit(2);
}
if (values.real) {
  const only = values.mutations === undefined ? undefined : new Set(values.mutations.split(','));
  const unknown = [...(only ?? [])].filter((name) => !campaign.MUTATION_NAMES.includes(name));
  if (unknown.length > 0) {
    process.stderr.write(`fuzz: no such mutations: ${unknown.join(', ')} (there are: ${campaign.MUTATION_NAMES.join(', ')})\n`);
    process.exit(2);
  }
  const avoid =
    values.avoid === undefined ? campaign.KNOWN_REAL_BUGS : new Set(values.avoid === 'none' ? [] : values.avoid.split(','));
  const pool = campaign.loadPool();
  process.stdout.write(
    `fuzz --real: seeds from ${firstSeed}, ${values.seconds} s, ${pool.fileCount} candidate files in ${pool.packages.length} packages of ${pool.nodeModules}, ` +
      `steering around: ${[...avoid].join(', ') || 'nothing'}\n`,
  );
  const result = campaign.runRealCampaign({
    firstSeed,
    count,
    budgetMs,
    pool,
    only,
    avoid,
    minimiseAtMost: Number(values.minimise),
    onFailure: (failure) => process.stdout.write(`\n${campaign.formatRealFailure(failure)}\n`),
  });
  const kinds = new Map();
  for (const failure of result.failures) kinds.set(failure.kind, (kinds.get(failure.kind) ?? 0) + 1);
  const summary = [...kinds].map(([kind, n]) => `${n} ${kind}`).join(', ') || 'no failures';
  const perMutation = [...result.mutations]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, { tried, valid }]) => `${name} ${tried} (${valid} valid)`)
    .join(', ');
  process.stdout.write(
    [
      '',
      `fuzz --real: ${result.mutants} mutants (seeds ${firstSeed}..${result.lastSeed}) of ${result.files} files in ${result.packages} packages ` +
        `(${(result.bytes / 1e6).toFixed(1)} MB) in ${(result.elapsedMs / 1000).toFixed(1)} s: ` +
        `${result.valid} parse, ${result.invalid} do not; ${summary}`,
      `mutations: ${perMutation}`,
      `oxc-parser and V8 disagree on ${result.disagreements} CommonJS mutants (not failures: lineprof follows the parser)` +
        (result.disagreementExamples.length > 0 ? `, e.g.\n  ${result.disagreementExamples.join('\n  ')}` : ''),
      '',
    ].join('\n'),
  );
  process.exitCode = result.failures.length > 0 ? 1 : 0;
} else {
  const avoid =
    values.avoid === undefined ? campaign.KNOWN_BUGS : new Set(values.avoid === 'none' ? [] : values.avoid.split(','));

  process.stdout.write(`fuzz: seeds from ${firstSeed}, ${values.seconds} s, leaving out: ${[...avoid].join(', ') || 'nothing'}\n`);
  const result = await campaign.runCampaign({
    firstSeed,
    count,
    budgetMs,
    avoid,
    minimiseAtMost: Number(values.minimise),
    onFailure: (failure) => process.stdout.write(`\n${campaign.formatFailure(failure)}\n`),
  });
  const kinds = new Map();
  for (const failure of result.failures) kinds.set(failure.kind, (kinds.get(failure.kind) ?? 0) + 1);
  const summary = [...kinds].map(([kind, n]) => `${n} ${kind}`).join(', ') || 'no failures';
  process.stdout.write(
    `\nfuzz: ${result.programs} programs (seeds ${firstSeed}..${result.lastSeed}) in ${(result.elapsedMs / 1000).toFixed(1)} s: ${summary}\n`,
  );
  process.exitCode = result.failures.length > 0 ? 1 : 0;
}
