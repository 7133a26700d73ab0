// `lineprof show --format lcov`: each line's hits as coverage, so that editors' coverage
// views (VS Code, Coverage Gutters) and genhtml show them beside the code. Pure.
//
// One record per source file: `SF:`, a `DA:<line>,<hits>` per line that carries a probe
// (0 for one that never ran), `LF:`/`LH:` (lines found and hit), `end_of_record`. A line
// that belongs to two functions (an arrow on its caller's line) gets the larger count.
// Times and functions' call counts are not carried: lcov has no field for a line's time,
// and lineprof counts lines, not calls.

import type { ProfileStats } from '../stats/model.js';

export function renderLcov(stats: ProfileStats, testName = ''): string {
  const files = new Map<string, Map<number, number>>();
  for (const fn of stats.functions) {
    let lines = files.get(fn.file);
    if (!lines) files.set(fn.file, (lines = new Map()));
    for (const l of fn.lines) lines.set(l.line, Math.max(lines.get(l.line) ?? 0, l.hits));
  }
  let out = '';
  for (const [file, lines] of files) {
    out += `TN:${testName}\nSF:${file}\n`;
    const numbers = [...lines.keys()].sort((a, b) => a - b);
    for (const line of numbers) out += `DA:${line},${lines.get(line)}\n`;
    const hit = numbers.filter((line) => lines.get(line)! > 0).length;
    out += `LF:${numbers.length}\nLH:${hit}\nend_of_record\n`;
  }
  return out;
}
