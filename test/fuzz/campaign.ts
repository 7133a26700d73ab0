// A fuzzing campaign: generates programs from consecutive seeds, checks each (run.ts),
// and shrinks each failing program by deleting statements while it still fails the same
// way. Shared by test/fuzz/fuzz.test.ts (a short, fixed run) and scripts/fuzz.mjs (long
// runs). Must not print: it reports through its result and the onFailure callback.

import { allLists } from './layout.js';
import { generateProgram, renderProgram, type Feature, type Program } from './generate.js';
import { checkProgram, type FailureKind, type ProgramInfo, type Verdict } from './run.js';

export type Check = (code: string, program: ProgramInfo) => Promise<Verdict>;

/**
 * Constructs left out by default because they hit a bug that regressions.test.ts already
 * shows, so that runs find new ones; remove an entry once its regression test passes.
 * (Both bugs found so far are fixed: 'static-block-comment' and 'bare-return'.)
 */
export const KNOWN_BUGS: ReadonlySet<Feature> = new Set<Feature>([]);

export interface CampaignOptions {
  readonly firstSeed: number;
  /** Most programs to run. */
  readonly count: number;
  /** Stop starting new programs after this long. */
  readonly budgetMs: number;
  readonly avoid?: ReadonlySet<Feature>;
  /** Failures beyond this many are counted but not minimised (minimising costs time). */
  readonly minimiseAtMost?: number;
  /** Time for minimising one failure. */
  readonly minimiseMs?: number;
  readonly onFailure?: (failure: Failure) => void;
}

export interface Failure {
  readonly seed: number;
  readonly kind: FailureKind | 'invalid';
  /** What differed, for the minimal program when it was minimised. */
  readonly detail: string;
  /** The smallest program found that fails the same way (the whole program if not minimised). */
  readonly program: string;
  readonly minimised: boolean;
  /** The constructs the generator left out (needed to replay the seed). */
  readonly avoid: readonly Feature[];
}

export interface CampaignResult {
  readonly programs: number;
  readonly lastSeed: number;
  readonly failures: readonly Failure[];
  readonly elapsedMs: number;
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const started = Date.now();
  const failures: Failure[] = [];
  let programs = 0;
  let seed = options.firstSeed;
  for (; programs < options.count && Date.now() - started < options.budgetMs; seed++, programs++) {
    const program = generateProgram(seed, { avoid: options.avoid });
    const verdict = await checkProgram(renderProgram(program), program);
    if (verdict.kind === 'ok') continue;
    const shrink = failures.length < (options.minimiseAtMost ?? 3) && verdict.kind !== 'invalid';
    const failure = shrink
      ? await minimise(program, verdict, { budgetMs: options.minimiseMs, avoid: options.avoid })
      : describe(program, verdict, false, options.avoid);
    failures.push(failure);
    options.onFailure?.(failure);
  }
  return { programs, lastSeed: seed - 1, failures, elapsedMs: Date.now() - started };
}

export async function checkSeed(seed: number, avoid?: ReadonlySet<Feature>): Promise<Verdict> {
  const program = generateProgram(seed, { avoid });
  return checkProgram(renderProgram(program), program);
}

export interface MinimiseOptions {
  readonly budgetMs?: number;
  /** The check that must keep failing (checkProgram; tests pass their own). */
  readonly check?: Check;
  /** What the program was generated without, for the replay command. */
  readonly avoid?: ReadonlySet<Feature>;
}

/**
 * Deletes statements, one at a time and innermost lists last, while the program still
 * fails with the same kind of failure; stops when no deletion is possible or time is up.
 * Changes `program` in place.
 */
export async function minimise(program: Program, verdict: Exclude<Verdict, { kind: 'ok' }>, options: MinimiseOptions = {}): Promise<Failure> {
  const { budgetMs = 20_000, check = checkProgram } = options;
  const deadline = Date.now() + budgetMs;
  let last = verdict;
  let changed = true;
  while (changed && Date.now() < deadline) {
    changed = false;
    for (const list of allLists(program.body)) {
      for (let i = list.length - 1; i >= 0 && Date.now() < deadline; i--) {
        const [removed] = list.splice(i, 1);
        const attempt = await check(renderProgram(program), program);
        if (attempt.kind === verdict.kind) {
          last = attempt;
          changed = true;
        } else {
          list.splice(i, 0, removed);
        }
      }
    }
  }
  return describe(program, last, true, options.avoid);
}

function describe(program: Program, verdict: Exclude<Verdict, { kind: 'ok' }>, minimised: boolean, avoid: ReadonlySet<Feature> = new Set()): Failure {
  return { seed: program.seed, kind: verdict.kind, detail: verdict.detail, program: renderProgram(program), minimised, avoid: [...avoid] };
}

export function formatFailure(failure: Failure): string {
  const what = failure.minimised ? 'minimal program' : 'program (not minimised)';
  return [
    `seed ${failure.seed}: ${failure.kind}`,
    `replay: node scripts/fuzz.mjs --seed ${failure.seed} --count 1 --avoid ${failure.avoid.join(',') || 'none'}`,
    `${what}:`,
    failure.program.trimEnd(),
    'detail:',
    failure.detail.trimEnd(),
  ].join('\n');
}
