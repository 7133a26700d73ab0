// The bench's temporary directory, and the snapshot of lineprof's build the bench runs from.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BenchExit } from './errors.mjs';
import { ADDON } from './paths.mjs';

export const makeTmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lineprof-bench-'));
export const removeTmpDir = (tmp) => fs.rmSync(tmp, { recursive: true, force: true });

// The bench runs lineprof from a copy of dist/src (and the native clock) taken at its start,
// so that a rebuild of dist/ by someone else during the bench (which deletes files for a
// moment) cannot break runs, and every run measures the same build.

/** Copies dist/src, package.json and the native clock into TMP/lineprof, with node_modules
 * linked; waits (up to 60 s) while dist/ is incomplete, as during someone else's rebuild.
 * Returns the copy's root. */
export async function snapshotBuild(root, tmp) {
  const source = path.join(root, 'dist/src');
  const needed = ['cli/main.js', 'loader/preload.cjs', 'stats/result-file.js', 'instrument/instrument.js', 'runtime/clock.js'];
  const target = path.join(tmp, 'lineprof');
  for (let waited = 0; ; waited += 2) {
    if (needed.every((f) => fs.existsSync(path.join(source, f)))) {
      try {
        fs.rmSync(target, { recursive: true, force: true });
        fs.cpSync(source, path.join(target, 'dist/src'), { recursive: true });
        if (needed.every((f) => fs.existsSync(path.join(target, 'dist/src', f)))) break;
      } catch {}
    }
    if (waited >= 60) {
      throw new BenchExit(`bench/run.mjs: ${source} is missing or incomplete; run \`npm run build\` (npm run bench does)`, 1);
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  fs.copyFileSync(path.join(root, 'package.json'), path.join(target, 'package.json'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(target, 'node_modules'), 'dir');
  // The exact engine looks for the addon at <package>/native/build/Release (see clock.ts).
  if (fs.existsSync(path.join(root, ADDON))) {
    fs.mkdirSync(path.dirname(path.join(target, ADDON)), { recursive: true });
    fs.copyFileSync(path.join(root, ADDON), path.join(target, ADDON));
  }
  return target;
}
