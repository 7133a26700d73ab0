// `lineprof diff --format json`: the comparison (stats/compare.ts) as one line of JSON.
// Pure. Times in `unit` seconds, the coarser unit of A and B (1e-9 for lineprof's own
// results), whatever `-u` says:
//   { "format": "lineprof-diff", "version": 1,
//     "a": { "file": "a.lprof", "run": null }, "b": { "file": "b.lprof", "run": "warm" },
//     "unit": 1e-9,
//     "functions": [ { "file", "name", "line", "source": [...], "sourceChanged": false,
//                      "timeA", "timeB", "delta", "ratio",
//                      "lines": [ { "line", "status": "both" | "gone" | "new",
//                                   "hitsA", "hitsB", "timeA", "timeB", "delta", "ratio", "marked" } ] } ],
//     "onlyA": [ { "file", "name", "line", "hits", "time" } ], "onlyB": [ ... ] }
// `delta` is B - A, `ratio` B / A (null when A is 0); `functions` biggest |delta| first;
// `lines` are those that ran in A or B; `source` starts at `line`, B's text where B has one.

import { compareStats } from '../stats/compare.js';
import type { ProfileStats } from '../stats/model.js';

/** Where a side of the diff came from, for the JSON; `run` is the label of a labelled run. */
export interface DiffSide {
  readonly file: string;
  readonly run: string | null;
}

export function renderDiffJson(before: ProfileStats, after: ProfileStats, sides: { a: DiffSide; b: DiffSide }): string {
  const head = { format: 'lineprof-diff', version: 1, a: sides.a, b: sides.b };
  return `${JSON.stringify({ ...head, ...compareStats(before, after) })}\n`;
}
