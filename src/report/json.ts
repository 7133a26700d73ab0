// `lineprof show --format json`: the stats in getStats()'s shape, with a version and what
// they were read from, one line of JSON. Pure.
//
//   { "format": "lineprof-stats", "version": 1,
//     "sources": [ { "file": "app.lprof", "meta": { ...the file's metadata } } ],
//     "run": null | "label",
//     "unit": 1e-9, "engine": "exact" | "sampled",
//     "functions": [ { "file", "name", "line", "source": [...],
//                      "lines": [ { "line", "hits", "time", "wait", "max"? } ] } ] }
// `time`, `wait` and `max` (the slowest single hit, exact engine only) in `unit` seconds;
// `lines` as getStats() gives them (a line that only carries a probe is there with zeros);
// `functions` in the order of the report (`--sort`).

import type { ProfileMeta, ProfileStats } from '../stats/model.js';

export const STATS_JSON_VERSION = 1;

export interface JsonSource {
  readonly file: string;
  readonly meta: ProfileMeta;
}

export function renderJson(stats: ProfileStats, sources: readonly JsonSource[], run: string | undefined): string {
  const head = { format: 'lineprof-stats', version: STATS_JSON_VERSION, sources, run: run ?? null };
  return `${JSON.stringify({ ...head, unit: stats.unit, engine: stats.engine, functions: stats.functions })}\n`;
}
