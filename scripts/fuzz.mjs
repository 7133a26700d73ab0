#!/usr/bin/env node
// Long fuzzing runs of the instrumenter (the CI run is test/fuzz/fuzz.test.ts): generates
// programs from consecutive seeds, runs each plain and instrumented, and prints every
// failure with its seed and its minimised program. Needs a build (`npm run fuzz` builds).
//
//   node scripts/fuzz.mjs [--seconds 600] [--seed N] [--count N] [--avoid a,b] [--all]
//
// --seed N     first seed (default: from the clock, printed, so that a run can be replayed)
// --count N    stop after N programs (default: no limit but the time)
// --seconds S  stop starting programs after S seconds (default 60)
// --avoid      constructs to leave out (generate.ts, Feature); default: KNOWN_BUGS of
//              test/fuzz/campaign.ts; `--avoid none` leaves nothing out
// Exit code 1 when a program failed, 0 otherwise. Must not change any file.

import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string' },
    count: { type: 'string' },
    avoid: { type: 'string' },
    minimise: { type: 'string', default: '5' },
  },
});

const dist = new URL('../dist/test/fuzz/', import.meta.url);
let campaign;
try {
  campaign = await import(new URL('campaign.js', dist).href);
} catch (error) {
  process.stderr.write(`fuzz: cannot load ${dist.pathname} (run npm run build first): ${error.message}\n`);
  process.exit(2);
}

const firstSeed = values.seed === undefined ? Date.now() % 1_000_000_000 : Number(values.seed);
const count = values.count === undefined ? Infinity : Number(values.count);
const budgetMs = Number(values.seconds) * 1000;
const avoid =
  values.avoid === undefined ? campaign.KNOWN_BUGS : new Set(values.avoid === 'none' ? [] : values.avoid.split(','));
if (!Number.isInteger(firstSeed) || !(count > 0) || !(budgetMs > 0)) {
  process.stderr.write('fuzz: --seed, --count and --seconds take positive numbers\n');
  process.exit(2);
}

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
