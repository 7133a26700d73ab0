// Issue 17's corpus, its second part: programs that replace Node's own objects (process,
// console, fs), close or flood their output, or run locked down (--frozen-intrinsics,
// --disallow-code-generation-from-strings, the permission model). Each runs plain and under
// `lineprof exec --all` with both engines: the same stdout, stderr and exit code, and the
// exact hits of work(10) where results can be written; where Node's permission model
// denies what lineprof needs, the program runs as plain and one line says what to allow.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readResultFile } from '../../src/stats/result-file.js';
import { FIXTURES, hitsOf, lineprof, runNode, tempDir, type Outcome } from '../integration/helpers.js';

const DIR = path.join(FIXTURES, 'hostile-process');
const MAJOR = Number(process.versions.node.split('.')[0]);
const PERMISSION = MAJOR >= 22 ? '--permission' : '--experimental-permission';
/** work(10)'s loop line (line 4 of work.cjs) once: 11 hits. */
const WORK_HITS = { 3: 1, 4: 11, 5: 1 };

/**
 * The hit counts of work's lines that ran. (The sampled engine once credited a sample to
 * work's own first line, which has no probe, on Node 26: a 0-hit row; issue 16 replaces
 * that engine.)
 */
function workHits(out: string): Record<number, number> {
  return Object.fromEntries(Object.entries(hitsOf(readResultFile(out).stats, 'work')).filter(([, hits]) => hits > 0));
}

/** Node's warnings name the process: `(node:1234)`. */
function samePid(stderr: string): string {
  return stderr.replace(/\(node:\d+\)/g, '(node:PID)');
}

function profiled(engine: string, node: readonly string[]): { run: Outcome; out: string } {
  const out = path.join(tempDir(), 'out.lprof');
  return { run: lineprof(['exec', '-q', '--all', '--engine', engine, '-o', out, '--', process.execPath, ...node], DIR), out };
}

test('the corpus is every fixture', () => {
  assert.deepEqual(fs.readdirSync(DIR).sort(), ['closed.cjs', 'console-fs.cjs', 'exit.cjs', 'mega.cjs', 'plain.cjs', 'work.cjs']);
});

const PROGRAMS: [name: string, flags: string[], status: number][] = [
  ['exit.cjs', [], 3],
  ['console-fs.cjs', [], 0],
  ['closed.cjs', [], 0],
  ['mega.cjs', [], 0],
  ['plain.cjs', ['--disallow-code-generation-from-strings'], 0],
];

for (const [script, flags, status] of PROGRAMS) {
  for (const engine of ['exact', 'sampled']) {
    test(`${[...flags, script].join(' ')}, ${engine} engine: output and exit code as plain, and the hits`, () => {
      const plain = runNode([...flags, script], DIR);
      assert.equal(plain.status, status, plain.stderr);
      const { run, out } = profiled(engine, [...flags, script]);
      assert.deepEqual([run.status, run.stdout, run.stderr], [plain.status, plain.stdout, plain.stderr]);
      assert.deepEqual(workHits(out), WORK_HITS);
    });
  }
}

test('--frozen-intrinsics: output and exit code as plain, and the hits', () => {
  const plain = runNode(['--frozen-intrinsics', 'plain.cjs'], DIR);
  assert.deepEqual([plain.status, plain.stdout], [0, '45 true\n']);
  const { run, out } = profiled('exact', ['--frozen-intrinsics', 'plain.cjs']);
  assert.deepEqual([run.status, run.stdout], [plain.status, plain.stdout]);
  // Node 20 prints its start-up warnings again from its module hooks thread (README, Known differences).
  const expected = MAJOR >= 22 ? samePid(plain.stderr) : samePid(plain.stderr).repeat(2);
  assert.equal(samePid(run.stderr), expected);
  assert.deepEqual(workHits(out), WORK_HITS);
});

for (const engine of ['exact', 'sampled']) {
  test(`permission model, nothing allowed, ${engine} engine: the program as plain, one line says what to allow`, () => {
    const flags = [PERMISSION, '--allow-fs-read=*'];
    const plain = runNode([...flags, 'plain.cjs'], DIR);
    assert.equal(plain.status, 0, plain.stderr);
    const { run, out } = profiled(engine, [...flags, 'plain.cjs']);
    assert.deepEqual([run.status, run.stdout], [plain.status, plain.stdout]);
    const denied = [`writing its results to ${out} (--allow-fs-write)`];
    if (engine === 'sampled') denied.push("worker threads, which the sampled engine's sampler is (--allow-worker)");
    else if (MAJOR < 22) denied.push("worker threads, which Node 20's module hooks run in (--allow-worker)");
    if (MAJOR >= 22) denied.push("native addons, which lineprof's parser is (--allow-addons)");
    assert.equal(
      samePid(run.stderr),
      `lineprof: not profiling: Node's permission model denies what lineprof needs: ${denied.join('; ')}\n${samePid(plain.stderr)}` +
        'lineprof: no results were written: the permission model denied what lineprof needs (said above)\n',
    );
    assert.equal(fs.existsSync(out), false);
  });

  test(`permission model, what lineprof needs allowed, ${engine} engine: profiled as usual`, () => {
    const dir = tempDir();
    const out = path.join(dir, 'out.lprof');
    const flags = [PERMISSION, '--allow-fs-read=*', `--allow-fs-write=${dir}`, '--allow-worker', '--allow-addons'];
    const plain = runNode([...flags, 'plain.cjs'], DIR);
    assert.equal(plain.status, 0, plain.stderr);
    const run = lineprof(['exec', '-q', '--all', '--engine', engine, '-o', out, '--', process.execPath, ...flags, 'plain.cjs'], DIR);
    assert.deepEqual([run.status, run.stdout], [plain.status, plain.stdout]);
    if (MAJOR >= 22) assert.equal(samePid(run.stderr), samePid(plain.stderr));
    assert.deepEqual(workHits(out), WORK_HITS);
  });
}
